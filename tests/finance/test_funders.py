from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kikultur.finance.funders import (
    FunderProfile,
    FunderProfileError,
    builtin_profiles,
    copy_profile,
    load_profiles,
    next_deadline,
    profile_from_mapping,
    profile_from_yaml,
    profile_to_yaml,
    upcoming_deadlines,
)

STANDARD_SECTIONS = [
    "kurzbeschreibung",
    "bedarf",
    "ziele",
    "zielgruppe",
    "massnahmen",
    "partner",
    "oeffentlichkeitsarbeit",
    "nachhaltigkeit",
    "barrierefreiheit",
]


@pytest.fixture(scope="module")
def profiles() -> dict[str, FunderProfile]:
    return builtin_profiles()


def test_every_funder_of_the_issue_has_a_valid_profile(
    profiles: dict[str, FunderProfile],
) -> None:
    assert set(profiles) == {
        "hamburg-stadtteilkultur",
        "quartiersfonds",
        "elbkulturfonds",
        "fonds-soziokultur",
        "aktion-mensch-kunst-kultur",
        "allgemein",
    }
    for profile in profiles.values():
        assert [s.id for s in profile.sections] == STANDARD_SECTIONS
        assert all(s.title and s.guidance and s.max_chars for s in profile.sections)
        assert profile.section("kurzbeschreibung").max_chars <= 1500  # type: ignore[union-attr]
        goals = profile.section("ziele")
        assert goals is not None and (goals.min_items, goals.max_items) == (2, 4)
        assert set(goals.criteria) == {c.id for c in profile.criteria}
        assert profile.checked


def test_stadtteilkultur_carries_its_four_criteria_and_the_not_started_rule(
    profiles: dict[str, FunderProfile],
) -> None:
    profile = profiles["hamburg-stadtteilkultur"]
    titles = [c.title for c in profile.criteria]
    assert titles == [
        "Austausch zwischen kulturellen Milieus",
        "Schwellen zur Kunst senken",
        "Menschen im Stadtteil werden selbst aktiv",
        "Öffentlichkeit über die Antragstellenden hinaus",
    ]
    assert profile.has_rule("project_not_started")


def test_funder_limits_are_carried_as_exact_data(profiles: dict[str, FunderProfile]) -> None:
    soziokultur = profiles["fonds-soziokultur"]
    assert soziokultur.amount_min == Decimal("5000.00")
    assert soziokultur.amount_max == Decimal("30000.00")
    assert soziokultur.max_funding_rate == Decimal("80.00")
    assert soziokultur.has_rule("attachments_not_read")
    assert profiles["quartiersfonds"].amount_max == Decimal("15000.00")
    assert profiles["quartiersfonds"].covers_running_costs
    assert profiles["aktion-mensch-kunst-kultur"].amount_max == Decimal("10000.00")
    elbe = profiles["elbkulturfonds"]
    assert elbe.min_total_costs == Decimal("50000.00")
    assert "lebenslaeufe" in {a.id for a in elbe.required_attachments}
    assert elbe.has_rule("balanced_plan")


def test_copy_profile_adapts_and_validates(profiles: dict[str, FunderProfile]) -> None:
    original = profiles["quartiersfonds"]
    mine = copy_profile(
        original,
        "quartiersfonds-altona",
        {"name": "Quartiersfonds Altona", "amount_max": "12.000,00"},
        section_changes={"kurzbeschreibung": {"max_chars": 900}},
    )
    assert mine.id == "quartiersfonds-altona"
    assert mine.based_on == "quartiersfonds"
    assert mine.amount_max == Decimal("12000.00")
    assert mine.section("kurzbeschreibung").max_chars == 900  # type: ignore[union-attr]
    assert mine.section("bedarf") == original.section("bedarf")
    assert original.amount_max == Decimal("15000.00")  # the original is untouched


def test_copy_profile_refuses_invalid_changes_in_german(
    profiles: dict[str, FunderProfile],
) -> None:
    original = profiles["fonds-soziokultur"]
    with pytest.raises(FunderProfileError) as info:
        copy_profile(original, "kaputt", {"amount_min": "40000"})
    assert "„amount_min“ ist größer als „amount_max“." in str(info.value)
    with pytest.raises(FunderProfileError) as info:
        copy_profile(original, "Kein Slug!")
    assert "id: Die Angabe hat eine ungültige Form." in str(info.value)
    with pytest.raises(FunderProfileError) as info:
        copy_profile(original, "neu", section_changes={"gibtsnicht": {"max_chars": 1}})
    assert "Unbekannte Abschnitte: gibtsnicht." in str(info.value)


def test_profile_yaml_round_trip_for_an_admin_to_edit(
    profiles: dict[str, FunderProfile],
) -> None:
    for profile in profiles.values():
        assert profile_from_yaml(profile_to_yaml(profile)) == profile


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"name": None}, "name: Bitte Text angeben."),
        ({"sections": []}, "sections: Bitte ausfüllen."),
        ({"farbe": "blau"}, "farbe: Diese Angabe ist unbekannt."),
        ({"amount_max": "viel"}, "„viel“ ist kein gültiger Betrag"),
        ({"max_funding_rate": "120"}, "Prozentsatz über 0 und bis 100"),
        ({"url": "kein link"}, "url: Die Angabe hat eine ungültige Form."),
        (
            {"deadlines": [{"kind": "jaehrlich", "month": 2, "day": 29}]},
            "Der 29. Februar ist keine jährliche Frist.",
        ),
        (
            {"deadlines": [{"kind": "jaehrlich", "month": 4, "day": 31}]},
            "31.4. ist kein gültiges Datum.",
        ),
        ({"deadlines": [{"kind": "text"}]}, "Eine Frist als Text braucht „note“."),
        (
            {"deadlines": [{"kind": "bald"}]},
            "Bitte einen der angebotenen Werte wählen. Erlaubt: jaehrlich, datum",
        ),
    ],
)
def test_invalid_profiles_get_german_messages(
    profiles: dict[str, FunderProfile], change: dict[str, object], fragment: str
) -> None:
    data = profiles["allgemein"].model_dump(mode="json")
    data.update(change)
    with pytest.raises(FunderProfileError) as info:
        profile_from_mapping(data)
    assert fragment in str(info.value), info.value.problems


def test_section_criteria_must_exist(profiles: dict[str, FunderProfile]) -> None:
    data = profiles["allgemein"].model_dump(mode="json")
    data["criteria"] = []
    with pytest.raises(FunderProfileError) as info:
        profile_from_mapping(data)
    assert "Abschnitt „ziele“ nennt unbekannte Kriterien" in str(info.value)


def test_load_profiles_collects_problems_of_all_files(tmp_path: Path) -> None:
    good = builtin_profiles()["allgemein"]
    (tmp_path / "gut.yaml").write_text(profile_to_yaml(good), encoding="utf-8")
    (tmp_path / "kaputt.yaml").write_text("id: [unfertig", encoding="utf-8")
    (tmp_path / "leer.yaml").write_text("", encoding="utf-8")
    (tmp_path / "binaer.yaml").write_bytes(b"\xff\xfe\x00id")
    with pytest.raises(FunderProfileError) as info:
        load_profiles(tmp_path)
    text = str(info.value)
    assert "kaputt.yaml" in text and "kein gültiges YAML" in text
    assert "leer.yaml: Ein Förderprofil muss eine Zuordnung" in text
    assert "binaer.yaml" in text
    (tmp_path / "kaputt.yaml").unlink()
    (tmp_path / "leer.yaml").unlink()
    (tmp_path / "binaer.yaml").unlink()
    assert set(load_profiles(tmp_path)) == {"allgemein"}


def test_upcoming_deadlines_are_sorted_and_wrap_into_next_year(
    profiles: dict[str, FunderProfile],
) -> None:
    upcoming = upcoming_deadlines(profiles.values(), date(2026, 11, 27))
    dated = [d for d in upcoming if d.date is not None]
    assert [(d.profile_id, d.date) for d in dated] == [
        ("fonds-soziokultur", date(2027, 5, 2)),
        ("fonds-soziokultur", date(2027, 11, 2)),
    ]
    assert dated[0].days_left == 156
    # Rolling and text-only deadlines come after the dated ones.
    assert upcoming[: len(dated)] == dated
    assert {d.profile_id for d in upcoming[len(dated) :]} >= {"quartiersfonds", "elbkulturfonds"}


def test_deadline_on_the_day_itself_counts_as_upcoming(
    profiles: dict[str, FunderProfile],
) -> None:
    deadline = next_deadline(profiles["fonds-soziokultur"], date(2026, 11, 2))
    assert deadline is not None and deadline.date == date(2026, 11, 2)
    assert deadline.days_left == 0


def test_horizon_limits_dated_deadlines(profiles: dict[str, FunderProfile]) -> None:
    soon = upcoming_deadlines([profiles["fonds-soziokultur"]], date(2026, 4, 1), horizon_days=40)
    assert [d.date for d in soon] == [date(2026, 5, 2)]
    fixed = copy_profile(
        profiles["allgemein"], "stiftung", {"deadlines": [{"kind": "datum", "on": "2026-03-01"}]}
    )
    assert upcoming_deadlines([fixed], date(2026, 3, 2)) == []
    assert upcoming_deadlines([fixed], date(2026, 3, 1))[0].days_left == 0
