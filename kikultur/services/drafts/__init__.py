"""The draft pipeline: facts, prompt with slots, shield, model, restore, checks, version.

Web, CLI and API call only these functions (see docs/PIPELINE.md for the editor's use).
"""

from __future__ import annotations

from kikultur.services.drafts.checking import CheckedText, DraftFacts, run_checks
from kikultur.services.drafts.editing import (
    Diff,
    SaveResult,
    apply_fix,
    diff,
    recheck,
    restore_version,
    save_edit,
)
from kikultur.services.drafts.errors import DraftError, FixError, ReviewRefused, TemplateError
from kikultur.services.drafts.exporting import (
    DraftFile,
    export,
    remove_template,
    set_ai_note,
    upload_template,
)
from kikultur.services.drafts.generate import (
    Generation,
    GenerationResult,
    generate,
    run_generation,
)
from kikultur.services.drafts.orgdata import (
    copy_tool,
    delete_tool_copy,
    get_tool,
    registry_for,
    update_tool_copy,
)
from kikultur.services.drafts.prepare import PreparedDraft, ShieldItem, adjust_shield, prepare
from kikultur.services.drafts.review import mark_reviewed, record_reader_check
from kikultur.services.drafts.store import (
    delete_draft,
    draft_dict,
    get_draft,
    get_version,
    list_drafts,
    version_dict,
    versions,
)

__all__ = [
    "CheckedText",
    "Diff",
    "DraftError",
    "DraftFacts",
    "DraftFile",
    "FixError",
    "Generation",
    "GenerationResult",
    "PreparedDraft",
    "ReviewRefused",
    "SaveResult",
    "ShieldItem",
    "TemplateError",
    "adjust_shield",
    "apply_fix",
    "copy_tool",
    "delete_draft",
    "delete_tool_copy",
    "diff",
    "draft_dict",
    "export",
    "generate",
    "get_draft",
    "get_tool",
    "get_version",
    "list_drafts",
    "mark_reviewed",
    "prepare",
    "recheck",
    "record_reader_check",
    "registry_for",
    "remove_template",
    "restore_version",
    "run_checks",
    "run_generation",
    "save_edit",
    "set_ai_note",
    "update_tool_copy",
    "upload_template",
    "version_dict",
    "versions",
]
