"""Step two of a draft: stream the model's answer, restore pseudonyms, fill slots, check, store.

`generate(...)` returns a `Generation`: iterate it for the text chunks (already restored, for
live display), then read `generation.result`. The draft row exists before the first chunk
(`generation.draft`), so a web editor can link to it at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from kikultur.checks.findings import Finding
from kikultur.checks.privacy.pseudonymize import StreamRestorer, shield
from kikultur.config import Settings
from kikultur.i18n import _
from kikultur.llm.base import GenerationOptions, Provider, ProviderError
from kikultur.llm.calls import CallContext, CallRecord, ModelCall
from kikultur.llm.default import DemoModelMissing
from kikultur.llm.messages import ChatMessage, ShieldedMessages
from kikultur.services import model_access
from kikultur.services.drafts.checking import run_checks
from kikultur.services.drafts.prepare import PreparedDraft, load_vault, store_vault
from kikultur.services.drafts.store import add_version, get_draft
from kikultur.store.models import Draft, DraftVersion, User, VersionOrigin, utcnow
from kikultur.store.repository import OrgRepository
from kikultur.tools.facts_section import added_notice, complete_facts, provenance_entries
from kikultur.tools.prompts import prepare_values, slot_values

DEFAULT_MAX_TOKENS = 1500


def truncated_notice() -> str:
    """Shown on the draft page and in exports of a version cut off at the token limit."""
    return _("Der Text ist unvollständig: das Modell hat bei der Längengrenze aufgehört.")


def answer_limit_notice(version: DraftVersion | None) -> str:
    """Says that the answer budget was shrunk to fit the model's context (empty otherwise)."""
    limit = (version.provenance or {}).get("answer_limit") if version is not None else None
    if not isinstance(limit, int):
        return ""
    return _(
        "Die Antwort war auf {limit} Tokens begrenzt, weil der Kontext des Modells nicht mehr "
        "Platz ließ. Ein Modell mit größerem Kontext (Einstellungen › Modelle) kann "
        "ausführlicher schreiben."
    ).format(limit=limit)


def is_truncated(version: DraftVersion | None) -> bool:
    """The version is the model's answer cut off at the token limit (not edited since)."""
    return version is not None and bool((version.provenance or {}).get("truncated"))


log = logging.getLogger(__name__)


@dataclass(slots=True)
class GenerationResult:
    """How a generation ended. On a fault `user_message` explains it in German; the text that
    arrived is kept as a `partial` version, and `retryable` says whether trying again helps."""

    draft: Draft
    version: DraftVersion | None
    ok: bool
    text: str
    findings: list[Finding] = field(default_factory=list)
    user_message: str | None = None
    retryable: bool = False
    error_kind: str | None = None
    record: CallRecord | None = None
    # The model stopped at the token limit: stored, but as an incomplete (`partial`) version.
    truncated: bool = False
    # Fact slots the model dropped and the workbench added to the facts section (German notice).
    facts_added: tuple[str, ...] = ()
    facts_added_message: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.draft.id,
            "version": self.version.number if self.version is not None else None,
            "ok": self.ok,
            "text": self.text,
            "findings": [f.to_dict() for f in self.findings],
            "message": self.user_message,
            "retryable": self.retryable,
            "error_kind": self.error_kind,
            "truncated": self.truncated,
            "truncated_message": truncated_notice() if self.truncated else None,
            "facts_added": list(self.facts_added),
            "facts_added_message": self.facts_added_message,
        }


class Generation:
    """One model run for a draft, consumed as a stream of restored text chunks."""

    def __init__(
        self,
        repo: OrgRepository,
        settings: Settings,
        prepared: PreparedDraft,
        draft: Draft,
        user: User | None,
        options: GenerationOptions,
        provider: Provider | None,
    ) -> None:
        self.repo = repo
        self.settings = settings
        self.prepared = prepared
        self.draft = draft
        self.user = user
        self.options = options
        self._provider = provider
        self._call: ModelCall | None = None
        self.result: GenerationResult | None = None

    def cancel(self) -> None:
        """Stops the model between two chunks; what arrived is stored as a partial version."""
        if self.options.cancel is not None:
            self.options.cancel.set()

    def __iter__(self) -> Iterator[str]:
        if self.result is not None:
            raise RuntimeError("Eine Erzeugung kann nur einmal gelesen werden.")
        return self._run()

    def _run(self) -> Iterator[str]:
        prepared = self.prepared
        try:
            provider = self._provider or model_access.open_provider(
                prepared.provider, self.settings
            )
        except ProviderError as exc:
            self._finish("", None, exc, None)
            return
        except DemoModelMissing as exc:  # our own German message
            self._finish("", None, ProviderError(str(exc)), None)
            return
        except Exception:  # e.g. llama.cpp cannot load the file: explain, do not crash
            # The library's text is English and technical: the log gets it, the user German.
            log.exception("Modell %s ließ sich nicht starten", prepared.provider.name)
            message = _(
                "Das Modell „{name}“ ließ sich nicht starten. Bitte unter Einstellungen › "
                "Modelle einen anderen Anbieter wählen oder die Betreuung Ihrer Werkbank "
                "fragen."
            ).format(name=prepared.provider.name)
            self._finish("", None, ProviderError(message), None)
            return
        vault = load_vault(self.draft)
        messages: list[ChatMessage] | ShieldedMessages = list(prepared.messages)
        if prepared.needs_shield:
            messages = shield(
                prepared.messages,
                vault,
                context=prepared.check_context,
                known_people=prepared.known_people(),
                extra_terms=prepared.extra_terms,
                ignored_terms=prepared.ignored_terms,
            )
            # The mapping is in the local database before anything leaves the machine.
            store_vault(self.repo, self.draft, vault)
            self.repo.session.commit()
        call = ModelCall(
            provider,
            messages,
            self.options,
            model_access.call_recorder(self.settings, self.repo.session),
            context=CallContext(
                user_id=str(self.user.id) if self.user is not None else None,
                organisation_id=str(self.repo.organisation_id),
                tool=prepared.tool.id,
            ),
            price=prepared.provider.price,
        )
        self._call = call
        restorer = StreamRestorer(vault)
        pieces: list[str] = []
        chunks = iter(call)
        try:
            for chunk in chunks:
                restored = restorer.feed(chunk)
                if restored:
                    pieces.append(restored)
                    yield restored
            rest = restorer.flush()
            if rest:
                pieces.append(rest)
                yield rest
        except GeneratorExit:
            # The consumer left (browser closed): end the call, keep what arrived.
            close = getattr(chunks, "close", None)
            if callable(close):
                close()
            pieces.append(restorer.flush())
            self._finish("".join(pieces), call, None, provider, cancelled=True)
            raise
        self._finish("".join(pieces), call, None, provider)

    def _finish(
        self,
        text: str,
        call: ModelCall | None,
        error: ProviderError | None,
        provider: Provider | None,
        *,
        cancelled: bool = False,
    ) -> None:
        record = call.result.record if call is not None and call.result is not None else None
        if call is not None and call.result is not None and call.result.error is not None:
            error = call.result.error
        ok = error is None and not cancelled and (record is None or record.outcome == "ok")
        # The call itself succeeded, but the text ends where the token limit cut it off.
        truncated = ok and call is not None and call.result is not None and call.result.truncated
        message = None
        if error is not None:
            message = error.user_message
        elif not ok and text.strip():
            message = _(
                "Die Erzeugung wurde abgebrochen. Der bisher erzeugte Text bleibt erhalten."
            )
        elif not ok:
            message = _(
                "Die Erzeugung wurde abgebrochen, bevor das Modell Text geschrieben hat. Ihre "
                "Angaben sind im Entwurf gespeichert; Sie können mit ihnen neu erzeugen."
            )
        version = None
        findings: list[Finding] = []
        facts_added: tuple[str, ...] = ()
        facts_message = None
        prepared = self.prepared
        if text.strip():
            spec = prepared.tool.spec
            values = slot_values(spec, prepared.values, prepared.steckbrief)
            labels = {name: spec.input(name).label for name in values}
            # Dropped facts are added to a finished answer, also one cut off at the token limit
            # (weak local models); a stopped or broken run keeps exactly what arrived.
            facts = complete_facts(
                spec,
                prepare_values(spec, prepared.values, prepared.steckbrief),
                text.strip() + "\n",
                values,
                labels,
                add=ok,
            )
            checked = run_checks(
                prepared.tool, facts.slots.text, prepared.facts, slot_findings=facts.findings
            )
            findings = checked.findings
            complete = ok and not truncated
            origin = VersionOrigin.generated if complete else VersionOrigin.partial
            provenance = self._provenance(provider, record, complete)
            provenance["truncated"] = truncated
            provenance.update(provenance_entries(facts))
            facts_added = facts.added
            facts_message = added_notice(spec, provenance) or None
            version = add_version(
                self.repo, self.draft, checked, origin.value, provenance, self.user
            )
            text = checked.text
        self.draft.provider = prepared.provider.name
        self.repo.session.commit()
        self.result = GenerationResult(
            draft=self.draft,
            version=version,
            ok=ok,
            text=text,
            findings=findings,
            user_message=message,
            retryable=error.retryable if error is not None else not ok,
            error_kind=error.kind if error is not None else None,
            record=record,
            truncated=bool(truncated),
            facts_added=facts_added,
            facts_added_message=facts_message,
        )

    def _provenance(
        self, provider: Provider | None, record: CallRecord | None, ok: bool
    ) -> dict[str, Any]:
        prepared = self.prepared
        tool = prepared.tool
        return {
            "tool": tool.id,
            "tool_source": tool.source,
            "based_on": tool.spec.based_on,
            "prompt_version": tool.prompt_version,
            "provider": prepared.provider.name,
            "model": provider.model if provider is not None else prepared.provider.model,
            "data_class": prepared.provider.data_class.value,
            "pseudonymised": prepared.needs_shield,
            # Counts per kind only: the values stay in the vault.
            "replaced_counts": dict(record.replaced_counts) if record is not None else {},
            "inputs": prepared.values,
            # Grant tools: the profile whose sections the prompt version covers, and the plan.
            "funder_profile": (tool.spec.funder_profile or {}).get("id"),
            "finance_plan": prepared.finance_plan_id,
            "brief": prepared.brief,
            "steckbrief_version": prepared.steckbrief_version,
            "call_id": record.call_id if record is not None else None,
            "outcome": record.outcome if record is not None else None,
            "complete": ok,
            # Set when the prompt left less room than the default answer budget.
            "answer_limit": self._call.answer_limit if self._call is not None else None,
            "created_by": self.user.display_name if self.user is not None else None,
            "created_at": utcnow().isoformat(),
        }


def generate(
    repo: OrgRepository,
    settings: Settings,
    prepared: PreparedDraft,
    user: User | None,
    *,
    title: str | None = None,
    max_tokens: int = DEFAULT_MAX_TOKENS,
    temperature: float = 0.7,
    provider: Provider | None = None,
) -> Generation:
    """Creates (or reuses, when `prepared.draft_id` is set) the draft and returns the stream.

    `provider` is for tests only (a FakeProvider); the app opens the configured provider
    through `model_access`.
    """
    if prepared.draft_id is not None:
        draft = get_draft(repo, prepared.draft_id)
        draft.inputs = prepared.stored_inputs
        draft.brief = prepared.brief
    else:
        draft = Draft(
            tool_id=prepared.tool.id,
            title=(title or _default_title(prepared))[:300],
            inputs=prepared.stored_inputs,
            brief=prepared.brief,
            provider=prepared.provider.name,
            created_by_id=user.id if user is not None else None,
        )
        repo.add(draft)
    repo.session.commit()
    options = GenerationOptions(
        max_tokens=max_tokens, temperature=temperature, cancel=threading.Event()
    )
    return Generation(repo, settings, prepared, draft, user, options, provider)


# The inputs that name a draft, first found wins: project name (grant tools), topic, subject,
# occasion, and the newsletter's key message.
TITLE_INPUTS = ("titel", "projekttitel", "thema", "betreff", "anlass", "kernbotschaft")
# Long enough for a project name, short enough for the draft list.
TITLE_MAX_CHARS = 80


def shorten_title(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    """One line of at most `limit` characters, cut at a word boundary with „…“ if longer."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    # A word boundary in the second half; a single very long word is cut inside.
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.–-") + "…"


def _default_title(prepared: PreparedDraft) -> str:
    for name in TITLE_INPUTS:
        value = prepared.values.get(name)
        if isinstance(value, str) and value.strip():
            return shorten_title(f"{prepared.tool.spec.title}: {value.strip()}")
    return prepared.tool.spec.title


def run_generation(generation: Generation) -> GenerationResult:
    """Consumes the whole stream (CLI, tests) and returns the result."""
    for _chunk in generation:
        pass
    assert generation.result is not None
    return generation.result
