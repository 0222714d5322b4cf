"""Grant tool pages: the funder profile select and the organisation's finance plans."""

from __future__ import annotations

import io
import re

from docx import Document
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kikultur.services import drafts, finance
from kikultur.services.drafts import grants as draft_grants
from kikultur.store.models import Draft
from kikultur.store.repository import OrgRepository
from kikultur.tools.registry import load_builtin
from kikultur.tools.sections import parse_sections, visible_length
from tests.conftest import OrgFixture
from tests.helpers import field_error, post_form
from tests.services.drafts.test_grant_tools_pipeline import store_plan
from tests.support.openai_server import OpenAITestServer, Reply
from tests.tools.samples import ANSWERS, examples


def test_foerderantrag_form_offers_built_in_and_own_profiles_and_only_own_plans(
    db: Session,
    member_client: TestClient,
    org_a: OrgFixture,
    org_b: OrgFixture,
    loopback: str,
) -> None:
    repo = OrgRepository(db, org_a.org.id)
    finance.copy_builtin(repo, org_a.admin, "quartiersfonds", "unser-fonds", "Unser Quartiersfonds")
    plan_id = store_plan(repo, org_a, "Plan Hofgeschichten")
    store_plan(OrgRepository(db, org_b.org.id), org_b, "Plan von Barmbek")

    html = member_client.get("/werkzeuge/foerderantrag").text

    assert '<option value="hamburg_stadtteilkultur">' in html
    assert '<option value="unser_fonds">Unser Quartiersfonds</option>' in html
    assert '<select id="f_finanzplan" name="f_finanzplan"' in html
    assert f'<option value="{plan_id}">Plan Hofgeschichten</option>' in html
    assert "Plan von Barmbek" not in html
    # A tool without a finance table has no plan select.
    assert 'id="f_finanzplan"' not in member_client.get("/werkzeuge/pressemitteilung").text


def test_foerderantrag_from_the_form_stores_the_plan_and_the_docx_has_its_table(
    app: FastAPI,
    db: Session,
    member_client: TestClient,
    org_a: OrgFixture,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    plan_id = store_plan(OrgRepository(db, org_a.org.id), org_a, actuals=False)
    values = examples(load_builtin("foerderantrag"))
    form = {f"f_{k}": str(v) for k, v in values.items() if k != "beantragte_summe"}
    form.update({"provider": loopback, "brief": "", "f_finanzplan": "12345678"})
    refused = post_form(member_client, app, "/werkzeuge/foerderantrag", form)
    assert refused.status_code == 422
    assert field_error(refused.text, "f_finanzplan") == (
        "Diesen Finanzplan gibt es in Ihrer Einrichtung nicht."
    )
    assert openai_server.chat_requests == []

    openai_server.enqueue(Reply.ok(ANSWERS["foerderantrag"].replace("Bürgerhaus Beispiel", "")))
    form["f_finanzplan"] = str(plan_id)
    response = post_form(member_client, app, "/werkzeuge/foerderantrag", form)
    assert response.status_code == 303, response.text
    draft = db.scalars(select(Draft).where(Draft.tool_id == "foerderantrag")).one()
    assert draft.inputs["finanzplan"] == str(plan_id)
    assert draft.inputs["beantragte_summe"] == "4.800,00 €"  # taken from the plan, German
    exported = member_client.get(f"/entwuerfe/{draft.id}/export/docx")
    assert exported.status_code == 200
    document = Document(io.BytesIO(exported.content))
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["Summe Ausgaben", "", "6.000,00 €"] in rows


def test_editor_shows_the_character_count_of_each_funder_section_against_its_limit(
    app: FastAPI,
    db: Session,
    member_client: TestClient,
    openai_server: OpenAITestServer,
    loopback: str,
) -> None:
    tool = load_builtin("foerderantrag")
    values = examples(tool)
    form = {f"f_{k}": str(v) for k, v in values.items()}
    form.update({"provider": loopback, "brief": ""})
    openai_server.enqueue(Reply.ok(ANSWERS["foerderantrag"]))
    response = post_form(member_client, app, "/werkzeuge/foerderantrag", form)
    assert response.status_code == 303, response.text
    draft = db.scalars(select(Draft).where(Draft.tool_id == "foerderantrag")).one()
    html = member_client.get(f"/entwuerfe/{draft.id}").text
    # Every section of the chosen profile that has a limit gets a counter row.
    resolved = draft_grants.resolve(OrgRepository(db, draft.organisation_id), tool, draft.inputs)
    limited = [s for s in resolved.spec.sections if s.max_chars]
    assert limited
    version = drafts.get_version(OrgRepository(db, draft.organisation_id), draft)
    parsed = parse_sections(version.text, resolved.spec.sections)
    for section in limited:
        count = visible_length(parsed.text(section.id))
        row = re.search(
            rf'<tr data-section-title="{re.escape(section.title)}" data-max="{section.max_chars}"'
            rf"[^>]*>\s*<td>[^<]*</td><td><span data-count>(\d+)</span> / {section.max_chars}",
            html,
        )
        assert row is not None, section.title
        assert int(row.group(1)) == count
