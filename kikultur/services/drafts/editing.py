"""After generation: edits with conflict detection, one-click fixes, re-checks, diffs."""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from typing import Any

from kikultur.checks.findings import Finding
from kikultur.i18n import _
from kikultur.services import factsheet
from kikultur.services.drafts import grants
from kikultur.services.drafts.checking import (
    CheckedText,
    DraftFacts,
    finding_from_dict,
    run_checks,
)
from kikultur.services.drafts.errors import DraftError, FixError
from kikultur.services.drafts.orgdata import base_context, get_tool, tool_steckbrief
from kikultur.services.drafts.store import MAX_TEXT_CHARS, add_version, get_version, latest_number
from kikultur.store.models import Draft, DraftVersion, User, VersionOrigin, utcnow
from kikultur.store.repository import OrgRepository

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass(slots=True)
class SaveResult:
    """The stored version (or the unchanged current one) and, on a conflict, a German note."""

    version: DraftVersion
    saved: bool
    conflict: bool = False
    latest_number: int = 0
    message: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version.number,
            "saved": self.saved,
            "conflict": self.conflict,
            "latest": self.latest_number,
            "message": self.message,
            "findings": self.version.findings,
        }


def draft_facts(repo: OrgRepository, draft: Draft) -> DraftFacts:
    """The facts a draft's checks compare with: its form, notes and the current Steckbrief."""
    sheet = factsheet.current(repo)
    return DraftFacts(
        dict(draft.inputs or {}),
        draft.brief or "",
        tool_steckbrief(sheet.data),
        base_context(sheet.data),
        reader_checked=draft.reader_checked_at is not None,
    )


def recheck(repo: OrgRepository, draft: Draft, text: str) -> CheckedText:
    """Every check of the draft's tool on `text` (nothing stored): live findings in an editor."""
    _validate_text(text)
    tool = grants.resolve(
        repo, get_tool(repo, draft.tool_id), grants.tool_values(draft.inputs or {})
    )
    return run_checks(tool, text, draft_facts(repo, draft))


def _validate_text(text: str) -> None:
    if not isinstance(text, str):
        raise DraftError(_("Der Text fehlt."), "text")
    if _CONTROL.search(text):
        raise DraftError(
            _("Der Text enthält Steuerzeichen (Binärdaten?). Bitte nur Text einfügen."), "text"
        )
    if len(text) > MAX_TEXT_CHARS:
        raise DraftError(
            _("Der Text ist zu lang: {length} Zeichen, erlaubt sind {limit}.").format(
                length=len(text), limit=MAX_TEXT_CHARS
            ),
            "text",
        )


# Said about the model's own answer only: once a person edited the text, "the model stopped
# at the length limit" and "the workbench added these facts" no longer describe it.
_ANSWER_ONLY = ("truncated", "facts_added", "facts_section")


def _provenance(base: DraftVersion, user: User | None, **extra: Any) -> dict[str, Any]:
    # The generation's provenance carries on; what changed is added. A restored version is
    # the old text again, so what was said about that text stays true.
    dropped: tuple[str, ...] = (
        "created_by",
        "created_at",
        "checks",
        "fix",
        "base_version",
        "conflict",
    )
    if "restored_from" not in extra:
        dropped += _ANSWER_ONLY
    kept = {k: v for k, v in (base.provenance or {}).items() if k not in dropped}
    kept.update(
        base_version=base.number,
        created_by=user.display_name if user is not None else None,
        created_at=utcnow().isoformat(),
    )
    kept.update(extra)
    return kept


def save_edit(
    repo: OrgRepository,
    draft: Draft,
    text: str,
    base_version: int,
    user: User | None,
) -> SaveResult:
    """Autosave of an edit made on version `base_version`.

    Same text as the newest version: nothing is stored. Based on an older version than the
    newest (a second tab, a reconnect): the edit is stored as its own version all the same,
    nothing is lost, and the result carries a German conflict message.
    """
    _validate_text(text)
    base = get_version(repo, draft, base_version)
    latest = latest_number(repo, draft)
    current = get_version(repo, draft, latest)
    if text == current.text:
        return SaveResult(current, saved=False, latest_number=latest)
    conflict = base_version != latest
    checked = recheck(repo, draft, text)
    version = add_version(
        repo,
        draft,
        checked,
        VersionOrigin.edited.value,
        _provenance(base, user, conflict=conflict),
        user,
    )
    message = None
    if conflict:
        message = _(
            "Dieser Entwurf wurde inzwischen anderswo geändert (Version {latest}). Ihre "
            "Änderungen sind trotzdem gespeichert, als Version {number}. Bitte vergleichen Sie "
            "die Versionen und führen Sie sie zusammen."
        ).format(latest=latest, number=version.number)
    return SaveResult(
        version, saved=True, conflict=conflict, latest_number=version.number, message=message
    )


def apply_fix(
    repo: OrgRepository,
    draft: Draft,
    version_number: int,
    finding_index: int,
    suggestion_index: int = 0,
    user: User | None = None,
) -> SaveResult:
    """Applies one suggestion of one finding of a version and stores the result (origin fix)."""
    version = get_version(repo, draft, version_number)
    findings = version.findings or []
    if not 0 <= finding_index < len(findings):
        raise FixError(_("Diesen Hinweis gibt es in Version {n} nicht.").format(n=version.number))
    finding: Finding = finding_from_dict(findings[finding_index])
    if not 0 <= suggestion_index < len(finding.suggestions):
        raise FixError(_("Für diesen Hinweis gibt es diesen Vorschlag nicht."))
    text = version.text
    if text[finding.start : finding.end] != finding.text:
        raise FixError(_("Die Stelle hat sich geändert; bitte neu prüfen lassen."))
    suggestion = finding.suggestions[suggestion_index]
    fixed = text[: finding.start] + suggestion + text[finding.end :]
    checked = recheck(repo, draft, fixed)
    latest = latest_number(repo, draft)
    new = add_version(
        repo,
        draft,
        checked,
        VersionOrigin.fix.value,
        _provenance(
            version,
            user,
            fix={"check": finding.check, "kind": finding.kind, "suggestion": suggestion},
            conflict=version.number != latest,
        ),
        user,
    )
    return SaveResult(new, saved=True, conflict=version.number != latest, latest_number=new.number)


def restore_version(
    repo: OrgRepository, draft: Draft, version_number: int, user: User | None
) -> SaveResult:
    """Makes an older version the newest again (as a new version: history stays complete)."""
    old = get_version(repo, draft, version_number)
    checked = recheck(repo, draft, old.text)
    new = add_version(
        repo,
        draft,
        checked,
        VersionOrigin.restored.value,
        _provenance(old, user, restored_from=old.number),
        user,
    )
    return SaveResult(new, saved=True, latest_number=new.number)


@dataclass(frozen=True, slots=True)
class DiffOp:
    op: str  # equal | insert | delete
    text: str


@dataclass(frozen=True, slots=True)
class Diff:
    """Word-level difference of two versions; `html` is escaped, with <ins>/<del> marks."""

    old: int
    new: int
    ops: tuple[DiffOp, ...]

    @property
    def html(self) -> str:
        parts = []
        for item in self.ops:
            escaped = html.escape(item.text)
            if item.op == "insert":
                parts.append(f"<ins>{escaped}</ins>")
            elif item.op == "delete":
                parts.append(f"<del>{escaped}</del>")
            else:
                parts.append(escaped)
        return "".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "ops": [{"op": o.op, "text": o.text} for o in self.ops],
            "html": self.html,
        }


def diff_texts(old: str, new: str) -> list[DiffOp]:
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    ops: list[DiffOp] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(DiffOp("equal", "".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            ops.append(DiffOp("delete", "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            ops.append(DiffOp("insert", "".join(b[j1:j2])))
    return ops


def diff(repo: OrgRepository, draft: Draft, old: int, new: int) -> Diff:
    """The difference between two versions of a draft (for the version history)."""
    first, second = get_version(repo, draft, old), get_version(repo, draft, new)
    return Diff(first.number, second.number, tuple(diff_texts(first.text, second.text)))
