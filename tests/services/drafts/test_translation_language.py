"""A translation draft whose section is not in its language says so."""

from __future__ import annotations

from typing import Any

from kikultur.config import Settings
from kikultur.llm.fake import FakeProvider
from kikultur.services import drafts
from kikultur.store.repository import OrgRepository
from kikultur.tools.registry import load_builtin
from tests.conftest import OrgFixture
from tests.tools.samples import ANSWERS, examples

COPIED_SOURCE = ANSWERS["uebersetzung"].replace(
    "Cumartesi günü mahalle bahçesinde yaz şenliği var. Herkes davetli, giriş ücretsiz.",
    "Am Samstag ist Sommerfest im Stadtteilgarten. Alle sind willkommen, der Eintritt ist frei.",
)


def _findings(
    repo: OrgRepository, settings: Settings, org: OrgFixture, answer: str
) -> list[dict[str, Any]]:
    tool = load_builtin("uebersetzung")
    prepared = drafts.prepare(repo, settings, "uebersetzung", examples(tool), "")
    provider = FakeProvider()
    provider.enqueue(answer)
    result = drafts.run_generation(
        drafts.generate(repo, settings, prepared, org.member, provider=provider)
    )
    assert result.version is not None
    return [f for f in result.version.findings if f["kind"] == "WRONG_LANGUAGE"]


def test_german_under_the_turkish_heading_is_reported_at_that_section(
    repo: OrgRepository, settings: Settings, org_a: OrgFixture
) -> None:
    (finding,) = _findings(repo, settings, org_a, COPIED_SOURCE)
    assert finding["text"].startswith("Am Samstag ist Sommerfest")
    assert "soll Türkisch sein" in finding["message"]


def test_a_proper_translation_has_no_language_finding(
    repo: OrgRepository, settings: Settings, org_a: OrgFixture
) -> None:
    assert _findings(repo, settings, org_a, ANSWERS["uebersetzung"]) == []
