"""Where an organisation's files live on disk: one folder per organisation in the data dir.

Every module that stores files of an organisation (uploads, document templates, generated
exports kept for later) puts them under `organisation_files_dir(settings, org_id)`. The GDPR
export packs this folder into the organisation's zip, and deleting the organisation removes
it, so files kept anywhere else would survive a deletion request.
"""

from __future__ import annotations

from pathlib import Path

from kikultur.config import Settings

ORGANISATIONS_DIR = "organisations"


def organisation_files_dir(settings: Settings, organisation_id: int) -> Path:
    """`<data_dir>/organisations/<id>/` (not created here; create it when writing a file)."""
    if isinstance(organisation_id, bool) or not isinstance(organisation_id, int):
        raise TypeError("organisation_id muss eine ganze Zahl sein")
    return settings.data_dir / ORGANISATIONS_DIR / str(organisation_id)
