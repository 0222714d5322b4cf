"""Tests for platform limits: counting per channel, hashtags and alt texts (PLATFORM_LIMIT)."""

from __future__ import annotations

import pytest

from kikultur.checks.findings import CheckContext, Finding
from kikultur.checks.language.graphemes import count_graphemes
from kikultur.checks.language.platforms import Image, check_platform, count_for_channel

FAMILY = "👩\u200d👩\u200d👧"  # one grapheme, five code points
FLAG = "🇩🇪"  # one grapheme, two code points
URL = "https://example.org/ein/sehr/langer/pfad/zum/programm/im/herbst"


def rules(findings: list[Finding]) -> list[str]:
    return [f.details["rule"] for f in findings]


def test_graphemes_count_emoji_sequences_and_flags_once() -> None:
    assert count_graphemes(FAMILY + FLAG + "e\u0301") == 3


def test_bluesky_counts_graphemes() -> None:
    assert count_for_channel("Hallo " + FAMILY, "bluesky") == 7
    assert count_for_channel("Hallo " + FAMILY, "instagram") == 11


def test_x_counts_urls_as_23_and_emoji_as_2() -> None:
    assert len(URL) > 23
    assert count_for_channel(URL, "x") == 23
    assert count_for_channel("ab" + FAMILY, "x") == 4
    assert count_for_channel("日本", "x") == 4  # CJK weighs 2


def test_mastodon_counts_links_as_23_and_remote_mentions_by_user_part() -> None:
    assert count_for_channel(f"Mehr: {URL}", "mastodon") == 6 + 23
    assert count_for_channel("@anna@kultur.social", "mastodon") == len("@anna")


@pytest.mark.parametrize(
    ("channel", "limit"),
    [("instagram", 2200), ("mastodon", 500), ("bluesky", 300), ("x", 280), ("threads", 500),
     ("linkedin", 3000), ("facebook", 63206)],
)  # fmt: skip
def test_each_channel_allows_exactly_its_limit(channel: str, limit: int) -> None:
    context = CheckContext(channel=channel)
    assert check_platform("a" * limit, context) == []
    over = check_platform("a" * (limit + 1), context)
    assert rules(over) == ["length"]
    assert over[0].start == limit and over[0].end == limit + 1
    assert over[0].severity == "error"


def test_mastodon_uses_the_servers_own_limit_when_given() -> None:
    text = "a" * 600
    assert rules(check_platform(text, CheckContext(channel="mastodon"))) == ["length"]
    assert check_platform(text, CheckContext(channel="mastodon", channel_limit=1000)) == []


def test_instagram_allows_at_most_five_hashtags() -> None:
    five = "Fest " + " ".join(f"#Tag{i}" for i in range(5))
    six = five + " #Tag5"
    assert check_platform(five, CheckContext(channel="instagram")) == []
    findings = check_platform(six, CheckContext(channel="instagram"))
    assert rules(findings) == ["hashtags"]
    assert findings[0].text == "#Tag5"


def test_threads_allows_one_topic_tag() -> None:
    findings = check_platform("Fest #Kultur #Hamburg", CheckContext(channel="threads"))
    assert rules(findings) == ["hashtags"]


def test_lowercase_multiword_hashtag_gets_a_camelcase_suggestion() -> None:
    findings = check_platform("Heute #offenebühne", CheckContext(channel="mastodon"))
    assert rules(findings) == ["hashtag_camelcase"]
    assert findings[0].suggestions == ("#OffeneBühne",)


def test_every_image_needs_an_alt_text_within_the_channel_limit() -> None:
    images = [Image("Eine Bühne im Licht."), Image(None, "b.jpg"), Image("IMG_2041.jpg"),
              Image("x" * 1501)]  # fmt: skip
    findings = check_platform("Fest", CheckContext(channel="mastodon"), images=images)
    assert rules(findings) == ["alt_text_missing", "alt_text_missing", "alt_text_length"]
    assert [f.details["image"] for f in findings] == [1, 2, 3]
    assert check_platform("Fest", CheckContext(channel="mastodon"), [Image("x" * 1500)]) == []


def test_unknown_channel_is_refused_in_german() -> None:
    with pytest.raises(ValueError, match="Unbekannter Kanal"):
        check_platform("Fest", CheckContext(channel="myspace"))


def test_no_channel_means_no_platform_findings() -> None:
    assert check_platform("a" * 5000, CheckContext()) == []
