"""Einstellungen › Modelle and › Nutzung: providers, keys, per-organisation choice, the test
button against the loopback server, Ollama detection, the demo notice, usage and CSV."""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from kikultur.config import Settings
from kikultur.llm.catalogue import CatalogueEntry
from kikultur.llm.messages import DataClass
from kikultur.llm.providers import ProviderConfig
from kikultur.services.model_access import provider_store
from kikultur.store.models import ModelCallRecord, ProviderRecord
from kikultur.web.app import create_app
from tests.conftest import OrgFixture
from tests.helpers import field_error, login_as, post_form
from tests.support.openai_server import OpenAITestServer, Reply

KEY = "sk-web-geheim-0815-xyz"
DEMO_TEXT = "Demo-Modell: SmolLM2"


@pytest.fixture
def openai_server() -> Iterator[OpenAITestServer]:
    with OpenAITestServer() as server:
        yield server


@pytest.fixture
def platform_client(client: TestClient, app: FastAPI, db: Session, org_a: OrgFixture) -> TestClient:
    org_a.admin.role = "platform_admin"
    db.merge(org_a.admin)
    db.commit()
    login_as(client, app, org_a.admin)
    return client


def loopback(server: OpenAITestServer, name: str = "loop", **extra: object) -> ProviderConfig:
    return ProviderConfig(
        name=name, base_url=server.base_url, model="test-modell", max_retries=0, **extra
    )  # type: ignore[arg-type]


def test_platform_admin_adds_a_provider_and_the_key_is_never_shown_or_logged(
    platform_client: TestClient,
    app: FastAPI,
    db: Session,
    settings: Settings,
    openai_server: OpenAITestServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    response = post_form(
        platform_client, app, "/einstellungen/modelle/anbieter",
        {"name": "wolke", "kind": "openai", "base_url": openai_server.base_url,
         "model": "test-modell", "data_class": "local", "api_key": KEY,
         "price_input_per_1k": "0,5", "price_output_per_1k": "1"},
    )  # fmt: skip
    assert response.status_code == 303
    page = platform_client.get("/einstellungen/modelle").text
    assert "wolke" in page and "gesetzt" in page and KEY not in page
    record = db.scalars(select(ProviderRecord).where(ProviderRecord.name == "wolke")).one()
    assert record.price_input_per_1k == 0.5
    edit = platform_client.get(f"/einstellungen/modelle/anbieter/{record.id}").text
    assert KEY not in edit and "gesetzt" in edit
    raw = db.execute(text("SELECT api_key_encrypted FROM provider_configs")).scalar_one()
    assert KEY not in raw
    # The key reaches the provider (as bearer token) when the test button runs a call.
    openai_server.enqueue(Reply.ok("Moin."))
    tested = post_form(platform_client, app, "/einstellungen/modelle/testen", {"name": "wolke"})
    assert "Moin." in tested.text and KEY not in tested.text
    assert openai_server.chat_requests[-1].headers.get("authorization") == f"Bearer {KEY}"
    assert KEY not in caplog.text


def test_editing_keeps_the_key_unless_a_new_one_is_given_and_can_remove_it(
    platform_client: TestClient, app: FastAPI, db: Session, settings: Settings
) -> None:
    store = provider_store(settings, db)
    store.add(
        ProviderConfig(
            name="m", base_url="https://eu.example/v1", model="a", data_class=DataClass.eu
        )
    )
    store.set_api_key("m", KEY)
    record = db.scalars(select(ProviderRecord)).one()
    url = f"/einstellungen/modelle/anbieter/{record.id}"
    form = {"kind": "openai", "base_url": "https://eu.example/v1", "model": "b", "data_class": "eu"}
    assert post_form(platform_client, app, url, form).status_code == 303
    db.expire_all()
    assert record.model == "b" and record.api_key_encrypted
    assert post_form(platform_client, app, url, {**form, "remove_key": "1"}).status_code == 303
    db.expire_all()
    assert record.api_key_encrypted is None
    bad = post_form(platform_client, app, url, {**form, "base_url": "ftp://x", "api_key": KEY})
    assert bad.status_code == 422 and "http://" in bad.text and KEY not in bad.text


def test_bad_provider_input_gets_german_messages_at_the_fields(
    platform_client: TestClient, app: FastAPI
) -> None:
    response = post_form(
        platform_client, app, "/einstellungen/modelle/anbieter",
        {"name": "a b", "kind": "openai", "base_url": "", "model": "", "data_class": "eu",
         "price_input_per_1k": "teuer", "api_key": KEY},
    )  # fmt: skip
    assert response.status_code == 422
    assert "Bitte ausfüllen." in response.text and "Bitte eine Zahl angeben." in response.text
    assert KEY not in response.text
    reserved = post_form(
        platform_client, app, "/einstellungen/modelle/anbieter",
        {"name": "lokal", "kind": "embedded", "model": "x.gguf", "data_class": "local"},
    )  # fmt: skip
    assert reserved.status_code == 422 and "reserviert" in reserved.text


def test_an_organisation_admin_cannot_configure_providers_of_the_instance(
    admin_client: TestClient, app: FastAPI, db: Session
) -> None:
    response = post_form(
        admin_client, app, "/einstellungen/modelle/anbieter",
        {"name": "x", "kind": "openai", "base_url": "http://h/v1", "model": "m",
         "data_class": "local"},
    )  # fmt: skip
    assert response.status_code == 403
    assert db.scalars(select(ProviderRecord)).all() == []
    page = admin_client.get("/einstellungen/modelle").text
    assert "Anbieter hinzufügen" not in page and "Standard speichern" in page


def test_organisation_admin_enables_a_provider_and_chooses_the_default(
    admin_client: TestClient,
    app: FastAPI,
    db: Session,
    settings: Settings,
    org_a: OrgFixture,
    org_b: OrgFixture,
) -> None:
    store = provider_store(settings, db)
    store.add(ProviderConfig(name="eu-wolke", base_url="https://eu.example/v1", model="m",
                             data_class=DataClass.eu))  # fmt: skip
    page = admin_client.get("/einstellungen/modelle").text
    assert "nicht freigegeben" in page
    # Data classes in words, never the bare identifiers.
    assert "EU – Auftragsverarbeitung in der EU" in page
    assert "<code>eu</code>" not in page and "<code>local</code>" not in page
    post_form(admin_client, app, "/einstellungen/modelle/freigabe",
              {"name": "eu-wolke", "enabled": "1"})  # fmt: skip
    assert [c.name for c in store.enabled_for(org_a.org.id)] == ["eu-wolke"]
    assert store.enabled_for(org_b.org.id) == []
    response = post_form(admin_client, app, "/einstellungen/modelle/standard",
                         {"default_provider": "eu-wolke"})  # fmt: skip
    assert response.status_code == 303
    assert store.default_for(org_a.org.id) == "eu-wolke"
    unknown = post_form(admin_client, app, "/einstellungen/modelle/freigabe",
                        {"name": "gibtsnicht", "enabled": "1"})  # fmt: skip
    assert unknown.status_code == 422 and "gibt es nicht" in unknown.text


def test_members_see_the_model_page_but_cannot_change_or_test(
    member_client: TestClient, app: FastAPI
) -> None:
    page = member_client.get("/einstellungen/modelle")
    assert page.status_code == 200 and "Aktives Modell" in page.text
    assert "Standard speichern" not in page.text
    assert post_form(member_client, app, "/einstellungen/modelle/testen",
                     {"name": "lokal"}).status_code == 403  # fmt: skip
    assert member_client.get("/einstellungen/nutzung").status_code == 403


def test_test_button_shows_reply_and_speed_and_records_the_call(
    admin_client: TestClient,
    app: FastAPI,
    db: Session,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
) -> None:
    provider_store(settings, db).add(loopback(openai_server))
    openai_server.enqueue(Reply.ok("Hallo aus dem Loopback."))
    response = post_form(admin_client, app, "/einstellungen/modelle/testen", {"name": "loop"})
    assert response.status_code == 200
    assert "Hallo aus dem Loopback." in response.text
    assert "Zeit bis zum ersten Token" in response.text and "Tokens/s" in response.text
    row = db.scalars(select(ModelCallRecord)).one()
    assert (row.organisation_id, row.user_id) == (org_a.org.id, org_a.admin.id)
    assert row.tool == "provider-test" and row.outcome == "ok"


def test_test_button_on_a_server_error_shows_the_german_fault_not_a_500_page(
    admin_client: TestClient,
    app: FastAPI,
    db: Session,
    settings: Settings,
    openai_server: OpenAITestServer,
) -> None:
    provider_store(settings, db).add(loopback(openai_server))
    openai_server.enqueue(Reply.http_error(500))
    response = post_form(admin_client, app, "/einstellungen/modelle/testen", {"name": "loop"})
    assert response.status_code == 200
    assert "meldet Fehler 500" in response.text
    assert db.scalars(select(ModelCallRecord)).one().outcome == "error"


def test_test_button_on_a_stream_broken_off_keeps_the_partial_text(
    admin_client: TestClient,
    app: FastAPI,
    db: Session,
    settings: Settings,
    openai_server: OpenAITestServer,
) -> None:
    provider_store(settings, db).add(loopback(openai_server))
    openai_server.enqueue(Reply.broken_after("Das Fest beginnt um zehn Uhr", chunks=2))
    response = post_form(admin_client, app, "/einstellungen/modelle/testen", {"name": "loop"})
    assert response.status_code == 200
    assert "Das Fest" in response.text and "mittendrin abgebrochen" in response.text


def test_a_running_ollama_is_detected_and_added_with_one_click(
    db: Session, settings: Settings, org_a: OrgFixture, openai_server: OpenAITestServer
) -> None:
    openai_server.state.ollama_models = ["qwen2.5:7b", "llama3.1:8b"]
    app = create_app(settings.model_copy(update={"ollama_url": openai_server.root_url}))
    org_a.admin.role = "platform_admin"
    db.merge(org_a.admin)
    db.commit()
    with TestClient(app) as client:
        login_as(client, app, org_a.admin)
        page = client.get("/einstellungen/modelle").text
        assert "qwen2.5:7b" in page and "llama3.1:8b" in page
        response = post_form(client, app, "/einstellungen/modelle/ollama", {"model": "qwen2.5:7b"})
        assert response.status_code == 303
        config = provider_store(settings, db).get("ollama-qwen2.5-7b")
        assert config is not None and config.base_url == openai_server.base_url
        assert config.data_class is DataClass.local
        gone = post_form(client, app, "/einstellungen/modelle/ollama", {"model": "erfunden"})
        assert gone.status_code == 422 and "nicht (mehr) gefunden" in gone.text
    app.state.engine.dispose()


def test_catalogue_and_pull_command_are_shown_to_the_platform_admin(
    platform_client: TestClient,
) -> None:
    page = platform_client.get("/einstellungen/modelle").text
    assert "kikultur models pull eurollm-9b-instruct" in page
    assert "Apache-2.0" in page and "GB" in page


def test_demo_notice_is_on_every_page_until_another_model_is_chosen(
    admin_client: TestClient,
    app: FastAPI,
    db: Session,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
) -> None:
    for path in ("/", "/einstellungen", "/steckbrief", "/einstellungen/modelle"):
        page = admin_client.get(path).text
        assert DEMO_TEXT in page, path
        assert 'href="/einstellungen/modelle"' in page
    provider_store(settings, db).add(loopback(openai_server))
    post_form(admin_client, app, "/einstellungen/modelle/standard", {"default_provider": "loop"})
    assert DEMO_TEXT not in admin_client.get("/").text


def _record_calls(app: FastAPI, client: TestClient, openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(Reply.ok("Eins."))
    post_form(client, app, "/einstellungen/modelle/testen", {"name": "loop"})


def test_usage_page_and_csv_are_scoped_to_the_organisation(
    client: TestClient,
    app: FastAPI,
    db: Session,
    settings: Settings,
    org_a: OrgFixture,
    org_b: OrgFixture,
    openai_server: OpenAITestServer,
) -> None:
    provider_store(settings, db).add(loopback(openai_server, price_input_per_1k=1.0))
    login_as(client, app, org_b.admin)
    _record_calls(app, client, openai_server)
    login_as(client, app, org_a.admin)
    _record_calls(app, client, openai_server)
    openai_server.enqueue(Reply.http_error(500))
    post_form(client, app, "/einstellungen/modelle/testen", {"name": "loop"})

    page = client.get("/einstellungen/nutzung").text
    assert org_b.org.name not in page
    assert "<td>2</td><td>1</td>" in page  # two calls, one error
    exported = client.get("/einstellungen/nutzung.csv")
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == 2 and {r["organisation"] for r in rows} == {org_a.org.name}
    assert {r["outcome"] for r in rows} == {"ok", "error"}
    assert float(rows[0]["cost"]) > 0
    assert "Eins." not in exported.text  # no text of the answers

    org_a.admin.role = "platform_admin"
    db.merge(org_a.admin)
    db.commit()
    everything = client.get("/einstellungen/nutzung").text
    assert org_b.org.name in everything and org_a.org.name in everything
    all_rows = list(csv.DictReader(io.StringIO(client.get("/einstellungen/nutzung.csv").text)))
    assert len(all_rows) == 3
    month = all_rows[0]["started_at"][:7]
    one_month = client.get(f"/einstellungen/nutzung.csv?monat={month}").text
    assert len(list(csv.DictReader(io.StringIO(one_month)))) == 3


def test_the_platform_admins_model_pages_have_labelled_fields_and_unique_ids(
    platform_client: TestClient, db: Session, settings: Settings
) -> None:
    from collections import Counter

    from tests.web.test_accessibility import _Page

    provider_store(settings, db).add(
        ProviderConfig(name="m", base_url="https://eu.example/v1", model="a")
    )
    record = db.scalars(select(ProviderRecord)).one()
    for path in ("/einstellungen/modelle", f"/einstellungen/modelle/anbieter/{record.id}"):
        page = _Page()
        page.feed(platform_client.get(path).text)
        assert [f for f in page.fields if f not in page.labels] == [], path
        ids = Counter(a["id"] for _t, a in page.tags if a.get("id"))
        assert [i for i, n in ids.items() if n > 1] == [], path


@pytest.mark.parametrize(
    ("reply", "german"),
    [
        (Reply.rate_limited("2"), "nimmt gerade keine weiteren Anfragen an"),
        (Reply.invalid_json_after("Ein Satz", 1), "kein gültiges JSON"),
        (Reply.slow_first_byte(3.0), "nicht innerhalb von 1 Sekunden"),
    ],
    ids=["429", "invalid-json", "timeout"],
)
def test_test_button_explains_every_fault_in_german_without_a_500_page(
    admin_client: TestClient,
    app: FastAPI,
    db: Session,
    settings: Settings,
    openai_server: OpenAITestServer,
    reply: Reply,
    german: str,
) -> None:
    provider_store(settings, db).add(loopback(openai_server, read_timeout=1.0))
    openai_server.enqueue(reply)
    response = post_form(admin_client, app, "/einstellungen/modelle/testen", {"name": "loop"})
    assert response.status_code == 200
    assert german in response.text
    assert db.scalars(select(ModelCallRecord)).one().outcome == "error"


def test_test_button_on_a_provider_that_is_down_says_so(
    admin_client: TestClient, app: FastAPI, db: Session, settings: Settings
) -> None:
    from tests.support.openai_server import unused_port

    provider_store(settings, db).add(ProviderConfig(
        name="weg", base_url=f"http://127.0.0.1:{unused_port()}/v1", model="m", max_retries=0
    ))  # fmt: skip
    response = post_form(admin_client, app, "/einstellungen/modelle/testen", {"name": "weg"})
    assert response.status_code == 200 and "nicht erreichbar" in response.text


def test_model_forms_without_csrf_token_change_nothing(
    platform_client: TestClient, db: Session
) -> None:
    response = platform_client.post(
        "/einstellungen/modelle/anbieter",
        data={"name": "x", "kind": "openai", "base_url": "http://h/v1", "model": "m",
              "data_class": "local"},
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 403
    assert db.scalars(select(ProviderRecord)).all() == []


def test_a_new_provider_needs_an_explicit_data_class_so_the_shield_is_never_skipped(
    platform_client: TestClient, app: FastAPI, db: Session
) -> None:
    page = platform_client.get("/einstellungen/modelle").text
    # Nothing is preselected: a remote server must not end up as `local` by default.
    assert '<option value="" selected>' in page
    response = post_form(
        platform_client, app, "/einstellungen/modelle/anbieter",
        {"name": "wolke", "kind": "openai", "base_url": "https://api.example.eu/v1",
         "model": "m", "data_class": ""},
    )  # fmt: skip
    assert response.status_code == 422
    error = field_error(response.text, "data_class")
    assert error is not None and "Bitte wählen, wo dieses Modell die Texte verarbeitet" in error
    assert db.scalars(select(ProviderRecord).where(ProviderRecord.name == "wolke")).first() is None


def test_catalogue_model_with_an_unusable_name_gets_a_german_message(
    platform_client: TestClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = CatalogueEntry(
        name="böses modell",
        title="Böses Modell",
        hub_repo="beispiel/boese",
        filename="boese.gguf",
        quantisation="Q4",
        size_gb=1.0,
        ram_gb=2.0,
        licence="MIT",
        bundled=True,
    )
    monkeypatch.setattr("kikultur.web.routers.models.load_catalogue", lambda: [entry])
    response = post_form(
        platform_client, app, "/einstellungen/modelle/katalog", {"model": "böses modell"}
    )
    assert response.status_code == 422
    assert "Das Modell „böses modell“ kann nicht eingetragen werden: Der Name darf nur" in (
        response.text
    )
    # pydantic's English dump never reaches the page.
    assert "validation error" not in response.text
    assert "Value error" not in response.text
