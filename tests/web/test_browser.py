"""Real headless Chromium (Debian's package): log in, edit the Steckbrief, log out."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI

from tests.conftest import PASSWORD, OrgFixture

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HTMX = (
    Path(__file__).resolve().parents[2] / "kikultur" / "web" / "static" / "vendor" / "htmx.min.js"
)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def live_server(app: FastAPI) -> Iterator[str]:
    """The app served by a real uvicorn in a background thread on a free loopback port."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn ist nicht gestartet")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian-Paket chromium fehlt")
def test_log_in_edit_steckbrief_and_log_out_in_chromium(
    live_server: str, org_a: OrgFixture
) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="de-DE")
            console_errors: list[str] = []
            page.on(
                "console",
                lambda message: (
                    console_errors.append(message.text) if message.type == "error" else None
                ),
            )
            page.goto(f"{live_server}/steckbrief")
            assert "/anmelden" in page.url
            page.get_by_label("E-Mail-Adresse").fill(org_a.member.email)
            page.get_by_label("Passwort").fill(PASSWORD)
            page.get_by_role("button", name="Anmelden").click()
            page.wait_for_url(f"{live_server}/steckbrief")

            page.get_by_role("link", name="Bearbeiten").click()
            # A wrong number is refused at its field, in German, and nothing is lost.
            page.locator("#figures-0-year").fill("2024")
            page.locator("#figures-0-visitors").fill("viele")
            page.get_by_role("button", name="Speichern").click()
            error = page.locator("#figures-0-visitors-fehler")
            error.wait_for()
            assert error.inner_text() == "Bitte eine ganze Zahl angeben."
            page.locator("#figures-0-visitors").fill("12500")
            page.get_by_label("Auftrag und Ziele").fill("Kultur für alle im Stadtteil.")
            page.get_by_label("Bezirk").select_option("Altona")
            page.locator("#team-0-name").fill("Ayşe Demir")
            page.locator("#team-0-role").fill("Leitung")
            page.get_by_label("Anrede").select_option("du")
            page.get_by_role("button", name="Speichern").click()
            page.wait_for_url(f"{live_server}/steckbrief?gespeichert=1")
            status = page.get_by_role("status")
            assert "Version 1" in status.inner_text()
            content = page.locator("main").inner_text()
            assert "Ayşe Demir" in content and "Altona" in content and "12.500" in content
            page.screenshot(path=str(ARTIFACTS / "steckbrief.png"), full_page=True)

            if HTMX.exists():  # progressive enhancement is active when vendored
                assert page.evaluate("typeof window.htmx") == "object"
            # 4xx pages (the validation step above) may log their status; nothing else may.
            assert [e for e in console_errors if "status of 4" not in e] == []
            page.get_by_role("button", name="Abmelden").click()
            page.wait_for_url(f"{live_server}/anmelden?abgemeldet=1")
            assert "Sie sind abgemeldet." in page.locator("main").inner_text()
            page.goto(f"{live_server}/steckbrief")
            assert "/anmelden" in page.url
        finally:
            browser.close()
    assert (ARTIFACTS / "steckbrief.png").stat().st_size > 1000
