"""The provider contract: one streaming chat method, generation options, German provider errors."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from kikultur.i18n import _
from kikultur.llm.messages import ChatMessage, DataClass

# A threading.Event is the cancel token: the web request handler (or Ctrl-C in the CLI) sets it,
# providers and `run_call` look at it between chunks.
CancelToken = threading.Event


@dataclass
class Usage:
    """Token counts a provider reports for one call; None where it does not know them."""

    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    # Why the model stopped, as the OpenAI API names it: "stop", "length" (token limit) ...
    finish_reason: str | None = None


@dataclass(frozen=True)
class GenerationOptions:
    """How to generate: limits, sampling, stop sequences, cancellation."""

    max_tokens: int = 512
    temperature: float = 0.7
    stop: tuple[str, ...] = ()
    seed: int | None = None
    # Overrides the provider's read timeout for this call (seconds until the first/next chunk).
    timeout: float | None = None
    cancel: CancelToken | None = None
    # Filled by the provider when it learns exact token counts (per call, so thread-safe).
    usage: Usage = field(default_factory=Usage)

    def cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()


@runtime_checkable
class Provider(Protocol):
    """A chat model. `stream` yields text chunks; it raises `ProviderError` on faults."""

    name: str
    data_class: DataClass
    model: str

    def stream(
        self, messages: Sequence[ChatMessage], options: GenerationOptions
    ) -> Iterator[str]: ...


class ProviderError(Exception):
    """A model call failed. `user_message` is German; `retryable` says if trying again may help."""

    retryable: bool = True

    def __init__(self, user_message: str, *, partial_text: str = "") -> None:
        super().__init__(user_message)
        self.user_message = user_message
        self.partial_text = partial_text

    @property
    def kind(self) -> str:
        return type(self).__name__


class ProviderUnavailable(ProviderError):
    """The model server cannot be reached (refused, DNS, network down)."""

    @classmethod
    def for_provider(cls, name: str) -> ProviderUnavailable:
        return cls(
            _(
                "Der Modell-Anbieter „{name}“ ist nicht erreichbar. Bitte später erneut "
                "versuchen oder einen anderen Anbieter wählen."
            ).format(name=name)
        )


class ProviderTimeout(ProviderError):
    """The server did not answer (or stopped answering) within the timeout."""

    @classmethod
    def for_provider(cls, name: str, seconds: float, partial_text: str = "") -> ProviderTimeout:
        return cls(
            _(
                "Der Modell-Anbieter „{name}“ hat nicht innerhalb von {seconds:g} Sekunden "
                "geantwortet. Bitte erneut versuchen oder einen anderen Anbieter wählen."
            ).format(name=name, seconds=seconds),
            partial_text=partial_text,
        )


class RateLimited(ProviderError):
    """HTTP 429: too many requests (or quota used up)."""

    def __init__(self, user_message: str, *, retry_after: float | None = None) -> None:
        super().__init__(user_message)
        self.retry_after = retry_after

    @classmethod
    def for_provider(cls, name: str, retry_after: float | None) -> RateLimited:
        wait = (
            _(" Frühestens in {seconds:g} Sekunden erneut versuchen.").format(seconds=retry_after)
            if retry_after
            else ""
        )
        return cls(
            _(
                "Der Modell-Anbieter „{name}“ nimmt gerade keine weiteren Anfragen an "
                "(zu viele Anfragen oder Kontingent erschöpft).{wait}"
            ).format(name=name, wait=wait),
            retry_after=retry_after,
        )


class ProviderHTTPError(ProviderError):
    """The server answered with an HTTP error status."""

    def __init__(self, user_message: str, *, status: int) -> None:
        super().__init__(user_message)
        self.status = status
        # Server errors are often temporary; client errors (bad key, unknown model) are not.
        self.retryable = status >= 500

    @classmethod
    def for_provider(cls, name: str, status: int) -> ProviderHTTPError:
        if status in (401, 403):
            hint = _("Der API-Schlüssel fehlt, ist falsch oder hat keine Berechtigung.")
        elif status == 404:
            hint = _("Das Modell oder die Adresse ist dem Anbieter unbekannt.")
        elif status >= 500:
            hint = _("Beim Anbieter ist ein Fehler aufgetreten; oft hilft ein neuer Versuch.")
        else:
            hint = _("Der Anbieter hat die Anfrage abgelehnt.")
        return cls(
            _("Der Modell-Anbieter „{name}“ meldet Fehler {status}. {hint}").format(
                name=name, status=status, hint=hint
            ),
            status=status,
        )


class StreamBroken(ProviderError):
    """The answer broke off mid-stream; `partial_text` holds what arrived."""

    @classmethod
    def for_provider(cls, name: str, partial_text: str) -> StreamBroken:
        return cls(
            _(
                "Die Antwort von „{name}“ ist mittendrin abgebrochen. Der bisher erzeugte Text "
                "bleibt erhalten; Sie können erneut versuchen oder einen anderen Anbieter wählen."
            ).format(name=name),
            partial_text=partial_text,
        )


class InvalidResponse(ProviderError):
    """The server sent something that is not a valid chat-completion answer."""

    @classmethod
    def for_provider(cls, name: str, partial_text: str = "") -> InvalidResponse:
        return cls(
            _(
                "Der Modell-Anbieter „{name}“ hat eine unverständliche Antwort geschickt "
                "(kein gültiges JSON). Bitte erneut versuchen oder einen anderen Anbieter wählen."
            ).format(name=name),
            partial_text=partial_text,
        )


class ProviderConfigError(ProviderError):
    """The provider is configured wrongly (missing model file, missing API key variable, ...)."""

    retryable = False


@dataclass(frozen=True)
class DroppedPart:
    """A message that was left out (or could not be sent) because the context is too small."""

    index: int
    role: str
    tokens: int
    preview: str


class ContextTooLarge(ProviderError):
    """The prompt does not fit the model's context window, even after leaving out what may go."""

    retryable = False

    def __init__(self, user_message: str, *, dropped: Sequence[DroppedPart] = ()) -> None:
        super().__init__(user_message)
        self.dropped = tuple(dropped)
