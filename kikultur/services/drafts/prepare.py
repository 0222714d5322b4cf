"""Step one of a draft: validate the form, build the prompt, choose the provider, preview the
privacy shield. No model is called here."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kikultur.checks.findings import CheckContext
from kikultur.checks.privacy.detect import detect
from kikultur.checks.privacy.pseudonymize import Vault, plan
from kikultur.config import Settings
from kikultur.finance.plan import FinancePlan
from kikultur.llm.messages import ChatMessage, DataClass
from kikultur.llm.providers import ProviderConfig
from kikultur.services import factsheet, finance, model_access
from kikultur.services.drafts import grants
from kikultur.services.drafts.checking import DraftFacts
from kikultur.services.drafts.orgdata import base_context, get_tool, style_of, tool_steckbrief
from kikultur.store.models import Draft, DraftVault
from kikultur.store.repository import OrgRepository
from kikultur.tools.inputs import InvalidInputsError, validate_inputs
from kikultur.tools.prompts import build_messages
from kikultur.tools.registry import Tool
from kikultur.tools.spec import StylePreferences


@dataclass(frozen=True, slots=True)
class ShieldItem:
    """One value the shield will replace before sending: shown to the user to confirm."""

    kind: str
    value: str
    placeholder: str
    count: int


@dataclass(slots=True)
class PreparedDraft:
    """Everything `generate` needs; built only from a valid form (else InvalidInputsError)."""

    tool: Tool
    values: dict[str, Any]
    brief: str
    steckbrief: dict[str, Any]
    steckbrief_version: int
    style: StylePreferences
    messages: list[ChatMessage]
    provider: ProviderConfig
    check_context: CheckContext
    draft_id: int | None = None
    extra_terms: list[str] = field(default_factory=list)
    ignored_terms: list[str] = field(default_factory=list)
    shield_preview: list[ShieldItem] = field(default_factory=list)
    vault_data: dict[str, Any] = field(default_factory=dict)
    finance_plan_id: int | None = None  # grant tools: the organisation's plan for the DOCX table

    @property
    def stored_inputs(self) -> dict[str, Any]:
        """The form as the draft keeps it: the tool's values plus the chosen finance plan."""
        if self.finance_plan_id is None:
            return dict(self.values)
        return {**self.values, grants.FINANCE_INPUT: str(self.finance_plan_id)}

    @property
    def needs_shield(self) -> bool:
        """Data leaves this machine: the privacy shield must pseudonymise first."""
        return self.provider.data_class is not DataClass.local

    @property
    def facts(self) -> DraftFacts:
        return DraftFacts(self.values, self.brief, self.steckbrief, self.check_context)

    def known_people(self) -> list[str]:
        return list(self.check_context.people)


def json_safe(value: Any) -> Any:
    """Form values as JSON (YAML and forms give dates, times and amounts as objects)."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def prepare(
    repo: OrgRepository,
    settings: Settings,
    tool_id: str,
    values: Mapping[str, Any],
    brief: str = "",
    *,
    provider_name: str | None = None,
    draft: Draft | None = None,
    extra_terms: Iterable[str] = (),
    ignored_terms: Iterable[str] = (),
) -> PreparedDraft:
    """Validates the form and builds the prompt; raises before any model call.

    Raises `InvalidInputsError` (German message per field, key `brief` for the notes),
    `ToolError` for an unknown tool, `ProviderConfigError` for a provider the organisation
    may not use. For a provider that is not `local`, `shield_preview` lists what the shield
    will replace; call `adjust_shield` with terms to add or un-mark, then `generate`.
    """
    unresolved = get_tool(repo, tool_id)
    sheet = factsheet.current(repo)
    steckbrief = tool_steckbrief(sheet.data)
    clean_values = json_safe(grants.tool_values(values))
    plan_id: int | None = None
    finance_plan: FinancePlan | None = None
    raw_plan = grants.plan_id_of(values)
    if raw_plan and grants.uses_finance(unresolved.spec):
        record = grants.plan_record(repo, raw_plan)
        plan_id = record.id
        finance_plan = finance.to_plan(record)
        clean_values = json_safe(grants.fill_from_plan(unresolved.spec, clean_values, finance_plan))
    # The chosen funder profile brings the sections; every later step uses the resolved tool.
    try:
        tool = grants.resolve(repo, unresolved, clean_values)
    except InvalidInputsError as exc:
        # Report the other fields in the same round, not only the missing profile.
        spec = grants.form_spec(repo, unresolved.spec)
        others = validate_inputs(spec, clean_values, brief, steckbrief)
        raise InvalidInputsError({**others, **exc.errors}) from exc
    errors = validate_inputs(tool.spec, clean_values, brief, steckbrief)
    if finance_plan is not None:
        errors.update(grants.unexplained_deviations(tool.spec, clean_values, finance_plan))
    if errors:
        raise InvalidInputsError(errors)
    style = style_of(sheet.data)
    messages = build_messages(tool, clean_values, brief, steckbrief, style)
    config = model_access.choose_provider_config(
        settings, repo.session, repo.organisation_id, provider_name
    )
    vault_data: dict[str, Any] = {}
    if draft is not None and draft.vault is not None:
        vault_data = dict(draft.vault.mapping)
    prepared = PreparedDraft(
        tool=tool,
        values=clean_values,
        brief=brief or "",
        steckbrief=steckbrief,
        steckbrief_version=sheet.version,
        style=style,
        messages=messages,
        provider=config,
        check_context=base_context(sheet.data),
        draft_id=draft.id if draft is not None else None,
        vault_data=vault_data,
        finance_plan_id=plan_id,
    )
    return adjust_shield(prepared, extra_terms=extra_terms, ignored_terms=ignored_terms)


def adjust_shield(
    prepared: PreparedDraft,
    *,
    extra_terms: Iterable[str] = (),
    ignored_terms: Iterable[str] = (),
) -> PreparedDraft:
    """The user adds terms to replace or un-marks detected ones; the preview is recomputed."""
    prepared.extra_terms = [t.strip() for t in extra_terms if t and t.strip()]
    prepared.ignored_terms = [t.strip() for t in ignored_terms if t and t.strip()]
    prepared.shield_preview = shield_preview(prepared) if prepared.needs_shield else []
    return prepared


def shield_preview(prepared: PreparedDraft) -> list[ShieldItem]:
    """What the shield would replace in all messages, one row per value.

    Runs the shield's own steps (detect, plan) on a copy of the vault, so placeholders are
    numbered exactly as in the request that follows; the draft's vault stays untouched.
    """
    vault = Vault.from_dict(copy.deepcopy(prepared.vault_data))
    counts: dict[tuple[str, str], int] = {}
    placeholders: dict[tuple[str, str], str] = {}
    for message in prepared.messages:
        found = detect(
            message.content,
            prepared.check_context,
            known_people=prepared.known_people(),
            extra_terms=prepared.extra_terms,
            ignored_terms=prepared.ignored_terms,
        )
        for item in plan(message.content, found, vault):
            key = (item.kind, item.value)
            counts[key] = counts.get(key, 0) + 1
            placeholders.setdefault(key, item.placeholder)
    return [
        ShieldItem(kind, value, placeholders[(kind, value)], count)
        for (kind, value), count in counts.items()
    ]


def load_vault(draft: Draft | None) -> Vault:
    if draft is None or draft.vault is None:
        return Vault()
    return Vault.from_dict(draft.vault.mapping)


def store_vault(repo: OrgRepository, draft: Draft, vault: Vault) -> None:
    """Keeps the mapping in the local database only (never in a request, never exported)."""
    if draft.vault is None:
        row = DraftVault(draft_id=draft.id, mapping=vault.to_dict())
        repo.add(row)
        draft.vault = row
    else:
        draft.vault.mapping = vault.to_dict()
