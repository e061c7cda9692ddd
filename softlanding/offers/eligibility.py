"""Eligibility: rules as data, judged by the version in force on a day.

The portal imports this module (see the contract in the offers and portal issue): it builds
``ApplicantFacts`` from an application and calls ``evaluate(facts, on=submitted_on)``.
Each rule gives passed, failed or unknown (a fact the applicant has not given), and why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from softlanding.offers.enums import RuleKind

ACTIVITY_TYPES: tuple[str, ...] = (
    "software_development",
    "it_services",
    "data_processing",
    "hardware_design",
    "it_education",
    "other",
)
_ACTIVITY_LABELS = {
    "software_development": _("Software development"),
    "it_services": _("IT services and consulting"),
    "data_processing": _("Data processing and hosting"),
    "hardware_design": _("Hardware and chip design"),
    "it_education": _("IT education"),
    "other": _("Other activity"),
}


def activity_type_choices() -> list[tuple[str, str]]:
    """(code, translated label) for every activity type, in a stable order."""
    return [(code, str(_ACTIVITY_LABELS[code])) for code in ACTIVITY_TYPES]


def activity_label(code: str) -> str:
    return str(_ACTIVITY_LABELS.get(code, code))


@dataclass(frozen=True)
class ApplicantFacts:
    activity_types: frozenset[str] = frozenset()
    employees: int | None = None
    revenue_abroad_percent: Decimal | None = None
    state_owned_percent: Decimal | None = None
    country: str = ""  # ISO 3166 alpha-2 the applicant comes from
    founded_year: int | None = None
    relocating_people: int | None = None


class RuleOutcome(models.TextChoices):
    PASSED = "passed", _("passed")
    FAILED = "failed", _("failed")
    UNKNOWN = "unknown", _("unknown")


@dataclass(frozen=True)
class RuleResult:
    label: str  # translated description of the rule
    outcome: RuleOutcome
    reason: str  # translated "why"


@dataclass(frozen=True)
class Evaluation:
    rule_set_name: str
    version: int | None  # None when no rule set was in force on that day
    effective_from: date | None
    results: tuple[RuleResult, ...]

    @property
    def eligible(self) -> bool | None:
        """False if any rule failed; None if any is unknown or there are no rules; else True."""
        outcomes = {result.outcome for result in self.results}
        if RuleOutcome.FAILED in outcomes:
            return False
        if not self.results or RuleOutcome.UNKNOWN in outcomes:
            return None
        return True


# --- Parameters, checked per kind ------------------------------------------------------------


def _int(value: Any, *, name: str, minimum: int = 0, maximum: int | None = None) -> int:
    if isinstance(value, bool):
        raise ValidationError(_("%(name)s must be a whole number.") % {"name": name})
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError(_("%(name)s must be a whole number.") % {"name": name}) from None
    if number < minimum or (maximum is not None and number > maximum):
        if maximum is None:
            message = _("%(name)s must be at least %(min)s.") % {"name": name, "min": minimum}
        else:
            message = _("%(name)s must be between %(min)s and %(max)s.") % {
                "name": name,
                "min": minimum,
                "max": maximum,
            }
        raise ValidationError(message)
    return number


def _percent(value: Any, *, name: str) -> str:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(_("%(name)s must be a number.") % {"name": name}) from None
    if not number.is_finite() or number < 0 or number > 100:
        raise ValidationError(_("%(name)s must be between 0 and 100.") % {"name": name})
    return str(number.normalize()) if number != number.to_integral() else str(int(number))


def _codes(value: Any, *, allowed: set[str], name: str, upper: bool = False) -> list[str]:
    if isinstance(value, str):
        value = [part for part in value.replace(";", ",").split(",")]
    if not isinstance(value, list | tuple):
        raise ValidationError(_("%(name)s must be a list.") % {"name": name})
    cleaned = []
    for item in value:
        code = str(item).strip()
        code = code.upper() if upper else code
        if not code:
            continue
        if code not in allowed:
            raise ValidationError(
                _("%(name)s: “%(code)s” is not known.") % {"name": name, "code": code}
            )
        if code not in cleaned:
            cleaned.append(code)
    if not cleaned:
        raise ValidationError(_("%(name)s needs at least one entry.") % {"name": name})
    return cleaned


#: The parameter each kind takes: its key and the words the form shows.
PARAMETER_NAMES: dict[str, tuple[str, Any]] = {
    RuleKind.ACTIVITY_IN_LIST: ("activities", _("activity types")),
    RuleKind.MIN_EMPLOYEES: ("min", _("minimum employees")),
    RuleKind.MIN_REVENUE_ABROAD_PERCENT: ("min", _("minimum share of revenue from abroad, %")),
    RuleKind.MAX_STATE_OWNED_PERCENT: ("max", _("maximum state-owned share, %")),
    RuleKind.COUNTRY_IN_LIST: ("countries", _("countries")),
    RuleKind.FOUNDED_BEFORE_YEAR: ("year", _("year")),
    RuleKind.MIN_YEARS_IN_BUSINESS: ("years", _("minimum years in business")),
    RuleKind.MAX_RELOCATING_PEOPLE: ("max", _("maximum people relocating")),
}


def clean_parameters(kind: str, parameters: Any) -> dict[str, Any]:
    """The parameters of a rule of ``kind``, normalised; ValidationError with a clear message."""
    if kind not in PARAMETER_NAMES:
        raise ValidationError(_("Unknown kind of rule: %(kind)s.") % {"kind": kind})
    if not isinstance(parameters, dict):
        raise ValidationError(_("The parameters must be an object."))
    key, label = PARAMETER_NAMES[kind]
    if key not in parameters or parameters[key] in (None, "", []):
        raise ValidationError(_("%(name)s is required.") % {"name": str(label).capitalize()})
    value = parameters[key]
    name = str(label).capitalize()
    if kind == RuleKind.ACTIVITY_IN_LIST:
        return {key: _codes(value, allowed=set(ACTIVITY_TYPES), name=name)}
    if kind == RuleKind.COUNTRY_IN_LIST:
        return {key: _codes(value, allowed={code for code, _n in countries}, name=name, upper=True)}
    if kind in (RuleKind.MIN_REVENUE_ABROAD_PERCENT, RuleKind.MAX_STATE_OWNED_PERCENT):
        return {key: _percent(value, name=name)}
    if kind == RuleKind.FOUNDED_BEFORE_YEAR:
        return {key: _int(value, name=name, minimum=1800, maximum=2200)}
    return {key: _int(value, name=name)}


# --- Describing and judging one rule ---------------------------------------------------------


def describe(kind: str, parameters: dict[str, Any]) -> str:
    """The translated words of a rule, e.g. "At least 10 employees"."""
    if kind == RuleKind.ACTIVITY_IN_LIST:
        names = ", ".join(activity_label(code) for code in parameters["activities"])
        return gettext("Activity is one of: %(list)s") % {"list": names}
    if kind == RuleKind.MIN_EMPLOYEES:
        return gettext("At least %(n)s employees") % {"n": parameters["min"]}
    if kind == RuleKind.MIN_REVENUE_ABROAD_PERCENT:
        return gettext("At least %(n)s%% of revenue from abroad") % {"n": parameters["min"]}
    if kind == RuleKind.MAX_STATE_OWNED_PERCENT:
        return gettext("The state owns at most %(n)s%%") % {"n": parameters["max"]}
    if kind == RuleKind.COUNTRY_IN_LIST:
        names = ", ".join(str(countries.name(code)) for code in parameters["countries"])
        return gettext("Comes from one of: %(list)s") % {"list": names}
    if kind == RuleKind.FOUNDED_BEFORE_YEAR:
        return gettext("Founded before %(year)s") % {"year": parameters["year"]}
    if kind == RuleKind.MIN_YEARS_IN_BUSINESS:
        return gettext("In business for at least %(n)s years") % {"n": parameters["years"]}
    if kind == RuleKind.MAX_RELOCATING_PEOPLE:
        return gettext("At most %(n)s people relocating") % {"n": parameters["max"]}
    return kind


Judgement = tuple[RuleOutcome, str]


def _not_given() -> Judgement:
    return RuleOutcome.UNKNOWN, gettext("Not stated by the applicant")


def _judge_activity(p: dict[str, Any], f: ApplicantFacts, on: date) -> Judgement:
    if not f.activity_types:
        return _not_given()
    matching = sorted(f.activity_types & set(p["activities"]))
    if matching:
        return RuleOutcome.PASSED, gettext("%(list)s is in the list") % {
            "list": ", ".join(activity_label(code) for code in matching)
        }
    return RuleOutcome.FAILED, gettext("%(list)s: none is in the list") % {
        "list": ", ".join(activity_label(code) for code in sorted(f.activity_types))
    }


def _judge_min_employees(p: dict[str, Any], f: ApplicantFacts, on: date) -> Judgement:
    if f.employees is None:
        return _not_given()
    words = {"n": f.employees, "min": p["min"]}
    if f.employees >= int(p["min"]):
        return RuleOutcome.PASSED, gettext("%(n)s employees, at least %(min)s required") % words
    return RuleOutcome.FAILED, gettext("%(n)s employees, at least %(min)s required") % words


def _judge_revenue(p: dict[str, Any], f: ApplicantFacts, on: date) -> Judgement:
    if f.revenue_abroad_percent is None:
        return _not_given()
    words = {"n": f.revenue_abroad_percent, "min": p["min"]}
    reason = gettext("%(n)s%% of revenue from abroad, at least %(min)s%% required") % words
    passed = Decimal(f.revenue_abroad_percent) >= Decimal(p["min"])
    return (RuleOutcome.PASSED if passed else RuleOutcome.FAILED), reason


def _judge_state_owned(p: dict[str, Any], f: ApplicantFacts, on: date) -> Judgement:
    if f.state_owned_percent is None:
        return _not_given()
    words = {"n": f.state_owned_percent, "max": p["max"]}
    reason = gettext("The state owns %(n)s%%, at most %(max)s%% allowed") % words
    passed = Decimal(f.state_owned_percent) <= Decimal(p["max"])
    return (RuleOutcome.PASSED if passed else RuleOutcome.FAILED), reason


def _judge_country(p: dict[str, Any], f: ApplicantFacts, on: date) -> Judgement:
    if not f.country:
        return _not_given()
    code = f.country.upper()
    name = str(countries.name(code)) or code
    if code in p["countries"]:
        return RuleOutcome.PASSED, gettext("%(country)s is in the list") % {"country": name}
    return RuleOutcome.FAILED, gettext("%(country)s is not in the list") % {"country": name}


def _judge_founded_before(p: dict[str, Any], f: ApplicantFacts, on: date) -> Judgement:
    if f.founded_year is None:
        return _not_given()
    words = {"year": f.founded_year, "before": p["year"]}
    reason = gettext("Founded in %(year)s, before %(before)s required") % words
    return (RuleOutcome.PASSED if f.founded_year < int(p["year"]) else RuleOutcome.FAILED), reason


def _judge_years(p: dict[str, Any], f: ApplicantFacts, on: date) -> Judgement:
    if f.founded_year is None:
        return _not_given()
    years = on.year - f.founded_year
    words = {"n": years, "min": p["years"]}
    reason = gettext("%(n)s years in business, at least %(min)s required") % words
    return (RuleOutcome.PASSED if years >= int(p["years"]) else RuleOutcome.FAILED), reason


def _judge_relocating(p: dict[str, Any], f: ApplicantFacts, on: date) -> Judgement:
    if f.relocating_people is None:
        return _not_given()
    words = {"n": f.relocating_people, "max": p["max"]}
    reason = gettext("%(n)s people relocating, at most %(max)s allowed") % words
    passed = f.relocating_people <= int(p["max"])
    return (RuleOutcome.PASSED if passed else RuleOutcome.FAILED), reason


_JUDGES: dict[str, Callable[[dict[str, Any], ApplicantFacts, date], Judgement]] = {
    RuleKind.ACTIVITY_IN_LIST: _judge_activity,
    RuleKind.MIN_EMPLOYEES: _judge_min_employees,
    RuleKind.MIN_REVENUE_ABROAD_PERCENT: _judge_revenue,
    RuleKind.MAX_STATE_OWNED_PERCENT: _judge_state_owned,
    RuleKind.COUNTRY_IN_LIST: _judge_country,
    RuleKind.FOUNDED_BEFORE_YEAR: _judge_founded_before,
    RuleKind.MIN_YEARS_IN_BUSINESS: _judge_years,
    RuleKind.MAX_RELOCATING_PEOPLE: _judge_relocating,
}


def judge(kind: str, parameters: dict[str, Any], facts: ApplicantFacts, *, on: date) -> RuleResult:
    """One rule's result. A rule whose stored parameters no longer check out is unknown."""
    try:
        cleaned = clean_parameters(kind, parameters)
    except ValidationError:
        return RuleResult(
            label=kind,
            outcome=RuleOutcome.UNKNOWN,
            reason=gettext("The rule's parameters are invalid"),
        )
    outcome, reason = _JUDGES[kind](cleaned, facts, on)
    return RuleResult(label=describe(kind, cleaned), outcome=outcome, reason=reason)


# --- The version in force --------------------------------------------------------------------


def evaluate(facts: ApplicantFacts, *, on: date, rule_set: Any = None) -> Evaluation:
    """Judge ``facts`` by the version of the programme's rule set in force on ``on``.

    The programme's rule set is the first by position unless ``rule_set`` is given. The version
    in force is the published one with the latest ``effective_from`` not after ``on`` (the
    highest number on a tie); a version that applies from a later day never judges an earlier one.
    """
    from softlanding.offers.models import RuleSet
    from softlanding.offers.queries import version_in_force

    if rule_set is None:
        rule_set = RuleSet.objects.order_by("position", "id").first()
    if rule_set is None:
        return Evaluation(rule_set_name="", version=None, effective_from=None, results=())
    version = version_in_force(rule_set, on=on)
    if version is None:
        return Evaluation(
            rule_set_name=rule_set.name, version=None, effective_from=None, results=()
        )
    results = tuple(
        judge(rule.kind, rule.parameters, facts, on=on)
        for rule in version.rules.order_by("position", "id")
    )
    return Evaluation(
        rule_set_name=rule_set.name,
        version=version.number,
        effective_from=version.effective_from,
        results=results,
    )
