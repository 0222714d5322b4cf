"""Real headless Chromium: an unbalanced finance plan shows the German message at the
difference, the final export is refused, the plan is fixed and exported as XLSX."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.conftest import PASSWORD, OrgFixture
from tests.web.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, live_server

__all__ = ["live_server"]  # the fixture, shared with test_browser.py


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian-Paket chromium fehlt")
def test_unbalanced_plan_message_fix_and_export_in_chromium(
    live_server: str, org_a: OrgFixture
) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="de-DE", accept_downloads=True)
            page.goto(f"{live_server}/bereich/berichte/finanzplaene")
            page.get_by_label("E-Mail-Adresse").fill(org_a.member.email)
            page.get_by_label("Passwort").fill(PASSWORD)
            page.get_by_role("button", name="Anmelden").click()
            page.wait_for_url(f"{live_server}/bereich/berichte/finanzplaene")

            page.get_by_label("Titel des Projekts").fill("Geschichten vom Hof")
            page.get_by_label("Förderprofil").select_option("hamburg-stadtteilkultur")
            page.get_by_role("button", name="Anlegen").click()
            page.wait_for_selector("#finanzplan")

            # Lines are added with form buttons (no JavaScript needed for that).
            page.get_by_role("button", name="Ausgabe hinzufügen").click()
            page.locator("#cost-0-label").wait_for()
            page.locator("#cost-0-category").select_option("honorare")
            page.locator("#cost-0-label").fill("Moderation Erzählabende")
            page.locator("#cost-0-planned").fill("3.000")
            page.get_by_role("button", name="Einnahme hinzufügen").click()
            page.locator("#income-0-label").wait_for()
            assert page.locator("#cost-0-planned").input_value() == "3.000"  # nothing lost
            page.locator("#income-0-category").select_option("beantragte_foerderung")
            page.locator("#income-0-label").fill("Bezirksamt Altona")
            page.locator("#income-0-planned").fill("1.765,44")

            # Live totals (JavaScript), then the server's message after saving.
            message = page.locator("#saldo-meldung")
            assert message.inner_text() == "Es fehlen 1.234,56 € an Einnahmen."
            page.get_by_role("button", name="Speichern", exact=True).click()
            page.wait_for_url("**/finanzplaene/*?gespeichert=1")
            assert page.locator("#saldo-meldung").inner_text() == (
                "Es fehlen 1.234,56 € an Einnahmen."
            )
            assert page.locator("#differenz").inner_text() == "-1.234,56 €"
            page.screenshot(path=str(ARTIFACTS / "finanzplan-unausgeglichen.png"), full_page=True)

            # The final export is refused with a German message; nothing is downloaded.
            page.get_by_role("button", name="Speichern und als XLSX exportieren").click()
            page.wait_for_url("**/export.xlsx?fassung=final")
            assert "nicht als Endfassung exportiert" in page.locator("main").inner_text()

            page.locator("#income-0-planned").fill("3.000,00")
            assert page.locator("#saldo-meldung").inner_text() == "Der Plan ist ausgeglichen."
            with page.expect_download() as download_info:
                page.get_by_role("button", name="Speichern und als XLSX exportieren").click()
            download = download_info.value
            assert download.suggested_filename == "Geschichten-vom-Hof.xlsx"
            content = download.path().read_bytes()
            page.goto(f"{live_server}/bereich/berichte/finanzplaene")
            page.get_by_role("link", name="Geschichten vom Hof").click()
            assert page.locator("#saldo-meldung").inner_text() == "Der Plan ist ausgeglichen."
            page.screenshot(path=str(ARTIFACTS / "finanzplan-ausgeglichen.png"), full_page=True)
        finally:
            browser.close()
    sheet = load_workbook(io.BytesIO(content), data_only=True).active
    totals = {
        str(row[0].value): row[2].value
        for row in sheet.iter_rows()
        if row[0].value and len(row) > 2
    }
    assert Decimal(str(totals["Summe Ausgaben"])) == Decimal("3000")
    assert Decimal(str(totals["Summe Einnahmen"])) == Decimal("3000")
    assert (ARTIFACTS / "finanzplan-unausgeglichen.png").stat().st_size > 1000
