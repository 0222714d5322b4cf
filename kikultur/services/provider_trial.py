"""Trying out a provider with a short prompt (CLI `provider test`, the web's "Testen" button)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from kikultur.config import Settings
from kikultur.i18n import _
from kikultur.llm.base import GenerationOptions, ProviderError
from kikultur.llm.calls import CallContext, CallResult, run_call
from kikultur.llm.messages import ChatMessage, DataClass, ShieldedMessages
from kikultur.llm.providers import ProviderConfig
from kikultur.services.model_access import call_recorder, open_provider

DEFAULT_TEST_PROMPT = "Schreibe einen Satz über ein Stadtteilfest in Hamburg."
TEST_TOOL = "provider-test"


@dataclass
class TrialOutcome:
    """What a test shows: the reply and speed, or the German reason it failed."""

    reply: str
    ttft_ms: float | None
    tokens_per_s: float | None
    error: str | None
    tokens_estimated: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None


def _messages(config: ProviderConfig, prompt: str) -> list[ChatMessage] | ShieldedMessages:
    messages = [ChatMessage("user", prompt)]
    if config.data_class is DataClass.local:
        return messages
    # Off the machine only through the privacy shield, like every other call.
    from kikultur.checks.privacy.pseudonymize import Vault, shield

    return shield(messages, Vault())


def try_provider(
    settings: Settings,
    session: Session | None,
    config: ProviderConfig,
    *,
    prompt: str = DEFAULT_TEST_PROMPT,
    organisation_id: int | None = None,
    user_id: int | None = None,
    max_tokens: int = 64,
    timeout: float | None = None,
    on_chunk: Callable[[str], None] | None = None,
) -> TrialOutcome:
    """Sends the prompt through `run_call` (recorded in the audit log); never raises on
    provider faults: the German explanation is in `error`."""
    if not prompt.strip():
        return TrialOutcome("", None, None, _("Der Prompt ist leer."))
    try:
        provider = open_provider(config, settings)
    except ProviderError as exc:
        return TrialOutcome("", None, None, exc.user_message)
    result: CallResult = run_call(
        provider,
        _messages(config, prompt),
        GenerationOptions(max_tokens=max_tokens, timeout=timeout),
        call_recorder(settings, session),
        context=CallContext(
            user_id=str(user_id) if user_id is not None else None,
            organisation_id=str(organisation_id) if organisation_id is not None else None,
            tool=TEST_TOOL,
        ),
        on_chunk=on_chunk,
        price=config.price,
    )
    return TrialOutcome(
        reply=result.text,
        ttft_ms=result.record.ttft_ms,
        tokens_per_s=result.tokens_per_s,
        error=result.user_message if not result.ok else None,
        tokens_estimated=result.record.tokens_estimated,
    )
