from kikultur.finance.funders import Section
from kikultur.finance.sections import check_section, count_section

SHORT = Section(id="kurz", title="Kurzbeschreibung", max_chars=10, limit_source="foerderer")


def test_counter_shows_remaining_characters_including_spaces() -> None:
    count = count_section("Ein Chor\n", SHORT)
    assert (count.length, count.remaining, count.over) == (9, 1, False)
    assert count_section("x" * 11, SHORT).remaining == -1


def test_text_over_the_limit_is_marked_from_the_limit_to_the_end() -> None:
    text = "Ein Chor für alle"
    [finding] = check_section(text, SHORT)
    assert finding.kind == "section_too_long"
    assert (finding.start, finding.end) == (10, len(text))
    assert finding.text == text[10:] == "ür alle"
    assert finding.severity == "error"
    assert (
        finding.message
        == "Der Abschnitt „Kurzbeschreibung“ hat 17 Zeichen; erlaubt sind 10 (7 zu viel)."
    )


def test_assumed_limits_only_warn_and_text_at_the_limit_passes() -> None:
    assumed = Section(id="kurz", title="Kurz", max_chars=10)
    assert check_section("x" * 10, assumed) == []
    assert check_section("x" * 11, assumed)[0].severity == "warning"


def test_empty_required_section_is_reported() -> None:
    assert [f.kind for f in check_section("  \n", SHORT)] == ["section_empty"]
    optional = Section(id="partner", title="Partner", required=False)
    assert check_section("", optional) == []
