"""Headless Chromium: "Stopp" during a live generation, with text kept and before any text;
the box says which, and links to the incomplete text or to the draft holding the inputs."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import PASSWORD, OrgFixture
from tests.support.openai_server import OpenAITestServer, Reply
from tests.tools.samples import PRESS_RELEASE_ANSWER
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, live_server

__all__ = ["live_server"]  # the fixture, shared with test_browser.py


def _fill_and_generate(page: Any, server: str, loopback: str) -> None:
    page.goto(f"{server}/werkzeuge/pressemitteilung")
    page.locator("#f_anlass").fill("Sommerfest im Stadtteilgarten")
    page.locator("#f_datum").fill("2026-07-11")
    page.locator("#f_uhrzeit").fill("15:00")
    page.locator("#f_ort").fill("Stadtteilgarten, Beispielweg 5, 22000 Hamburg")
    page.locator("#f_eintritt").fill("frei")
    page.locator("#f_barrierefreiheit").fill("Der Garten ist stufenlos erreichbar.")
    page.get_by_label("Anbieter", exact=True).select_option(loopback)
    page.get_by_role("button", name="Entwurf erzeugen").click()


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian-Paket chromium fehlt")
def test_stopp_says_whether_text_was_kept_and_links_to_it_in_chromium(
    live_server: str,
    steckbrief_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    from playwright.sync_api import expect, sync_playwright

    org_a = steckbrief_a
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(locale="de-DE").new_page()
            page.goto(f"{live_server}/anmelden")
            page.get_by_label("E-Mail-Adresse").fill(org_a.member.email)
            page.get_by_label("Passwort").fill(PASSWORD)
            page.get_by_role("button", name="Anmelden").click()
            page.wait_for_url(f"{live_server}/")
            status = page.locator("#live-status")
            link = page.locator("#live-editor")

            # 1. Stopp after some words: stopped, the text so far is kept and linked.
            openai_server.enqueue(Reply.ok(PRESS_RELEASE_ANSWER, chunk_delay=0.1))
            _fill_and_generate(page, live_server, loopback)
            expect(page.locator("#live-text")).to_contain_text("Sommerfest", timeout=15_000)
            page.get_by_role("button", name="Stopp").click()
            expect(status).to_have_text(
                "Angehalten. Der bisher geschriebene Text ist als unvollständige Version "
                "gespeichert.",
                timeout=15_000,
            )
            expect(link).to_be_visible()
            expect(link).to_have_text("Bisherigen Text im Editor öffnen")
            expect(page.locator("#live-meldung")).to_be_hidden()  # a stop is no fault
            link.click()
            expect(page.locator("#unvollstaendig")).to_contain_text("Unvollständig")

            # 2. Stopp before the model's first word: nothing written, the inputs are kept.
            openai_server.enqueue(Reply.slow_first_byte(3.0, PRESS_RELEASE_ANSWER))
            _fill_and_generate(page, live_server, loopback)
            expect(status).to_have_text("Das Modell schreibt …", timeout=15_000)
            page.get_by_role("button", name="Stopp").click()
            expect(status).to_contain_text(
                "Angehalten, bevor das Modell Text geschrieben hat.", timeout=15_000
            )
            expect(link).to_have_text("Entwurf mit Ihren Angaben öffnen")
            link.click()
            expect(page.locator("#ohne-text")).to_contain_text("Ohne Text – Erzeugung abgebrochen")
            expect(page.locator("#ohne-text")).to_contain_text("Sommerfest im Stadtteilgarten")
            expect(page.get_by_role("button", name="Als geprüft markieren")).to_have_count(0)
        finally:
            browser.close()
