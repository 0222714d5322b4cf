from pathlib import Path

import pytest
from pydantic import ValidationError

from kikultur.config import Settings
from kikultur.llm.base import ProviderConfigError
from kikultur.llm.keys import encrypt_api_key
from kikultur.llm.llama import LlamaProvider
from kikultur.llm.messages import DataClass
from kikultur.llm.openai_compat import OpenAICompatProvider
from kikultur.llm.providers import ProviderConfig, ProviderKind, build_provider, default_config

SECRET = "instanz-geheimnis-" + "y" * 40


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


def test_a_pasted_key_instead_of_a_variable_name_is_refused() -> None:
    with pytest.raises(ValidationError, match="Namen einer Umgebungsvariablen"):
        ProviderConfig(name="x", base_url="http://h/v1", model="m", api_key_env="sk-abc123-def")


def test_the_workbench_own_variables_can_never_be_sent_as_api_key() -> None:
    for name in ("KIKULTUR_SECRET_KEY", "kikultur_database_url"):
        with pytest.raises(ValidationError, match="Werkbank selbst"):
            ProviderConfig(name="x", base_url="http://h/v1", model="m", api_key_env=name)
    ok = ProviderConfig(name="x", base_url="http://h/v1", model="m", api_key_env="MISTRAL_API_KEY")
    assert ok.api_key_env == "MISTRAL_API_KEY"


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


def test_an_encrypted_key_is_decrypted_only_when_the_provider_is_built(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, secret_key=SECRET)
    token = encrypt_api_key(SECRET, "sk-verschluesselt-123")
    config = mistral().model_copy(update={"api_key_env": None, "api_key_encrypted": token})
    assert "sk-verschluesselt-123" not in repr(config) and token not in repr(config)
    assert "api_key_encrypted" not in config.model_dump()
    assert config.api_key_status() == "Schlüssel gesetzt"
    provider = build_provider(config, settings)
    assert isinstance(provider, OpenAICompatProvider)
    assert provider._client.api_key == "sk-verschluesselt-123"


def test_a_key_encrypted_under_another_secret_gives_a_german_error(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, secret_key=SECRET)
    token = encrypt_api_key("ein-anderes-geheimnis-" + "z" * 40, "sk-x")
    config = mistral().model_copy(update={"api_key_env": None, "api_key_encrypted": token})
    with pytest.raises(ProviderConfigError, match="neu eingeben"):
        build_provider(config, settings)
