"""Privacy shield: finds personal data in German text and pseudonymises it reversibly."""

from __future__ import annotations

from kikultur.checks.privacy.detect import KINDS, check_privacy, detect

__all__ = ["KINDS", "check_privacy", "detect"]
