"""The human editorial review (status "geprüft", EU AI Act Art. 50) and the reader check."""

from __future__ import annotations

from kikultur.checks.facts import CONTRADICTED, VERIFIED
from kikultur.checks.findings import Finding
from kikultur.i18n import _
from kikultur.services.drafts.checking import finding_from_dict
from kikultur.services.drafts.errors import DraftError, ReviewRefused
from kikultur.services.drafts.generate import is_truncated
from kikultur.services.drafts.store import get_version
from kikultur.store.models import Draft, DraftStatus, DraftVersion, User, VersionOrigin, utcnow
from kikultur.store.repository import OrgRepository

MAX_REASON_CHARS = 2000


def is_contradicted_fact(finding: Finding) -> bool:
    """A fact that contradicts the sources (incl. a dropped or changed fact slot)."""
    return finding.check == "facts" and finding.status == CONTRADICTED


def contradicted_facts(findings: list[dict[str, object]]) -> list[Finding]:
    """Facts of the draft that contradict the sources."""
    return [f for f in map(finding_from_dict, findings) if is_contradicted_fact(f)]


def important_findings(findings: list[dict[str, object]]) -> list[Finding]:
    """Open findings marked "wichtig" other than contradicted facts: an answer without
    sections, a section in the wrong language, an invented placeholder."""
    result = []
    for data in findings:
        finding = finding_from_dict(data)
        if finding.severity != "error" or finding.status in (CONTRADICTED, VERIFIED):
            continue
        result.append(finding)
    return result


def incomplete_notice(version: DraftVersion) -> str | None:
    """Why the version is not a whole text (the model stopped early), or None."""
    if version.origin == VersionOrigin.partial.value or is_truncated(version):
        return _("Der Text ist unvollständig: das Modell hat vor dem Ende aufgehört.")
    return None


def unfinished_reasons(version: DraftVersion) -> list[str]:
    """Why the version is not finished, besides contradicted facts: the text is incomplete
    and the open "wichtig" findings. Each needs fixing or a reason before the review."""
    incomplete = incomplete_notice(version)
    reasons = [incomplete] if incomplete else []
    return reasons + [f.message for f in important_findings(version.findings or [])]


def mark_reviewed(
    repo: OrgRepository, draft: Draft, user: User, override_reason: str | None = None
) -> Draft:
    """Marks the newest version as reviewed by `user` now.

    Refused (ReviewRefused, German) while contradicted facts are open, unless an override
    reason is given; the reason is recorded with the review.
    """
    version = get_version(repo, draft)
    open_facts = contradicted_facts(version.findings or [])
    unfinished = unfinished_reasons(version)
    reason = (override_reason or "").strip()
    if len(reason) > MAX_REASON_CHARS:
        raise DraftError(
            _("Die Begründung ist zu lang (höchstens {n} Zeichen).").format(n=MAX_REASON_CHARS),
            "override_reason",
        )
    if open_facts and not reason:
        raise ReviewRefused(
            _(
                "Der Entwurf enthält {count} Angabe(n), die den Quellen widersprechen (z. B. "
                "„{example}“). Bitte korrigieren, oder begründen, warum der Text trotzdem "
                "stimmt: die Begründung wird mit der Prüfung gespeichert."
            ).format(count=len(open_facts), example=open_facts[0].text or open_facts[0].message),
            "override_reason",
        )
    if unfinished and not reason:
        raise ReviewRefused(
            _(
                "Der Entwurf ist noch nicht fertig: {problem} Bitte beheben, oder begründen, "
                "warum er trotzdem so erscheinen kann: die Begründung wird mit der Prüfung "
                "gespeichert."
            ).format(problem=unfinished[0]),
            "override_reason",
        )
    needs_reason = bool(open_facts or unfinished)
    draft.status = DraftStatus.geprueft.value
    draft.reviewed_by_id = user.id
    draft.reviewed_at = utcnow()
    draft.reviewed_version = version.number
    draft.review_override_reason = reason if needs_reason else None
    repo.session.commit()
    return draft


def record_reader_check(
    repo: OrgRepository, draft: Draft, user: User, note: str | None = None
) -> Draft:
    """A reader of the target group checked a Leichte-Sprache text (clears `nicht_geprueft`)."""
    text = (note or "").strip()
    # The note is the record of the check: without who and when there is nothing to vouch
    # for the text, so it stays "nicht geprüft".
    if not text:
        raise DraftError(
            _("Bitte angeben, wer den Text wann geprüft hat; sonst bleibt er „nicht geprüft“."),
            "reader_note",
        )
    if len(text) > MAX_REASON_CHARS:
        raise DraftError(
            _("Die Notiz ist zu lang (höchstens {n} Zeichen).").format(n=MAX_REASON_CHARS),
            "reader_note",
        )
    draft.reader_checked_by_id = user.id
    draft.reader_checked_at = utcnow()
    draft.reader_checked_note = text or None
    repo.session.commit()
    return draft
