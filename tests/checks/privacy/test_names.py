"""Person names: own people, titles, name lists of many origins, particles, signatures."""

from __future__ import annotations

import pytest

from tests.checks.privacy.conftest import found


@pytest.mark.parametrize(
    "name",
    [
        "Ayşe Yılmaz",  # Turkish
        "Mohammed al-Hassan",  # Arabic with al-
        "Małgorzata Kowalczyk",  # Polish
        "Olena Kovalenko",  # Ukrainian
        "Nguyễn Thị Lan",  # Vietnamese
        "Kwame Mensah",  # Ghanaian
        "Anna-Lena Petersen",  # hyphenated forename
        "Jana Petersen-Okafor",  # hyphenated surname
    ],
)
def test_international_full_names_are_found(name: str) -> None:
    assert found(f"Beim Treffen hat {name} den Plan vorgestellt.", "PERSON") == [name]


def test_particles_belong_to_the_name() -> None:
    assert found("Das Grußwort spricht Anna von der Heide.", "PERSON") == ["Anna von der Heide"]


def test_title_stays_outside_and_unknown_surname_after_title_is_found() -> None:
    assert found("Wir danken Frau Okonkwo-Biney und Herrn Dr. Szymański.", "PERSON") == [
        "Okonkwo-Biney",
        "Szymański",
    ]


def test_role_before_name_is_not_part_of_the_name() -> None:
    assert found("Ansprechpartnerin: Fatma Demir", "PERSON") == ["Fatma Demir"]
    assert found("Umweltminister Sigmar Gabriel sagte das.", "PERSON") == ["Sigmar Gabriel"]


def test_signature_line_after_greeting_is_a_name() -> None:
    text = "Bis bald!\n\nViele Grüße\nKofi Agyekum\n"
    assert found(text, "PERSON") == ["Kofi Agyekum"]


def test_own_people_from_context_are_found_even_alone() -> None:
    from kikultur.checks.findings import CheckContext
    from kikultur.checks.privacy import detect

    context = CheckContext(people=["Birte Quandt"])
    texts = [f.text for f in detect("Quandt bringt den Beamer mit.", context)]
    assert texts == ["Quandt"]


def test_later_mention_of_a_surname_is_found() -> None:
    text = "Hülya Aksoy leitet den Chor. Später sagt Aksoy, dass alle kommen."
    assert found(text, "PERSON") == ["Hülya Aksoy", "Aksoy"]


def test_attendance_list_names_are_found() -> None:
    text = "Anwesend: Jobst Brinkhaus, Sylwia Kinal und Herr Wulff\n"
    assert found(text, "PERSON") == ["Jobst Brinkhaus", "Sylwia Kinal", "Wulff"]


def test_name_column_of_registration_list() -> None:
    text = "Name;Ort\nJobst Brinkhaus;Kiel\nLütfi Çorlu;Hamburg\n"
    assert found(text, "PERSON") == ["Jobst Brinkhaus", "Lütfi Çorlu"]


@pytest.mark.parametrize(
    "text",
    [
        "Das Bürgerhaus Wilhelmsburg lädt zum Stadtteilfest ein.",
        "Der Garten blüht im Mai, die Kultur im Stadtteil lebt.",
        "Die Ausstellung im Museum der Arbeit beginnt am Montag.",
        "Die Förderung durch die Behörde für Kultur und Medien ist bewilligt.",
        "Liebe Kolleginnen und Kollegen, die Sitzung beginnt um 18 Uhr.",
    ],
)
def test_common_nouns_places_and_organisations_are_not_names(text: str) -> None:
    assert found(text, "PERSON") == []


def test_user_can_add_and_unmark_terms() -> None:
    text = "Der Künstler Blauvogel und Maria kommen."
    assert "Blauvogel" in found(text, "PERSON", extra_terms=["Blauvogel"])
    assert "Maria" not in found(text, "PERSON", ignored_terms=["maria"])
