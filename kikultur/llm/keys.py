"""API keys at rest: encrypted with a key derived from the instance secret key, never shown."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kikultur.i18n import _
from kikultur.llm.base import ProviderConfigError

# A fixed context string: the same secret key yields a different key for any other purpose.
_HKDF_INFO = b"kikultur provider api keys v1"


def _fernet(secret_key: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(
        secret_key.encode("utf-8")
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def encrypt_api_key(secret_key: str, api_key: str) -> str:
    return _fernet(secret_key).encrypt(api_key.encode("utf-8")).decode("ascii")


def decrypt_api_key(secret_key: str, token: str, *, provider: str) -> str:
    try:
        return _fernet(secret_key).decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError) as exc:
        # Happens when the instance secret key was replaced after the key was entered.
        raise ProviderConfigError(
            _(
                "Der gespeicherte API-Schlüssel des Anbieters „{name}“ lässt sich nicht "
                "entschlüsseln (wurde der geheime Schlüssel der Instanz geändert?). Bitte den "
                "API-Schlüssel in den Modell-Einstellungen neu eingeben."
            ).format(name=provider)
        ) from exc
