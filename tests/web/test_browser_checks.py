"""Headless Chromium on "Text prüfen": paste, check, see the hint on focus, apply a suggestion
with one click (in place with JavaScript, by a plain form post without), refuse a too large
file or text before sending."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI

from kikultur.services.text_check import MAX_TEXT_CHARS
from tests.conftest import PASSWORD, OrgFixture
from tests.web.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, live_server  # noqa: F401

TEXT = "Am Samstag feiern wir. Am Ende bekommt jeder Teilnehmer eine Urkunde."

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian-Paket chromium fehlt"),
]


def _log_in(page: Any, base: str, org: OrgFixture) -> None:
    page.goto(f"{base}/text-pruefen")
    page.get_by_label("E-Mail-Adresse").fill(org.member.email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"{base}/text-pruefen")


def _check(page: Any) -> None:
    page.get_by_label("Text", exact=True).fill(TEXT)
    page.get_by_role("button", name="Prüfen", exact=True).click()
    page.locator("#ergebnis-titel").wait_for()


def test_paste_check_and_apply_a_suggestion_in_chromium(
    live_server: str,  # noqa: F811
    org_a: OrgFixture,
) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="de-DE")
            errors: list[str] = []
            page.on(
                "console",
                lambda m: (
                    errors.append(f"{m.text} {m.location.get('url')}")
                    if m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico")
                    else None
                ),
            )
            _log_in(page, live_server, org_a)
            _check(page)

            # The hint shows on keyboard focus and hides with Escape.
            mark = page.locator("mark.finding--gender").first
            assert mark.inner_text() == "jeder Teilnehmer"
            mark.focus()
            popover = page.locator(".finding-popover")
            popover.wait_for(state="visible")
            assert "generisches Maskulinum" in popover.inner_text()
            page.keyboard.press("Escape")
            popover.wait_for(state="hidden")

            page.evaluate("window.__samePage = true")
            button = page.locator("#f-gruppe-gender ~ ol button.suggestion").first
            suggestion = button.inner_text().split("„")[1].split("“")[0]
            button.click()
            page.locator(".alert-ok", has_text="Vorschlag übernommen.").wait_for()
            new_text = page.get_by_label("Text", exact=True).input_value()
            assert new_text == TEXT.replace("jeder Teilnehmer", suggestion)
            # Applied in place: no page load happened.
            assert page.evaluate("window.__samePage === true")
            assert page.locator("mark.finding--gender").count() == 0
            page.screenshot(path=str(ARTIFACTS / "text-pruefen.png"), full_page=True)
            assert errors == []
        finally:
            browser.close()
    assert (ARTIFACTS / "text-pruefen.png").stat().st_size > 1000


def test_apply_a_suggestion_without_javascript_in_chromium(
    live_server: str,  # noqa: F811
    org_a: OrgFixture,
) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(locale="de-DE", java_script_enabled=False)
            page = context.new_page()
            _log_in(page, live_server, org_a)
            _check(page)
            button = page.locator("#f-gruppe-gender ~ ol button.suggestion").first
            suggestion = button.inner_text().split("„")[1].split("“")[0]
            button.click()
            page.locator(".alert-ok", has_text="Vorschlag übernommen.").wait_for()
            new_text = page.get_by_label("Text", exact=True).input_value()
            assert new_text == TEXT.replace("jeder Teilnehmer", suggestion)
        finally:
            browser.close()


def test_too_large_file_or_text_is_refused_before_sending_and_the_text_stays(
    live_server: str,  # noqa: F811
    org_a: OrgFixture,
    app: FastAPI,
) -> None:
    from playwright.sync_api import sync_playwright

    app.state.settings.upload_max_bytes = 2048
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="de-DE")
            _log_in(page, live_server, org_a)
            page.get_by_label("Text", exact=True).fill("Mein Text bleibt.")
            page.get_by_label("Oder eine Datei hochladen").set_input_files(
                {"name": "gross.txt", "mimeType": "text/plain", "buffer": b"a" * 5000}
            )
            error = page.locator("#datei-fehler")
            error.wait_for()
            assert error.inner_text() == (
                "Die Datei ist größer als 2 KB. Bitte eine kleinere Datei hochladen."
            )
            assert page.get_by_label("Oder eine Datei hochladen").input_value() == ""
            assert page.get_by_label("Text", exact=True).input_value() == "Mein Text bleibt."

            # A text over the limit is not sent, and not cut either.
            long_text = "x" * (MAX_TEXT_CHARS + 1)
            page.get_by_label("Text", exact=True).fill(long_text)
            page.evaluate("window.__samePage = true")
            page.get_by_role("button", name="Prüfen", exact=True).click()
            text_error = page.locator("#text-fehler")
            text_error.wait_for()
            assert "zu lang für eine Prüfung (höchstens 100.000 Zeichen)" in text_error.inner_text()
            assert page.evaluate("window.__samePage === true")
            assert page.get_by_label("Text", exact=True).input_value() == long_text
        finally:
            browser.close()
