"""Finance plan editor and funder profile pages: round trips, messages, exports, roles."""

from __future__ import annotations

import io
from decimal import Decimal

from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from kikultur.store.models import FinancePlanLine, FinancePlanRecord, FunderProfileCopy
from tests.conftest import OrgFixture
from tests.helpers import field_error, post_form

PLANS = "/bereich/berichte/finanzplaene"


def _create(client: TestClient, app: FastAPI, title: str = "Geschichten vom Hof") -> str:
    response = post_form(
        client, app, PLANS, {"title": title, "funder_id": "hamburg-stadtteilkultur"}
    )
    assert response.status_code == 303
    return str(response.headers["location"])


def _lines(version: str, grant: str = "4.000,00", **extra: str) -> dict[str, str]:
    return {
        "version": version,
        "title": "Geschichten vom Hof",
        "funder_id": "hamburg-stadtteilkultur",
        "project_start": "2030-03-01",
        "cost-0-category": "honorare",
        "cost-0-label": "Moderation Erzählabende",
        "cost-0-planned": "3.000",
        "cost-0-artist": "1",
        "cost-1-category": "sachkosten",
        "cost-1-label": "Druck Ausstellung",
        "cost-1-planned": "1.234,56",
        "income-0-category": "eigenmittel",
        "income-0-label": "Eigenmittel",
        "income-0-planned": "234,56",
        "income-1-category": "beantragte_foerderung",
        "income-1-label": "Bezirk",
        "income-1-planned": grant,
        **extra,
    }


def test_editor_round_trip_keeps_exact_amounts(
    member_client: TestClient, app: FastAPI, db: Session
) -> None:
    url = _create(member_client, app)
    response = post_form(member_client, app, url, _lines("1", **{"action": "save"}))
    assert response.status_code == 303, response.text
    page = member_client.get(url).text
    assert "1.234,56" in page and "Moderation Erzählabende" in page
    assert "Der Plan ist ausgeglichen." in page
    record = db.scalars(select(FinancePlanRecord)).one()
    amounts = sorted(line.planned for line in record.lines)
    assert amounts == [
        Decimal("234.56"),
        Decimal("1234.56"),
        Decimal("3000.00"),
        Decimal("4000.00"),
    ]
    assert record.version == 2


def test_unbalanced_plan_shows_the_german_message_at_the_difference(
    member_client: TestClient, app: FastAPI
) -> None:
    url = _create(member_client, app)
    response = post_form(member_client, app, url, _lines("1", grant="2.765,44", action="save"))
    assert response.status_code == 303
    page = member_client.get(url).text
    totals = page[page.index('id="summen"') :]
    assert "Es fehlen 1.234,56 € an Einnahmen." in totals
    assert 'id="saldo-meldung"' in totals


def test_final_export_is_refused_while_unbalanced_and_draft_is_marked(
    member_client: TestClient, app: FastAPI
) -> None:
    url = _create(member_client, app)
    post_form(member_client, app, url, _lines("1", grant="2.765,44", action="save"))
    refused = member_client.get(f"{url}/export.xlsx?fassung=final")
    assert refused.status_code == 409
    assert "nicht als Endfassung exportiert" in refused.text
    assert "Es fehlen 1.234,56 € an Einnahmen." in refused.text
    draft = member_client.get(f"{url}/export.xlsx?fassung=entwurf")
    assert draft.status_code == 200
    assert "entwurf" in draft.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(draft.content), data_only=True).active
    assert any("ENTWURF" in str(c.value) for row in sheet.iter_rows() for c in row if c.value)


def test_xlsx_export_has_the_same_totals_as_the_editor(
    member_client: TestClient, app: FastAPI
) -> None:
    url = _create(member_client, app)
    response = post_form(member_client, app, url, _lines("1", action="export-final"))
    assert response.status_code == 303
    assert response.headers["location"].endswith("export.xlsx?fassung=final")
    exported = member_client.get(response.headers["location"])
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.content), data_only=True).active
    values = {
        str(row[1].value or row[0].value): row[2].value
        for row in sheet.iter_rows()
        if len(row) > 2 and (row[0].value or row[1].value)
    }
    totals = {k: v for k, v in values.items() if k.startswith("Summe")}
    assert Decimal(str(totals["Summe Ausgaben"])) == Decimal("4234.56")
    assert Decimal(str(totals["Summe Einnahmen"])) == Decimal("4234.56")


def test_stale_form_from_a_second_tab_is_refused_and_keeps_the_input(
    member_client: TestClient, app: FastAPI, db: Session
) -> None:
    url = _create(member_client, app)
    assert post_form(member_client, app, url, _lines("1", action="save")).status_code == 303
    stale = post_form(
        member_client,
        app,
        url,
        _lines("1", action="save", **{"cost-1-label": "Druck aus dem zweiten Tab"}),
    )
    assert stale.status_code == 409
    assert "inzwischen in einem anderen Fenster" in stale.text
    assert "Druck aus dem zweiten Tab" in stale.text  # nothing typed is lost
    labels = {line.label for line in db.scalars(select(FinancePlanLine))}
    assert "Druck aus dem zweiten Tab" not in labels
    # The re-rendered form is based on the current version: a deliberate save goes through.
    again = post_form(
        member_client,
        app,
        url,
        _lines("2", action="save", **{"cost-1-label": "Druck aus dem zweiten Tab"}),
    )
    assert again.status_code == 303


def test_bad_amount_gets_a_german_message_at_its_field_and_nothing_is_saved(
    member_client: TestClient, app: FastAPI, db: Session
) -> None:
    url = _create(member_client, app)
    response = post_form(
        member_client, app, url, _lines("1", action="save", **{"cost-1-planned": "12,345"})
    )
    assert response.status_code == 422
    message = field_error(response.text, "cost-1-planned")
    assert message and "12,345" in message
    assert 'value="12,345"' in response.text
    assert db.scalars(select(FinancePlanLine)).all() == []


def test_ksk_button_proposes_the_levy_on_artists_fees(
    member_client: TestClient, app: FastAPI
) -> None:
    url = _create(member_client, app)
    response = post_form(member_client, app, url, _lines("1", action="ksk"))
    assert response.status_code == 200
    assert "KSK-Abgabe übernehmen" in response.text or "Künstlersozialabgabe" in response.text
    # 4.9 % of 3,000.00 € artists' fees (2026 rate or the nearest earlier one)
    assert 'value="147,00"' in response.text


def test_add_and_remove_lines_without_javascript(member_client: TestClient, app: FastAPI) -> None:
    url = _create(member_client, app)
    added = post_form(member_client, app, url, _lines("1", action="add-cost"))
    assert added.status_code == 200
    assert 'name="cost-2-label"' in added.text
    removed = post_form(member_client, app, url, _lines("1", action="remove-cost-0"))
    assert "Moderation Erzählabende" not in removed.text
    assert "Druck Ausstellung" in removed.text


def test_empty_new_rows_stay_while_adding_and_are_dropped_on_save(
    member_client: TestClient, app: FastAPI, db: Session
) -> None:
    url = _create(member_client, app)
    # The form as the browser sends it after one click: the new row is there, still empty.
    blank = {"cost-2-category": "honorare", "cost-2-label": "", "cost-2-planned": ""}
    twice = post_form(member_client, app, url, _lines("1", action="add-cost", **blank))
    assert 'name="cost-3-label"' in twice.text  # a second empty row, the first one kept
    income = post_form(member_client, app, url, _lines("1", action="add-income", **blank))
    assert 'name="cost-2-label"' in income.text and 'name="income-2-label"' in income.text
    saved = post_form(member_client, app, url, _lines("1", action="save", **blank))
    assert saved.status_code == 303
    assert len(db.scalars(select(FinancePlanLine)).all()) == 4  # the empty row is not saved


def test_org_admin_copies_and_adapts_a_profile_member_is_refused(
    client: TestClient, app: FastAPI, db: Session, org_a: OrgFixture
) -> None:
    from tests.helpers import login_as

    login_as(client, app, org_a.member)
    url = "/bereich/berichte/foerderprofile/hamburg-stadtteilkultur/kopieren"
    refused = post_form(client, app, url, {"new_id": "altona", "name": "Altona"})
    assert refused.status_code == 403
    assert db.scalars(select(FunderProfileCopy)).all() == []

    login_as(client, app, org_a.admin)
    response = post_form(client, app, url, {"new_id": "altona", "name": "Stadtteilkultur Altona"})
    assert response.status_code == 303
    edit_url = response.headers["location"]
    form = client.get(edit_url).text
    assert "Stadtteilkultur Altona" in form
    yaml_text = form.split('name="yaml"')[1].split(">", 1)[1].split("</textarea>")[0]
    import html

    yaml_text = html.unescape(yaml_text).replace("max_chars: 1500", "max_chars: 1200", 1)
    saved = post_form(client, app, edit_url, {"yaml": yaml_text, "version": "1"})
    assert saved.status_code == 303, saved.text
    page = client.get("/bereich/berichte/foerderprofile/altona").text
    assert "1200" in page
    broken = post_form(client, app, edit_url, {"yaml": "id: altona\nsections: []", "version": "2"})
    assert broken.status_code == 422
    assert "sections" in broken.text


def test_dashboard_shows_upcoming_deadlines(member_client: TestClient) -> None:
    page = member_client.get("/").text
    assert "Nächste Förderfristen" in page


def test_funders_caps_are_shown_and_checked(member_client: TestClient, app: FastAPI) -> None:
    url = _create(member_client, app)
    values = _lines(
        "1",
        action="save",
        funder_id="fonds-soziokultur",
        **{"income-0-planned": "234,56", "income-1-planned": "4.000,00"},
    )
    assert post_form(member_client, app, url, values).status_code == 303
    page = member_client.get(url).text
    assert "Höchstbetrag: 30.000,00 €." in page and "Förderquote höchstens 80,00 %." in page
    # 4,000.00 of 4,234.56 € is 94.46 %, above the cap of 80 %; 4,000 is below the minimum.
    assert "Die Förderquote liegt bei 94,46 %" in page
    assert "unter dem Mindestbetrag von 5.000,00 €" in page
    refused = member_client.get(f"{url}/export.xlsx?fassung=final")
    assert refused.status_code == 409


def test_fee_floor_hint_at_the_line(member_client: TestClient, app: FastAPI) -> None:
    url = _create(member_client, app)
    values = _lines("1", action="save", **{"cost-0-units": "100", "cost-0-unit": "stunde"})
    assert post_form(member_client, app, url, values).status_code == 303
    page = member_client.get(url).text
    hint = page.split('id="cost-0-label"')[1].split("</td>")[0]
    assert "30,00 € je Stunde liegt unter der Honoraruntergrenze von 40,00 €" in hint


def test_actual_column_for_the_verwendungsnachweis(member_client: TestClient, app: FastAPI) -> None:
    url = _create(member_client, app)
    values = _lines(
        "1",
        action="save",
        **{
            "cost-0-actual": "3.000",
            "cost-1-actual": "1.600,00",
            "income-0-actual": "234,56",
            "income-1-actual": "4.000",
        },
    )
    assert post_form(member_client, app, url, values).status_code == 303
    page = member_client.get(url).text
    assert "Ist (Verwendungsnachweis): Ausgaben 4.600,00 €" in page
    assert "Sachkosten: Die Ist-Kosten liegen mit 1.600,00 €" in page
    assert "Bitte im Sachbericht begründen." in page


def test_member_cannot_open_the_profile_editor_and_other_orgs_copies_are_invisible(
    client: TestClient, app: FastAPI, db: Session, org_a: OrgFixture, org_b: OrgFixture
) -> None:
    from kikultur.services import finance
    from kikultur.store.repository import OrgRepository
    from tests.helpers import login_as

    finance.copy_builtin(
        OrgRepository(db, org_b.org.id), org_b.admin, "allgemein", "nur-b", "Profil von B"
    )
    login_as(client, app, org_a.admin)
    assert client.get("/bereich/berichte/foerderprofile/nur-b").status_code == 404
    assert client.get("/bereich/berichte/foerderprofile/nur-b/bearbeiten").status_code == 404
    assert "Profil von B" not in client.get("/bereich/berichte/foerderprofile").text
    login_as(client, app, org_a.member)
    response = client.get("/bereich/berichte/foerderprofile/allgemein/bearbeiten")
    assert response.status_code == 403


def test_dashboard_lists_dated_deadlines_with_days_left(member_client: TestClient) -> None:
    import re

    page = member_client.get("/").text
    section = page[page.index('id="fristen"') :].split("</section>")[0]
    assert re.search(r"<strong>\d\d\.\d\d\.\d{4}</strong> \(noch \d+ Tage?\)", section)
    assert "Projektförderung Stadtteilkultur" in section  # a text-only deadline is listed too
