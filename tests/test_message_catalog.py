"""The message catalog template lists every user-visible string of code and templates."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
POT = ROOT / "kikultur" / "locale" / "messages.pot"


def _msgids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {str(message.id) for message in read_po(handle) if message.id}


def test_messages_pot_is_up_to_date(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-o", str(fresh), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    missing = _msgids(fresh) - _msgids(POT)
    assert not missing, f"`make messages` ausführen; neu: {sorted(missing)[:5]}"
    assert "Steckbrief bearbeiten" in _msgids(POT)
