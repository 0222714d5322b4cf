"""Provider for any server speaking the OpenAI chat-completions protocol (Ollama, vLLM, ...)."""

from __future__ import annotations

import json
import logging
import random
import re
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import httpx2
import openai

from kikultur.i18n import _
from kikultur.llm.base import (
    ContextTooLarge,
    GenerationOptions,
    InvalidResponse,
    ProviderError,
    ProviderHTTPError,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
    StreamBroken,
)
from kikultur.llm.messages import ChatMessage, DataClass

log = logging.getLogger(__name__)

# How OpenAI, vLLM, llama.cpp server and Mistral phrase "prompt too long" in an HTTP 400.
_CONTEXT_ERROR = re.compile(
    r"context[_ ]length|context window|maximum context|too many tokens|exceeds? the "
    r"(?:available )?context|prompt is too long",
    re.IGNORECASE,
)

# Local servers (Ollama, llama.cpp server) accept any key; the SDK insists on one.
PLACEHOLDER_API_KEY = "kikultur-ohne-schluessel"


class OpenAICompatProvider:
    """Streams chat completions over HTTP; retries before the first token, never after it."""

    def __init__(
        self,
        *,
        name: str,
        base_url: str,
        model: str,
        data_class: DataClass,
        api_key: str | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 60.0,
        max_retries: int = 2,
        backoff_base: float = 0.5,
        max_backoff: float = 20.0,
        jitter: float = 0.1,
        context_window: int | None = None,
        stream_usage: bool = True,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.name = name
        self.base_url = base_url
        self.model = model
        self.data_class = data_class
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.max_backoff = max_backoff
        self.jitter = jitter
        self.context_window = context_window
        self.stream_usage = stream_usage
        self._sleep = sleep
        # The SDK's own retries are off: ours are testable and stop once text has arrived.
        self._client = openai.OpenAI(
            api_key=api_key or PLACEHOLDER_API_KEY,
            base_url=base_url,
            max_retries=0,
            timeout=openai.Timeout(read_timeout, connect=connect_timeout),
        )

    def __repr__(self) -> str:  # never shows the API key
        return f"OpenAICompatProvider(name={self.name!r}, base_url={self.base_url!r})"

    def close(self) -> None:
        self._client.close()

    def _timeout(self, options: GenerationOptions) -> openai.Timeout:
        read = options.timeout if options.timeout is not None else self.read_timeout
        return openai.Timeout(read, connect=self.connect_timeout)

    def _create(self, messages: Sequence[ChatMessage], options: GenerationOptions) -> Any:
        extra: dict[str, Any] = {}
        if self.stream_usage:
            extra["stream_options"] = {"include_usage": True}
        if options.seed is not None:
            extra["seed"] = options.seed
        if options.stop:
            extra["stop"] = list(options.stop)
        return self._client.chat.completions.create(
            model=self.model,
            messages=[{"role": m.role, "content": m.content} for m in messages],  # type: ignore[misc]
            stream=True,
            max_tokens=options.max_tokens,
            temperature=options.temperature,
            timeout=self._timeout(options),
            **extra,
        )

    def stream(self, messages: Sequence[ChatMessage], options: GenerationOptions) -> Iterator[str]:
        text: list[str] = []
        attempt = 0
        while True:
            try:
                response = self._create(messages, options)
                try:
                    for chunk in response:
                        if options.cancelled():
                            return
                        usage = getattr(chunk, "usage", None)
                        if usage is not None:
                            options.usage.prompt_tokens = usage.prompt_tokens
                            options.usage.completion_tokens = usage.completion_tokens
                        if not chunk.choices:
                            continue
                        finish = getattr(chunk.choices[0], "finish_reason", None)
                        if finish:
                            options.usage.finish_reason = str(finish)
                        content = chunk.choices[0].delta.content
                        if content:
                            text.append(content)
                            yield content
                    return
                finally:
                    response.close()
            except Exception as exc:
                error = self._translate(exc, "".join(text), options)
                if text or not self._retry_helps(error) or attempt >= self.max_retries:
                    raise error from exc
                delay = self._delay(attempt, error)
                log.info(
                    "%s: %s, neuer Versuch %d in %.2f s", self.name, error.kind, attempt + 1, delay
                )
                self._sleep(delay)
                attempt += 1

    @staticmethod
    def _retry_helps(error: ProviderError) -> bool:
        if isinstance(error, ProviderHTTPError):
            return error.status >= 500
        return isinstance(error, RateLimited | ProviderUnavailable | ProviderTimeout)

    def _delay(self, attempt: int, error: ProviderError) -> float:
        if isinstance(error, RateLimited) and error.retry_after is not None:
            base = error.retry_after
        else:
            base = self.backoff_base * (2**attempt)
        base = min(base, self.max_backoff)
        return base + (random.uniform(0, base * self.jitter) if self.jitter else 0.0)

    def _translate(self, exc: Exception, partial: str, options: GenerationOptions) -> ProviderError:
        """Maps SDK/transport faults to the German error classes; after text, keeps the text."""
        read_timeout = options.timeout if options.timeout is not None else self.read_timeout
        if isinstance(exc, json.JSONDecodeError | ValueError) and not isinstance(
            exc, openai.OpenAIError
        ):
            return InvalidResponse.for_provider(self.name, partial)
        if partial:
            if isinstance(exc, openai.APIError | httpx2.HTTPError | OSError):
                return StreamBroken.for_provider(self.name, partial)
            return InvalidResponse.for_provider(self.name, partial)
        if isinstance(exc, openai.RateLimitError):
            return RateLimited.for_provider(self.name, _retry_after(exc.response))
        if isinstance(exc, openai.APIStatusError):
            if exc.status_code == 400 and _CONTEXT_ERROR.search(str(exc)):
                return ContextTooLarge(
                    _(
                        "Der Text ist zu lang für das Modell von „{name}“ (der Anbieter meldet: "
                        "Kontext überschritten). Es wurde nichts gekürzt. Bitte kürzen Sie die "
                        "Eingabe oder wählen Sie ein Modell mit größerem Kontext."
                    ).format(name=self.name)
                )
            return ProviderHTTPError.for_provider(self.name, exc.status_code)
        if isinstance(exc, openai.APITimeoutError | httpx2.TimeoutException):
            return ProviderTimeout.for_provider(self.name, read_timeout)
        if isinstance(exc, openai.APIConnectionError | httpx2.ConnectError):
            return ProviderUnavailable.for_provider(self.name)
        if isinstance(exc, httpx2.HTTPError | OSError):
            # The connection broke before any text: to the user that is "not reachable".
            return ProviderUnavailable.for_provider(self.name)
        if isinstance(exc, openai.APIError):
            return InvalidResponse.for_provider(self.name)
        raise exc


def _retry_after(response: httpx2.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: rare for model APIs; fall back to our own backoff
