from kikultur.checks.facts.claims import Mask
from kikultur.checks.facts.contacts import extract_contacts, normalise_phone, normalise_url

from .conftest import finding_at, findings_for


def test_contacts_are_found_with_their_kind() -> None:
    text = "Infos: www.buewi.de, presse@buewi.de oder Telefon 040 752017-14."
    claims = extract_contacts(text, Mask(len(text)))
    assert [(c.sub, c.text) for c in claims] == [
        ("email", "presse@buewi.de"),
        ("url", "www.buewi.de"),
        ("phone", "040 752017-14"),
    ]


def test_contact_normalisation() -> None:
    assert normalise_url("https://www.Buewi.de/") == "buewi.de"
    assert normalise_phone("+49 40 752017-14") == normalise_phone("040 / 752017 14")


def test_same_contact_in_other_spelling_is_verified() -> None:
    found = findings_for("Anrufen: +49 40 75201714", sources=["Tel. 040 752017-14"])
    assert finding_at(found, "+49 40 75201714").status == "verified"


def test_changed_contact_is_contradicted() -> None:
    found = findings_for(
        "Mail an info@buewi.de, Web www.buewi-hamburg.de",
        sources=["presse@buewi.de, www.buewi.de"],
    )
    assert finding_at(found, "info@buewi.de").status == "contradicted"
    assert finding_at(found, "www.buewi-hamburg.de").details["source_value"] == "www.buewi.de"


def test_contact_without_any_source_contact_is_unsupported() -> None:
    found = findings_for("Mail an info@buewi.de", facts={"Ort": "Bürgerhaus"})
    assert finding_at(found, "info@buewi.de").status == "unsupported"


TEAM = {
    "name": "Bürgerhaus",
    "team": [
        {"name": "Ayşe Yılmaz", "role": "Leitung", "contact": ""},
        {"name": "Jonas Petersen", "role": "Technik", "contact": "040 123456"},
    ],
}


def test_another_persons_number_does_not_contradict_a_contact() -> None:
    found = findings_for("Ansprechpartnerin: Ayşe Yılmaz, Tel. 0176 12345678", factsheet=TEAM)
    phone = finding_at(found, "0176 12345678")
    assert phone.status == "unsupported"
    assert "040 123456" not in phone.message


def test_same_persons_other_number_is_contradicted() -> None:
    found = findings_for("Technik: Jonas Petersen, Tel. 040 654321", factsheet=TEAM)
    phone = finding_at(found, "040 654321")
    assert phone.status == "contradicted"
    assert phone.details["source_value"] == "040 123456"


def test_person_named_after_the_number_owns_it() -> None:
    found = findings_for("Anmeldung: Tel. 040 654321 (Jonas)", factsheet=TEAM)
    phone = finding_at(found, "040 654321")
    assert phone.status == "contradicted"
    assert phone.details["source_value"] == "040 123456"
    # Another person's number, named behind it, is no counter-evidence.
    found = findings_for("Anmeldung: Tel. 0176 12345678 – Ayşe Yılmaz", factsheet=TEAM)
    assert finding_at(found, "0176 12345678").status == "unsupported"


def test_contact_of_a_person_still_verifies_the_same_number_anywhere() -> None:
    found = findings_for("Fragen? Tel. 040 123456", factsheet=TEAM)
    assert finding_at(found, "040 123456").status == "verified"


def test_contact_without_a_person_is_compared_with_the_organisations_contact_only() -> None:
    found = findings_for("Fragen? Tel. 040 999999", factsheet=TEAM)
    assert finding_at(found, "040 999999").status == "unsupported"
    found = findings_for("Fragen? Tel. 040 999999", factsheet=TEAM, facts={"Telefon": "040 111111"})
    assert finding_at(found, "040 999999").status == "contradicted"
