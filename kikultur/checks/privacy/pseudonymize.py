"""Reversible pseudonymisation: placeholders in, real values back out, mapping kept locally."""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kikultur.checks.findings import CheckContext, Finding
from kikultur.checks.privacy.detect import detect
from kikultur.llm.messages import ChatMessage, ShieldedMessages, seal

# Placeholder labels are German: the model reads them inside German text.
LABELS = {
    "PERSON": "NAME",
    "EMAIL": "EMAIL",
    "PHONE": "TELEFON",
    "IBAN": "IBAN",
    "ADDRESS": "ADRESSE",
    "DATE_OF_BIRTH": "GEBURTSDATUM",
    "ID_NUMBER": "KENNNUMMER",
    "SPECIAL_CATEGORY": "SENSIBEL",
}
# A first name alone gets the person's number with its own label ("Liebe [VORNAME_1]"): the
# model knows it is the same person, and restore gives back just the first name.
FORENAME_LABEL = "VORNAME"
# Tolerates what models do to placeholders: [Name_1], [NAME 1], [ NAME-1 ], [NAME_1]s, [NAME_1]'s
PLACEHOLDER = re.compile(
    r"\[\s*("
    + "|".join([*LABELS.values(), FORENAME_LABEL])
    + r")[\s_\-]*(\d+)\s*\]((?:['’]s|s)(?![\w]))?",
    re.IGNORECASE,
)
_TITLE_BEFORE = re.compile(r"(?:Frau|Herr|Herrn|Dr\.|Prof\.)\s+$")
_PARTICLES = {"von", "van", "de", "der", "den", "zu", "al", "el", "di", "da", "du", "ten", "ter"}
VAULT_VERSION = 1


def fold(value: str) -> str:
    """Compares names the way people write them: "Yilmaz" is "Yılmaz", case does not count."""
    value = value.replace("ı", "i").replace("İ", "I").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", value)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


@dataclass(slots=True)
class VaultEntry:
    """One real value and its placeholder; a person may be known under several variants."""

    placeholder: str
    kind: str
    value: str
    variants: list[str] = field(default_factory=list)
    # The forms written after "Frau"/"Herr", in order: restored in the same order after a
    # title, so a text restored unchanged reads exactly as before ("Frau Yılmaz" stays short).
    titled: list[str] = field(default_factory=list)

    @property
    def surname(self) -> str:
        """The form after "Frau"/"Herr": the last name with its particles ("von der Heide")."""
        words = self.value.split()
        if len(words) < 2:
            return self.value
        start = len(words) - 1
        while start > 1 and words[start - 1] in _PARTICLES:
            start -= 1
        return " ".join(words[start:])


@dataclass(slots=True)
class Vault:
    """The mapping placeholder <-> real value of one draft. Stays local; never sent."""

    entries: dict[str, VaultEntry] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    # (kind, folded variant) -> placeholder; rebuilt from entries, never serialised.
    _index: dict[tuple[str, str], str] = field(default_factory=dict, repr=False, compare=False)

    def placeholder_for(self, kind: str, value: str) -> str:
        """The placeholder of a value, the same one for the same value (and the same person)."""
        entry = self._find(kind, value)
        if entry is None:
            label = LABELS.get(kind, "DATEN")
            self.counters[label] = self.counters.get(label, 0) + 1
            placeholder = f"[{label}_{self.counters[label]}]"
            entry = VaultEntry(placeholder, kind, value, [value])
            self.entries[placeholder] = entry
        elif value not in entry.variants:
            entry.variants.append(value)
            # A full name seen after a bare surname becomes the value restored.
            if kind == "PERSON" and len(value.split()) > len(entry.value.split()):
                entry.value = value
        self._index[(kind, fold(value))] = entry.placeholder
        full = entry.value.split()
        if kind == "PERSON" and len(full) > 1 and fold(value) == fold(full[0]):
            return entry.placeholder.replace("[NAME_", f"[{FORENAME_LABEL}_")
        return entry.placeholder

    def _find(self, kind: str, value: str) -> VaultEntry | None:
        key = fold(value)
        if not self._index and self.entries:
            for entry in self.entries.values():
                for variant in entry.variants:
                    self._index[(entry.kind, fold(variant))] = entry.placeholder
        known_placeholder = self._index.get((kind, key))
        if known_placeholder is not None:
            return self.entries[known_placeholder]
        if kind != "PERSON":
            return None
        same_kind = [e for e in self.entries.values() if e.kind == kind]
        words = key.split()
        matches: list[VaultEntry] = []
        for entry in same_kind:
            known = [fold(v).split() for v in entry.variants]
            if len(words) == 1 and any(words[0] in (k[0], k[-1]) for k in known):
                matches.append(entry)  # "Yılmaz" after "Ayşe Yılmaz"
            elif len(words) > 1 and any(
                len(k) == 1 and k[0] in (words[0], words[-1]) for k in known
            ):
                matches.append(entry)  # "Ayşe Yılmaz" after "Frau Yılmaz" or "Liebe Ayşe"
        # Two people share the surname: do not guess, give a new placeholder.
        return matches[0] if len(matches) == 1 else None

    def value_of(self, placeholder: str) -> VaultEntry | None:
        return self.entries.get(placeholder)

    def known_values(self) -> list[tuple[str, VaultEntry]]:
        """Every variant of every value, longest first, to replace them in later texts too."""
        pairs = [(v, e) for e in self.entries.values() for v in e.variants]
        return sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": VAULT_VERSION,
            "counters": dict(self.counters),
            "entries": [
                {
                    "placeholder": e.placeholder,
                    "kind": e.kind,
                    "value": e.value,
                    "variants": list(e.variants),
                    "titled": list(e.titled),
                }
                for e in self.entries.values()
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Vault:
        vault = cls()
        for item in data.get("entries", []):
            entry = VaultEntry(
                str(item["placeholder"]),
                str(item["kind"]),
                str(item["value"]),
                [str(v) for v in item.get("variants", [item["value"]])],
                [str(v) for v in item.get("titled") or []],
            )
            vault.entries[entry.placeholder] = entry
        vault.counters = {str(k): int(v) for k, v in data.get("counters", {}).items()}
        for entry in vault.entries.values():  # counters must never hand out a used number
            match = PLACEHOLDER.fullmatch(entry.placeholder)
            if match:
                label = match.group(1).upper()
                vault.counters[label] = max(vault.counters.get(label, 0), int(match.group(2)))
        return vault

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str) -> Vault:
        return cls.from_dict(json.loads(text))


@dataclass(frozen=True, slots=True)
class Replacement:
    start: int
    end: int
    kind: str
    value: str
    placeholder: str


def plan(text: str, findings: Iterable[Finding], vault: Vault) -> list[Replacement]:
    """What will be replaced, also values the vault knows from earlier texts of the draft."""
    taken: list[tuple[int, int, str]] = [(f.start, f.end, f.kind) for f in findings]
    occupied = bytearray(len(text) + 1)  # 1 where a finding already stands
    for start, end, _kind in taken:
        occupied[start:end] = b"\x01" * (end - start)
    for value, entry in vault.known_values():
        if len(value) < 3:
            continue
        for match in re.finditer(r"(?<![\w])" + re.escape(value) + r"(?![\w])", text):
            if not any(occupied[match.start() : match.end()]):
                taken.append((match.start(), match.end(), entry.kind))
                occupied[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    replacements = []
    for start, end, kind in sorted(taken):
        value = text[start:end]
        placeholder = vault.placeholder_for(kind, value)
        if kind == "PERSON" and _TITLE_BEFORE.search(text[max(0, start - 12) : start]):
            vault.entries[placeholder].titled.append(value)
        replacements.append(Replacement(start, end, kind, value, placeholder))
    return replacements


def pseudonymize(text: str, findings: Iterable[Finding], vault: Vault) -> str:
    """Replaces every finding by its placeholder; titles stay outside ("Frau [NAME_1]")."""
    return apply(text, plan(text, findings, vault))


def apply(text: str, replacements: Sequence[Replacement]) -> str:
    parts: list[str] = []
    position = 0
    for item in sorted(replacements, key=lambda r: r.start):
        if item.start < position:
            continue
        parts.append(text[position : item.start])
        parts.append(item.placeholder)
        position = item.end
    parts.append(text[position:])
    return "".join(parts)


def _genitive(value: str) -> str:
    # German genitive of a name: "Müllers", but "Klaus’" after an s-sound.
    if value.endswith(("s", "ß", "x", "z", "ce")):
        return value + "’"
    return value + "s"


def restore(text: str, vault: Vault) -> str:
    """Puts the real values back; handles "[NAME_1]s" and placeholders a model mangled."""
    return _restore(text, vault, Counter(), "")


def _restore(text: str, vault: Vault, titled_seen: Counter[str], before: str) -> str:
    """`before`: the text already emitted (a stream), read only to see a title before a name."""

    def replace(match: re.Match[str]) -> str:
        label, number, genitive = match.group(1).upper(), match.group(2), match.group(3)
        forename_only = label == FORENAME_LABEL
        entry = vault.value_of(f"[{'NAME' if forename_only else label}_{number}]")
        if entry is None:
            return match.group(0)
        value = entry.value.split()[0] if forename_only else entry.value
        if (
            not forename_only
            and entry.kind == "PERSON"
            and _TITLE_BEFORE.search(
                (before + text[max(0, match.start() - 12) : match.start()])[-12:]
            )
        ):
            index = titled_seen[entry.placeholder]
            titled_seen[entry.placeholder] += 1
            forms = entry.titled or [entry.surname]
            value = forms[min(index, len(forms) - 1)]
        return _genitive(value) if genitive else value

    return PLACEHOLDER.sub(replace, text)


def shield(
    messages: Sequence[ChatMessage],
    vault: Vault,
    *,
    context: CheckContext | None = None,
    known_people: Iterable[str] = (),
    extra_terms: Iterable[str] = (),
    ignored_terms: Iterable[str] = (),
) -> ShieldedMessages:
    """Pseudonymises every message; the result alone may go to a provider that is not local.

    The returned counts per kind (never values) are what the audit log may record.
    """
    people = list(known_people)
    extras = list(extra_terms)
    ignored = list(ignored_terms)
    counts: Counter[str] = Counter()
    shielded: list[ChatMessage] = []
    for message in messages:
        findings = detect(
            message.content,
            context,
            known_people=people,
            extra_terms=extras,
            ignored_terms=ignored,
        )
        replacements = plan(message.content, findings, vault)
        counts.update(r.kind for r in replacements)
        shielded.append(ChatMessage(message.role, apply(message.content, replacements)))
    return seal(shielded, dict(counts))


def preview(
    text: str,
    vault: Vault,
    *,
    context: CheckContext | None = None,
    known_people: Iterable[str] = (),
    extra_terms: Iterable[str] = (),
    ignored_terms: Iterable[str] = (),
) -> list[Replacement]:
    """What the shield would replace, for the user to confirm; the vault is left unchanged."""
    findings = detect(
        text,
        context,
        known_people=known_people,
        extra_terms=extra_terms,
        ignored_terms=ignored_terms,
    )
    return plan(text, findings, copy.deepcopy(vault))


class StreamRestorer:
    """Restores a streamed model reply chunk by chunk; a placeholder split across chunks
    ("[NA" + "ME_1]s") is held back until it is complete."""

    _HOLD = 40  # longer than any placeholder with its genitive ending

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self._pending = ""
        self._emitted_tail = ""  # the last characters sent on: a title may stand there
        self._titled_seen: Counter[str] = Counter()

    def _emit(self, text: str) -> str:
        restored = _restore(text, self.vault, self._titled_seen, self._emitted_tail)
        self._emitted_tail = (self._emitted_tail + restored)[-12:]
        return restored

    def feed(self, chunk: str) -> str:
        text = self._pending + chunk
        cut = len(text)
        opening = text.rfind("[", max(0, len(text) - self._HOLD))
        if opening >= 0 and "]" not in text[opening:]:
            cut = opening  # an unfinished placeholder
        elif text.endswith("]") or text.endswith(("]'", "]’")):
            cut = text.rfind("[", max(0, len(text) - self._HOLD))  # a genitive "s" may follow
            cut = len(text) if cut < 0 else cut
        self._pending = text[cut:]
        return self._emit(text[:cut])

    def flush(self) -> str:
        rest, self._pending = self._pending, ""
        return self._emit(rest)
