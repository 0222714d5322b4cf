"""Helpers for pages and forms shared by all routers."""

from __future__ import annotations

from kikultur.web.templating import form_text


def test_form_text_turns_every_browser_line_break_into_one_newline() -> None:
    assert form_text("Zeile 1\r\nZeile 2\rZeile 3\nZeile 4") == "Zeile 1\nZeile 2\nZeile 3\nZeile 4"
    assert form_text("") == ""
