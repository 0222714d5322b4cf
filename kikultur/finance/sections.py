"""Character limits of a funder's application sections: live counter and Findings for drafts."""

from __future__ import annotations

from dataclasses import dataclass

from kikultur.checks.findings import CheckContext, Finding
from kikultur.finance.funders import Section
from kikultur.i18n import _

CHECK = "funder"


@dataclass(frozen=True, slots=True)
class SectionCount:
    """What the editor shows next to a section while typing."""

    length: int
    max_chars: int | None

    @property
    def remaining(self) -> int | None:
        return None if self.max_chars is None else self.max_chars - self.length

    @property
    def over(self) -> bool:
        return self.max_chars is not None and self.length > self.max_chars


def count_section(text: str, section: Section) -> SectionCount:
    """Counts characters including spaces and line breaks, as application forms do."""
    return SectionCount(length=len(text), max_chars=section.max_chars)


def check_section(
    text: str, section: Section, context: CheckContext | None = None
) -> list[Finding]:
    """Findings for one section's text; the part over the limit is marked by its offsets."""
    findings: list[Finding] = []
    if section.required and not text.strip():
        findings.append(
            Finding(
                check=CHECK,
                kind="section_empty",
                start=0,
                end=0,
                text="",
                message=_("Der Abschnitt „{title}“ ist noch leer.").format(title=section.title),
                severity="warning",
                details={"section": section.id},
            )
        )
    count = count_section(text, section)
    if count.over and section.max_chars is not None:
        findings.append(
            Finding(
                check=CHECK,
                kind="section_too_long",
                start=section.max_chars,
                end=len(text),
                text=text[section.max_chars :],
                message=_(
                    "Der Abschnitt „{title}“ hat {length} Zeichen; erlaubt sind {limit} "
                    "({over} zu viel)."
                ).format(
                    title=section.title,
                    length=count.length,
                    limit=section.max_chars,
                    over=count.length - section.max_chars,
                ),
                # The funder's own limit cuts the text off in the form; our assumed one warns.
                severity="error" if section.limit_source == "foerderer" else "warning",
                details={
                    "section": section.id,
                    "length": count.length,
                    "max_chars": section.max_chars,
                    "limit_source": section.limit_source,
                },
            )
        )
    return findings
