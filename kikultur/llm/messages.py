"""Chat messages, and the shielded form that alone may go to a provider that is not `local`."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

Role = Literal["system", "user", "assistant"]


class DataClass(enum.StrEnum):
    """Where a provider processes data (data-protection class)."""

    local = "local"  # this machine or the organisation's own server
    eu = "eu"  # EU processor with an Art. 28 agreement on file
    third_country = "third-country"


@dataclass(frozen=True, slots=True)
class ChatMessage:
    role: Role
    content: str


_SHIELD_TOKEN = object()


@dataclass(frozen=True, slots=True)
class ShieldedMessages:
    """Messages that passed the privacy shield. Only the shield can build one (see `seal`)."""

    messages: tuple[ChatMessage, ...]
    replaced_counts: Mapping[str, int] = field(default_factory=dict)
    _token: object = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self._token is not _SHIELD_TOKEN:
            raise TypeError("ShieldedMessages can only be created by the privacy shield (seal()).")

    @property
    def replaced_total(self) -> int:
        return sum(self.replaced_counts.values())


def seal(messages: Sequence[ChatMessage], replaced_counts: Mapping[str, int]) -> ShieldedMessages:
    """Marks messages as pseudonymised. Call only from the privacy shield after it replaced data."""
    return ShieldedMessages(tuple(messages), dict(replaced_counts), _SHIELD_TOKEN)


class ShieldRequiredError(RuntimeError):
    """A request to a non-local provider did not pass the privacy shield."""


def require_shield_for(
    data_class: DataClass, messages: Sequence[ChatMessage] | ShieldedMessages
) -> tuple[ChatMessage, ...]:
    """Enforcement by construction: plain messages may only go to a `local` provider."""
    if isinstance(messages, ShieldedMessages):
        return messages.messages
    if data_class is not DataClass.local:
        raise ShieldRequiredError(
            "Anfragen an ein Modell außerhalb dieses Rechners müssen zuerst pseudonymisiert "
            "werden (Datenschutz-Schutzschild)."
        )
    return tuple(messages)
