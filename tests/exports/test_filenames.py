"""File name stems from titles and their ASCII form for old download clients."""

from __future__ import annotations

import unicodedata

from kikultur.exports.filenames import ascii_filename, safe_stem


def test_safe_stem_keeps_umlauts_and_replaces_other_characters_by_one_dash() -> None:
    assert safe_stem("Förderantrag: Bürgerhaus / Straße 2026!", "x") == (
        "Förderantrag-Bürgerhaus-Straße-2026"
    )
    assert safe_stem("Café Élan", "x") == "Café-Élan"


def test_safe_stem_of_a_decomposed_title_keeps_the_letter() -> None:
    decomposed = unicodedata.normalize("NFD", "Bürgerhaus")
    assert safe_stem(decomposed, "x") == "Bürgerhaus"


def test_safe_stem_without_letters_is_the_fallback() -> None:
    assert safe_stem("", "entwurf") == "entwurf"
    assert safe_stem("?!/ «»", "finanzplan") == "finanzplan"


def test_safe_stem_is_cut_and_does_not_end_with_a_dash() -> None:
    stem = safe_stem("a" * 59 + " b" * 20, "x")
    assert stem == "a" * 59
    assert len(safe_stem("Wort " * 40, "x")) <= 60


def test_ascii_filename_spells_german_letters_out() -> None:
    assert ascii_filename("Förderantrag_Bürgerhaus_Straße.docx") == (
        "Foerderantrag_Buergerhaus_Strasse.docx"
    )
    assert ascii_filename("Café.md") == "Cafe.md"


def test_ascii_filename_has_no_quote_backslash_or_line_break() -> None:
    name = ascii_filename('a"b\\c\r\nd/e%f€.txt')
    assert name == "a_b_c__d_e_f_.txt"
    assert ascii_filename("北京") == "__" and ascii_filename("") == "download"
