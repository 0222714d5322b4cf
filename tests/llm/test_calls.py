import threading
from collections.abc import Iterator, Sequence

import pytest

from kikultur.llm.base import GenerationOptions, ProviderTimeout, RateLimited
from kikultur.llm.budget import ANSWER_SAFETY_MARGIN, MIN_ANSWER_TOKENS
from kikultur.llm.calls import CallContext, CallRecord, ModelCall, Price, run_call
from kikultur.llm.fake import FakeProvider
from kikultur.llm.messages import ChatMessage, DataClass, ShieldRequiredError, seal

MESSAGES = [ChatMessage("user", "Schreib eine Einladung zum Hoffest.")]


def test_plain_messages_to_a_non_local_provider_are_refused_before_sending() -> None:
    provider = FakeProvider(data_class=DataClass.eu)
    with pytest.raises(ShieldRequiredError, match="pseudonymisiert"):
        run_call(provider, MESSAGES)
    assert provider.history == []


def test_shielded_messages_go_out_and_the_record_counts_replacements() -> None:
    provider = FakeProvider(data_class=DataClass.third_country)
    shielded = seal([ChatMessage("user", "Hallo [PERSON_1]")], {"PERSON": 2, "EMAIL": 1})
    records: list[CallRecord] = []
    result = run_call(provider, shielded, recorder=records.append)
    assert result.ok
    assert provider.last_messages == (ChatMessage("user", "Hallo [PERSON_1]"),)
    (record,) = records
    assert record.pseudonymised is True
    assert record.replaced_total == 3
    assert record.replaced_counts == {"PERSON": 2, "EMAIL": 1}
    assert record.data_class is DataClass.third_country


def test_record_carries_every_audit_field() -> None:
    provider = FakeProvider(name="fake-eu", model="m-1")
    provider.enqueue("Liebe Nachbarinnen und Nachbarn, kommt vorbei!")
    records: list[CallRecord] = []
    result = run_call(
        provider,
        MESSAGES,
        recorder=records.append,
        context=CallContext(user_id="u1", organisation_id="org7", tool="einladung"),
        price=Price(input_per_1k=1.0, output_per_1k=2.0),
    )
    (record,) = records
    assert result.text == "Liebe Nachbarinnen und Nachbarn, kommt vorbei!"
    assert (record.user_id, record.organisation_id, record.tool) == ("u1", "org7", "einladung")
    assert (record.provider, record.model, record.data_class) == ("fake-eu", "m-1", DataClass.local)
    assert record.pseudonymised is False and record.replaced_total == 0
    assert record.prompt_tokens > 0 and record.completion_tokens > 0
    assert record.tokens_estimated is True  # the fake has no tokenizer
    assert record.ttft_ms is not None and record.duration_ms >= record.ttft_ms
    assert record.outcome == "ok" and record.error_kind is None
    expected_cost = record.prompt_tokens / 1000 * 1.0 + record.completion_tokens / 1000 * 2.0
    assert record.cost == pytest.approx(expected_cost)
    assert record.currency == "EUR"
    assert record.month == record.started_at.strftime("%Y-%m")
    assert "Hoffest" not in str(record.as_dict())  # no prompt text in the audit record


def test_stream_broken_keeps_partial_text_and_records_an_error() -> None:
    provider = FakeProvider()
    provider.enqueue("eins zwei drei vier", break_after=2)
    records: list[CallRecord] = []
    result = run_call(provider, MESSAGES, recorder=records.append)
    assert result.text == "eins zwei"
    assert result.error is not None and result.error.partial_text == "eins zwei"
    assert result.user_message is not None and "bleibt erhalten" in result.user_message
    assert records[0].outcome == "error" and records[0].error_kind == "StreamBroken"


def test_provider_errors_do_not_raise_and_say_whether_a_retry_helps() -> None:
    provider = FakeProvider()
    provider.enqueue(RateLimited.for_provider("fake", 5), ProviderTimeout.for_provider("fake", 30))
    first = run_call(provider, MESSAGES)
    second = run_call(provider, MESSAGES)
    assert first.outcome == second.outcome == "error"
    assert first.error is not None and first.error.retryable
    assert first.user_message is not None and "5 Sekunden" in first.user_message
    assert second.user_message is not None and "30 Sekunden" in second.user_message


def test_cancel_token_ends_the_call_as_cancelled_with_text_so_far() -> None:
    provider = FakeProvider()
    provider.enqueue("a b c d e f")
    cancel = threading.Event()
    received: list[str] = []

    def on_chunk(chunk: str) -> None:
        received.append(chunk)
        if len(received) == 3:
            cancel.set()

    result = run_call(provider, MESSAGES, GenerationOptions(cancel=cancel), on_chunk=on_chunk)
    assert result.outcome == "cancelled"
    assert result.text == "a b c"
    assert result.user_message is not None and "abgebrochen" in result.user_message


class _BuggyProvider:
    name = "kaputt"
    data_class = DataClass.local
    model = "x"

    def stream(self, messages: Sequence[ChatMessage], options: GenerationOptions) -> Iterator[str]:
        yield "Anfang"
        raise KeyError("unerwartet")


def test_unexpected_exceptions_become_a_german_error_not_a_crash() -> None:
    result = run_call(_BuggyProvider(), MESSAGES)
    assert result.outcome == "error"
    assert result.text == "Anfang"
    assert result.user_message is not None and "unerwarteter Fehler" in result.user_message


def test_a_failing_recorder_does_not_lose_the_generated_text() -> None:
    def broken_recorder(record: CallRecord) -> None:
        raise RuntimeError("Datenbank weg")

    provider = FakeProvider(default_reply="Text bleibt.")
    result = run_call(provider, MESSAGES, recorder=broken_recorder)
    assert result.ok and result.text == "Text bleibt."


def test_fake_provider_records_history_and_options() -> None:
    provider = FakeProvider()
    options = GenerationOptions(max_tokens=7)
    run_call(provider, MESSAGES, options)
    assert provider.history[0].messages == tuple(MESSAGES)
    assert provider.history[0].options.max_tokens == 7


class _CountingFake(FakeProvider):
    """A fake with an exact counter: one token per character."""

    def token_counter(self) -> "_CharCounter":
        return _CharCounter()


class _CharCounter:
    exact = True

    def count_text(self, text: str) -> int:
        return len(text)

    def count_messages(self, messages: Sequence[ChatMessage]) -> int:
        return sum(len(m.content) for m in messages)


def test_prompt_without_room_for_the_answer_is_refused_before_sending() -> None:
    provider = _CountingFake(context_window=100)
    records: list[CallRecord] = []
    result = run_call(
        provider, [ChatMessage("user", "x" * 80)], GenerationOptions(max_tokens=30),
        records.append,
    )  # fmt: skip
    assert provider.history == []
    assert result.outcome == "error" and result.error is not None
    assert result.error.kind == "ContextTooLarge"
    assert (
        "nichts gekürzt" in result.error.user_message and "80 Tokens" in result.error.user_message
    )
    assert records[0].error_kind == "ContextTooLarge"
    fits = run_call(provider, [ChatMessage("user", "x" * 60)], GenerationOptions(max_tokens=30))
    assert fits.ok


def test_answer_budget_shrinks_to_what_the_context_leaves_when_the_prompt_fits() -> None:
    # SmolLM2 case: 4096 tokens of context, a 2850-token grant prompt, 1500 wanted for the answer.
    provider = _CountingFake(context_window=4096)
    result = run_call(
        provider, [ChatMessage("user", "x" * 2850)], GenerationOptions(max_tokens=1500)
    )
    limit = 4096 - 2850 - ANSWER_SAFETY_MARGIN
    assert result.ok
    assert provider.history[0].options.max_tokens == limit
    assert result.extra["answer_limit"] == limit


def test_a_prompt_that_leaves_less_than_the_minimum_answer_is_refused_naming_the_cause() -> None:
    provider = _CountingFake(context_window=4096)
    used = 4096 - MIN_ANSWER_TOKENS
    result = run_call(
        provider, [ChatMessage("user", "x" * used)], GenerationOptions(max_tokens=1500)
    )
    assert provider.history == []
    assert result.error is not None and result.error.kind == "ContextTooLarge"
    message = result.error.user_message
    assert f"Anweisungen des Werkzeugs und Ihre Angaben brauchen zusammen {used} Tokens" in message
    assert "Einstellungen › Modelle" in message and "nichts gekürzt" in message
    assert "answer_limit" not in result.extra


def test_model_call_streams_and_a_consumer_that_leaves_ends_it_as_cancelled() -> None:
    provider = FakeProvider()
    provider.enqueue("eins zwei drei vier fünf")
    records: list[CallRecord] = []
    call = ModelCall(provider, MESSAGES, recorder=records.append)
    chunks = iter(call)
    assert next(chunks) == "eins"
    assert next(chunks) == " zwei"
    chunks.close()  # e.g. the browser closed the connection
    assert call.result is not None
    assert call.result.outcome == "cancelled" and call.result.text == "eins zwei"
    assert [r.outcome for r in records] == ["cancelled"]


def test_model_call_read_to_the_end_has_the_full_result() -> None:
    provider = FakeProvider(default_reply="ganz fertig")
    call = ModelCall(provider, MESSAGES)
    assert "".join(call) == "ganz fertig"
    assert call.result is not None and call.result.ok and call.result.text == "ganz fertig"


def test_interrupt_while_printing_still_records_the_call() -> None:
    provider = FakeProvider(default_reply="a b c")
    records: list[CallRecord] = []

    def on_chunk(chunk: str) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_call(provider, MESSAGES, recorder=records.append, on_chunk=on_chunk)
    assert [r.outcome for r in records] == ["cancelled"]
