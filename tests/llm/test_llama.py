import threading
from pathlib import Path

import pytest

from kikultur.llm.base import ContextTooLarge, GenerationOptions, ProviderConfigError
from kikultur.llm.budget import counter_for
from kikultur.llm.calls import CallRecord, run_call
from kikultur.llm.llama import LlamaProvider
from kikultur.llm.messages import ChatMessage, DataClass

pytestmark = pytest.mark.llama

MESSAGES = [ChatMessage("user", "What is the capital of France? Answer in one word.")]
GREEDY = GenerationOptions(max_tokens=12, temperature=0.0, seed=1)


@pytest.fixture
def provider(demo_gguf: Path) -> LlamaProvider:
    return LlamaProvider(demo_gguf, n_ctx=1024, n_threads=2)


def test_real_inference_streams_text_and_records_exact_tokens(provider: LlamaProvider) -> None:
    records: list[CallRecord] = []
    chunks: list[str] = []
    result = run_call(provider, MESSAGES, GREEDY, records.append, on_chunk=chunks.append)
    assert result.ok, result.user_message
    assert result.text.strip()
    assert "".join(chunks) == result.text
    (record,) = records
    assert record.data_class is DataClass.local
    assert record.tokens_estimated is False
    assert 0 < record.completion_tokens <= GREEDY.max_tokens
    assert record.prompt_tokens == provider.token_counter().count_messages(MESSAGES)
    assert record.ttft_ms is not None and record.ttft_ms > 0


def test_greedy_generation_is_reproducible(provider: LlamaProvider) -> None:
    first = run_call(provider, MESSAGES, GREEDY).text
    second = run_call(provider, MESSAGES, GREEDY).text
    assert first == second


def test_chat_template_comes_from_the_gguf_metadata(provider: LlamaProvider) -> None:
    loaded = provider.loaded()
    template = loaded.llama.metadata["tokenizer.chat_template"]
    assert loaded.llama.chat_format == "chat_template.default"
    assert "<|im_start|>" in template
    rendered = loaded.formatter(messages=[{"role": "user", "content": "Hallo"}]).prompt
    assert rendered.endswith("<|im_start|>user\nHallo<|im_end|>\n<|im_start|>assistant\n")


def test_model_is_loaded_once_and_shared(demo_gguf: Path) -> None:
    a = LlamaProvider(demo_gguf, n_ctx=1024, n_threads=2, name="a")
    b = LlamaProvider(demo_gguf, n_ctx=1024, n_threads=2, name="b")
    assert a.llama is b.llama


def test_cancel_mid_stream_stops_generation(provider: LlamaProvider) -> None:
    cancel = threading.Event()
    received: list[str] = []

    def on_chunk(chunk: str) -> None:
        received.append(chunk)
        if len(received) == 3:
            cancel.set()

    options = GenerationOptions(max_tokens=200, temperature=0.0, cancel=cancel)
    prompt = [ChatMessage("user", "Write a long story about a cat.")]
    result = run_call(provider, prompt, options, on_chunk=on_chunk)
    assert result.outcome == "cancelled"
    assert len(received) == 3
    assert result.record.completion_tokens < 20
    # The model is free again at once: the next call does not wait for the cancelled one.
    assert provider.loaded().lock.acquire(timeout=1)
    provider.loaded().lock.release()


def test_concurrent_calls_are_serialised_safely(provider: LlamaProvider) -> None:
    results = []

    def call() -> None:
        results.append(run_call(provider, MESSAGES, GREEDY))

    threads = [threading.Thread(target=call) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(results) == 2
    assert all(r.ok for r in results)
    assert results[0].text == results[1].text


def test_prompt_larger_than_the_context_is_a_german_context_error(demo_gguf: Path) -> None:
    small = LlamaProvider(demo_gguf, n_ctx=256, n_threads=2)
    result = run_call(small, [ChatMessage("user", "Hamburg " * 400)], GREEDY)
    assert result.outcome == "error"
    assert isinstance(result.error, ContextTooLarge)
    assert "zu lang" in result.error.user_message


def test_exact_counter_uses_the_model_tokenizer(provider: LlamaProvider) -> None:
    counter = counter_for(provider)
    assert counter.exact is True
    text = "Das Stadtteilfest beginnt um 15 Uhr."
    assert counter.count_text(text) == len(
        provider.llama.tokenize(text.encode(), add_bos=False, special=True)
    )
    assert counter.count_messages([ChatMessage("user", text)]) > counter.count_text(text)


def test_missing_model_file_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ProviderConfigError, match="nicht gefunden"):
        LlamaProvider(tmp_path / "fehlt.gguf").loaded()


def test_a_file_that_is_not_gguf_is_refused_in_german(tmp_path: Path) -> None:
    fake = tmp_path / "kaputt.gguf"
    fake.write_bytes(b"das ist kein modell" * 100)
    with pytest.raises(ProviderConfigError, match="konnte nicht geladen werden"):
        LlamaProvider(fake).loaded()


def test_cancel_while_waiting_for_a_busy_model_ends_the_call(provider: LlamaProvider) -> None:
    loaded = provider.loaded()
    cancel = threading.Event()
    with loaded.lock:  # another user is generating
        timer = threading.Timer(0.3, cancel.set)
        timer.start()
        result = run_call(provider, MESSAGES, GenerationOptions(max_tokens=8, cancel=cancel))
    assert result.outcome == "cancelled"
    assert result.text == ""


def test_unloaded_models_are_loaded_again_on_demand(demo_gguf: Path) -> None:
    from kikultur.llm.llama import unload_models

    provider = LlamaProvider(demo_gguf, n_ctx=512, n_threads=1)
    first = provider.llama
    unload_models()
    assert provider.llama is not first
    assert run_call(provider, MESSAGES, GenerationOptions(max_tokens=4, temperature=0.0)).ok
