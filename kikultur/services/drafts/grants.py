"""Grant tools in the pipeline: funder profile sections, the organisation's finance plan."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from kikultur.finance.categories import CostCategory
from kikultur.finance.money import format_eur
from kikultur.finance.plan import FinancePlan
from kikultur.finance.rules import check_deviations
from kikultur.i18n import _
from kikultur.services import finance
from kikultur.store.models import FinancePlanRecord
from kikultur.store.repository import OrgRepository
from kikultur.tools.funder import resolve_tool, with_profile_choices
from kikultur.tools.inputs import InvalidInputsError
from kikultur.tools.registry import Tool
from kikultur.tools.spec import FUNDER_INPUT, ToolSpec, is_filled

# The optional form value naming one of the organisation's finance plans (its id). It is not a
# spec input: the choices are the organisation's data, and the plan is read, never prompted.
FINANCE_INPUT = "finanzplan"
FINANCE_HOOKS = ("finance_table", "finance_table_actual")


def uses_finance(spec: ToolSpec) -> bool:
    """The tool's DOCX carries a finance table, so the user may pick a plan."""
    return any(hook in FINANCE_HOOKS for hook in spec.export_hooks)


def has_funder_input(spec: ToolSpec) -> bool:
    return any(i.name == FUNDER_INPUT for i in spec.inputs)


def tool_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The values the tool spec knows (without the pipeline's own `finanzplan`)."""
    return {k: v for k, v in values.items() if k != FINANCE_INPUT}


def form_spec(repo: OrgRepository, spec: ToolSpec) -> ToolSpec:
    """The spec for the form: `foerderer` offers the built-in and the organisation's profiles."""
    if not has_funder_input(spec):
        return spec
    return with_profile_choices(spec, finance.profiles_for(repo))


def resolve(repo: OrgRepository, tool: Tool, values: Mapping[str, Any]) -> Tool:
    """The tool with the chosen profile's sections (built-in or own copy) and matching choices.

    Raises InvalidInputsError (field `foerderer`) when the profile is missing or unknown.
    """
    if not has_funder_input(tool.spec):
        return tool
    profiles = finance.profiles_for(repo)
    offered = Tool(
        spec=with_profile_choices(tool.spec, profiles),
        prompts=tool.prompts,
        source=tool.source,
        path=tool.path,
    )
    return resolve_tool(offered, values, profiles)


def plan_options(repo: OrgRepository) -> list[tuple[str, str]]:
    """(id, title) of the organisation's finance plans, for the form's select."""
    rows = repo.all(FinancePlanRecord, FinancePlanRecord.title, FinancePlanRecord.id)
    return [(str(row.id), row.title) for row in rows]


def plan_id_of(values: Mapping[str, Any]) -> str:
    raw = values.get(FINANCE_INPUT)
    return str(raw).strip() if raw is not None else ""


def plan_record(repo: OrgRepository, raw: str) -> FinancePlanRecord:
    """The organisation's plan with this id; InvalidInputsError (`finanzplan`) otherwise."""
    message = _("Diesen Finanzplan gibt es in Ihrer Einrichtung nicht.")
    if not raw.isdigit() or len(raw) > 12:
        raise InvalidInputsError({FINANCE_INPUT: message})
    record = repo.get(FinancePlanRecord, int(raw))
    if record is None:
        raise InvalidInputsError({FINANCE_INPUT: message})
    return record


def _amount(value: Decimal) -> str:
    # German, as the user would type it into the form; parse_money reads it back exactly.
    return format_eur(value)


def plan_figures(plan: FinancePlan) -> dict[str, str]:
    """The fact-slot values the plan gives: requested grant, total costs, own and other income."""
    figures: dict[str, str] = {}
    if plan.has_grant_line():
        figures["beantragte_summe"] = _amount(plan.requested_grant())
    if plan.costs:
        figures["gesamtkosten"] = _amount(plan.total_costs())
    if plan.income:
        figures["eigenmittel"] = _amount(plan.total_income() - plan.requested_grant())
    return figures


def fill_from_plan(spec: ToolSpec, values: dict[str, Any], plan: FinancePlan) -> dict[str, Any]:
    """Empty amount fields of the form take the plan's figures; typed values always win."""
    known = {i.name for i in spec.inputs}
    result = dict(values)
    for name, amount in plan_figures(plan).items():
        if name in known and not is_filled(result.get(name)):
            result[name] = amount
    return result


# The report's field for the reasons of deviations from the plan (Sachbericht).
DEVIATION_INPUT = "abweichungen"


def unexplained_deviations(
    spec: ToolSpec, values: Mapping[str, Any], plan: FinancePlan
) -> dict[str, str]:
    """A German error at the reasons field when the plan shows costs far over plan (more than
    the funder rules allow without a reason) and the field is empty: the report must say why."""
    if DEVIATION_INPUT not in {i.name for i in spec.inputs} or is_filled(
        values.get(DEVIATION_INPUT)
    ):
        return {}
    deviations = check_deviations(plan)
    if not deviations:
        return {}
    items = ", ".join(
        _("{category} {overrun} über Plan").format(
            category=CostCategory(f.details["target"].removeprefix("category:")).label,
            overrun=format_eur(Decimal(f.details["overrun"])),
        )
        for f in deviations
    )
    return {
        DEVIATION_INPUT: _(
            "Der Finanzplan zeigt Abweichungen, die der Bericht begründen muss ({items}). "
            "Bitte hier die Gründe angeben."
        ).format(items=items)
    }


def finance_plan_for(
    repo: OrgRepository, spec: ToolSpec, inputs: Mapping[str, Any]
) -> FinancePlan | None:
    """The plan a draft names, for the DOCX table; None when none is chosen or it was deleted."""
    raw = plan_id_of(inputs)
    if not raw or not uses_finance(spec):
        return None
    try:
        return finance.to_plan(plan_record(repo, raw))
    except InvalidInputsError:
        return None
