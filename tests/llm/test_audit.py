import csv
import io
from datetime import UTC, datetime
from pathlib import Path

from kikultur.llm.audit import JsonlAuditLog, records_to_csv, usage_by_org_month
from kikultur.llm.calls import CallContext, Price, run_call
from kikultur.llm.fake import FakeProvider
from kikultur.llm.messages import ChatMessage


def make_records(tmp_path: Path) -> JsonlAuditLog:
    log = JsonlAuditLog(tmp_path / "audit.jsonl")
    provider = FakeProvider()
    for org in ("org-a", "org-a", "org-b"):
        run_call(provider, [ChatMessage("user", "Hallo")], recorder=log,
                 context=CallContext(organisation_id=org), price=Price(1.0, 1.0))  # fmt: skip
    return log


def test_jsonl_log_round_trips_records(tmp_path: Path) -> None:
    log = make_records(tmp_path)
    records = log.records()
    assert [r.organisation_id for r in records] == ["org-a", "org-a", "org-b"]
    assert all(isinstance(r.started_at, datetime) for r in records)


def test_usage_is_summed_per_organisation_and_month(tmp_path: Path) -> None:
    records = make_records(tmp_path).records()
    month = datetime.now(UTC).strftime("%Y-%m")
    rows = usage_by_org_month(records)
    assert [(r.organisation_id, r.month, r.calls) for r in rows] == [
        ("org-a", month, 2),
        ("org-b", month, 1),
    ]
    a = rows[0]
    expected_tokens = sum(r.prompt_tokens for r in records if r.organisation_id == "org-a")
    assert a.prompt_tokens == expected_tokens
    assert a.cost is not None and a.cost > 0


def test_csv_export_has_one_row_per_call_and_no_text(tmp_path: Path) -> None:
    records = make_records(tmp_path).records()
    rows = list(csv.DictReader(io.StringIO(records_to_csv(records))))
    assert len(rows) == 3
    assert rows[0]["organisation_id"] == "org-a"
    assert rows[0]["outcome"] == "ok"
    assert "Hallo" not in records_to_csv(records)
