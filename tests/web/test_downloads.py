"""Downloads carry their file name in a header every browser reads, umlauts included."""

from __future__ import annotations

import re
from urllib.parse import unquote

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kikultur.store.models import Draft
from kikultur.web.downloads import attachment_headers
from tests.conftest import OrgFixture
from tests.helpers import post_form
from tests.support.openai_server import OpenAITestServer
from tests.web.conftest import create_draft

PLANS = "/bereich/berichte/finanzplaene"


_PARAM = re.compile(r';\s*([\w*]+)="((?:[^"\\]|\\.)*)"|;\s*([\w*]+)=([^;]*)')


def _parse(disposition: str) -> tuple[str | None, dict[str, str]]:
    """(the name a browser takes, the parameters as sent) the way RFC 6266 says: `filename*`
    (percent-encoded UTF-8) wins over `filename`."""
    params = {}
    for match in _PARAM.finditer(disposition):
        key = match.group(1) or match.group(3)
        params[key] = match.group(2) if match.group(1) else match.group(4).strip()
    if "filename*" in params:
        charset, _language, encoded = params["filename*"].split("'", 2)
        return unquote(encoded, encoding=charset), params
    return params.get("filename"), params


def test_umlaut_name_gets_an_ascii_fallback_and_the_utf8_name() -> None:
    disposition = attachment_headers("Förderantrag_Bürgerhaus.docx")["Content-Disposition"]
    assert disposition.isascii()
    assert disposition.startswith("attachment; ")
    assert 'filename="Foerderantrag_Buergerhaus.docx"' in disposition
    assert "filename*=UTF-8''F%C3%B6rderantrag_B%C3%BCrgerhaus.docx" in disposition
    name, _params = _parse(disposition)
    assert name == "Förderantrag_Bürgerhaus.docx"


def test_ascii_name_is_sent_as_it_is() -> None:
    disposition = attachment_headers("modellaufrufe-2026-11.csv")["Content-Disposition"]
    assert disposition == 'attachment; filename="modellaufrufe-2026-11.csv"'


def test_quotes_and_line_breaks_cannot_break_the_header() -> None:
    disposition = attachment_headers('a"b\r\nSet-Cookie: x.txt')["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition
    name, _params = _parse(disposition)
    assert name == 'a"b\r\nSet-Cookie: x.txt'


def test_finance_plan_with_umlauts_downloads_under_its_title(
    member_client: TestClient, app: FastAPI
) -> None:
    created = post_form(
        member_client,
        app,
        PLANS,
        {"title": "Förderantrag Bürgerhaus", "funder_id": "hamburg-stadtteilkultur"},
    )
    assert created.status_code == 303
    response = member_client.get(f"{created.headers['location']}/export.xlsx?fassung=entwurf")
    assert response.status_code == 200
    name, params = _parse(response.headers["content-disposition"])
    assert name == "Förderantrag-Bürgerhaus-entwurf.xlsx"
    assert params["filename"] == "Foerderantrag-Buergerhaus-entwurf.xlsx"


def test_draft_export_with_umlauts_downloads_under_its_title(
    app: FastAPI,
    member_client: TestClient,
    db: Session,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    draft_id = create_draft(member_client, app, openai_server, loopback)
    draft = db.get(Draft, draft_id)
    assert draft is not None
    draft.title = "Sommerfest im Bürgerhaus"
    db.commit()
    response = member_client.get(f"/entwuerfe/{draft_id}/export/docx")
    assert response.status_code == 200
    name, params = _parse(response.headers["content-disposition"])
    assert name == f"Sommerfest-im-Bürgerhaus-{draft_id}.docx"
    assert params["filename"] == f"Sommerfest-im-Buergerhaus-{draft_id}.docx"


def test_press_release_downloads_as_a_calendar_entry_from_the_form_values(
    app: FastAPI,
    member_client: TestClient,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    draft_id = create_draft(member_client, app, openai_server, loopback)
    page = member_client.get(f"/entwuerfe/{draft_id}").text
    assert f'href="/entwuerfe/{draft_id}/export/ics"' in page and "Kalender (ICS)" in page
    response = member_client.get(f"/entwuerfe/{draft_id}/export/ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    name, _params = _parse(response.headers["content-disposition"])
    assert name is not None and name.endswith(".ics")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and "SUMMARY:Sommerfest im Stadtteilgarten" in body
    assert "DTSTART;TZID=Europe/Berlin:20260711T150000" in body


def test_privacy_downloads_keep_the_umlauts_of_the_organisation_name(
    admin_client: TestClient, app: FastAPI, db: Session, org_a: OrgFixture
) -> None:
    org_a.org.name = "Bürgerhaus Öjendorf"
    db.commit()
    records = admin_client.get("/einstellungen/datenschutz/verzeichnis.md")
    assert records.status_code == 200
    name, params = _parse(records.headers["content-disposition"])
    assert name == "verarbeitungsverzeichnis-Bürgerhaus-Öjendorf.md"
    assert params["filename"] == "verarbeitungsverzeichnis-Buergerhaus-Oejendorf.md"
    export = post_form(admin_client, app, "/einstellungen/datenschutz/export/einrichtung")
    assert export.status_code == 200
    name, _params = _parse(export.headers["content-disposition"])
    assert name is not None and name.startswith("kikultur-export-Bürgerhaus-Öjendorf-")
    assert name.endswith(".zip")
