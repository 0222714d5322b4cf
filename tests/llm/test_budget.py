import pytest

from kikultur.llm.base import ContextTooLarge
from kikultur.llm.budget import EstimatingCounter, counter_for, fit_messages
from kikultur.llm.fake import FakeProvider
from kikultur.llm.messages import ChatMessage

COUNTER = EstimatingCounter()


def conversation() -> list[ChatMessage]:
    return [
        ChatMessage("system", "Du hilfst einem Stadtteilkulturzentrum."),
        ChatMessage("user", "Alte Frage " + "x" * 300),
        ChatMessage("assistant", "Alte Antwort " + "y" * 300),
        ChatMessage("user", "Schreib einen Pressetext zum Sommerfest."),
    ]


def test_everything_is_kept_when_it_fits() -> None:
    messages = conversation()
    result = fit_messages(messages, context_window=4096, reserve_for_answer=512, counter=COUNTER)
    assert result.messages == tuple(messages)
    assert result.dropped == () and result.notice is None
    assert result.prompt_tokens == COUNTER.count_messages(messages)


def test_oldest_optional_messages_are_left_out_and_listed_in_german() -> None:
    messages = conversation()
    window = COUNTER.count_messages([messages[0], messages[2], messages[3]]) + 100
    result = fit_messages(messages, context_window=window, reserve_for_answer=100, counter=COUNTER)
    assert result.messages == (messages[0], messages[2], messages[3])
    assert [part.index for part in result.dropped] == [1]
    assert result.notice is not None
    assert "Weggelassen" in result.notice and "2. Nachricht (Nutzer" in result.notice
    assert "Alte Frage" in result.notice


def test_kept_messages_are_never_shortened() -> None:
    messages = conversation()
    result = fit_messages(messages, context_window=300, reserve_for_answer=50, counter=COUNTER)
    for kept in result.messages:
        assert kept in messages


def test_required_messages_that_do_not_fit_raise_context_too_large() -> None:
    messages = [ChatMessage("system", "kurz"), ChatMessage("user", "z" * 3000)]
    with pytest.raises(ContextTooLarge) as info:
        fit_messages(messages, context_window=500, reserve_for_answer=100, counter=COUNTER)
    assert "zu lang" in info.value.user_message
    assert "500 Tokens" in info.value.user_message
    assert not info.value.retryable


def test_context_too_large_lists_what_would_already_have_been_left_out() -> None:
    messages = [ChatMessage("user", "Vorgeschichte " * 50), ChatMessage("user", "q" * 3000)]
    with pytest.raises(ContextTooLarge) as info:
        fit_messages(messages, context_window=500, reserve_for_answer=100, counter=COUNTER)
    assert [p.index for p in info.value.dropped] == [0]
    assert "Vorgeschichte" in info.value.user_message


def test_pinned_messages_are_kept() -> None:
    messages = conversation()
    window = COUNTER.count_messages([messages[0], messages[1], messages[3]]) + 10
    result = fit_messages(
        messages, context_window=window, reserve_for_answer=10, counter=COUNTER, pinned=[1]
    )
    assert messages[1] in result.messages and messages[2] not in result.messages


def test_estimate_over_counts_german_text_rather_than_under_counting() -> None:
    text = "Das Stadtteilfest findet am Samstag im Bürgerhaus statt."
    assert COUNTER.count_text(text) >= len(text) / 4
    assert COUNTER.exact is False


def test_providers_without_tokenizer_get_the_estimate() -> None:
    assert isinstance(counter_for(FakeProvider()), EstimatingCounter)


def test_empty_message_list_is_rejected() -> None:
    with pytest.raises(ValueError):
        fit_messages([], context_window=100, reserve_for_answer=10, counter=COUNTER)
