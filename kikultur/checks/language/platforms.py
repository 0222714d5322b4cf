"""Platform limits: post length as each channel counts it, hashtag rules and alt text per image."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kikultur.checks.findings import CheckContext, Finding, Severity
from kikultur.checks.language.graphemes import graphemes
from kikultur.i18n import _

CHECK = "platform"
KIND = "PLATFORM_LIMIT"
URL_RE = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]]")
MASTODON_MENTION_RE = re.compile(r"(@[A-Za-z0-9_]+)@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
HASHTAG_RE = re.compile(r"(?<![\w#])#(\w+)")
PLACEHOLDER_ALT_RE = re.compile(
    r"^(?:bild|foto|image|img|photo|grafik|picture|alt|alttext|\w+\.(?:jpe?g|png|gif|webp)|"
    r"img[_-]?\d+(?:\.\w+)?|dsc[_-]?\d+(?:\.\w+)?)$",
    re.I,
)
URL_LENGTH = 23


@dataclass(frozen=True, slots=True)
class Image:
    """An image attached to a post, with its alt text (None if it has none)."""

    alt: str | None = None
    name: str = ""


@dataclass(frozen=True, slots=True)
class Channel:
    """How one platform counts a post and what it allows."""

    name: str
    label: str
    limit: int
    counter: str  # "codepoints", "graphemes", "x_weighted", "mastodon"
    max_hashtags: int | None = None
    alt_limit: int | None = None
    hashtag_word: str = "Hashtags"


CHANNELS: dict[str, Channel] = {
    "instagram": Channel("instagram", "Instagram", 2200, "codepoints", max_hashtags=5),
    "mastodon": Channel("mastodon", "Mastodon", 500, "mastodon", alt_limit=1500),
    "bluesky": Channel("bluesky", "Bluesky", 300, "graphemes", alt_limit=2000),
    "x": Channel("x", "X", 280, "x_weighted", alt_limit=1000),
    "threads": Channel(
        "threads", "Threads", 500, "codepoints", max_hashtags=1, hashtag_word="Themen-Tags"
    ),
    "linkedin": Channel("linkedin", "LinkedIn", 3000, "codepoints"),
    "facebook": Channel("facebook", "Facebook", 63206, "codepoints"),
}

# twitter-text v3: these code point ranges weigh 1, everything else (and every emoji) 2.
X_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


def _is_emoji(cluster: str) -> bool:
    cp = ord(cluster[0])
    return (
        0x1F000 <= cp <= 0x1FAFF
        or (0x2600 <= cp <= 0x27BF and ("\ufe0f" in cluster or len(cluster) == 1))
        or "\ufe0f" in cluster
        or "\u20e3" in cluster
    )


def _x_weight(cluster: str) -> int:
    if _is_emoji(cluster):
        return 2
    total = 0
    for ch in cluster:
        cp = ord(ch)
        total += 1 if any(lo <= cp <= hi for lo, hi in X_LIGHT_RANGES) else 2
    return total


def _special_spans(text: str, counter: str) -> list[tuple[int, int, int]]:
    """Spans that count as a fixed length: links (23) and remote Mastodon mentions."""
    special: list[tuple[int, int, int]] = []
    if counter in ("mastodon", "x_weighted"):
        special += [(m.start(), m.end(), URL_LENGTH) for m in URL_RE.finditer(text)]
    if counter == "mastodon":
        # a remote mention counts only its user part: "@anna@example.social" counts "@anna"
        for m in MASTODON_MENTION_RE.finditer(text):
            if not any(s <= m.start() < e for s, e, _w in special):
                special.append((m.start(), m.end(), len(m.group(1))))
    special.sort()
    return special


def _units(text: str, counter: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, weight) per counted unit, so the point where the limit is crossed is known."""
    pos = 0
    for s, e, weight in [*_special_spans(text, counter), (len(text), len(text), 0)]:
        for cs, ce in _segments(text, pos, s, counter):
            yield cs, ce, _x_weight(text[cs:ce]) if counter == "x_weighted" else 1
        if e > s:
            yield s, e, weight
        pos = e


def _total(text: str, counter: str) -> int:
    if counter in ("codepoints", "mastodon"):
        # fast path: every code point counts 1, special spans their fixed length
        special = _special_spans(text, counter)
        return len(text) - sum(e - s for s, e, _w in special) + sum(w for _s, _e, w in special)
    return sum(w for _s, _e, w in _units(text, counter))


def _segments(text: str, start: int, end: int, counter: str) -> Iterator[tuple[int, int]]:
    if counter in ("codepoints", "mastodon"):
        return ((i, i + 1) for i in range(start, end))
    return ((s + start, e + start) for s, e in graphemes(text[start:end]))


def count_for_channel(text: str, channel: str) -> int:
    """The length of the text as the platform counts it."""
    return _total(text, CHANNELS[channel].counter)


def check_platform(
    text: str, context: CheckContext, images: list[Image] | None = None
) -> list[Finding]:
    """Length, hashtags and alt texts for `context.channel` (limit from `channel_limit`)."""
    if context.channel is None:
        return []
    channel = CHANNELS.get(context.channel.lower())
    if channel is None:
        raise ValueError(
            _("Unbekannter Kanal „{name}“. Möglich: {names}.").format(
                name=context.channel, names=", ".join(CHANNELS)
            )
        )
    limit = context.channel_limit or channel.limit
    findings: list[Finding] = []
    total = _total(text, channel.counter)
    if total > limit:
        running, cut = 0, len(text)
        for s, _e, w in _units(text, channel.counter):
            running += w
            if running > limit:
                cut = s
                break
        findings.append(
            _finding(
                text, cut, len(text), "length",
                _("{label}: {count} von höchstens {limit} Zeichen ({over} zu viel).").format(
                    label=channel.label, count=total, limit=limit, over=total - limit),
                "error", {"count": total, "limit": limit, "counter": channel.counter},
            )
        )  # fmt: skip
    tags = list(HASHTAG_RE.finditer(text))
    if channel.max_hashtags is not None and len(tags) > channel.max_hashtags:
        first_extra = tags[channel.max_hashtags]
        findings.append(
            _finding(
                text, first_extra.start(), tags[-1].end(), "hashtags",
                _("{label} erlaubt höchstens {max} {word}; hier sind es {n}.").format(
                    label=channel.label, max=channel.max_hashtags, word=channel.hashtag_word,
                    n=len(tags)),
                "error", {"count": len(tags), "limit": channel.max_hashtags},
            )
        )  # fmt: skip
    for tag in tags:
        findings.extend(_camel_case_hint(text, tag))
    for i, image in enumerate(images or []):
        findings.extend(_alt_text_findings(channel, i, image))
    findings.sort(key=lambda f: (f.start, f.end))
    return findings


def _camel_case_hint(text: str, tag: re.Match[str]) -> list[Finding]:
    word = tag.group(1)
    if not word.isalpha() or len(word) < 8 or not (word.islower() or word.isupper()):
        return []
    from kikultur.checks.language.readability import split_compound

    parts = split_compound(word.lower())
    if len(parts) < 2:
        return []
    camel = "#" + "".join(p[:1].upper() + p[1:] for p in parts)
    return [
        _finding(
            text, tag.start(), tag.end(), "hashtag_camelcase",
            _("Hashtags mit mehreren Wörtern in CamelCase schreiben: Screenreader lesen sie "
              "dann richtig vor."),
            "hint", {}, (camel,),
        )
    ]  # fmt: skip


def _alt_text_findings(channel: Channel, index: int, image: Image) -> list[Finding]:
    name = image.name or _("Bild {n}").format(n=index + 1)
    alt = (image.alt or "").strip()
    details = {"image": index, "name": image.name}
    if not alt or PLACEHOLDER_ALT_RE.match(alt):
        return [
            Finding(
                check=CHECK, kind=KIND, start=0, end=0, text="",
                message=_("{name}: Alternativtext fehlt. Beschreiben Sie, was auf dem Bild zu "
                          "sehen ist.").format(name=name),
                severity="error", details={**details, "rule": "alt_text_missing"},
            )
        ]  # fmt: skip
    if channel.alt_limit is not None and len(alt) > channel.alt_limit:
        return [
            Finding(
                check=CHECK, kind=KIND, start=0, end=0, text="",
                message=_("{name}: Der Alternativtext hat {n} Zeichen; {label} erlaubt "
                          "{limit}.").format(name=name, n=len(alt), label=channel.label,
                                             limit=channel.alt_limit),
                severity="error",
                details={**details, "rule": "alt_text_length", "count": len(alt),
                         "limit": channel.alt_limit},
            )
        ]  # fmt: skip
    return []


def _finding(
    text: str, start: int, end: int, rule: str, message: str, severity: Severity,
    details: dict[str, object], suggestions: tuple[str, ...] = (),
) -> Finding:  # fmt: skip
    return Finding(
        check=CHECK, kind=KIND, start=start, end=end, text=text[start:end], message=message,
        suggestions=suggestions, severity=severity, details={"rule": rule, **details},
    )  # fmt: skip
