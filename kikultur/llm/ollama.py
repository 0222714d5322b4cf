"""Detects a running Ollama on this machine and offers its models as provider suggestions."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

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


def data_class_for(root_url: str) -> DataClass:
    """`local` only for this machine or the organisation's own network (loopback, private and
    link-local addresses, single-label host names such as a Docker service "ollama"). Any
    other host may be anywhere: it gets the strictest class, so that the privacy shield
    applies until an admin records where it really runs."""
    host = (urlsplit(root_url).hostname or "").lower()
    if host == "localhost" or host.endswith((".localhost", ".local", ".lan", ".internal")):
        return DataClass.local
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return DataClass.local if host and "." not in host else DataClass.third_country
    if address.is_loopback or address.is_private or address.is_link_local:
        return DataClass.local
    return DataClass.third_country


def ollama_suggestions(root_url: str = OLLAMA_URL, *, timeout: float = 0.5) -> list[ProviderConfig]:
    """One ready-to-add provider per Ollama model, its data class by where Ollama runs."""
    data_class = data_class_for(root_url)
    return [
        ProviderConfig(
            name=f"ollama-{name.replace(':', '-').replace('/', '-')}",
            kind=ProviderKind.openai,
            base_url=f"{root_url.rstrip('/')}/v1",
            model=name,
            data_class=data_class,
        )
        for name in ollama_models(root_url, timeout=timeout)
    ]
