"""The findings view: segments over overlapping findings, escaping, labels, one-click apply."""

from __future__ import annotations

import re

import pytest
from jinja2 import Environment

from kikultur.checks.findings import CheckContext, Finding
from kikultur.checks.language.gender import check_gender
from kikultur.web.findings_view import ApplyError, apply_suggestion, build_view, text_hash
from kikultur.web.templating import make_environment


def finding(check: str, kind: str, start: int, end: int, text: str, **extra: object) -> Finding:
    return Finding(check, kind, start, end, text[start:end], f"Hinweis {kind}", **extra)  # type: ignore[arg-type]


def render(source: str, **context: object) -> str:
    env: Environment = make_environment()
    env.globals.update(csrf_token="tok", csrf_field_name="csrf_token")
    return env.from_string('{% import "_findings.html" as fv with context %}' + source).render(
        **context
    )


TEXT = "Jeder Teilnehmer wird von der Leitung begrüßt. Danach <b>Kuchen</b> & Kaffee."


def overlapping() -> list[Finding]:
    return [
        finding("readability", "PASSIVE", 0, 46, TEXT),
        finding("gender", "GENERIC_MASCULINE", 0, 16, TEXT, suggestions=("Alle Teilnehmenden",)),
        # Crosses the sentence end: starts inside the first finding, ends after it.
        finding("facts", "NAME", 30, 55, TEXT, status="unsupported"),
        finding("privacy", "PERSON", 6, 16, TEXT, suggestions=("Platzhalter verwenden.",)),
    ]


def test_segments_cover_the_text_once_in_order_whatever_the_overlaps() -> None:
    view = build_view(TEXT, overlapping())
    assert "".join(s.text for s in view.segments) == TEXT
    covered = [(s.text, {v.finding.kind for v in s.findings}) for s in view.segments]
    assert covered[0] == ("Jeder ", {"PASSIVE", "GENERIC_MASCULINE"})
    assert covered[1] == ("Teilnehmer", {"PASSIVE", "GENERIC_MASCULINE", "PERSON"})
    assert ("Leitung begrüßt.", {"PASSIVE", "NAME"}) in covered
    # A span may end inside "<b>": the pieces are escaped separately.
    assert (" Danach <", {"NAME"}) in covered
    assert covered[-1] == ("b>Kuchen</b> & Kaffee.", set())


def test_marks_never_nest_and_every_finding_start_is_focusable_and_described() -> None:
    view = build_view(TEXT, overlapping())
    html = render("{{ fv.text(view) }}", view=view)
    body = html.split('<div class="finding-tips"')[0]
    assert "<mark" in body
    # No mark opens before the previous one closed.
    assert re.search(r"<mark[^>]*>[^<]*<mark", body) is None
    for item in view.findings:
        assert f'id="{item.anchor_id}"' in body
        assert f'id="{item.tip_id}"' in html
    focusable = re.findall(r'<mark [^>]*tabindex="0"[^>]*aria-describedby="([^"]+)"', body)
    assert len(focusable) == 3  # one per segment where findings start (two start at 0)
    for ids in focusable:
        for tip in ids.split():
            assert f'id="{tip}"' in html


def test_text_and_messages_are_html_escaped() -> None:
    start = TEXT.index("Kuchen")
    bad = Finding(
        "gender", "GENERIC_MASCULINE", start, start + 6, "Kuchen", "<img src=x onerror=alert(1)>",
        suggestions=('"><script>alert(2)</script>',),
    )  # fmt: skip
    view = build_view(TEXT, [bad])
    html = render("{{ fv.view(view, 'form-x') }}", view=view)
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "<img" not in html and "&lt;img src=x" in html
    assert "<script>" not in html
    assert "&amp; Kaffee" in html


def test_privacy_suggestions_are_advice_and_never_apply_buttons() -> None:
    view = build_view(TEXT, overlapping())
    person = next(v for v in view.findings if v.finding.kind == "PERSON")
    assert person.replacements == () and person.advice == ("Platzhalter verwenden.",)
    html = render("{{ fv.list(view, 'form-x') }}", view=view)
    buttons = re.findall(
        r'<button type="submit" class="suggestion" form="form-x" name="apply" value="([^"]+)"', html
    )
    assert buttons == ["0:16:Alle Teilnehmenden"]


def test_list_groups_by_check_in_fixed_order_and_counts_checks_without_findings() -> None:
    view = build_view(TEXT, overlapping(), checks=("gender", "sensitive", "readability"))
    assert [g.key for g in view.groups] == ["gender", "readability", "privacy", "facts"]
    counts = {key: n for key, _label, n in view.counts}
    assert counts == {"gender": 1, "sensitive": 0, "readability": 1, "privacy": 1, "facts": 1}
    html = render("{{ fv.summary(view) }}", view=view)
    assert "Sensible Begriffe: keine Hinweise" in html


def test_list_groups_by_kind_and_caller_block_adds_controls_per_finding() -> None:
    view = build_view(TEXT, overlapping(), group_by="kind", prefix="p")
    # Kinds in the order they first occur in the text.
    assert [g.label for g in view.groups] == [
        "Generisches Maskulinum",
        "Passiv",
        "Name einer Person",
        "Name",
    ]
    html = render("{% call(item) fv.list(view) %}<i>ctl-{{ item.id }}</i>{% endcall %}", view=view)
    assert html.count("<i>ctl-p-fund-") == 4
    assert 'id="p-gruppe-PASSIVE"' in html


def test_facts_show_status_and_source_pointer_with_value() -> None:
    claim = Finding(
        "facts", "TIME", 0, 5, "16 Uhr"[:5], "Widerspruch zur Quelle.", suggestions=("15 Uhr",),
        status="contradicted", severity="error",
        details={"source": "Eingabe „Beginn“", "source_value": "15 Uhr"},
    )  # fmt: skip
    view = build_view("16 Uh", [claim])
    html = render("{{ fv.view(view, 'form-x') }}", view=view)
    assert "finding--status-contradicted" in html
    assert "Quelle: Eingabe „Beginn“: „15 Uhr“" in html
    assert "Widerspruch" in html


def test_confirmed_facts_are_folded_below_the_ones_to_check() -> None:
    text = "Am 12. Juni um 16 Uhr."
    findings = [
        Finding("facts", "DATE", 3, 11, text[3:11], "Belegt.", status="verified", severity="info"),
        Finding("facts", "TIME", 14, 20, text[14:20], "Widerspruch.", status="contradicted"),
    ]
    view = build_view(text, findings)
    html = render("{{ fv.list(view) }}", view=view)
    open_part, folded = html.split('<details class="findings-confirmed">')
    assert "Widerspruch." in open_part and "Belegt." not in open_part
    assert "1 Angabe ist durch Ihre Quellen belegt – anzeigen" in folded
    assert "Belegt." in folded


def test_finding_without_text_position_is_listed_but_not_marked() -> None:
    alt = Finding("platform", "PLATFORM_LIMIT", 0, 0, "", "Bild 1 hat keinen Alternativtext.")
    view = build_view("Hallo", [alt])
    assert view.unlocated == (view.findings[0],)
    html = render("{{ fv.view(view) }}", view=view)
    assert "<mark" not in html.split("finding-tips")[0]
    assert "ohne Textstelle" in html


def test_apply_replaces_exactly_the_span_of_a_real_gender_suggestion() -> None:
    text = "Am Ende bekommt jeder Teilnehmer eine Urkunde."
    found = check_gender(text, CheckContext(gender_style="stern"))[0]
    view = build_view(text, [found])
    value = view.findings[0].apply_value(found.suggestions[0])
    result = apply_suggestion(text, value, view.text_hash)
    assert result == text[: found.start] + found.suggestions[0] + text[found.end :]
    assert result.startswith("Am Ende bekommt ") and result.endswith(" eine Urkunde.")


def test_apply_handles_colons_in_the_suggestion() -> None:
    assert apply_suggestion("ab cd", "3:5:Leser:innen", text_hash("ab cd")) == "ab Leser:innen"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0:2", "unvollständig"),
        ("x:2:neu", "unvollständig"),
        ("4:2:neu", "passt nicht"),
        ("0:99:neu", "passt nicht"),
    ],
)
def test_malformed_apply_values_are_refused_in_german(value: str, message: str) -> None:
    with pytest.raises(ApplyError, match=message):
        apply_suggestion("ab cd", value, text_hash("ab cd"))


def test_apply_on_a_changed_text_is_refused() -> None:
    with pytest.raises(ApplyError, match="seit der Prüfung geändert"):
        apply_suggestion("ab cd!", "0:2:xy", text_hash("ab cd"))


def test_apply_form_carries_text_hash_and_csrf_token() -> None:
    view = build_view("a < b", [])
    html = render("{{ fv.apply_form(view, 'f1', '/x', fields={'draft': 7}) }}", view=view)
    assert 'name="csrf_token" value="tok"' in html
    assert 'name="text" value="a &lt; b"' in html
    assert f'name="checked_hash" value="{view.text_hash}"' in html
    assert 'name="draft" value="7"' in html
