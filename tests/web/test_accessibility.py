"""Accessibility basics on every page: language, landmarks, labels on every field, contrast."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.test_isolation import discover_routes

CSS = Path(__file__).resolve().parents[2] / "kikultur" / "web" / "static" / "app.css"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: list[str] = []
        self.labels: set[str] = set()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag in ("input", "select", "textarea") and attributes.get("type") not in (
            "hidden",
            "submit",
        ):
            self.fields.append(attributes.get("id") or "<ohne id>")
        if tag == "label" and attributes.get("for"):
            self.labels.add(str(attributes["for"]))


def _pages(app: FastAPI) -> list[str]:
    return [path for method, path in discover_routes(app) if method == "GET" and "{" not in path
            and not path.startswith("/api") and path != "/gesundheit"]  # fmt: skip


def test_every_page_has_language_landmarks_and_labelled_fields(
    admin_client: TestClient, app: FastAPI
) -> None:
    admin_client.get("/steckbrief")
    checked = 0
    for path in [*_pages(app), "/bereich/berichte"]:
        response = admin_client.get(path)
        if response.status_code != 200 or "text/html" not in response.headers["content-type"]:
            continue  # downloads (CSV) are not pages
        page = _Page()
        page.feed(response.text)
        tags = [tag for tag, _ in page.tags]
        assert '<html lang="de">' in response.text, path
        assert tags.count("main") == 1 and "header" in tags and "footer" in tags, path
        if path != "/anmelden":  # the work areas are shown once logged in
            assert any(t == "nav" and a.get("aria-label") for t, a in page.tags), path
        assert 'href="#inhalt"' in response.text, path
        unlabelled = [field for field in page.fields if field not in page.labels]
        assert unlabelled == [], f"{path}: Felder ohne Beschriftung: {unlabelled}"
        checked += 1
    assert checked >= 6


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_colour_pairs_meet_wcag_aa_contrast() -> None:
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", CSS.read_text()))
    pairs = [
        (colours["text"], "#ffffff"),
        (colours["muted"], "#ffffff"),
        (colours["accent"], "#ffffff"),  # links, and white text on buttons/header
        (colours["accent-dark"], "#ffffff"),
        (colours["error"], "#ffffff"),
        (colours["text"], colours["bg-soft"]),
        (colours["error"], "#fdecec"),
        ("#5c0b0e", "#fdecec"),
        ("#123f1d", "#e8f4ea"),
        ("#0a2d4d", "#e8f0f8"),
        (colours["muted"], "#ffffff"),
    ]
    for foreground, background in pairs:
        assert _contrast(foreground, background) >= 4.5, (foreground, background)
    # Field borders are user-interface components: 3:1 suffices.
    assert _contrast(colours["border"], "#ffffff") >= 3
