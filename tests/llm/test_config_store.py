import json
import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from kikultur.config import Settings
from kikultur.llm.base import ProviderConfigError
from kikultur.llm.config_store import JsonProviderStore, ProviderStoreError
from kikultur.llm.llama import LlamaProvider
from kikultur.llm.messages import DataClass
from kikultur.llm.openai_compat import OpenAICompatProvider
from kikultur.llm.providers import ProviderConfig, ProviderKind, build_provider, default_config


def mistral() -> ProviderConfig:
    return ProviderConfig(
        name="mistral",
        base_url="https://api.mistral.ai/v1",
        model="mistral-small-latest",
        data_class=DataClass.eu,
        api_key_env="MISTRAL_API_KEY",
        price_input_per_1k=0.0002,
        price_output_per_1k=0.0006,
    )


def test_store_round_trip_and_active_provider(tmp_path: Path) -> None:
    store = JsonProviderStore(tmp_path / "providers.json")
    store.add(mistral())
    store.set_active("mistral")
    assert store.all() == [mistral()]
    assert store.active_name() == "mistral"
    assert stat.S_IMODE((tmp_path / "providers.json").stat().st_mode) == 0o600


def test_store_never_contains_the_api_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MISTRAL_API_KEY", "sk-streng-geheim")
    store = JsonProviderStore(tmp_path / "providers.json")
    store.add(mistral())
    raw = (tmp_path / "providers.json").read_text()
    assert "sk-streng-geheim" not in raw
    assert json.loads(raw)["providers"][0]["api_key_env"] == "MISTRAL_API_KEY"


def test_duplicate_and_unknown_names_get_german_errors(tmp_path: Path) -> None:
    store = JsonProviderStore(tmp_path / "providers.json")
    store.add(mistral())
    with pytest.raises(ProviderStoreError, match="gibt es schon"):
        store.add(mistral())
    with pytest.raises(ProviderStoreError, match="gibt es nicht"):
        store.set_active("openai")


def test_corrupted_store_file_is_reported_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "providers.json"
    path.write_text("{kaputt")
    with pytest.raises(ProviderStoreError, match="kein gültiges JSON"):
        JsonProviderStore(path).all()
    assert path.read_text() == "{kaputt"


def test_a_pasted_key_instead_of_a_variable_name_is_refused() -> None:
    with pytest.raises(ValidationError, match="Namen einer Umgebungsvariablen"):
        ProviderConfig(name="x", base_url="http://h/v1", model="m", api_key_env="sk-abc123-def")


def test_http_provider_needs_a_base_url_and_embedded_is_always_local() -> None:
    with pytest.raises(ValidationError, match="base-url"):
        ProviderConfig(name="x", kind=ProviderKind.openai, model="m")
    with pytest.raises(ValidationError, match="immer lokal"):
        ProviderConfig(name="x", kind=ProviderKind.embedded, model="a.gguf", data_class="eu")


def test_build_provider_reads_the_key_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path)
    monkeypatch.delenv("MISTRAL_API_KEY", raising=False)
    with pytest.raises(ProviderConfigError, match="MISTRAL_API_KEY ist nicht gesetzt"):
        build_provider(mistral(), settings)
    monkeypatch.setenv("MISTRAL_API_KEY", "sk-x")
    provider = build_provider(mistral(), settings)
    assert isinstance(provider, OpenAICompatProvider)
    assert provider.data_class is DataClass.eu
    assert mistral().price is not None


def test_default_is_the_embedded_demo_model_with_settings_for_context_and_threads(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path, llm_context=1024, llm_threads=1)
    provider = build_provider(default_config(settings), settings)
    assert isinstance(provider, LlamaProvider)
    assert provider.model_path.name == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert (provider.n_ctx, provider.n_threads) == (1024, 1)


def test_catalogue_model_not_yet_downloaded_says_how_to_get_it(tmp_path: Path) -> None:
    config = ProviderConfig(name="euro", kind=ProviderKind.embedded, model="eurollm-9b-instruct")
    with pytest.raises(ProviderConfigError, match="kikultur models pull eurollm-9b-instruct"):
        build_provider(config, Settings(data_dir=tmp_path))


def test_organisations_get_only_local_providers_until_their_admin_enables_more(
    tmp_path: Path,
) -> None:
    store = JsonProviderStore(tmp_path / "providers.json")
    local = ProviderConfig(name="ollama", base_url="http://127.0.0.1:11434/v1", model="q")
    store.add(local)
    store.add(mistral())
    assert [c.name for c in store.enabled_for("org-1")] == ["ollama"]
    store.set_enabled("org-1", "mistral", True)
    assert [c.name for c in store.enabled_for("org-1")] == ["ollama", "mistral"]
    assert [c.name for c in store.enabled_for("org-2")] == ["ollama"]
    store.set_enabled("org-1", "ollama", False)
    assert [c.name for c in store.enabled_for("org-1")] == ["mistral"]
