"""Translation sections must be in their language."""

from __future__ import annotations

import pytest

from kikultur.checks.target_language import check_target_language, wrong_language

GERMAN = (
    "Am Samstag ist Sommerfest im Stadtteilgarten. Alle sind willkommen, der Eintritt ist frei "
    "und wir freuen uns auf die Nachbarschaft."
)
TRANSLATIONS = {
    "en": "On Saturday there is a summer party in the community garden. Everyone is welcome, "
    "admission is free and we look forward to seeing the neighbourhood.",
    "tr": "Cumartesi günü mahalle bahçesinde yaz şenliği var. Herkes davetlidir, giriş "
    "ücretsizdir ve komşularımızı görmek için sabırsızlanıyoruz.",
    "pl": "W sobotę w ogrodzie dzielnicowym odbędzie się letnie święto. Wszyscy są mile "
    "widziani, wstęp jest wolny.",
    "ru": "В субботу в районном саду пройдёт летний праздник. Все приглашены, вход свободный.",
    "uk": "У суботу в районному саду відбудеться літнє свято. Усі запрошені, вхід вільний.",
    "ar": "يوم السبت يقام مهرجان الصيف في حديقة الحي. الجميع مرحب بهم والدخول مجاني.",
    "fa": "روز شنبه جشن تابستانی در باغ محله برگزار می‌شود. همه خوش آمدید، ورود رایگان است.",
}


@pytest.mark.parametrize("language", sorted(TRANSLATIONS))
def test_a_real_translation_passes(language: str) -> None:
    assert wrong_language(TRANSLATIONS[language], language) is None


@pytest.mark.parametrize("language", sorted(TRANSLATIONS))
def test_the_german_source_under_a_language_heading_is_reported(language: str) -> None:
    (finding,) = check_target_language(GERMAN, language, "Zielsprache")
    assert finding.kind == "WRONG_LANGUAGE" and finding.severity == "error"
    assert "Dieser Abschnitt soll Zielsprache sein." in finding.message
    assert (finding.start, finding.end) == (0, len(GERMAN))


def test_russian_written_for_ukrainian_is_reported() -> None:
    assert wrong_language(TRANSLATIONS["ru"] + " Это было хорошо.", "uk") is not None


def test_short_sections_are_not_judged() -> None:
    assert wrong_language("Der Garten.", "tr") is None
