"""An organisation's own tool copies, AI note and Word template, and the export formats."""

from __future__ import annotations

import io

import pytest
from docx import Document

from kikultur.config import Settings
from kikultur.exports.document import DEFAULT_AI_NOTE, UNREVIEWED_AI_NOTE
from kikultur.services import drafts
from kikultur.services.drafts import exporting as draft_export
from kikultur.store.models import Draft
from kikultur.store.repository import OrgRepository
from kikultur.tools.registry import ToolError, load_builtin
from tests.conftest import OrgFixture
from tests.support.openai_server import OpenAITestServer, Reply
from tests.tools.samples import PRESS_RELEASE_ANSWER, examples


def _generate(
    repo: OrgRepository,
    settings: Settings,
    org: OrgFixture,
    server: OpenAITestServer,
    provider: str,
    tool_id: str = "pressemitteilung",
) -> Draft:
    server.enqueue(Reply.ok(PRESS_RELEASE_ANSWER))
    values = examples(load_builtin("pressemitteilung"))
    prepared = drafts.prepare(repo, settings, tool_id, values, "", provider_name=provider)
    result = drafts.run_generation(drafts.generate(repo, settings, prepared, org.member))
    assert result.ok
    return result.draft


def _template(header: str) -> bytes:
    document = Document()
    document.sections[0].header.paragraphs[0].text = header
    document.add_paragraph("Dieser Inhalt der Vorlage wird ersetzt.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_an_organisation_copy_with_its_own_prompt_is_used_and_recorded(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    original = load_builtin("pressemitteilung")
    user_prompt = original.prompts["user"] + "\nBitte im Stil des Bezirksblatts Altona schreiben."
    copy = drafts.copy_tool(
        repo,
        org_a.admin,
        "pressemitteilung",
        "pressemitteilung-altona",
        title="Pressemitteilung Bezirksblatt",
        prompts={"user": user_prompt},
    )
    assert copy.prompt_version != original.prompt_version
    assert "pressemitteilung-altona" in drafts.registry_for(repo).ids()
    draft = _generate(repo, settings, org_a, openai_server, loopback, "pressemitteilung-altona")
    (request,) = openai_server.chat_requests
    assert "Bezirksblatts Altona" in request.body["messages"][1]["content"]
    provenance = drafts.get_version(repo, draft).provenance
    assert provenance["tool"] == "pressemitteilung-altona"
    assert provenance["tool_source"] == "organisation"
    assert provenance["based_on"] == "pressemitteilung"
    assert provenance["prompt_version"] == copy.prompt_version
    with pytest.raises(ToolError, match="gibt es schon"):
        drafts.copy_tool(repo, org_a.admin, "pressemitteilung", "pressemitteilung-altona")


def test_a_copy_with_a_broken_template_is_refused(repo: OrgRepository, org_a: OrgFixture) -> None:
    with pytest.raises(ToolError, match=r"Fehler in user\.md"):
        drafts.copy_tool(
            repo, org_a.admin, "pressemitteilung", "kaputt", prompts={"user": "{% if %}"}
        )
    assert "kaputt" not in drafts.registry_for(repo).ids()


def test_other_organisations_do_not_see_a_copy(
    repo: OrgRepository, org_a: OrgFixture, org_b: OrgFixture
) -> None:
    drafts.copy_tool(repo, org_a.admin, "newsletter", "newsletter-a")
    other = OrgRepository(repo.session, org_b.org.id)
    assert "newsletter-a" not in drafts.registry_for(other).ids()


def test_export_uses_the_template_and_the_configured_ai_note(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    draft = _generate(repo, settings, org_a, openai_server, loopback)
    drafts.upload_template(repo, settings, "Briefbogen.docx", _template("Briefkopf Altona-Nord"))
    drafts.set_ai_note(repo, True, "Mit KI entworfen, von uns geprüft.")
    drafts.mark_reviewed(repo, draft, org_a.member)
    exported = drafts.export(repo, settings, draft, "docx")
    assert exported.filename.endswith(f"-{draft.id}.docx")
    document = Document(io.BytesIO(exported.file.content))
    assert document.sections[0].header.paragraphs[0].text == "Briefkopf Altona-Nord"
    texts = [p.text for p in document.paragraphs]
    assert "Mit KI entworfen, von uns geprüft." in texts
    assert "Dieser Inhalt der Vorlage wird ersetzt." not in texts
    assert "Überschrift" in texts and "Pressekontakt" in texts
    drafts.set_ai_note(repo, False)
    markdown = drafts.export(repo, settings, draft, "md").file.content.decode()
    assert "## Vorspann" in markdown and "KI" not in markdown.split("## Pressekontakt")[1]
    text = drafts.export(repo, settings, draft, "txt").file.content.decode()
    assert "Sommerfest im Stadtteilgarten" in text and "##" not in text
    with pytest.raises(drafts.DraftError, match="exportiert nicht"):
        drafts.export(repo, settings, draft, "mm")


def _docx_texts(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def test_the_ai_note_of_an_unreviewed_draft_does_not_claim_a_human_review(
    repo: OrgRepository,
    settings: Settings,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    draft = _generate(repo, settings, org_a, openai_server, loopback)
    drafts.set_ai_note(repo, True)
    before = drafts.export(repo, settings, draft, "docx").file.content
    texts = _docx_texts(before)
    assert UNREVIEWED_AI_NOTE in texts and DEFAULT_AI_NOTE not in texts
    assert UNREVIEWED_AI_NOTE == (
        "Dieser Text wurde mit Unterstützung eines KI-Sprachmodells entworfen; er ist noch "
        "nicht von Menschen geprüft."
    )
    assert "Status: Entwurf, noch nicht geprüft" in texts[-1]
    # The organisation's name is the document's author, not "python-docx".
    properties = Document(io.BytesIO(before)).core_properties
    assert properties.author == repo.organisation().name != "python-docx"
    # An own wording that speaks of a review is kept for reviewed drafts only.
    drafts.set_ai_note(repo, True, "Mit KI entworfen, von uns geprüft.")
    assert "Mit KI entworfen, von uns geprüft." not in _docx_texts(
        drafts.export(repo, settings, draft, "docx").file.content
    )
    drafts.set_ai_note(repo, False)
    drafts.mark_reviewed(repo, draft, org_a.member)
    drafts.set_ai_note(repo, True)
    after = _docx_texts(drafts.export(repo, settings, draft, "docx").file.content)
    assert DEFAULT_AI_NOTE in after and UNREVIEWED_AI_NOTE not in after
    assert "Geprüft: " in after[-1] and "noch nicht geprüft" not in after[-1]
    markdown = drafts.export(repo, settings, draft, "md").file.content.decode()
    assert DEFAULT_AI_NOTE in markdown


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("vorlage.pdf", b"%PDF-1.4", "Word-Datei"),
        ("vorlage.docx", b"", "leer"),
        ("vorlage.docx", b"kein zip", "keine Word-Datei"),
        ("vorlage.docx", b"x" * 2048, "zu groß"),
    ],
)
def test_a_bad_template_upload_is_refused_in_german(
    name: str, data: bytes, message: str, repo: OrgRepository, settings: Settings
) -> None:
    small = settings.model_copy(update={"upload_max_bytes": 1024})
    with pytest.raises(drafts.TemplateError, match=message):
        drafts.upload_template(repo, small, name, data)
    assert not (draft_export.organisation_dir(small, repo.organisation_id)).exists()
