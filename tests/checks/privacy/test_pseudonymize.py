"""Pseudonymisation round trip, inflection, consistent placeholders, and the shield."""

from __future__ import annotations

import pytest

from kikultur.checks.findings import CheckContext
from kikultur.checks.privacy import detect
from kikultur.checks.privacy.pseudonymize import Vault, preview, pseudonymize, restore, shield
from kikultur.llm.messages import (
    ChatMessage,
    DataClass,
    ShieldedMessages,
    ShieldRequiredError,
    require_shield_for,
)

BRIEF = (
    "Pressetext zum Nachbarschaftsfest. Kontakt: Frau Ayşe Yılmaz, ayse.yilmaz@example.org, "
    "Tel. 0170 1234567. Spenden an DE89 3704 0044 0532 0130 00. Die Kasse führt Kwame Mensah, "
    "Veringstraße 12, 21107 Hamburg, geb. 03.04.1971, Steuer-ID 36 574 261 809. "
    "Frau Yılmaz hat Diabetes."
)
ORIGINALS = [
    "Ayşe Yılmaz",
    "Yılmaz",
    "ayse.yilmaz@example.org",
    "0170 1234567",
    "DE89 3704 0044 0532 0130 00",
    "Kwame Mensah",
    "Veringstraße 12",
    "03.04.1971",
    "36 574 261 809",
    "Diabetes",
]


def _pseudo(text: str, vault: Vault) -> str:
    return pseudonymize(text, detect(text, CheckContext()), vault)


def test_round_trip_gives_back_the_original_text() -> None:
    vault = Vault()
    masked = _pseudo(BRIEF, vault)
    for value in ORIGINALS:
        assert value not in masked
    assert restore(masked, vault) == BRIEF


def test_title_stays_outside_the_placeholder_and_same_person_same_placeholder() -> None:
    vault = Vault()
    masked = _pseudo("Ayşe Yılmaz leitet. Frau Yılmaz lädt ein.", vault)
    assert masked == "[NAME_1] leitet. Frau [NAME_1] lädt ein."


def test_same_value_same_placeholder_across_texts_of_one_draft() -> None:
    vault = Vault()
    first = _pseudo("Kontakt: Kwame Mensah, kwame@example.org", vault)
    second = _pseudo("Bitte Kwame Mensah fragen, oder Frau Quandt.", vault)
    assert first == "Kontakt: [NAME_1], [EMAIL_1]"
    assert second == "Bitte [NAME_1] fragen, oder Frau [NAME_2]."


def test_value_known_from_an_earlier_text_is_replaced_even_if_detection_misses_it() -> None:
    vault = Vault()
    _pseudo("Frau Blauvogel kommt.", vault)
    assert pseudonymize("Blauvogel bringt Kuchen.", [], vault) == "[NAME_1] bringt Kuchen."


def test_restore_handles_genitive_and_mangled_placeholders() -> None:
    vault = Vault()
    _pseudo("Thomas Müller und Klaus Weber kommen.", vault)
    reply = "[NAME_1]s Rede, [Name_2]s Idee, [NAME 1] und [ name-2 ] danken. [NAME_7] bleibt."
    assert restore(reply, vault) == (
        "Thomas Müllers Rede, Klaus Webers Idee, Thomas Müller und Klaus Weber danken. "
        "[NAME_7] bleibt."
    )


def test_genitive_after_s_sound_takes_an_apostrophe() -> None:
    vault = Vault()
    _pseudo("Herr Kraus kommt.", vault)
    assert restore("Herrn [NAME_1]s Rede", vault) == "Herrn Kraus’ Rede"


def test_vault_survives_json_and_keeps_counting() -> None:
    vault = Vault()
    _pseudo("Ayşe Yılmaz, ayse@example.org", vault)
    loaded = Vault.from_json(vault.to_json())
    assert loaded.to_dict() == vault.to_dict()
    assert _pseudo("Kwame Mensah", loaded) == "[NAME_2]"


def test_shield_seals_messages_and_counts_kinds_without_values() -> None:
    vault = Vault()
    messages = [
        ChatMessage("system", "Du schreibst Pressetexte."),
        ChatMessage("user", BRIEF),
    ]
    shielded = shield(messages, vault)
    assert isinstance(shielded, ShieldedMessages)
    sent = require_shield_for(DataClass.third_country, shielded)
    body = "\n".join(m.content for m in sent)
    for value in ORIGINALS:
        assert value not in body
    assert shielded.replaced_counts["PERSON"] >= 3
    assert shielded.replaced_counts["EMAIL"] == 1
    assert all(isinstance(v, int) for v in shielded.replaced_counts.values())
    assert not any(value in repr(dict(shielded.replaced_counts)) for value in ORIGINALS)
    # The model answers with placeholders; restoring gives the real values back.
    reply = sent[1].content.replace("Pressetext", "Einladung")
    assert "Ayşe Yılmaz" in restore(reply, vault)


def test_plain_messages_to_a_third_country_provider_are_refused() -> None:
    with pytest.raises(ShieldRequiredError):
        require_shield_for(DataClass.third_country, [ChatMessage("user", BRIEF)])


def test_preview_shows_replacements_without_changing_the_vault() -> None:
    vault = Vault()
    planned = preview("Frau Ayşe Yılmaz kommt.", vault)
    assert [(r.kind, r.value, r.placeholder) for r in planned] == [
        ("PERSON", "Ayşe Yılmaz", "[NAME_1]")
    ]
    assert vault.entries == {}


def test_ignored_terms_pass_the_shield_unchanged() -> None:
    shielded = shield(
        [ChatMessage("user", "Frau Ayşe Yılmaz kommt.")], Vault(), ignored_terms=["Ayşe Yılmaz"]
    )
    assert shielded.messages[0].content == "Frau Ayşe Yılmaz kommt."


def test_first_name_alone_keeps_the_persons_number_and_restores_as_first_name() -> None:
    vault = Vault()
    text = "Kontakt: Ayşe Yılmaz.\n\nLiebe Ayşe, danke!"
    masked = _pseudo(text, vault)
    assert masked == "Kontakt: [NAME_1].\n\nLiebe [VORNAME_1], danke!"
    assert restore(masked, vault) == text
    assert restore("[Vorname_1]s Idee", vault) == "Ayşes Idee"


def test_streamed_reply_is_restored_even_when_a_placeholder_is_split() -> None:
    from kikultur.checks.privacy.pseudonymize import StreamRestorer

    vault = Vault()
    _pseudo("Herr Kraus und Thomas Müller kommen.", vault)
    reply = "Dank an Herrn [NAME_1]s Team und [NAME_2]. Ende [ohne Platzhalter]."
    for size in (1, 2, 3, 5, 8):
        restorer = StreamRestorer(vault)
        chunks = [reply[i : i + size] for i in range(0, len(reply), size)]
        streamed = "".join(restorer.feed(c) for c in chunks) + restorer.flush()
        assert streamed == restore(reply, vault)
    assert "Herrn Kraus’ Team und Thomas Müller" in restore(reply, vault)


def test_streamed_reply_keeps_the_short_form_after_a_title_like_restore() -> None:
    from kikultur.checks.privacy.pseudonymize import StreamRestorer

    vault = Vault()
    _pseudo("Ayşe Yılmaz leitet. Frau Yılmaz lädt ein.", vault)
    reply = "Frau [NAME_1] begrüßt alle; [NAME_1] moderiert."
    restorer = StreamRestorer(vault)
    streamed = "".join(restorer.feed(c) for c in reply) + restorer.flush()
    assert streamed == restore(reply, vault) == "Frau Yılmaz begrüßt alle; Ayşe Yılmaz moderiert."
