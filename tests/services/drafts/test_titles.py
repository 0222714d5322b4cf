"""A new draft is named after the project, topic or key message the tool asks for."""

from __future__ import annotations

import pytest

from kikultur.config import Settings
from kikultur.llm.fake import FakeProvider
from kikultur.services import drafts
from kikultur.services.drafts.generate import TITLE_MAX_CHARS, shorten_title
from kikultur.store.repository import OrgRepository
from kikultur.tools.registry import load_builtin
from tests.conftest import OrgFixture
from tests.tools.samples import examples


def _title(
    repo: OrgRepository, settings: Settings, org_a: OrgFixture, tool_id: str, **values: str
) -> str:
    tool = load_builtin(tool_id)
    prepared = drafts.prepare(repo, settings, tool_id, {**examples(tool), **values}, "")
    generation = drafts.generate(repo, settings, prepared, org_a.member, provider=FakeProvider())
    return generation.draft.title


@pytest.mark.parametrize(
    ("tool_id", "field"),
    [("foerderantrag", "projekttitel"), ("sachbericht", "projekttitel")],
)
def test_grant_drafts_are_titled_with_the_project(
    repo: OrgRepository, settings: Settings, org_a: OrgFixture, tool_id: str, field: str
) -> None:
    title = _title(repo, settings, org_a, tool_id, **{field: "Nachbarschaftsküche"})
    assert title == f"{load_builtin(tool_id).spec.title}: Nachbarschaftsküche"


def test_a_newsletter_is_titled_with_its_key_message(
    repo: OrgRepository, settings: Settings, org_a: OrgFixture
) -> None:
    title = _title(repo, settings, org_a, "newsletter", kernbotschaft="Die Werkstatt öffnet.")
    assert title == "Newsletter: Die Werkstatt öffnet."


def test_a_long_social_media_topic_is_cut_at_a_word_boundary(
    repo: OrgRepository, settings: Settings, org_a: OrgFixture
) -> None:
    topic = (
        "Am Samstag ist Sommerfest im Stadtteilgarten, mit Musik, Kuchen, Flohmarkt\n"
        "und einer Lesung für Kinder; alle Nachbarinnen und Nachbarn sind eingeladen."
    )
    title = _title(repo, settings, org_a, "social-media", thema=topic)
    assert len(title) <= TITLE_MAX_CHARS and title.endswith("…")
    assert "\n" not in title
    flat = " ".join(topic.split())
    kept = title.removesuffix("…").split(": ", 1)[1]
    assert flat.startswith(kept)
    # The cut falls between two words, never inside one.
    assert not flat[len(kept)].isalnum()


def test_short_titles_stay_and_a_single_long_word_is_still_cut() -> None:
    assert shorten_title("Kurz  und\nklar") == "Kurz und klar"
    assert shorten_title("x" * 200) == "x" * (TITLE_MAX_CHARS - 1) + "…"
