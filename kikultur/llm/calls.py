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
from kikultur.llm.budget import check_fits, counter_for
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
    sent = require_shield_for(provider.data_class, messages)
    shielded = isinstance(messages, ShieldedMessages)
    replaced_counts = (
        dict(messages.replaced_counts) if isinstance(messages, ShieldedMessages) else {}
    )
    options = options or GenerationOptions()
    # A fresh usage object per call, so a shared options object never mixes counts of calls.
    options = _with_fresh_usage(options)
    context = context or CallContext()

    started_at = datetime.now(UTC)
    started = time.perf_counter()
    first_token_at: float | None = None
    chunks: list[str] = []
    error: ProviderError | None = None
    outcome: Outcome = "ok"
    stream: Iterator[str] | None = None
    try:
        check_fits(provider, sent, options.max_tokens)
        stream = provider.stream(sent, options)
        for chunk in stream:
            if not chunk:
                continue
            if first_token_at is None:
                first_token_at = time.perf_counter()
            chunks.append(chunk)
            if on_chunk is not None:
                on_chunk(chunk)
            if options.cancelled():
                break
        if options.cancelled():
            outcome = "cancelled"
    except ProviderError as exc:
        error, outcome = exc, "error"
    except KeyboardInterrupt:
        outcome = "cancelled"
        _finish(
            provider,
            sent,
            options,
            context,
            recorder,
            price,
            started_at,
            started,
            first_token_at,
            chunks,
            outcome,
            None,
            shielded,
            replaced_counts,
            stream,
        )
        raise
    except Exception as exc:
        # Unknown faults must not become a 500 page: keep the text, explain in German, log why.
        log.exception("Unerwarteter Fehler beim Aufruf von %s", provider.name)
        error = _UnexpectedProviderError(
            _(
                "Beim Aufruf des Modells „{name}“ ist ein unerwarteter Fehler aufgetreten "
                "({kind}). Der bisher erzeugte Text bleibt erhalten."
            ).format(name=provider.name, kind=type(exc).__name__)
        )
        outcome = "error"
    record = _finish(
        provider,
        sent,
        options,
        context,
        recorder,
        price,
        started_at,
        started,
        first_token_at,
        chunks,
        outcome,
        error,
        shielded,
        replaced_counts,
        stream,
    )
    text = "".join(chunks)
    if error is not None and not error.partial_text:
        error.partial_text = text
    return CallResult(text=text, record=record, error=error)


def _with_fresh_usage(options: GenerationOptions) -> GenerationOptions:
    return replace(options, usage=Usage())


def _finish(
    provider: Provider,
    sent: Sequence[ChatMessage],
    options: GenerationOptions,
    context: CallContext,
    recorder: Recorder | None,
    price: Price | None,
    started_at: datetime,
    started: float,
    first_token_at: float | None,
    chunks: list[str],
    outcome: Outcome,
    error: ProviderError | None,
    shielded: bool,
    replaced_counts: Mapping[str, int],
    stream: Iterator[str] | None,
) -> CallRecord:
    # Closing the generator releases the provider (HTTP connection, llama.cpp lock) at once.
    close = getattr(stream, "close", None)
    if callable(close):
        try:
            close()
        except Exception:  # a broken connection may fail again on close; the call is over
            log.debug("Schließen des Antwortstroms fehlgeschlagen", exc_info=True)
    duration_ms = (time.perf_counter() - started) * 1000
    # Counting happens after the answer so it never adds to the time to first token.
    counter = counter_for(provider)
    estimated = False
    prompt_tokens = options.usage.prompt_tokens
    if prompt_tokens is None:
        prompt_tokens = counter.count_messages(sent)
        estimated = estimated or not counter.exact
    completion_tokens = options.usage.completion_tokens
    if completion_tokens is None:
        text = "".join(chunks)
        completion_tokens = counter.count_text(text) if text else 0
        estimated = estimated or not counter.exact
    record = CallRecord(
        call_id=uuid.uuid4().hex,
        started_at=started_at,
        user_id=context.user_id,
        organisation_id=context.organisation_id,
        tool=context.tool,
        provider=provider.name,
        model=provider.model,
        data_class=provider.data_class,
        pseudonymised=shielded,
        replaced_total=sum(replaced_counts.values()),
        replaced_counts=dict(replaced_counts),
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        tokens_estimated=estimated,
        ttft_ms=None if first_token_at is None else (first_token_at - started) * 1000,
        duration_ms=duration_ms,
        outcome=outcome,
        error_kind=error.kind if error is not None else None,
        error_message=error.user_message if error is not None else None,
        cost=price.cost(prompt_tokens, completion_tokens) if price is not None else None,
        currency=price.currency if price is not None else None,
    )
    if recorder is not None:
        try:
            recorder(record)
        except Exception:
            # The call already happened; losing the text because the audit store hiccuped would
            # be worse. The failure is logged loudly (without any prompt content).
            log.exception(
                "Audit-Eintrag für Modellaufruf %s konnte nicht gespeichert werden", record.call_id
            )
    return record
