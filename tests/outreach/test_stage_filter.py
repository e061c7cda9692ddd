"""The organisation list's stage filter, which outreach adds to prospects (core.list_filters)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from softlanding.outreach import services
from softlanding.outreach.models import Opportunity
from softlanding.prospects.models import SavedFilter
from tests.conftest import client_for
from tests.factories import OrganizationFactory, make_campaign, make_opportunity

pytestmark = pytest.mark.django_db


def three_companies(by) -> dict[str, object]:
    interested = OrganizationFactory(name="Interested Co", fit_score=30)
    called = OrganizationFactory(name="Called Co", fit_score=20)
    untouched = OrganizationFactory(name="Untouched Co", fit_score=10)
    first, second = make_campaign(), make_campaign(name="Second wave")
    Opportunity.objects.filter(
        pk=make_opportunity(first, organization=interested, by=by).pk
    ).update(stage="interested")
    make_opportunity(second, organization=interested, by=by)  # identified in another campaign
    Opportunity.objects.filter(pk=make_opportunity(first, organization=called, by=by).pk).update(
        stage="contacted"
    )
    return {"interested": interested, "called": called, "untouched": untouched}


def listed(user, **params: str) -> str:
    return client_for(user).get(reverse("prospects:organization_list"), params).content.decode()


def test_the_list_filters_by_stage_in_any_campaign_and_by_no_campaign(scout) -> None:
    three_companies(scout)

    interested = listed(scout, stage="interested")
    identified = listed(scout, stage="identified")
    untouched = listed(scout, stage="none")

    assert "Interested Co" in interested
    assert "Called Co" not in interested
    assert "Interested Co" in identified  # its other campaign
    assert "Called Co" not in identified
    assert "Untouched Co" in untouched
    assert "Interested Co" not in untouched
    assert "Called Co" not in untouched
    assert '<option value="interested" selected>Interested</option>' in interested


def test_a_stage_the_list_does_not_know_is_refused_clearly(scout) -> None:
    three_companies(scout)

    page = listed(scout, stage="gone-fishing")

    assert "Select a valid choice." in page


def test_the_stage_filter_speaks_russian(scout) -> None:
    page = (
        client_for(scout)
        .get(reverse("prospects:organization_list"), HTTP_ACCEPT_LANGUAGE="ru")
        .content.decode()
    )
    assert "Любой этап" in page
    assert "Ни в одной кампании" in page


@pytest.mark.parametrize("count", [1, 30])
def test_the_filtered_list_reads_a_fixed_number_of_queries(
    scout, django_assert_max_num_queries, count
) -> None:
    campaign = make_campaign()
    for n in range(count):
        make_opportunity(campaign, organization=OrganizationFactory(name=f"Orbit {n}"), by=scout)
    client = client_for(scout)
    url = reverse("prospects:organization_list")
    with django_assert_max_num_queries(9):
        page = client.get(url, {"stage": "identified"}).content.decode()
    assert page.count("Orbit ") == count


def test_a_segment_saved_with_a_stage_takes_only_those(lead) -> None:
    companies = three_companies(lead)
    segment = SavedFilter.objects.create(owner=lead, name="Not yet called", query="stage=none")
    campaign = make_campaign(name="Third wave", segment=segment)

    assert services.add_segment(campaign, by=lead) == 1

    assert list(campaign.opportunities.values_list("organization", flat=True)) == [
        companies["untouched"].pk  # type: ignore[attr-defined]
    ]
