import csv
import io
import json

from kikultur.llm.audit import record_from_dict, records_to_csv
from kikultur.llm.calls import CallContext, CallRecord, Price, run_call
from kikultur.llm.fake import FakeProvider
from kikultur.llm.messages import ChatMessage


def make_records() -> list[CallRecord]:
    records: list[CallRecord] = []
    provider = FakeProvider()
    for org in ("1", "1", "2"):
        run_call(provider, [ChatMessage("user", "Hallo")], recorder=records.append,
                 context=CallContext(organisation_id=org), price=Price(1.0, 1.0))  # fmt: skip
    return records


def test_record_round_trips_through_a_dict() -> None:
    record = make_records()[0]
    assert record_from_dict(record.as_dict()) == record


def test_csv_export_has_one_row_per_call_names_and_no_text() -> None:
    records = make_records()
    text = records_to_csv(records, {"1": "Bürgerhaus", "2": "Werkstatt"})
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3
    assert rows[0]["organisation_id"] == "1" and rows[0]["organisation"] == "Bürgerhaus"
    assert rows[0]["outcome"] == "ok"
    assert json.loads(rows[0]["replaced_counts"]) == {}
    assert "Hallo" not in text


def test_csv_cells_that_look_like_formulas_are_defused() -> None:
    record = make_records()[0]
    from dataclasses import replace

    text = records_to_csv([replace(record, model="=HYPERLINK(1)")])
    assert "'=HYPERLINK(1)" in text
