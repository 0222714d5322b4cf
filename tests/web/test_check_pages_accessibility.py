"""Accessibility of the check pages with results: landmarks, labels, unique ids, working ARIA
references, focusable marks with descriptions, and AA contrast of the findings colours."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.helpers import post_form
from tests.web.test_accessibility import CSS, _contrast, _Page

TEXT = (
    "Jeder Teilnehmer bringt am Samstag, 14. März 2026 um 15 Uhr etwas mit. Anna Müller "
    "(anna@example.org) leitet den Workshop, der von der Behörde gefördert wird."
)


def _result_pages(client: TestClient, app: FastAPI) -> dict[str, str]:
    pages = {
        "/text-pruefen": post_form(
            client,
            app,
            "/text-pruefen",
            {"text": TEXT, "leichte_sprache": "1", "channel": "bluesky", "alt_texts": "-"},
        ),
        "/datenschutz-check": post_form(
            client, app, "/datenschutz-check", {"text": TEXT, "extra_terms": "Workshop"}
        ),
        "fehler": post_form(client, app, "/text-pruefen", {"text": "", "channel_limit": "x"}),
    }
    return {url: response.text for url, response in pages.items()}


@pytest.fixture
def pages(member_client: TestClient, app: FastAPI) -> dict[str, str]:
    return _result_pages(member_client, app)


def test_result_pages_have_landmarks_labels_and_unique_ids(pages: dict[str, str]) -> None:
    for url, html in pages.items():
        page = _Page()
        page.feed(html)
        tags = [tag for tag, _ in page.tags]
        assert '<html lang="de">' in html, url
        assert tags.count("main") == 1 and "header" in tags and "footer" in tags, url
        assert any(t == "nav" and a.get("aria-label") for t, a in page.tags), url
        unlabelled = [field for field in page.fields if field not in page.labels]
        assert unlabelled == [], f"{url}: Felder ohne Beschriftung: {unlabelled}"
        ids = [a["id"] for _, a in page.tags if a.get("id")]
        duplicates = {i for i in ids if ids.count(i) > 1}
        assert duplicates == set(), f"{url}: doppelte ids {duplicates}"


def test_every_aria_reference_points_to_an_existing_element(pages: dict[str, str]) -> None:
    for url, html in pages.items():
        page = _Page()
        page.feed(html)
        ids = {a["id"] for _, a in page.tags if a.get("id")}
        for tag, attributes in page.tags:
            for name in ("aria-describedby", "aria-labelledby", "form"):
                value = attributes.get(name)
                if value:
                    missing = [ref for ref in value.split() if ref not in ids]
                    assert missing == [], f"{url}: <{tag} {name}> verweist ins Leere: {missing}"


def test_marks_that_take_focus_are_described_and_tooltips_are_text_only(
    pages: dict[str, str],
) -> None:
    html = pages["/text-pruefen"]
    page = _Page()
    page.feed(html)
    marks = [a for t, a in page.tags if t == "mark"]
    focusable = [a for a in marks if a.get("tabindex") == "0"]
    assert focusable, "keine fokussierbaren Markierungen"
    assert all(a.get("aria-describedby") for a in marks)
    tips = html.split('class="finding-tips"')[1].split('<div class="findings-list"')[0]
    assert 'role="tooltip"' in tips
    assert "<button" not in tips and "<a " not in tips and "<input" not in tips


def test_suggestion_buttons_say_what_they_replace(pages: dict[str, str]) -> None:
    buttons = re.findall(r'<button type="submit" class="suggestion"[^>]*>(.*?)</button>', pages[
        "/text-pruefen"
    ], re.S)  # fmt: skip
    assert buttons
    assert all("statt „" in b for b in buttons)


def test_findings_colours_meet_wcag_aa_contrast() -> None:
    css = CSS.read_text()
    section = css.split("/* Check pages and the findings view")[1]
    text = "#1a1a1a"
    # Every mark background carries normal text.
    backgrounds = re.findall(r"mark\.finding[^{]*\{[^}]*background: (#[0-9a-f]{6})", section)
    assert len(backgrounds) >= 8
    for background in backgrounds:
        assert _contrast(text, background) >= 4.5, background
    # Badge text on badge background.
    badge = r"\.badge--[a-z-]+(?:, \.badge--[a-z-]+)? \{ "
    badges = re.findall(badge + r"color: (#[0-9a-f]{6}); background: (#[0-9a-f]{6})", section)
    assert len(badges) == 6
    for colour, background in badges:
        assert _contrast(colour, background) >= 4.5, (colour, background)
    # Traffic-light dots and mark underlines are graphics: 3:1 against white.
    for colour in ("#1e6b30", "#8a6d00", "#a4161a", "#5b2a86", "#8a4500"):
        assert _contrast(colour, "#ffffff") >= 3, colour
