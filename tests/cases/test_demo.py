"""The demo's approved application has its case under way: a step done, one late, a desk."""

from __future__ import annotations

import pytest
from django.utils import timezone

from softlanding.accounts.enums import Role
from softlanding.cases import queries
from softlanding.cases.demo import load_demo_cases
from softlanding.cases.enums import StepStatus
from softlanding.cases.models import Case, DeskAllocation, RelocateeStep
from softlanding.core.demo import DEMO_LOADERS, ensure_demo_accounts
from softlanding.portal.demo import load_demo_applications
from tests.cases.factories import ensure_templates

pytestmark = pytest.mark.django_db


def test_the_cases_demo_loader_is_registered() -> None:
    assert load_demo_cases in DEMO_LOADERS


def test_the_demo_case_fills_the_officers_dashboard_once() -> None:
    ensure_templates()
    officer = next(u for u in ensure_demo_accounts() if Role.CASE_OFFICER in u.roles)
    load_demo_applications(officer=officer)
    today = timezone.localdate()

    assert load_demo_cases("http://127.0.0.1:8000", today=today) is True

    case = Case.objects.get(title="Polotsk Digital")
    assert case.officer == officer
    assert case.relocatees.count() >= 2
    assert RelocateeStep.objects.filter(relocatee__case=case, status=StepStatus.DONE).count() == 1
    assert DeskAllocation.objects.filter(case=case).count() == 1
    board = queries.dashboard(officer, today=today)
    assert [step.relocatee.case for step in board.late_visa] == [case]
    assert case in board.my_cases

    # The demo database is reused between runs: nothing is added the second time.
    assert load_demo_cases("http://127.0.0.1:8000", today=today) is False
    assert DeskAllocation.objects.count() == 1


def test_without_the_demo_application_the_loader_does_nothing() -> None:
    assert load_demo_cases("http://127.0.0.1:8000") is False
    assert not Case.objects.exists()
