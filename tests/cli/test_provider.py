"""`kikultur provider ...` on the database: add, list, use, enable, test (with audit row)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from kikultur.cli import app
from kikultur.store.models import ModelCallRecord
from tests.conftest import OrgFixture
from tests.support.openai_server import OpenAITestServer, Reply, unused_port

runner = CliRunner()
SECRET = "sk-cli-geheim-987654"


@pytest.fixture
def openai_server() -> Iterator[OpenAITestServer]:
    with OpenAITestServer() as server:
        yield server


def invoke(env: dict[str, str], *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), env=env)


def add_loopback(
    env: dict[str, str], server: OpenAITestServer, name: str = "loop", data_class: str = "local"
) -> None:
    result = invoke(env, "provider", "add", name, "--base-url", server.base_url, "--model",
                    "test-modell", "--data-class", data_class, "--api-key-env", "LOOP_KEY",
                    "--retries", "0")  # fmt: skip
    assert result.exit_code == 0, result.output


def test_add_list_use_and_test_a_provider_end_to_end(
    env: dict[str, str],
    db: Session,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LOOP_KEY", SECRET)
    add_loopback(env, openai_server)
    assert invoke(env, "provider", "use", "loop").exit_code == 0

    listed = invoke(env, "provider", "list", "--format", "json", "--no-detect")
    providers = json.loads(listed.stdout)["providers"]
    loop = next(p for p in providers if p["name"] == "loop")
    assert loop["active"] is True and loop["data_class"] == "local"
    assert SECRET not in listed.output

    openai_server.enqueue(Reply.ok("Hallo vom Loopback."))
    tested = invoke(env, "provider", "test", "loop", "--prompt", "Sag Hallo", "--format", "json",
                    "--org", org_a.org.name)  # fmt: skip
    assert tested.exit_code == 0, tested.output
    data = json.loads(tested.stdout)
    assert set(data) == {"reply", "ttft_ms", "tokens_per_s"}
    assert data["reply"] == "Hallo vom Loopback."
    assert data["ttft_ms"] > 0
    assert SECRET not in tested.output
    assert openai_server.chat_requests[-1].body["messages"] == [
        {"role": "user", "content": "Sag Hallo"}
    ]
    # The test call went through run_call and left an audit row for the organisation.
    row = db.scalars(select(ModelCallRecord)).one()
    assert (row.tool, row.organisation_id, row.outcome) == ("provider-test", org_a.org.id, "ok")


def test_provider_test_in_text_format_prints_reply_and_speed(
    env: dict[str, str], openai_server: OpenAITestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOOP_KEY", SECRET)
    add_loopback(env, openai_server)
    openai_server.enqueue(Reply.ok("Moin Moin."))
    result = invoke(env, "provider", "test", "loop")
    assert result.exit_code == 0
    assert "Moin Moin." in result.stdout
    assert "Zeit bis zum ersten Token" in result.stdout and "Tokens/s" in result.stdout


def test_use_and_enable_per_organisation(
    env: dict[str, str],
    org_a: OrgFixture,
    org_b: OrgFixture,
    openai_server: OpenAITestServer,
) -> None:
    add_loopback(env, openai_server, name="wolke", data_class="eu")
    a, b = org_a.org.name, org_b.org.name

    def enabled(org: str) -> dict[str, bool]:
        listed = invoke(env, "provider", "list", "--org", org, "--format", "json", "--no-detect")
        return {p["name"]: p["enabled"] for p in json.loads(listed.stdout)["providers"]}

    assert enabled(a)["wolke"] is False
    assert invoke(env, "provider", "enable", "wolke", "--org", a).exit_code == 0
    assert enabled(a)["wolke"] is True and enabled(b)["wolke"] is False
    used = invoke(env, "provider", "use", "wolke", "--org", b)
    assert used.exit_code == 0 and b in used.stdout
    assert enabled(b)["wolke"] is True
    assert invoke(env, "provider", "disable", "wolke", "--org", a).exit_code == 0
    assert enabled(a)["wolke"] is False
    several = invoke(env, "provider", "enable", "wolke")
    assert several.exit_code == 1 and "--org" in several.output


def test_provider_down_gives_a_german_error_and_no_traceback(env: dict[str, str]) -> None:
    result = invoke(env, "provider", "add", "weg", "--base-url",
                    f"http://127.0.0.1:{unused_port()}/v1", "--model", "m", "--data-class",
                    "local", "--retries", "0")  # fmt: skip
    assert result.exit_code == 0
    tested = invoke(env, "provider", "test", "weg")
    assert tested.exit_code == 1
    assert "nicht erreichbar" in tested.output
    assert "Traceback" not in tested.output


def test_a_provider_outside_the_machine_gets_the_prompt_pseudonymised(
    env: dict[str, str],
    db: Session,
    openai_server: OpenAITestServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LOOP_KEY", SECRET)
    add_loopback(env, openai_server, name="cloud", data_class="eu")
    openai_server.enqueue(Reply.ok("Gern."))
    prompt = "Lade Frau Hanna Petersen zum Fest ein, E-Mail hanna.petersen@example.org."
    result = invoke(env, "provider", "test", "cloud", "--prompt", prompt)
    assert result.exit_code == 0, result.output
    sent = json.dumps(openai_server.chat_requests[-1].body, ensure_ascii=False)
    assert "Petersen" not in sent and "hanna.petersen@example.org" not in sent
    row = db.scalars(select(ModelCallRecord)).one()
    assert row.pseudonymised and row.replaced_total >= 2
    assert "Petersen" not in json.dumps(row.replaced_counts)


def test_missing_key_variable_is_named_not_the_key(
    env: dict[str, str], openai_server: OpenAITestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LOOP_KEY", raising=False)
    add_loopback(env, openai_server)
    result = invoke(env, "provider", "test", "loop")
    assert result.exit_code == 1
    assert "LOOP_KEY ist nicht gesetzt" in result.output


def test_bad_input_to_add_is_explained_in_german(env: dict[str, str]) -> None:
    result = invoke(env, "provider", "add", "x", "--base-url", "ftp://h", "--model", "m",
                    "--data-class", "eu")  # fmt: skip
    assert result.exit_code == 1
    assert "http:// oder https://" in result.output
    empty = invoke(env, "provider", "test", "lokal", "--prompt", "  ")
    assert empty.exit_code == 1 and "leer" in empty.output
    pasted = invoke(env, "provider", "add", "y", "--base-url", "https://h/v1", "--model", "m",
                    "--data-class", "eu", "--api-key-env", "sk-abc-123")  # fmt: skip
    assert pasted.exit_code == 1 and "Namen einer Umgebungsvariablen" in pasted.output


def test_unknown_and_duplicate_providers_are_german_errors(
    env: dict[str, str], openai_server: OpenAITestServer
) -> None:
    result = invoke(env, "provider", "test", "gibtsnicht")
    assert result.exit_code == 1 and "gibt es nicht" in result.output
    add_loopback(env, openai_server)
    again = invoke(env, "provider", "add", "loop", "--base-url", openai_server.base_url,
                   "--model", "m", "--data-class", "local")  # fmt: skip
    assert again.exit_code == 1 and "gibt es schon" in again.output
    removed = invoke(env, "provider", "remove", "loop")
    assert removed.exit_code == 0
    assert invoke(env, "provider", "remove", "loop").exit_code == 1


def test_default_provider_is_the_demo_model_and_labelled_as_such(env: dict[str, str]) -> None:
    result = invoke(env, "provider", "list", "--no-detect")
    assert result.exit_code == 0
    assert "lokal" in result.stdout and "Demo-Modell" in result.stdout


@pytest.mark.llama
def test_provider_test_on_the_embedded_default_answers_offline(env: dict[str, str]) -> None:
    result = invoke(env, "provider", "test", "lokal", "--max-tokens", "8", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["reply"].strip() and data["tokens_per_s"] > 0


@pytest.mark.llama
def test_huge_prompt_is_refused_in_german_without_truncating(env: dict[str, str]) -> None:
    huge = "Stadtteilkultur " * 20_000
    result = invoke(env, "provider", "test", "lokal", "--prompt", huge)
    assert result.exit_code == 1
    assert "zu lang" in result.output and "nichts gekürzt" in result.output


def test_an_unreachable_database_gives_a_german_error(env: dict[str, str]) -> None:
    broken = {
        **env,
        "KIKULTUR_DATABASE_URL": f"postgresql+psycopg://x:y@127.0.0.1:{unused_port()}/z",
    }
    result = invoke(broken, "provider", "list", "--no-detect")
    assert result.exit_code == 1
    assert "Datenbank ist nicht erreichbar" in result.output and "Traceback" not in result.output
