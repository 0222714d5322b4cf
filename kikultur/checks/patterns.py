"""Reading regular expressions of the word lists: the alternatives of a pattern's top level."""

from __future__ import annotations


def top_level_alternatives(pattern: str) -> list[str]:
    """`a|b(?:c|d)|[|]e` -> ["a", "b(?:c|d)", "[|]e"]: splits only at bars outside groups and
    character classes; escaped characters (`\\|`, `\\(`) count as letters."""
    alternatives: list[str] = []
    current: list[str] = []
    depth = 0
    class_start = -1  # where the character class we are in began, -1 outside one
    escaped = False
    for index, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif class_start >= 0:
            # A "]" right after "[" or "[^" is a letter of the class, not its end.
            first = class_start + (2 if pattern[class_start + 1 : class_start + 2] == "^" else 1)
            if char == "]" and index > first:
                class_start = -1
        elif char == "[":
            class_start = index
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            alternatives.append("".join(current))
            current = []
            continue
        current.append(char)
    alternatives.append("".join(current))
    return alternatives
