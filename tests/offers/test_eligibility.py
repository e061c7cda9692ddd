"""Eligibility: each kind of rule passes, fails or is unknown, judged by the version in force."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from softlanding.offers.eligibility import (
    ACTIVITY_TYPES,
    ApplicantFacts,
    Evaluation,
    RuleOutcome,
    RuleResult,
    activity_type_choices,
    clean_parameters,
    evaluate,
    judge,
)
from softlanding.offers.models import Benefit, Rule, RuleSet, RuleSetVersion
from softlanding.offers.queries import active_benefits
from softlanding.offers.services import (
    PublishedVersionError,
    RuleInput,
    create_draft_version,
    publish_rule_set_version,
    save_draft_rules,
)

pytestmark = pytest.mark.django_db

ON = date(2026, 6, 1)

CASES: list[tuple[str, dict[str, Any], dict[str, Any], dict[str, Any]]] = [
    # kind, parameters, facts that pass, facts that fail
    (
        "activity_in_list",
        {"activities": ["software_development", "it_services"]},
        {"activity_types": frozenset({"it_services", "other"})},
        {"activity_types": frozenset({"other"})},
    ),
    ("min_employees", {"min": 10}, {"employees": 10}, {"employees": 9}),
    (
        "min_revenue_abroad_percent",
        {"min": "70"},
        {"revenue_abroad_percent": Decimal("70")},
        {"revenue_abroad_percent": Decimal("69.5")},
    ),
    (
        "max_state_owned_percent",
        {"max": "50"},
        {"state_owned_percent": Decimal("50")},
        {"state_owned_percent": Decimal("51")},
    ),
    ("country_in_list", {"countries": ["BY", "RU"]}, {"country": "by"}, {"country": "DE"}),
    ("founded_before_year", {"year": 2022}, {"founded_year": 2021}, {"founded_year": 2022}),
    ("min_years_in_business", {"years": 2}, {"founded_year": 2024}, {"founded_year": 2025}),
    ("max_relocating_people", {"max": 50}, {"relocating_people": 50}, {"relocating_people": 51}),
]


@pytest.mark.parametrize(("kind", "parameters", "passing", "failing"), CASES)
def test_each_rule_kind_passes_fails_and_is_unknown_without_the_fact(
    kind: str, parameters: dict[str, Any], passing: dict[str, Any], failing: dict[str, Any]
) -> None:
    passed = judge(kind, parameters, ApplicantFacts(**passing), on=ON)
    failed = judge(kind, parameters, ApplicantFacts(**failing), on=ON)
    unknown = judge(kind, parameters, ApplicantFacts(), on=ON)
    assert (passed.outcome, failed.outcome, unknown.outcome) == (
        RuleOutcome.PASSED,
        RuleOutcome.FAILED,
        RuleOutcome.UNKNOWN,
    )
    assert passed.reason
    assert failed.reason
    assert unknown.reason
    assert passed.label == failed.label


def test_reason_says_what_was_given_and_what_is_required() -> None:
    result = judge("min_employees", {"min": 10}, ApplicantFacts(employees=12), on=ON)
    assert result.reason == "12 employees, at least 10 required"
    assert result.label == "At least 10 employees"


def test_reasons_are_translated() -> None:
    with translation.override("ru"):
        result = judge("min_employees", {"min": 10}, ApplicantFacts(), on=ON)
    assert result.reason == "Не указано заявителем"


def _rule_set(*versions: tuple[date, int]) -> RuleSet:
    """A rule set whose versions require at least N employees, applying from their dates."""
    rule_set = RuleSet.objects.create(name="Test programme", position=0)
    RuleSet.objects.exclude(pk=rule_set.pk).update(position=1)
    for number, (effective_from, minimum) in enumerate(versions, start=1):
        version = RuleSetVersion.objects.create(
            rule_set=rule_set, number=number, effective_from=effective_from, is_published=True
        )
        Rule.objects.create(version=version, kind="min_employees", parameters={"min": minimum})
    return rule_set


def test_the_version_in_force_on_the_day_judges() -> None:
    _rule_set((date(2024, 1, 1), 5), (date(2026, 1, 1), 20))
    facts = ApplicantFacts(employees=10)

    before = evaluate(facts, on=date(2025, 12, 31))
    after = evaluate(facts, on=date(2026, 1, 1))

    assert (before.version, before.effective_from, before.eligible) == (1, date(2024, 1, 1), True)
    assert (after.version, after.eligible) == (2, False)
    assert before.rule_set_name == "Test programme"


def test_a_later_version_is_not_applied_to_an_earlier_day() -> None:
    rule_set = _rule_set((date(2024, 1, 1), 5))
    draft = create_draft_version(rule_set=rule_set, by=None)
    save_draft_rules(version=draft, rules=[RuleInput("min_employees", {"min": 100})], by=None)
    publish_rule_set_version(version=draft, effective_from=date(2027, 1, 1), by=None)

    assert evaluate(ApplicantFacts(employees=10), on=date(2026, 12, 31)).eligible is True
    assert evaluate(ApplicantFacts(employees=10), on=date(2027, 1, 1)).eligible is False


def test_no_version_in_force_gives_no_verdict() -> None:
    _rule_set((date(2024, 1, 1), 5))
    evaluation = evaluate(ApplicantFacts(employees=10), on=date(2023, 12, 31))
    assert evaluation.version is None
    assert evaluation.results == ()
    assert evaluation.eligible is None


def test_a_draft_never_judges() -> None:
    rule_set = _rule_set((date(2024, 1, 1), 5))
    draft = create_draft_version(rule_set=rule_set, by=None)
    save_draft_rules(version=draft, rules=[RuleInput("min_employees", {"min": 100})], by=None)
    assert evaluate(ApplicantFacts(employees=10), on=date(2030, 1, 1)).version == 1


def test_eligible_is_none_when_a_fact_is_unknown_and_false_when_any_fails() -> None:
    passed = RuleResult("a", RuleOutcome.PASSED, "")
    unknown = RuleResult("b", RuleOutcome.UNKNOWN, "")
    failed = RuleResult("c", RuleOutcome.FAILED, "")

    def of(*results: RuleResult) -> bool | None:
        return Evaluation("x", 1, ON, results).eligible

    assert of(passed) is True
    assert of(passed, unknown) is None
    assert of(unknown, failed) is False
    assert of() is None


def test_the_seeded_rule_set_judges_a_belarusian_software_company() -> None:
    facts = ApplicantFacts(
        activity_types=frozenset({"software_development"}),
        employees=40,
        revenue_abroad_percent=Decimal("95"),
        state_owned_percent=Decimal("0"),
        country="BY",
    )
    evaluation = evaluate(facts, on=ON)
    assert evaluation.version == 1
    assert evaluation.eligible is True
    assert len(evaluation.results) == 4


def test_a_published_version_refuses_changes_and_keeps_its_rules() -> None:
    rule_set = _rule_set((date(2024, 1, 1), 5))
    published = rule_set.versions.get()
    with pytest.raises(PublishedVersionError):
        save_draft_rules(version=published, rules=[RuleInput("min_employees", {"min": 1})], by=None)
    with pytest.raises(PublishedVersionError):
        publish_rule_set_version(version=published, effective_from=date(2030, 1, 1), by=None)
    assert list(published.rules.values_list("parameters", flat=True)) == [{"min": 5}]


def test_a_new_version_copies_the_rules_and_may_not_start_before_the_one_in_force() -> None:
    rule_set = _rule_set((date(2024, 1, 1), 5))
    draft = create_draft_version(rule_set=rule_set, by=None)
    assert draft.number == 2
    assert not draft.is_published
    assert list(draft.rules.values_list("parameters", flat=True)) == [{"min": 5}]
    assert create_draft_version(rule_set=rule_set, by=None) == draft

    with pytest.raises(ValidationError, match="2024-01-01"):
        publish_rule_set_version(version=draft, effective_from=date(2023, 1, 1), by=None)
    draft.refresh_from_db()
    assert not draft.is_published


def test_bad_parameters_save_nothing() -> None:
    rule_set = _rule_set((date(2024, 1, 1), 5))
    draft = create_draft_version(rule_set=rule_set, by=None)
    with pytest.raises(ValidationError, match="between 0 and 100"):
        save_draft_rules(
            version=draft,
            rules=[
                RuleInput("min_employees", {"min": 3}),
                RuleInput("min_revenue_abroad_percent", {"min": "150"}),
            ],
            by=None,
        )
    assert list(draft.rules.values_list("parameters", flat=True)) == [{"min": 5}]


@pytest.mark.parametrize(
    ("kind", "parameters", "message"),
    [
        ("min_employees", {"min": "ten"}, "whole number"),
        ("min_employees", {"min": -1}, "at least 0"),
        ("min_employees", {}, "required"),
        ("activity_in_list", {"activities": ["mining"]}, "not known"),
        ("country_in_list", {"countries": "BY, XX"}, "not known"),
        ("founded_before_year", {"year": 99}, "between"),
        ("no_such_kind", {}, "Unknown kind"),
    ],
)
def test_parameters_are_checked_per_kind(
    kind: str, parameters: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        clean_parameters(kind, parameters)


def test_parameters_are_normalised() -> None:
    assert clean_parameters("country_in_list", {"countries": "by, ru,BY"}) == {
        "countries": ["BY", "RU"]
    }
    assert clean_parameters("min_revenue_abroad_percent", {"min": "70,5"}) == {"min": "70.5"}
    assert clean_parameters("min_employees", {"min": "10"}) == {"min": 10}


def test_activity_types_are_the_contract_codes_with_labels() -> None:
    assert [code for code, _label in activity_type_choices()] == list(ACTIVITY_TYPES)
    with translation.override("ru"):
        assert (
            dict(activity_type_choices())["software_development"]
            == "Разработка программного обеспечения"
        )


def test_active_benefits_is_the_seeded_catalogue_in_order_without_inactive_ones() -> None:
    assert [b.kind for b in active_benefits()] == [
        "workspace",
        "tax_regime",
        "jurisdiction",
        "visa_support",
        "community",
        "grant",
    ]
    Benefit.objects.filter(kind="grant").update(is_active=False)
    grant = Benefit.objects.get(kind="grant")
    assert grant not in active_benefits()
    with translation.override("ru"):
        assert grant.title == "Грант на переезд"
    assert grant.title == "Relocation grant"
