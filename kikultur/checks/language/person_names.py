"""Where people's names stand in a text, found once per text for all language checks."""

from __future__ import annotations

from functools import lru_cache

from kikultur.checks.privacy.names import find_names


@lru_cache(maxsize=4)
def person_name_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every person name the privacy check's name finder sees.

    Cached per text: the gender and readability checks both need the names of the same text
    in one request, and finding them is the slowest step of either."""
    return tuple((span.start, span.end) for span in find_names(text))
