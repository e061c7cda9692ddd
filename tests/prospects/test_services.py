from __future__ import annotations

import pytest

from softlanding.core.audit import history_of
from softlanding.prospects import services
from softlanding.prospects.domains import domain_of
from softlanding.prospects.models import (
    DuplicateCandidate,
    MergeRecord,
    Organization,
    OrganizationNameKey,
    Person,
    ScoringWeights,
)
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def ideasoft(by=None, **extra):
    return services.create_organization(
        by=by,
        name="IdeaSoft",
        legal_form="LLC",
        country="BY",
        city="Minsk",
        website="https://www.ideasoft.io/",
        aliases=["ООО «АйдиаСофт»"],
        tags=["seed story"],
        markets=["US", "EU", "Australia"],
        employees=60,
        **extra,
    )


@pytest.mark.parametrize("query", ["айдиасофт", "ideasoft", "idea soft", "IDEA", "АйдиаСофт"])
def test_any_spelling_of_a_name_finds_the_organisation(query: str) -> None:
    organization = ideasoft()
    services.create_organization(by=None, name="Softeq", country="BY")
    assert list(services.search_organizations(query)) == [organization]


def test_creating_keeps_domain_score_keys_tags_and_history(scout) -> None:
    organization = ideasoft(by=scout)
    assert organization.domain == "ideasoft.io"
    assert organization.fit_score > 0
    assert [t.name for t in organization.tags.all()] == ["seed story"]
    assert OrganizationNameKey.objects.filter(organization=organization, key="ideasoft").exists()
    entry = history_of(organization).get()
    assert (entry.action, entry.actor) == ("organization.created", scout)


def test_update_records_what_changed_and_rekeys_a_new_name(scout) -> None:
    organization = ideasoft()
    services.update_organization(organization, by=scout, name="IdeaSoft Group", city="Vilnius")
    entry = history_of(organization).first()
    assert entry.changes == {"name": ["IdeaSoft", "IdeaSoft Group"], "city": ["Minsk", "Vilnius"]}
    assert list(services.search_organizations("ideasoft group")) == [organization]


def test_an_update_that_changes_nothing_writes_no_history() -> None:
    organization = ideasoft()
    services.update_organization(organization, by=None, city="Minsk")
    assert history_of(organization).count() == 1


def test_merge_keeps_aliases_people_tags_and_history_and_can_be_undone(scout) -> None:
    keep = ideasoft()
    absorb = services.create_organization(
        by=None,
        name="Айдиа Софт",
        legal_form="ООО",
        country="BY",
        city="",
        tags=["minsk"],
        sources=["import:conference.csv"],
        founded=2012,
    )
    person = PersonFactory(organization=absorb)
    DuplicateCandidate.objects.create(low=keep, high=absorb, score=0.95, reasons=["same"])

    record = services.merge_organizations(keep, absorb=absorb, by=scout)

    keep.refresh_from_db()
    absorb.refresh_from_db()
    assert absorb.merged_into == keep
    assert set(keep.aliases.values_list("name", flat=True)) == {"ООО «АйдиаСофт»", "Айдиа Софт"}
    assert set(keep.tags.values_list("name", flat=True)) == {"seed story", "minsk"}
    assert Person.objects.get(pk=person.pk).organization == keep
    assert keep.founded == 2012  # an empty field filled from the absorbed one
    assert "import:conference.csv" in keep.sources
    assert DuplicateCandidate.objects.get().status == "merged"
    assert list(services.search_organizations("айдиа софт")) == [keep]
    assert history_of(absorb).filter(action="organization.merged_into").exists()

    services.undo_merge(record, by=scout)

    keep.refresh_from_db()
    absorb.refresh_from_db()
    assert absorb.merged_into is None
    assert set(keep.aliases.values_list("name", flat=True)) == {"ООО «АйдиаСофт»"}
    assert set(keep.tags.values_list("name", flat=True)) == {"seed story"}
    assert Person.objects.get(pk=person.pk).organization == absorb
    assert keep.founded is None
    assert keep.sources == []
    assert DuplicateCandidate.objects.get().status == "pending"
    assert MergeRecord.objects.get().undone_by == scout
    with pytest.raises(ValueError, match="already been undone"):
        services.undo_merge(record, by=scout)


def test_an_organisation_cannot_absorb_itself_or_be_merged_twice() -> None:
    a, b, c = (services.create_organization(by=None, name=n, country="BY") for n in "ABC")
    with pytest.raises(ValueError, match="itself"):
        services.merge_organizations(a, absorb=a, by=None)
    services.merge_organizations(a, absorb=b, by=None)
    with pytest.raises(ValueError, match="already been merged"):
        services.merge_organizations(c, absorb=b, by=None)


def test_new_weights_rescore_every_organisation() -> None:
    organization = ideasoft()
    weights = ScoringWeights.current()
    weights.weights = {**weights.weights, "countries": {"BY": 40}}
    weights.save()
    assert services.recompute_fit_scores(batch_size=1) == 1
    organization.refresh_from_db()
    assert organization.fit_score == services.score_of(organization)
    assert Organization.objects.get().score == organization.fit_score  # push is 0 until the radar


@pytest.mark.parametrize(
    ("website", "domain"),
    [("https://www.IdeaSoft.io/about", "ideasoft.io"), ("ideasoft.io", "ideasoft.io"), ("", "")],
)
def test_domain_of(website: str, domain: str) -> None:
    assert domain_of(website) == domain
