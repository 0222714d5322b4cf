"""Einstellungen › Nutzung: model calls per organisation and month, CSV export of the audit log.

Organisation admins see their own organisation only; the platform admin sees all of them.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kikultur.llm.audit import records_to_csv
from kikultur.store.providers import audit_rows, row_to_record, usage_rows
from kikultur.web.deps import OrgAdmin, SessionDep
from kikultur.web.downloads import attachment_headers
from kikultur.web.templating import render

router = APIRouter()

USAGE_PATH = "/einstellungen/nutzung"
_MONTH = re.compile(r"^\d{4}-\d{2}$")


@router.get(USAGE_PATH)
def usage(request: Request, admin: OrgAdmin, session: SessionDep) -> Response:
    scope = None if admin.is_platform_admin else admin.organisation_id
    rows = usage_rows(session, scope)
    totals = {
        key: sum(row[key] for row in rows)
        for key in ("calls", "errors", "prompt_tokens", "completion_tokens")
    }
    costs = [row["cost"] for row in rows if row["cost"] is not None]
    context = {
        "rows": rows,
        "totals": totals,
        "total_cost": sum(costs) if costs else None,
        "all_organisations": scope is None,
    }
    return render(request, "usage.html", context)


@router.get(USAGE_PATH + ".csv")
def usage_csv(
    request: Request, admin: OrgAdmin, session: SessionDep, monat: str | None = None
) -> Response:
    scope = None if admin.is_platform_admin else admin.organisation_id
    month = monat if monat and _MONTH.match(monat) else None
    names: dict[str, str] = {}
    records = []
    for row, org_name in audit_rows(session, scope, month):
        record = row_to_record(row)
        if record.organisation_id and org_name:
            names[record.organisation_id] = org_name
        records.append(record)
    filename = f"modellaufrufe-{month or 'alle'}.csv"
    return Response(
        records_to_csv(records, names),
        media_type="text/csv; charset=utf-8",
        headers=attachment_headers(filename),
    )
