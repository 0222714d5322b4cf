"""FakeProvider for unit tests of other modules: enqueue replies or faults, inspect the history."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from kikultur.llm.base import GenerationOptions, ProviderError, StreamBroken
from kikultur.llm.messages import ChatMessage, DataClass


@dataclass(frozen=True)
class FakeCall:
    messages: tuple[ChatMessage, ...]
    options: GenerationOptions


class FakeProvider:
    """Replies with queued texts (word by word); a queued ProviderError is raised instead.

    `break_after` in `enqueue` yields that many chunks and then raises StreamBroken, to test
    how callers keep partial text.
    """

    def __init__(
        self,
        *,
        name: str = "fake",
        model: str = "fake-modell",
        data_class: DataClass = DataClass.local,
        default_reply: str = "Antwort des Testmodells.",
        context_window: int = 4096,
    ) -> None:
        self.name = name
        self.model = model
        self.data_class = data_class
        self.default_reply = default_reply
        self.context_window = context_window
        self.history: list[FakeCall] = []
        self._queue: deque[tuple[str | ProviderError, int | None]] = deque()

    def enqueue(self, *replies: str | ProviderError, break_after: int | None = None) -> None:
        for reply in replies:
            self._queue.append((reply, break_after))

    @property
    def last_messages(self) -> tuple[ChatMessage, ...]:
        if not self.history:
            raise AssertionError("FakeProvider wurde noch nicht aufgerufen.")
        return self.history[-1].messages

    def stream(self, messages: Sequence[ChatMessage], options: GenerationOptions) -> Iterator[str]:
        self.history.append(FakeCall(tuple(messages), options))
        reply, break_after = self._queue.popleft() if self._queue else (self.default_reply, None)
        if isinstance(reply, ProviderError):
            raise reply
        words = reply.split(" ")
        chunks = [w if i == 0 else " " + w for i, w in enumerate(words)]
        sent: list[str] = []
        for index, chunk in enumerate(chunks):
            if break_after is not None and index == break_after:
                raise StreamBroken.for_provider(self.name, "".join(sent))
            if options.cancelled():
                return
            sent.append(chunk)
            yield chunk
