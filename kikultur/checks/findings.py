"""The Finding contract shared by every check, and its JSON form."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

Severity = Literal["error", "warning", "hint", "info"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a check found, located by character offsets into the checked text."""

    check: str
    kind: str
    start: int
    end: int
    text: str
    message: str
    suggestions: tuple[str, ...] = ()
    status: str = "open"
    severity: Severity = "warning"
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "check": self.check,
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
            "suggestions": list(self.suggestions),
            "status": self.status,
            "severity": self.severity,
        }
        if self.details:
            data["details"] = self.details
        return data


@dataclass(slots=True)
class CheckContext:
    """What a check may know besides the text: the user's facts and the organisation's choices."""

    facts: dict[str, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    # Names of `sources` in the same order ("Ihre Notizen"); a source without one is "Quelle N".
    source_labels: list[str] = field(default_factory=list)
    factsheet: dict[str, Any] = field(default_factory=dict)
    people: list[str] = field(default_factory=list)
    gender_style: str = "stern"
    form_of_address: str = "Sie"
    channel: str | None = None
    channel_limit: int | None = None
    leichte_sprache: bool = False


class Check(Protocol):
    """A check is a callable: text and context in, findings out (sorted by offset)."""

    def __call__(self, text: str, context: CheckContext) -> list[Finding]: ...


def findings_payload(findings: list[Finding], **extra: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {"findings": [f.to_dict() for f in findings]}
    payload.update(extra)
    return payload


def findings_json(findings: list[Finding], **extra: Any) -> str:
    return json.dumps(findings_payload(findings, **extra), ensure_ascii=False, indent=2)
