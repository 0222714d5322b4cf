"""Fixtures for the model layer: loopback OpenAI server, file server, demo GGUF, data dir."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kikultur.llm.default import demo_model_path
from tests.support.file_server import FileTestServer
from tests.support.openai_server import OpenAITestServer


@pytest.fixture
def openai_server() -> Iterator[OpenAITestServer]:
    with OpenAITestServer() as server:
        yield server


@pytest.fixture
def file_server() -> Iterator[FileTestServer]:
    with FileTestServer() as server:
        yield server


@pytest.fixture
def demo_gguf() -> Path:
    return demo_model_path()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "daten"
    monkeypatch.setenv("KIKULTUR_DATA_DIR", str(folder))
    monkeypatch.delenv("KIKULTUR_CONFIG_FILE", raising=False)
    monkeypatch.delenv("KIKULTUR_MODEL_PATH", raising=False)
    return folder
