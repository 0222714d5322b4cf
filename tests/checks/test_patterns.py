"""Splitting a word-list pattern into its top-level alternatives."""

from __future__ import annotations

import pytest

from kikultur.checks.patterns import top_level_alternatives


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("a|b(?:c|d)|e", ["a", "b(?:c|d)", "e"]),
        (r"a\|b|c", [r"a\|b", "c"]),
        (r"\(a|b\)", [r"\(a", r"b\)"]),
        ("[|]x|y", ["[|]x", "y"]),
        ("[]|]x|y", ["[]|]x", "y"]),
        ("[^]|]x|y", ["[^]|]x", "y"]),
        ("(a|[)])|c", ["(a|[)])", "c"]),
        ("[a[]|b", ["[a[]", "b"]),
        ("", [""]),
    ],
)
def test_bars_inside_groups_classes_and_escapes_do_not_split(
    pattern: str, expected: list[str]
) -> None:
    assert top_level_alternatives(pattern) == expected
