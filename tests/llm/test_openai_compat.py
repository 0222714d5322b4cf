import logging
import threading

import pytest

from kikultur.llm.base import (
    GenerationOptions,
    InvalidResponse,
    ProviderHTTPError,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
    StreamBroken,
)
from kikultur.llm.calls import run_call
from kikultur.llm.messages import ChatMessage, DataClass
from kikultur.llm.openai_compat import OpenAICompatProvider
from tests.support.openai_server import OpenAITestServer, Reply, unused_port

MESSAGES = [ChatMessage("system", "Du schreibst kurz."), ChatMessage("user", "Sag Hallo.")]


def make_provider(
    base_url: str, sleeps: list[float] | None = None, **kwargs: object
) -> OpenAICompatProvider:
    recorded = sleeps if sleeps is not None else []
    defaults: dict[str, object] = {
        "name": "testserver",
        "model": "test-modell",
        "data_class": DataClass.local,
        "read_timeout": 2.0,
        "connect_timeout": 1.0,
        "max_retries": 2,
        "backoff_base": 0.01,
        "jitter": 0.0,
        "sleep": recorded.append,
    }
    defaults.update(kwargs)
    return OpenAICompatProvider(base_url=base_url, **defaults)  # type: ignore[arg-type]


def collect(provider: OpenAICompatProvider, options: GenerationOptions | None = None) -> str:
    return "".join(provider.stream(MESSAGES, options or GenerationOptions()))


def test_streams_the_scripted_reply_and_sends_messages_model_and_limits(
    openai_server: OpenAITestServer,
) -> None:
    openai_server.enqueue(Reply.ok("Hallo aus Hamburg!"))
    provider = make_provider(openai_server.base_url)
    chunks = list(provider.stream(MESSAGES, GenerationOptions(max_tokens=33, temperature=0.2)))
    assert chunks == ["Hallo", " aus", " Hamburg!"]
    (request,) = openai_server.chat_requests
    assert request.body["stream"] is True
    assert request.body["model"] == "test-modell"
    assert request.body["max_tokens"] == 33
    assert request.body["messages"] == [
        {"role": "system", "content": "Du schreibst kurz."},
        {"role": "user", "content": "Sag Hallo."},
    ]


def test_usage_reported_by_the_server_is_taken_over(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(Reply.ok("eins zwei drei vier"))
    options = GenerationOptions()
    collect(make_provider(openai_server.base_url), options)
    assert options.usage.completion_tokens == len("eins zwei drei vier") // 4
    assert options.usage.prompt_tokens is not None


def test_rate_limit_is_retried_after_the_retry_after_delay(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(Reply.rate_limited(retry_after="3"), Reply.ok("Jetzt geht es."))
    sleeps: list[float] = []
    assert collect(make_provider(openai_server.base_url, sleeps)) == "Jetzt geht es."
    assert sleeps == [3.0]
    assert len(openai_server.chat_requests) == 2


def test_server_errors_are_retried_with_exponential_backoff(
    openai_server: OpenAITestServer,
) -> None:
    openai_server.enqueue(Reply.http_error(500), Reply.http_error(503), Reply.ok("Endlich."))
    sleeps: list[float] = []
    provider = make_provider(openai_server.base_url, sleeps, backoff_base=0.5)
    assert collect(provider) == "Endlich."
    assert sleeps == [0.5, 1.0]


def test_persistent_server_error_ends_in_a_german_http_error_after_the_retries(
    openai_server: OpenAITestServer,
) -> None:
    openai_server.enqueue(*[Reply.http_error(500)] * 3)
    with pytest.raises(ProviderHTTPError) as info:
        collect(make_provider(openai_server.base_url))
    assert info.value.status == 500
    assert "meldet Fehler 500" in info.value.user_message
    assert info.value.retryable
    assert len(openai_server.chat_requests) == 3


def test_rate_limit_that_persists_is_reported_in_german(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(*[Reply.rate_limited(retry_after="1")] * 3)
    with pytest.raises(RateLimited) as info:
        collect(make_provider(openai_server.base_url))
    assert info.value.retry_after == 1.0
    assert "keine weiteren Anfragen" in info.value.user_message


def test_client_errors_are_not_retried(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(Reply.http_error(401))
    sleeps: list[float] = []
    with pytest.raises(ProviderHTTPError) as info:
        collect(make_provider(openai_server.base_url, sleeps))
    assert "API-Schlüssel" in info.value.user_message
    assert not info.value.retryable
    assert sleeps == []
    assert len(openai_server.chat_requests) == 1


def test_slow_first_byte_times_out_and_the_retry_succeeds(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(Reply.slow_first_byte(delay=2.0), Reply.ok("Schnell diesmal."))
    provider = make_provider(openai_server.base_url, read_timeout=0.3)
    assert collect(provider) == "Schnell diesmal."


def test_timeout_on_every_attempt_raises_provider_timeout(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(*[Reply.slow_first_byte(delay=2.0)] * 2)
    provider = make_provider(openai_server.base_url, read_timeout=0.3, max_retries=1)
    with pytest.raises(ProviderTimeout) as info:
        collect(provider)
    assert "0.3 Sekunden" in info.value.user_message


def test_stream_broken_mid_answer_keeps_the_partial_text_and_is_not_retried(
    openai_server: OpenAITestServer,
) -> None:
    openai_server.enqueue(Reply.broken_after("Das ist der Anfang einer Antwort", chunks=3))
    sleeps: list[float] = []
    received: list[str] = []
    with pytest.raises(StreamBroken) as info:
        for chunk in make_provider(openai_server.base_url, sleeps).stream(
            MESSAGES, GenerationOptions()
        ):
            received.append(chunk)
    assert "".join(received) == "Das ist der"
    assert info.value.partial_text == "Das ist der"
    assert "mittendrin abgebrochen" in info.value.user_message
    assert sleeps == []
    assert len(openai_server.chat_requests) == 1


def test_invalid_json_chunk_raises_invalid_response_with_partial_text(
    openai_server: OpenAITestServer,
) -> None:
    openai_server.enqueue(Reply.invalid_json_after("Guten Tag allerseits", chunks=2))
    with pytest.raises(InvalidResponse) as info:
        collect(make_provider(openai_server.base_url))
    assert info.value.partial_text == "Guten Tag"
    assert "kein gültiges JSON" in info.value.user_message


def test_invalid_json_before_any_text_is_reported_not_retried(
    openai_server: OpenAITestServer,
) -> None:
    openai_server.enqueue(Reply.invalid_json_after("x y", chunks=0))
    with pytest.raises(InvalidResponse):
        collect(make_provider(openai_server.base_url))
    assert len(openai_server.chat_requests) == 1


def test_server_down_raises_provider_unavailable_after_retries() -> None:
    sleeps: list[float] = []
    provider = make_provider(f"http://127.0.0.1:{unused_port()}/v1", sleeps)
    with pytest.raises(ProviderUnavailable) as info:
        collect(provider)
    assert "nicht erreichbar" in info.value.user_message
    assert len(sleeps) == 2


def test_cancel_stops_the_stream_between_chunks(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(Reply.ok("a b c d e f g h", chunk_delay=0.05))
    cancel = threading.Event()
    received = []
    for chunk in make_provider(openai_server.base_url).stream(
        MESSAGES, GenerationOptions(cancel=cancel)
    ):
        received.append(chunk)
        if len(received) == 2:
            cancel.set()
    assert received == ["a", " b"]


def test_api_key_is_sent_as_bearer_but_never_logged_or_shown(
    openai_server: OpenAITestServer, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "sk-geheim-1234567890"
    caplog.set_level(logging.DEBUG)
    openai_server.enqueue(Reply.http_error(500), Reply.ok("ok"))
    provider = make_provider(openai_server.base_url, api_key=secret)
    result = run_call(provider, MESSAGES)
    assert result.ok
    assert openai_server.chat_requests[0].headers["authorization"] == f"Bearer {secret}"
    assert secret not in caplog.text
    assert secret not in repr(provider)
    assert secret not in str(result.record.as_dict())


@pytest.mark.parametrize(
    ("reply", "kind", "partial"),
    [
        (Reply.broken_after("Erster Teil der Antwort", chunks=2), "StreamBroken", "Erster Teil"),
        (Reply.invalid_json_after("Erster Teil der", chunks=1), "InvalidResponse", "Erster"),
        (Reply.http_error(404), "ProviderHTTPError", ""),
    ],
)
def test_run_call_keeps_partial_text_and_explains_in_german(
    openai_server: OpenAITestServer, reply: Reply, kind: str, partial: str
) -> None:
    openai_server.enqueue(reply)
    records = []
    result = run_call(make_provider(openai_server.base_url), MESSAGES, recorder=records.append)
    assert result.text == partial
    assert result.outcome == "error"
    assert result.error is not None and result.error.kind == kind
    assert result.user_message and "„testserver“" in result.user_message
    (record,) = records
    assert record.outcome == "error" and record.error_kind == kind


def test_server_saying_the_context_is_exceeded_becomes_context_too_large(
    openai_server: OpenAITestServer,
) -> None:
    message = "This model's maximum context length is 8192 tokens. However, you requested 9000."
    openai_server.enqueue(Reply.http_error(400, message))
    result = run_call(make_provider(openai_server.base_url), MESSAGES)
    assert result.error is not None and result.error.kind == "ContextTooLarge"
    assert "zu lang" in result.error.user_message and not result.error.retryable
