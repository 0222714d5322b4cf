"""Detects a running Ollama on this machine and offers its models as provider suggestions."""

from __future__ import annotations

import httpx

from kikultur.llm.messages import DataClass
from kikultur.llm.providers import ProviderConfig, ProviderKind

OLLAMA_URL = "http://127.0.0.1:11434"


def ollama_models(root_url: str = OLLAMA_URL, *, timeout: float = 0.5) -> list[str]:
    """Model names from Ollama's /api/tags; empty when no Ollama answers (quickly)."""
    try:
        response = httpx.get(f"{root_url.rstrip('/')}/api/tags", timeout=timeout)
        response.raise_for_status()
        data = response.json()
    except (httpx.HTTPError, ValueError):
        return []
    models = data.get("models") if isinstance(data, dict) else None
    if not isinstance(models, list):
        return []
    names = [m.get("name") or m.get("model") for m in models if isinstance(m, dict)]
    return sorted(n for n in names if isinstance(n, str) and n)


def ollama_suggestions(root_url: str = OLLAMA_URL, *, timeout: float = 0.5) -> list[ProviderConfig]:
    """One ready-to-add provider per Ollama model (data class `local`: it runs on this machine)."""
    return [
        ProviderConfig(
            name=f"ollama-{name.replace(':', '-').replace('/', '-')}",
            kind=ProviderKind.openai,
            base_url=f"{root_url.rstrip('/')}/v1",
            model=name,
            data_class=DataClass.local,
        )
        for name in ollama_models(root_url, timeout=timeout)
    ]
