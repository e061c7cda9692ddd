"""Every URL pattern of ours, opened by every persona, answers as its access policy says.

A view added without one of the decorators in softlanding.accounts.access fails here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from softlanding.accounts.access import AccessPolicy
from softlanding.accounts.enums import Role
from softlanding.accounts.roles import ROLE_PERMISSIONS
from tests.conftest import client_for
from tests.factories import ApplicantFactory, StaffFactory

# URLs owned by libraries, each with its own protection (Django's admin demands is_staff,
# allauth's pages are the sign-in flow itself).
FOREIGN_NAMESPACES = {"admin"}
FOREIGN_MODULES = ("allauth.", "django.")


@dataclass(frozen=True)
class Route:
    name: str
    callback: Any
    kwargs: tuple[str, ...]


def walk(patterns: list[Any], namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in FOREIGN_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            callback = entry.callback
            if callback.__module__.startswith(FOREIGN_MODULES):
                continue
            yield Route(f"{namespace}{entry.name}", callback, tuple(entry.pattern.converters))


ROUTES = list(walk(get_resolver().url_patterns))


def _organization_pk() -> int:
    from tests.factories import OrganizationFactory

    return OrganizationFactory().pk


def _person_pk() -> int:
    from tests.factories import PersonFactory

    return PersonFactory().pk


# A sample value per URL keyword, made fresh for each request. A view whose object the persona
# may see answers 200; the matrix is about who gets in, not about which rows.
def _candidate_pk() -> int:
    from softlanding.prospects.models import DuplicateCandidate
    from tests.factories import OrganizationFactory

    low, high = sorted([OrganizationFactory().pk, OrganizationFactory().pk])
    return DuplicateCandidate.objects.create(low_id=low, high_id=high, score=0.9).pk


def _merge_pk() -> int:
    from softlanding.prospects.models import MergeRecord
    from tests.factories import OrganizationFactory

    return MergeRecord.objects.create(kept=OrganizationFactory(), absorbed=OrganizationFactory()).pk


def _filter_pk() -> int:
    from softlanding.prospects.models import SavedFilter
    from tests.factories import StaffFactory

    return SavedFilter.objects.create(owner=StaffFactory(), name="Minsk", query="country=BY").pk


def _import_pk() -> int:
    """An uploaded, not yet imported file: a small real CSV kept as an import run."""
    import tempfile
    from pathlib import Path

    from softlanding.prospects.importing.service import plan, store_upload
    from tests.factories import StaffFactory

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "companies.csv"
        path.write_text("Name,Country\nIdeaSoft,Belarus\n", encoding="utf-8")
        checked = plan(path)
        run = store_upload(
            path, original_name="companies.csv", by=StaffFactory(), mapping=checked.mapping
        )
    return run.pk


def _campaign_pk() -> int:
    from tests.factories import make_campaign

    return make_campaign().pk


def _opportunity_pk() -> int:
    from tests.factories import make_opportunity

    return make_opportunity().pk


def _activity_pk() -> int:
    """A logged call; its follow-up views are POST-only, so a GET answers 405 past the policy."""
    from softlanding.outreach import services
    from tests.factories import make_opportunity

    return services.log_activity(by=None, kind="call", opportunity=make_opportunity()).pk


def _template_pk() -> int:
    from softlanding.outreach.models import EmailTemplate

    return EmailTemplate.objects.create(name="Hello", language="en", subject="Hi", body="Hi").pk


def _case_pk() -> int:
    from tests.cases.factories import make_case

    return make_case().pk


def _step_pk() -> int:
    from tests.cases.factories import make_case

    return make_case().relocatees.get().steps.first().pk


def _company_step_pk() -> int:
    from tests.cases.factories import make_case

    return make_case().company_steps.first().pk


def _allocation_pk() -> int:
    from datetime import date

    from softlanding.cases.services import allocate_desk
    from tests.cases.factories import make_case, make_desk

    day = date(2027, 1, 1)
    return allocate_desk(by=None, desk=make_desk(), case=make_case(), starts_on=day, ends_on=day).pk


def _benefit_pk() -> int:
    from softlanding.offers.models import Benefit

    return Benefit.objects.create(kind="grant", title_en="Grant", title_ru="Грант").pk


def _rival_pk() -> int:
    from softlanding.offers.models import RivalDestination

    return RivalDestination.objects.create(name_en="Dubai", name_ru="Дубай", country="AE").pk


def _rule_set_pk() -> int:
    from softlanding.offers.models import RuleSet

    return RuleSet.objects.create(name="Programme").pk


def _version_pk() -> int:
    """A draft version with one rule: its page shows the editing form to those who manage."""
    from softlanding.offers.models import Rule, RuleSet, RuleSetVersion

    version = RuleSetVersion.objects.create(rule_set=RuleSet.objects.create(name="P"), number=1)
    Rule.objects.create(version=version, kind="min_employees", parameters={"min": 3})
    return version.pk


def _offer_pk() -> int:
    """An offer with its PDF in private storage (bytes are enough to serve it)."""
    from django.core.files.base import ContentFile

    from softlanding.offers.models import OfferVersion
    from tests.factories import make_opportunity

    offer = OfferVersion(opportunity=make_opportunity(), number=1, language="en", content={})
    offer.pdf.save("matrix.pdf", ContentFile(b"%PDF-1.7"), save=True)
    return offer.pk


def _application_pk(owner: Any) -> int:
    """A submitted application of ``owner`` (the applicant persona) or of another applicant."""
    from tests.portal.factories import make_submitted_application

    return make_submitted_application(applicant=owner).pk


def _file_id(owner: Any) -> Any:
    from tests.portal.factories import make_document_version, make_submitted_application

    return make_document_version(make_submitted_application(applicant=owner)).public_id


# Samples the applicant persona must own (the portal shows an applicant only its own rows);
# each is called with the persona's user when it is an applicant, else with None.
OWNED_SAMPLE_KWARGS: dict[str, Callable[[Any], Any]] = {
    "application_pk": _application_pk,
    "file_id": _file_id,
}


def _source_pk() -> int:
    from softlanding.radar.models import Source

    return Source.objects.create(name="Uploads", kind="upload").pk


def _article_pk() -> int:
    from datetime import date

    from softlanding.radar.models import Article

    return Article.objects.create(
        title="Protests in Minsk",
        text="Protests in Minsk.",
        content_hash=f"h{Article.objects.count()}",
        day=date(2020, 8, 10),
    ).pk


def _radar_candidate_pk() -> int:
    from softlanding.radar.models import CandidateProspect

    article_pk = _article_pk()
    return CandidateProspect.objects.create(
        name=f"Hypersoft {article_pk}",
        kind="organization",
        name_key=f"hypersoft{article_pk}",
        sentence="s",
        article_id=article_pk,
    ).pk


def _signal_rule_pk() -> int:
    from softlanding.radar.models import SignalRule

    return SignalRule.objects.create(type="political_unrest", terms="protest*").pk


SAMPLE_KWARGS: dict[str, Callable[[], Any]] = {
    "organization_pk": _organization_pk,
    "person_pk": _person_pk,
    "candidate_pk": _candidate_pk,
    "merge_pk": _merge_pk,
    "filter_pk": _filter_pk,
    "import_pk": _import_pk,
    "campaign_pk": _campaign_pk,
    "opportunity_pk": _opportunity_pk,
    "activity_pk": _activity_pk,
    "stage": lambda: "identified",
    "template_pk": _template_pk,
    "case_pk": _case_pk,
    "step_pk": _step_pk,
    "company_step_pk": _company_step_pk,
    "allocation_pk": _allocation_pk,
    "kind": lambda: "building",
    "benefit_pk": _benefit_pk,
    "rival_pk": _rival_pk,
    "rule_set_pk": _rule_set_pk,
    "version_pk": _version_pk,
    "offer_pk": _offer_pk,
    "step": lambda: "applicant",
    "source_pk": _source_pk,
    "article_pk": _article_pk,
    "country": lambda: "BY",
    "radar_candidate_pk": _radar_candidate_pk,
    "signal_rule_pk": _signal_rule_pk,
}
PERSONAS = ["anonymous", "applicant", *[role.value for role in Role]]


def test_our_urls_are_found() -> None:
    names = {route.name for route in ROUTES}
    assert {"core:home", "core:healthz", "prospects:organization_list", "portal:home"} <= names


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_every_view_declares_who_may_open_it(route: Route) -> None:
    assert isinstance(getattr(route.callback, "access", None), AccessPolicy), (
        f"{route.name} has no access policy: wrap it in a decorator from softlanding.accounts.access"
    )


def expected_ok(policy: AccessPolicy, persona: str) -> bool:
    if policy.audience == "public":
        return True
    if persona == "anonymous":
        return False
    if policy.audience == "authenticated":
        return True
    if policy.audience == "applicant":
        return persona == "applicant"
    if policy.audience == "applicant_or_staff" and persona == "applicant":
        return True
    if persona == "applicant":
        return False
    granted = set(ROLE_PERMISSIONS[Role(persona)])
    return set(policy.permissions) <= granted


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_persona_gets_what_the_policy_says(route: Route, persona: str) -> None:
    missing = [
        name
        for name in route.kwargs
        if name not in SAMPLE_KWARGS and name not in OWNED_SAMPLE_KWARGS
    ]
    if missing:
        pytest.fail(f"{route.name} takes {missing}: add a sample for them to SAMPLE_KWARGS")
    if persona == "anonymous":
        user = None
    elif persona == "applicant":
        user = ApplicantFactory()
    else:
        user = StaffFactory(role=Role(persona))
    owner = user if persona == "applicant" else None
    kwargs = {
        name: OWNED_SAMPLE_KWARGS[name](owner)
        if name in OWNED_SAMPLE_KWARGS
        else SAMPLE_KWARGS[name]()
        for name in route.kwargs
    }
    policy: AccessPolicy = route.callback.access
    response = client_for(user).get(reverse(route.name, kwargs=kwargs))

    if expected_ok(policy, persona):
        # 405: a POST-only action answered a GET, which still means it let the persona in.
        assert response.status_code in {200, 302, 405}, response.status_code
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
    elif persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == 403
