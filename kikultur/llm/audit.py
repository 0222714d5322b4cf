"""Audit helpers the store and the admin page can reuse: JSON-lines log, usage sums, CSV export."""

from __future__ import annotations

import csv
import io
import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kikultur.llm.calls import CallRecord
from kikultur.llm.messages import DataClass

CSV_COLUMNS = (
    "call_id", "started_at", "user_id", "organisation_id", "tool", "provider", "model",
    "data_class", "pseudonymised", "replaced_total", "prompt_tokens", "completion_tokens",
    "tokens_estimated", "ttft_ms", "duration_ms", "outcome", "error_kind", "cost", "currency",
)  # fmt: skip


class JsonlAuditLog:
    """Appends one JSON line per call (a stand-in until the audit table in the database exists)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def __call__(self, record: CallRecord) -> None:
        line = json.dumps(record.as_dict(), ensure_ascii=False)
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")

    def records(self) -> list[CallRecord]:
        if not self.path.is_file():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return [record_from_dict(json.loads(line)) for line in lines if line.strip()]


def record_from_dict(data: dict[str, Any]) -> CallRecord:
    values = dict(data)
    values["started_at"] = datetime.fromisoformat(values["started_at"])
    values["data_class"] = DataClass(values["data_class"])
    return CallRecord(**values)


@dataclass(frozen=True)
class UsageRow:
    organisation_id: str | None
    month: str
    calls: int
    errors: int
    prompt_tokens: int
    completion_tokens: int
    cost: float | None


def usage_by_org_month(records: Iterable[CallRecord]) -> list[UsageRow]:
    """Sums per organisation and month (the admin usage page)."""
    sums: dict[tuple[str | None, str], list[Any]] = {}
    for r in records:
        row = sums.setdefault((r.organisation_id, r.month), [0, 0, 0, 0, None])
        row[0] += 1
        row[1] += r.outcome != "ok"
        row[2] += r.prompt_tokens
        row[3] += r.completion_tokens
        if r.cost is not None:
            row[4] = (row[4] or 0.0) + r.cost
    return [
        UsageRow(org, month, *values)
        for (org, month), values in sorted(sums.items(), key=lambda i: (str(i[0][0]), i[0][1]))
    ]


def records_to_csv(records: Iterable[CallRecord]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for record in records:
        writer.writerow(record.as_dict())
    return out.getvalue()
