"""Context budget: count tokens before sending and leave parts out only openly, never silently."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from kikultur.i18n import _
from kikultur.llm.base import ContextTooLarge, DroppedPart
from kikultur.llm.messages import ChatMessage

# Multilingual BPE tokenizers need about 3.5-4.5 characters per token for German prose; dividing
# by 3 over-counts on purpose, so an estimate errs on the side of "does not fit".
CHARS_PER_TOKEN_ESTIMATE = 3.0
# Role markers and separators that a chat template adds around each message.
TEMPLATE_TOKENS_PER_MESSAGE = 6
DEFAULT_CONTEXT_WINDOW = 8192

ROLE_NAMES = {"system": "System", "user": "Nutzer", "assistant": "Modell"}


class TokenCounter(Protocol):
    """Counts tokens; `exact` says whether the numbers come from the model's own tokenizer."""

    exact: bool

    def count_text(self, text: str) -> int: ...

    def count_messages(self, messages: Sequence[ChatMessage]) -> int: ...


class EstimatingCounter:
    """An honest estimate for providers whose tokenizer we do not have (HTTP providers)."""

    exact = False

    def count_text(self, text: str) -> int:
        return math.ceil(len(text) / CHARS_PER_TOKEN_ESTIMATE)

    def count_messages(self, messages: Sequence[ChatMessage]) -> int:
        # +3 for the assistant header the template appends for the answer.
        return sum(self.count_text(m.content) + TEMPLATE_TOKENS_PER_MESSAGE for m in messages) + 3


def counter_for(provider: object) -> TokenCounter:
    """The provider's own counter if it has one (embedded llama.cpp), else the estimate."""
    counter = getattr(provider, "token_counter", None)
    if callable(counter):
        result: TokenCounter = counter()
        return result
    return EstimatingCounter()


# Below this an answer is too short to be of use (a grant section alone needs more), so the
# call is refused rather than cut to a stub.
MIN_ANSWER_TOKENS = 512
# Kept free beyond prompt and answer: the chat template may add a token or two we do not count.
ANSWER_SAFETY_MARGIN = 32


def answer_budget(provider: object, messages: Sequence[ChatMessage], max_tokens: int) -> int:
    """The answer budget that fits: `max_tokens`, or less when the prompt leaves less room.

    When prompt + `max_tokens` exceed the window, the budget shrinks to what is left (minus a
    small margin), as long as at least MIN_ANSWER_TOKENS (or `max_tokens`, if smaller) remain;
    below that the call is refused before sending (ContextTooLarge, German message). Only where
    the count is exact and the window known (embedded models, or an HTTP provider with a
    counter and a configured window): an estimate could refuse prompts that fit, so HTTP
    servers answer for themselves (HTTP 400, shown as a German error).
    """
    window = getattr(provider, "context_window", None)
    counter = counter_for(provider)
    if not counter.exact or not isinstance(window, int) or window <= 0:
        return max_tokens
    used = counter.count_messages(messages)
    if used + max_tokens <= window:
        return max_tokens
    available = window - used - ANSWER_SAFETY_MARGIN
    minimum = min(MIN_ANSWER_TOKENS, max_tokens)
    if available >= minimum:
        return available
    raise ContextTooLarge(
        _(
            "Die Anfrage ist zu lang für das Modell: Die Anweisungen des Werkzeugs und Ihre "
            "Angaben brauchen zusammen {used} Tokens; "
            "das Modell fasst {window} Tokens, und für die Antwort müssen mindestens {minimum} "
            "Tokens frei bleiben. Es wurde nichts gesendet und nichts gekürzt. Bitte wählen Sie "
            "unter Einstellungen › Modelle ein Modell mit größerem Kontext oder kürzen Sie Ihre "
            "Angaben."
        ).format(used=used, window=window, minimum=minimum)
    )


def context_window_of(provider: object) -> int:
    window = getattr(provider, "context_window", None)
    return int(window) if isinstance(window, int) and window > 0 else DEFAULT_CONTEXT_WINDOW


@dataclass(frozen=True)
class FitResult:
    """The messages that fit, what was left out, and a German notice if anything was."""

    messages: tuple[ChatMessage, ...]
    prompt_tokens: int
    dropped: tuple[DroppedPart, ...]
    notice: str | None


def _preview(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def describe_dropped(dropped: Iterable[DroppedPart]) -> str:
    return "; ".join(
        _("{index}. Nachricht ({role}, ca. {tokens} Tokens): „{preview}“").format(
            index=part.index + 1,
            role=ROLE_NAMES.get(part.role, part.role),
            tokens=part.tokens,
            preview=part.preview,
        )
        for part in dropped
    )


def fit_messages(
    messages: Sequence[ChatMessage],
    *,
    context_window: int,
    reserve_for_answer: int,
    counter: TokenCounter,
    pinned: Iterable[int] = (),
) -> FitResult:
    """Keeps system messages, the last message and `pinned` ones; leaves older ones out first.

    Raises ContextTooLarge (German message, listing the parts) when even the required
    messages do not fit. Never shortens a message: a part is either sent whole or listed.
    """
    if not messages:
        raise ValueError("fit_messages braucht mindestens eine Nachricht.")
    budget = context_window - reserve_for_answer
    keep = list(range(len(messages)))
    required = {i for i, m in enumerate(messages) if m.role == "system"}
    required.add(len(messages) - 1)
    required.update(pinned)
    dropped: list[DroppedPart] = []

    def total(indices: list[int]) -> int:
        return counter.count_messages([messages[i] for i in indices])

    used = total(keep)
    optional = [i for i in keep if i not in required]  # oldest first
    while used > budget and optional:
        index = optional.pop(0)
        keep.remove(index)
        message = messages[index]
        dropped.append(
            DroppedPart(
                index=index,
                role=message.role,
                tokens=counter.count_text(message.content),
                preview=_preview(message.content),
            )
        )
        used = total(keep)
    if used > budget:
        about = "" if counter.exact else _("ca. ")
        message_text = _(
            "Der Text ist zu lang für das Modell: {about}{used} Tokens, das Modell fasst "
            "{window} Tokens, davon sind {reserve} für die Antwort reserviert. Bitte kürzen Sie "
            "die Eingabe oder wählen Sie ein Modell mit größerem Kontext."
        ).format(about=about, used=used, window=context_window, reserve=reserve_for_answer)
        if dropped:
            message_text += " " + _("Schon weggelassen wären: {parts}.").format(
                parts=describe_dropped(dropped)
            )
        raise ContextTooLarge(message_text, dropped=dropped)
    notice = None
    if dropped:
        notice = _(
            "Nicht alles passte in den Kontext des Modells ({window} Tokens). Weggelassen: {parts}."
        ).format(window=context_window, parts=describe_dropped(dropped))
    return FitResult(
        messages=tuple(messages[i] for i in keep),
        prompt_tokens=used,
        dropped=tuple(dropped),
        notice=notice,
    )
