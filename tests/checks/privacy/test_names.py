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


@pytest.mark.parametrize(
    "text, name",
    [
        ("Nach dem Treffen lobte Merkel die Einigung.", "Merkel"),
        ("Die Rede von Stalin wurde übersetzt.", "Stalin"),
    ],
)
def test_listed_surname_alone_is_a_name_when_its_form_is_no_common_word(
    text: str, name: str
) -> None:
    assert found(text, "PERSON") == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Er hat immer einen Kopf voller Ideen.",
        "Der Kampf um die Förderung geht weiter.",
        "Am Abend geht im Saal das Licht aus.",
        "Sie packt ihren Koffer für die Reise.",
    ],
)
def test_surname_that_is_a_common_german_noun_is_not_a_name(text: str) -> None:
    assert found(text, "PERSON") == []


def test_noun_for_a_person_before_a_name_is_a_role_outside_the_span() -> None:
    assert found("Der Rapper Alpa Gun tritt auf.", "PERSON") == ["Alpa Gun"]
    assert found("Sein Vorgänger Steinmeier war dabei.", "PERSON") == ["Steinmeier"]


def test_a_common_noun_after_a_role_is_no_name() -> None:
    assert found("Für den Fotografen zählt Zentimeter um Zentimeter.", "PERSON") == []
    assert found("So arbeitet der Fotograf Zentimeter für Zentimeter.", "PERSON") == []


def test_role_before_von_names_a_place_not_a_person() -> None:
    assert found("Der Bischof von Limburg kommt zum Fest.", "PERSON") == []


def test_forenames_from_fakers_lists_are_names_even_alone() -> None:
    text = "Die Führung übernimmt Gwendolyn Okonkwo. Danach spricht Thaddeus."
    assert found(text, "PERSON") == ["Gwendolyn Okonkwo", "Thaddeus"]


@pytest.mark.parametrize("word", ["Art", "Mal", "Red", "Ramadan"])
def test_listed_names_that_are_mostly_common_words_are_no_names(word: str) -> None:
    # Faker lists these as forenames or surnames; as words they are far more common.
    from kikultur.checks.privacy.gazetteers import forenames, surnames

    assert word not in forenames()
    assert word not in surnames()


def test_dot_of_an_initial_or_regnal_number_belongs_to_the_name() -> None:
    assert found("Derweil freut sich Nico G. auf das Spiel.", "PERSON") == ["Nico G."]
    assert found("1966 kam Elisabeth II. nach Hamburg.", "PERSON") == ["Elisabeth II."]
    assert found("Das sagte Ayşe Yılmaz.", "PERSON") == ["Ayşe Yılmaz"]


def test_name_ends_after_a_genitive_before_a_common_noun() -> None:
    assert found("Er half bei Heidi Klums Modelsuche.", "PERSON") == ["Heidi Klums"]
    # A forename ending in s is no genitive: "Andreas Leisdon" is one name.
    assert found("Das erklärt Andreas Leisdon gern.", "PERSON") == ["Andreas Leisdon"]


def test_name_ends_before_a_role_word() -> None:
    text = "Das wussten Merkels Parteikollegen Laschet und der CVP-Ständerat Eugen David."
    assert found(text, "PERSON") == ["Merkels", "Laschet", "Eugen David"]


def test_short_kinship_words_are_roles_before_a_name() -> None:
    assert found("Dann kam Onkel Brzęczek mit Opa Wąsowicz.", "PERSON") == [
        "Brzęczek",
        "Wąsowicz",
    ]


def test_unknown_name_as_speaker_at_the_clause_end() -> None:
    assert found("Das sei gut so, sagte Brzęczyszczykiewicz.", "PERSON") == ["Brzęczyszczykiewicz"]
    # A common noun after a verb of speech stays a noun.
    assert found("Das sagte Bescheid.", "PERSON") == []


def test_english_and_spanish_titles_stay_outside_the_name() -> None:
    assert found("Gestern war Miss Okonjo hier.", "PERSON") == ["Okonjo"]


def test_spanish_particles_join_the_name() -> None:
    assert found("Es tanzte Pedro de la Cruz.", "PERSON") == ["Pedro de la Cruz"]


def test_surname_with_a_noun_ending_after_a_forename() -> None:
    assert found("Den Preis erhielt Nico Hülkenberg.", "PERSON") == ["Nico Hülkenberg"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Das Stadtteilkulturzentrum Motte lädt ein.", []),
        ("Die Feier ist im Bürgersaal Wandsbek, dann in Barmbek.", []),
        (
            "Es lesen Marion Stüben von der Bücherhalle Wandsbek und Ole Jaspers.",
            ["Marion Stüben", "Ole Jaspers"],
        ),
        ("Das Buch ist im Mare Verlag erschienen.", []),
        ("Der Wal landete im Hamburger Hafen bei den Altonaer Filmfreunden.", []),
        ("Wir zeigen Klassiker. Einlass ist ab 20 Uhr.", []),
        ("Den ersten Preis erhält die Initiative.", []),
        ("Zuletzt erschien „Nachtzug nach Odessa“.", []),
        ("Am Mittwoch liest Finn-Ole Heinrich aus seinem Buch.", ["Finn-Ole Heinrich"]),
    ],
)
def test_places_and_institutions_of_hamburg_texts_are_no_names(text: str, names: list[str]) -> None:
    assert found(text, "PERSON") == names


def test_a_very_common_german_word_after_a_forename_is_no_surname_and_not_spread() -> None:
    # Model output can put any noun after a forename; "Antwort" must not become a name
    # that is then marked everywhere in the draft.
    text = "Klara Antwort sagt ja. Die Antwort kam schnell. Eine Antwort von Frau Yılmaz."
    assert found(text, "PERSON") == ["Klara", "Yılmaz"]
