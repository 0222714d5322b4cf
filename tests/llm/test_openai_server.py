"""The loopback test server itself: other tests rely on it speaking the protocol faithfully."""

import openai

from tests.support.openai_server import OpenAITestServer, Reply


def client(server: OpenAITestServer) -> openai.OpenAI:
    return openai.OpenAI(api_key="x", base_url=server.base_url, max_retries=0)


def test_lists_models(openai_server: OpenAITestServer) -> None:
    openai_server.state.models = ["modell-a", "modell-b"]
    assert [m.id for m in client(openai_server).models.list()] == ["modell-a", "modell-b"]


def test_answers_without_streaming_with_usage(openai_server: OpenAITestServer) -> None:
    openai_server.enqueue(Reply.ok("Ganze Antwort auf einmal."))
    completion = client(openai_server).chat.completions.create(
        model="m", messages=[{"role": "user", "content": "Hallo"}]
    )
    assert completion.choices[0].message.content == "Ganze Antwort auf einmal."
    assert completion.usage is not None and completion.usage.completion_tokens > 0


def test_records_every_request_body_for_privacy_assertions(
    openai_server: OpenAITestServer,
) -> None:
    c = client(openai_server)
    for text in ("erste Anfrage", "zweite Anfrage"):
        list(c.chat.completions.create(
            model="m", messages=[{"role": "user", "content": text}], stream=True
        ))  # fmt: skip
    bodies = [r.body["messages"][0]["content"] for r in openai_server.chat_requests]
    assert bodies == ["erste Anfrage", "zweite Anfrage"]


def test_scripted_replies_are_used_in_order_then_the_default(
    openai_server: OpenAITestServer,
) -> None:
    openai_server.enqueue(Reply.ok("eins"), Reply.ok("zwei"))
    openai_server.set_default(Reply.ok("immer wieder"))
    c = client(openai_server)
    texts = []
    for _ in range(3):
        completion = c.chat.completions.create(
            model="m", messages=[{"role": "user", "content": "?"}]
        )
        texts.append(completion.choices[0].message.content)
    assert texts == ["eins", "zwei", "immer wieder"]
