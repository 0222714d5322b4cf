"""The one way to call a model: shield check, timing, token counts, fault handling, audit record."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Literal

from kikultur.i18n import _
from kikultur.llm.base import GenerationOptions, Provider, ProviderError, Usage
from kikultur.llm.budget import answer_budget, counter_for
from kikultur.llm.messages import (
    ChatMessage,
    DataClass,
    ShieldedMessages,
    require_shield_for,
)

log = logging.getLogger(__name__)

Outcome = Literal["ok", "error", "cancelled"]


@dataclass(frozen=True)
class CallContext:
    """Who calls the model and from which tool (ids as the store will know them)."""

    user_id: str | None = None
    organisation_id: str | None = None
    tool: str | None = None


@dataclass(frozen=True)
class Price:
    """Price per 1,000 tokens (prompt / completion), for the cost estimate in the audit log."""

    input_per_1k: float = 0.0
    output_per_1k: float = 0.0
    currency: str = "EUR"

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return (
            prompt_tokens / 1000 * self.input_per_1k + completion_tokens / 1000 * self.output_per_1k
        )


@dataclass(frozen=True)
class CallRecord:
    """Everything the audit log and the usage page need about one model call (no text content)."""

    call_id: str
    started_at: datetime
    user_id: str | None
    organisation_id: str | None
    tool: str | None
    provider: str
    model: str
    data_class: DataClass
    pseudonymised: bool
    replaced_total: int
    replaced_counts: Mapping[str, int]
    prompt_tokens: int
    completion_tokens: int
    tokens_estimated: bool
    ttft_ms: float | None
    duration_ms: float
    outcome: Outcome
    error_kind: str | None = None
    error_message: str | None = None
    cost: float | None = None
    currency: str | None = None

    @property
    def month(self) -> str:
        return self.started_at.strftime("%Y-%m")

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["started_at"] = self.started_at.isoformat()
        data["data_class"] = self.data_class.value
        data["replaced_counts"] = dict(self.replaced_counts)
        return data


Recorder = Callable[[CallRecord], None]


@dataclass
class CallResult:
    """The text that was generated (complete or partial) and how the call ended."""

    text: str
    record: CallRecord
    error: ProviderError | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # As the provider reported it; "length": the model stopped at the token limit.
    finish_reason: str | None = None

    @property
    def truncated(self) -> bool:
        """The model stopped at the token limit: the text may end mid-word."""
        return self.finish_reason == "length"

    @property
    def outcome(self) -> Outcome:
        return self.record.outcome

    @property
    def ok(self) -> bool:
        return self.record.outcome == "ok"

    @property
    def user_message(self) -> str | None:
        """German explanation for the user when the call did not complete."""
        if self.error is not None:
            return self.error.user_message
        if self.record.outcome == "cancelled":
            return _("Die Erzeugung wurde abgebrochen. Der bisher erzeugte Text bleibt erhalten.")
        return None

    @property
    def tokens_per_s(self) -> float | None:
        """Generation speed after the first token (prompt processing excluded)."""
        record = self.record
        if record.ttft_ms is None or record.completion_tokens == 0:
            return None
        generation_s = (record.duration_ms - record.ttft_ms) / 1000
        if generation_s <= 0:
            return None
        return record.completion_tokens / generation_s


class _UnexpectedProviderError(ProviderError):
    """A provider raised something that is not a ProviderError (a bug or an unknown fault)."""


class ModelCall:
    """One model call, consumed as a stream: iterate for the chunks, then read `result`.

    For the web (server-sent events): if the consumer stops iterating (client gone), closing
    the iterator ends the call as `cancelled`, releases the provider and still records it.
    """

    def __init__(
        self,
        provider: Provider,
        messages: Sequence[ChatMessage] | ShieldedMessages,
        options: GenerationOptions | None = None,
        recorder: Recorder | None = None,
        *,
        context: CallContext | None = None,
        price: Price | None = None,
    ) -> None:
        # Raises ShieldRequiredError here, before anything could be sent.
        self._sent = require_shield_for(provider.data_class, messages)
        self._shielded = isinstance(messages, ShieldedMessages)
        self._replaced = (
            dict(messages.replaced_counts) if isinstance(messages, ShieldedMessages) else {}
        )
        self.provider = provider
        # A fresh usage object per call, so a shared options object never mixes counts of calls.
        self.options = replace(options or GenerationOptions(), usage=Usage())
        self.recorder = recorder
        self.context = context or CallContext()
        self.price = price
        self.result: CallResult | None = None
        # Set when the prompt left less room than `max_tokens`: the budget the answer got.
        self.answer_limit: int | None = None
        self._chunks: list[str] = []
        self._first_token_at: float | None = None
        self._stream: Iterator[str] | None = None
        self._started_at = datetime.now(UTC)
        self._started = time.perf_counter()

    def __iter__(self) -> Iterator[str]:
        if self.result is not None:
            raise RuntimeError("Ein Modellaufruf kann nur einmal gelesen werden.")
        return self._generate()

    def _generate(self) -> Iterator[str]:
        self._started_at = datetime.now(UTC)
        self._started = time.perf_counter()
        options = self.options
        try:
            budget = answer_budget(self.provider, self._sent, options.max_tokens)
            if budget != options.max_tokens:
                # Same usage object and cancel token: only the limit changes.
                options = self.options = replace(options, max_tokens=budget)
                self.answer_limit = budget
            self._stream = self.provider.stream(self._sent, options)
            for chunk in self._stream:
                if not chunk:
                    continue
                if self._first_token_at is None:
                    self._first_token_at = time.perf_counter()
                self._chunks.append(chunk)
                yield chunk
                if options.cancelled():
                    break
        except ProviderError as exc:
            self._finish("error", exc)
            return
        except (GeneratorExit, KeyboardInterrupt):
            self._finish("cancelled", None)
            raise
        except Exception as exc:
            # Unknown faults must not become a 500 page: keep the text, explain, log the cause.
            log.exception("Unerwarteter Fehler beim Aufruf von %s", self.provider.name)
            error = _UnexpectedProviderError(
                _(
                    "Beim Aufruf des Modells „{name}“ ist ein unerwarteter Fehler aufgetreten "
                    "({kind}). Der bisher erzeugte Text bleibt erhalten."
                ).format(name=self.provider.name, kind=type(exc).__name__)
            )
            self._finish("error", error)
            return
        self._finish("cancelled" if options.cancelled() else "ok", None)

    def _finish(self, outcome: Outcome, error: ProviderError | None) -> None:
        # Closing the generator releases the provider (HTTP connection, llama.cpp lock) at once.
        close = getattr(self._stream, "close", None)
        if callable(close):
            try:
                close()
            except Exception:  # a broken connection may fail again on close; the call is over
                log.debug("Schließen des Antwortstroms fehlgeschlagen", exc_info=True)
        duration_ms = (time.perf_counter() - self._started) * 1000
        text = "".join(self._chunks)
        if error is not None and not error.partial_text:
            error.partial_text = text
        record = self._record(outcome, error, duration_ms, text)
        self.result = CallResult(
            text=text, record=record, error=error, finish_reason=self.options.usage.finish_reason
        )
        if self.answer_limit is not None:
            self.result.extra["answer_limit"] = self.answer_limit
        if self.recorder is not None:
            try:
                self.recorder(record)
            except Exception:
                # The call already happened; losing the text because the audit store hiccuped
                # would be worse. The failure is logged loudly (without any prompt content).
                log.exception(
                    "Audit-Eintrag für Modellaufruf %s konnte nicht gespeichert werden",
                    record.call_id,
                )

    def _record(
        self, outcome: Outcome, error: ProviderError | None, duration_ms: float, text: str
    ) -> CallRecord:
        # Counting happens after the answer so it never adds to the time to first token.
        counter = counter_for(self.provider)
        usage = self.options.usage
        estimated = False
        prompt_tokens = usage.prompt_tokens
        if prompt_tokens is None:
            prompt_tokens = counter.count_messages(self._sent)
            estimated = not counter.exact
        completion_tokens = usage.completion_tokens
        if completion_tokens is None:
            completion_tokens = counter.count_text(text) if text else 0
            estimated = estimated or not counter.exact
        first = self._first_token_at
        return CallRecord(
            call_id=uuid.uuid4().hex,
            started_at=self._started_at,
            user_id=self.context.user_id,
            organisation_id=self.context.organisation_id,
            tool=self.context.tool,
            provider=self.provider.name,
            model=self.provider.model,
            data_class=self.provider.data_class,
            pseudonymised=self._shielded,
            replaced_total=sum(self._replaced.values()),
            replaced_counts=dict(self._replaced),
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            tokens_estimated=estimated,
            ttft_ms=None if first is None else (first - self._started) * 1000,
            duration_ms=duration_ms,
            outcome=outcome,
            error_kind=error.kind if error is not None else None,
            error_message=error.user_message if error is not None else None,
            cost=self.price.cost(prompt_tokens, completion_tokens) if self.price else None,
            currency=self.price.currency if self.price is not None else None,
        )


def run_call(
    provider: Provider,
    messages: Sequence[ChatMessage] | ShieldedMessages,
    options: GenerationOptions | None = None,
    recorder: Recorder | None = None,
    *,
    context: CallContext | None = None,
    on_chunk: Callable[[str], None] | None = None,
    price: Price | None = None,
) -> CallResult:
    """Sends messages to a provider and returns the result; never raises on provider faults.

    Plain messages may only go to a `local` provider (ShieldRequiredError otherwise, raised
    before anything is sent). On faults the partial text is kept and the German explanation is
    in `result.error.user_message`. The recorder receives one `CallRecord` per call.
    """
    call = ModelCall(provider, messages, options, recorder, context=context, price=price)
    chunks = iter(call)
    try:
        for chunk in chunks:
            if on_chunk is not None:
                on_chunk(chunk)
    finally:
        # If on_chunk raised (e.g. Ctrl-C while printing), the call still ends and is recorded.
        close = getattr(chunks, "close", None)
        if callable(close):
            close()
    assert call.result is not None  # set by the generator on every way out
    return call.result
