"""CSV export of model-call audit records (the usage page's download)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from kikultur.llm.calls import CallRecord
from kikultur.llm.messages import DataClass

CSV_COLUMNS = (
    "call_id", "started_at", "user_id", "organisation_id", "organisation", "tool", "provider",
    "model", "data_class", "pseudonymised", "replaced_total", "replaced_counts",
    "prompt_tokens", "completion_tokens", "tokens_estimated", "ttft_ms", "duration_ms",
    "outcome", "error_kind", "cost", "currency",
)  # fmt: skip
# A cell starting like a formula would be run by a spreadsheet (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def record_from_dict(data: dict[str, Any]) -> CallRecord:
    values = dict(data)
    values["started_at"] = datetime.fromisoformat(values["started_at"])
    values["data_class"] = DataClass(values["data_class"])
    return CallRecord(**values)


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def records_to_csv(
    records: Iterable[CallRecord], organisation_names: Mapping[str, str] | None = None
) -> str:
    """One row per call: counts and times, never any text of prompt or answer."""
    names = organisation_names or {}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for record in records:
        row = record.as_dict()
        row["organisation"] = names.get(record.organisation_id or "", "")
        row["replaced_counts"] = json.dumps(dict(record.replaced_counts), sort_keys=True)
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return out.getvalue()
