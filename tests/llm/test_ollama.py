import time

import pytest

from kikultur.llm.messages import DataClass
from kikultur.llm.ollama import data_class_for, ollama_models, ollama_suggestions
from tests.support.openai_server import OpenAITestServer, unused_port


def test_running_ollama_models_are_offered_as_local_providers(
    openai_server: OpenAITestServer,
) -> None:
    openai_server.state.ollama_models = ["llama3.2:3b", "qwen2.5:7b"]
    suggestions = ollama_suggestions(openai_server.root_url)
    assert [s.model for s in suggestions] == ["llama3.2:3b", "qwen2.5:7b"]
    assert suggestions[0].name == "ollama-llama3.2-3b"
    assert suggestions[0].base_url == f"{openai_server.root_url}/v1"
    assert all(s.data_class is DataClass.local for s in suggestions)


def test_no_ollama_means_no_suggestions_quickly() -> None:
    started = time.perf_counter()
    assert ollama_models(f"http://127.0.0.1:{unused_port()}") == []
    assert time.perf_counter() - started < 2


def test_a_server_that_is_not_ollama_gives_no_suggestions(openai_server: OpenAITestServer) -> None:
    assert ollama_models(openai_server.root_url) == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:11434", DataClass.local),
        ("http://localhost:11434", DataClass.local),
        ("http://[::1]:11434", DataClass.local),
        ("http://192.168.1.20:11434", DataClass.local),
        ("http://10.0.0.5:11434", DataClass.local),
        ("http://ollama:11434", DataClass.local),
        ("http://gpu-server.local:11434", DataClass.local),
        ("http://93.184.216.34:11434", DataClass.third_country),
        ("https://ollama.example.com", DataClass.third_country),
    ],
)
def test_ollama_on_another_network_is_not_local(url: str, expected: DataClass) -> None:
    assert data_class_for(url) is expected
