from kikultur.checks.facts.extract import extract_claims

from .conftest import finding_at, findings_for


def names(text: str, known: frozenset[str] | None = frozenset()) -> list[str]:
    return [c.text for c in extract_claims(text, known) if c.kind == "NAME"]


def test_persons_and_organisations_are_names() -> None:
    assert names("Heute spricht Anna Schmidt im Bürgerhaus Wilhelmsburg.") == [
        "Anna Schmidt",
        "Bürgerhaus Wilhelmsburg",
    ]


def test_role_noun_is_not_part_of_the_name() -> None:
    assert names("sagt Projektleiterin Leyla Demir heute") == ["Leyla Demir"]


def test_plain_nouns_are_no_names() -> None:
    assert names("Die Ausstellung zeigt Fotografien. Kinder und Jugendliche sind willkommen.") == []
    assert names("Er ist seit Jahren Stammgast im Haus.") == []


def test_two_people_joined_by_und_are_two_names() -> None:
    assert names("mit Anna Schmidt und Peter Müller") == ["Anna Schmidt", "Peter Müller"]


def test_titles_of_works_in_quotation_marks() -> None:
    claims = [c for c in extract_claims("Sie liest aus „Die Elbe hinauf“ vor.") if c.kind == "NAME"]
    assert [(c.text, c.sub) for c in claims] == [("„Die Elbe hinauf“", "title")]


def test_known_name_is_verified_and_changed_name_contradicted() -> None:
    sources = ["Leitung: Anna Schmidt. Ort: Bürgerhaus Wilhelmsburg."]
    found = findings_for("Anna Schulz lädt ins Bürgerhaus Wilhelmsburg ein.", sources=sources)
    assert finding_at(found, "Bürgerhaus Wilhelmsburg").status == "verified"
    changed = finding_at(found, "Anna Schulz")
    assert changed.status == "contradicted"
    assert changed.details["source_value"] == "Anna Schmidt"


def test_similar_surnames_are_not_the_same_person() -> None:
    found = findings_for("Es spricht Stefanie Krause.", sources=["Grußwort: Stefanie Kraus"])
    assert finding_at(found, "Stefanie Krause").status == "contradicted"
    found = findings_for("Es spricht Sabine Peters.", sources=["Hausleiterin Sabine Petersen"])
    assert finding_at(found, "Sabine Peters").status == "contradicted"


def test_unknown_person_is_unsupported() -> None:
    found = findings_for("Es spricht Hartmut Brosda.", sources=["Musik: Trio Elbklang"])
    assert finding_at(found, "Hartmut Brosda").status == "unsupported"


def test_name_changed_in_a_known_organisation_is_flagged() -> None:
    found = findings_for(
        "Es spielt der Zirkus Simsalabim.", sources=["Kinderprogramm mit dem Zirkus Abrakadabra"]
    )
    assert finding_at(found, "Zirkus Simsalabim").status in ("contradicted", "unsupported")


def test_known_name_followed_by_plain_nouns_is_verified_as_the_name() -> None:
    found = findings_for(
        "Die Bücherhalle Barmbek holt Hamburger Autorinnen in den Stadtteil.",
        facts={"Ort": "Bücherhalle Barmbek, Poppenhusenstraße 12"},
    )
    finding = next(f for f in found if f.kind == "NAME")
    assert finding.status == "verified"
    assert finding.text == "Bücherhalle Barmbek"


def test_a_known_name_is_not_confirmed_by_its_first_half() -> None:
    found = findings_for("Es führt Dr. Ulrike Kemmer.", sources=["Leitung: Dr. Ulrike Kemper"])
    assert finding_at(found, "Dr. Ulrike Kemmer").status == "contradicted"


def test_inflected_organisation_word_still_matches() -> None:
    found = findings_for(
        "Nachbarschaftspreis Wandsbek: drei Sieger.",
        facts={"Anlass": "Verleihung des Nachbarschaftspreises Wandsbek"},
    )
    assert finding_at(found, "Nachbarschaftspreis Wandsbek").status == "verified"


def test_narrowed_name_keeps_exact_offsets_each_time_it_occurs() -> None:
    text = "Fotograf Dariusz Nowak zeigt Bilder. Später spricht Fotograf Dariusz Nowak."
    found = findings_for(text, sources=["Interview-Notiz, Dariusz Nowak: Ausstellung"])
    names = [f for f in found if f.kind == "NAME"]
    assert [f.text for f in names] == ["Dariusz Nowak", "Dariusz Nowak"]
    assert all(text[f.start : f.end] == f.text and f.status == "verified" for f in names)


def test_forenames_that_are_german_words_are_not_names_alone() -> None:
    assert names("Ihr dritter Roman erscheint im Herbst.") == []
