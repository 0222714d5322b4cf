"""`kikultur models list|pull`: the catalogue and downloads into the data directory."""

import hashlib
import json
from pathlib import Path

from typer.testing import CliRunner

from kikultur.cli import app
from tests.support.file_server import FileSpec, FileTestServer

runner = CliRunner()


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
