import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kikultur.cli import app
from tests.support.file_server import FileSpec, FileTestServer
from tests.support.openai_server import OpenAITestServer, Reply, unused_port

runner = CliRunner()
SECRET = "sk-cli-geheim-987654"


def add_loopback(server: OpenAITestServer, name: str = "loop", data_class: str = "local") -> None:
    result = runner.invoke(
        app,
        ["provider", "add", name, "--base-url", server.base_url, "--model", "test-modell",
         "--data-class", data_class, "--api-key-env", "LOOP_KEY"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def test_add_list_use_and_test_a_provider_end_to_end(
    data_dir: Path, openai_server: OpenAITestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOOP_KEY", SECRET)
    add_loopback(openai_server)
    assert runner.invoke(app, ["provider", "use", "loop"]).exit_code == 0

    listed = runner.invoke(app, ["provider", "list", "--format", "json", "--no-detect"])
    providers = json.loads(listed.stdout)["providers"]
    loop = next(p for p in providers if p["name"] == "loop")
    assert loop["active"] is True and loop["data_class"] == "local"
    assert SECRET not in listed.output

    openai_server.enqueue(Reply.ok("Hallo vom Loopback."))
    tested = runner.invoke(
        app, ["provider", "test", "loop", "--prompt", "Sag Hallo", "--format", "json"]
    )
    assert tested.exit_code == 0, tested.output
    data = json.loads(tested.stdout)
    assert set(data) == {"reply", "ttft_ms", "tokens_per_s"}
    assert data["reply"] == "Hallo vom Loopback."
    assert data["ttft_ms"] > 0
    assert SECRET not in tested.output
    assert openai_server.chat_requests[-1].body["messages"] == [
        {"role": "user", "content": "Sag Hallo"}
    ]
    # The test call went through run_call and left an audit line (without the key).
    audit = (data_dir / "audit.jsonl").read_text()
    assert '"tool": "provider-test"' in audit and SECRET not in audit


def test_provider_test_in_text_format_prints_reply_and_speed(
    data_dir: Path, openai_server: OpenAITestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOOP_KEY", SECRET)
    add_loopback(openai_server)
    openai_server.enqueue(Reply.ok("Moin Moin."))
    result = runner.invoke(app, ["provider", "test", "loop"])
    assert result.exit_code == 0
    assert "Moin Moin." in result.stdout
    assert "Zeit bis zum ersten Token" in result.stdout and "Tokens/s" in result.stdout


def test_provider_down_gives_a_german_error_and_no_traceback(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = runner.invoke(
        app,
        ["provider", "add", "weg", "--base-url", f"http://127.0.0.1:{unused_port()}/v1",
         "--model", "m", "--data-class", "local"],
    )  # fmt: skip
    assert result.exit_code == 0
    tested = runner.invoke(app, ["provider", "test", "weg"])
    assert tested.exit_code == 1
    assert "nicht erreichbar" in tested.output
    assert "Traceback" not in tested.output


def test_non_local_provider_cannot_be_sent_plain_text(
    data_dir: Path, openai_server: OpenAITestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOOP_KEY", SECRET)
    add_loopback(openai_server, name="cloud", data_class="eu")
    result = runner.invoke(app, ["provider", "test", "cloud"])
    assert result.exit_code == 1
    assert "pseudonymisiert" in result.output
    assert openai_server.chat_requests == []


def test_missing_key_variable_is_named_not_the_key(
    data_dir: Path, openai_server: OpenAITestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LOOP_KEY", raising=False)
    add_loopback(openai_server)
    result = runner.invoke(app, ["provider", "test", "loop"])
    assert result.exit_code == 1
    assert "LOOP_KEY ist nicht gesetzt" in result.output


def test_bad_input_to_add_is_explained_in_german(data_dir: Path) -> None:
    result = runner.invoke(
        app, ["provider", "add", "x", "--base-url", "ftp://h", "--model", "m",
              "--data-class", "eu"],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "http:// oder https://" in result.output
    empty = runner.invoke(app, ["provider", "test", "lokal", "--prompt", "  "])
    assert empty.exit_code == 1 and "leer" in empty.output


def test_unknown_provider_is_a_german_error(data_dir: Path) -> None:
    result = runner.invoke(app, ["provider", "test", "gibtsnicht"])
    assert result.exit_code == 1
    assert "gibt es nicht" in result.output


def test_default_provider_is_the_demo_model_and_labelled_as_such(data_dir: Path) -> None:
    result = runner.invoke(app, ["provider", "list", "--no-detect"])
    assert result.exit_code == 0
    assert "lokal" in result.stdout and "Demo-Modell" in result.stdout


@pytest.mark.llama
def test_provider_test_on_the_embedded_default_answers_offline(data_dir: Path) -> None:
    result = runner.invoke(
        app, ["provider", "test", "lokal", "--max-tokens", "8", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["reply"].strip() and data["tokens_per_s"] > 0


def test_models_list_shows_catalogue_with_install_state(data_dir: Path) -> None:
    result = runner.invoke(app, ["models", "list", "--format", "json", "--no-detect"])
    assert result.exit_code == 0
    models = {m["name"]: m for m in json.loads(result.stdout)["models"]}
    assert models["smollm2-135m-instruct"]["installed"] is True
    assert models["eurollm-9b-instruct"]["installed"] is False
    assert models["eurollm-9b-instruct"]["licence"] == "Apache-2.0"


def test_models_pull_of_an_unknown_name_is_a_german_error(data_dir: Path) -> None:
    result = runner.invoke(app, ["models", "pull", "gibtsnicht"])
    assert result.exit_code == 1 and "nicht im Katalog" in result.output


def test_models_pull_of_the_bundled_demo_needs_no_download(data_dir: Path) -> None:
    result = runner.invoke(app, ["models", "pull", "smollm2-135m-instruct"])
    assert result.exit_code == 0 and "mitgeliefert" in result.stdout


def test_models_pull_downloads_into_the_data_dir_and_records_the_hash(
    data_dir: Path, file_server: FileTestServer
) -> None:
    content = b"GGUF" + bytes(5000)
    file_server.add("EuroLLM-1.7B-Instruct.Q4_K_M.gguf", FileSpec(content))
    url = file_server.url("EuroLLM-1.7B-Instruct.Q4_K_M.gguf")
    result = runner.invoke(
        app, ["models", "pull", "eurollm-1.7b-instruct", "--url", url, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    saved = data_dir / "models" / "EuroLLM-1.7B-Instruct.Q4_K_M.gguf"
    assert Path(data["path"]) == saved and saved.read_bytes() == content
    assert data["hash_source"] == "first-download"
    assert data["sha256"] == hashlib.sha256(content).hexdigest()
    hashes = json.loads((data_dir / "models" / "hashes.json").read_text())
    assert hashes["EuroLLM-1.7B-Instruct.Q4_K_M.gguf"]["sha256"] == data["sha256"]


def test_models_pull_of_a_corrupted_file_fails_in_german(
    data_dir: Path, file_server: FileTestServer
) -> None:
    content = bytes(range(256)) * 20
    name = "Qwen2.5-7B-Instruct-Q4_K_M.gguf"
    file_server.add(name, FileSpec(content, linked_etag=hashlib.sha256(content).hexdigest(),
                                   corrupt=True))  # fmt: skip
    url = file_server.url(name, resolve=True)
    result = runner.invoke(app, ["models", "pull", "qwen2.5-7b-instruct", "--url", url])
    assert result.exit_code == 1
    assert "beschädigt" in result.output and "Traceback" not in result.output
    assert not (data_dir / "models" / name).exists()


@pytest.mark.llama
def test_huge_prompt_is_refused_in_german_without_truncating(data_dir: Path) -> None:
    huge = "Stadtteilkultur " * 20_000
    result = runner.invoke(app, ["provider", "test", "lokal", "--prompt", huge])
    assert result.exit_code == 1
    assert "zu lang" in result.output and "nichts gekürzt" in result.output


def test_corrupted_provider_file_gives_a_german_error(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "providers.json").write_bytes(b"\x00\xff kaputt")
    result = runner.invoke(app, ["provider", "list", "--no-detect"])
    assert result.exit_code == 1
    assert "beschädigt" in result.output and "Traceback" not in result.output
    assert (data_dir / "providers.json").read_bytes() == b"\x00\xff kaputt"
