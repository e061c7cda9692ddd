from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import pytest
from django.core.management import call_command

from softlanding.core.synthetic import generate, iter_organizations
from softlanding.core.synthetic.load import write_batch
from softlanding.prospects import services
from softlanding.prospects.dedupe import (
    Entity,
    candidate_clusters,
    find_matches,
    scan_for_duplicates,
    score_pair,
)
from softlanding.prospects.enums import CandidateStatus
from softlanding.prospects.models import DuplicateCandidate, Organization, OrganizationNameKey
from softlanding.prospects.names import MERGE_THRESHOLD, REVIEW_THRESHOLD, fold

LABELLED = (
    Path(__file__).resolve().parents[2]
    / "softlanding"
    / "prospects"
    / "data"
    / "duplicate_pairs.csv"
)


def org(name: str, country: str = "BY", website: str = "", aliases: list[str] | None = None):
    return services.create_organization(
        by=None, name=name, country=country, website=website, aliases=aliases or []
    )


def cluster_names() -> list[set[str]]:
    return [{m.name for m in c.organizations} for c in candidate_clusters()]


def pair_of(a: Organization, b: Organization) -> DuplicateCandidate | None:
    low, high = sorted([a.pk, b.pk])
    return DuplicateCandidate.objects.filter(low_id=low, high_id=high).first()


# --------------------------------------------------------------------------- score_pair


def test_same_name_across_scripts_and_legal_forms_is_a_merge() -> None:
    match = score_pair(
        Entity(("IdeaSoft LLC",), "BY"), Entity(("ООО «АйдиаСофт»",), "BY", "ideasoft.io")
    )
    assert match.score >= MERGE_THRESHOLD
    assert "same name across Cyrillic and Latin" in match.reasons


def test_similar_names_of_different_companies_are_not_candidates() -> None:
    assert score_pair(Entity(("Softeq",), "BY"), Entity(("SoftTeco",), "BY")).score < (
        REVIEW_THRESHOLD
    )


def test_the_same_name_in_two_countries_is_not_enough() -> None:
    match = score_pair(Entity(("Data Forge",), "BY"), Entity(("Data Forge",), "PL"))
    assert match.score < REVIEW_THRESHOLD
    assert any("different countries" in reason for reason in match.reasons)


def test_a_shared_domain_counts_strongly_even_across_countries_and_spellings() -> None:
    match = score_pair(
        Entity(("Vitebsk Code Works",), "BY", "vcw.by"),
        Entity(("ВКВ Витебск",), "LT", "vcw.by"),
    )
    assert match.score >= REVIEW_THRESHOLD
    assert any("same website domain (vcw.by)" in reason for reason in match.reasons)
    same_names = score_pair(
        Entity(("Kvanta Labs",), "BY", "kvanta.io"), Entity(("Квanta Lab",), "PL", "kvanta.io")
    )
    assert same_names.score >= MERGE_THRESHOLD


def test_a_generic_mail_domain_is_not_evidence() -> None:
    match = score_pair(
        Entity(("Orbis",), "BY", "gmail.com"), Entity(("Kronwald",), "BY", "gmail.com")
    )
    assert match.score < REVIEW_THRESHOLD
    assert any("public mail" in reason for reason in match.reasons)


def test_best_pair_of_names_and_aliases_is_used() -> None:
    match = score_pair(
        Entity(("Zubr Digital", "ООО «Зубр Диджитал»"), "BY"),
        Entity(("ЗУБР ДИДЖИТАЛ",), "BY"),
    )
    assert match.score >= MERGE_THRESHOLD
    assert match.reasons[0].startswith("best-matching names")


def _labelled() -> list[dict[str, str]]:
    with LABELLED.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_labelled_set_is_large_and_mixed() -> None:
    rows = _labelled()
    assert len(rows) >= 300
    assert {row["same"] for row in rows} == {"0", "1"}
    assert sum(row["same"] == "0" for row in rows) >= 100


def test_labelled_set_meets_precision_and_recall() -> None:
    """A pair is predicted "same" when a candidate would be raised: score ≥ REVIEW_THRESHOLD."""
    tp = fp = fn = 0
    for row in _labelled():
        match = score_pair(
            Entity((row["name_a"],), row["country_a"], row["domain_a"]),
            Entity((row["name_b"],), row["country_b"], row["domain_b"]),
        )
        predicted, actual = match.score >= REVIEW_THRESHOLD, row["same"] == "1"
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.95, precision
    assert recall >= 0.90, recall


# --------------------------------------------------------------------------- scan


@pytest.mark.django_db
def test_scan_finds_one_company_written_three_ways() -> None:
    a = org("IdeaSoft LLC", website="https://ideasoft.io")
    b = org("ООО «АйдиаСофт»")
    c = org("Idea Soft")
    org("Softeq", website="softeq.com")
    org("SoftTeco", website="softteco.com")

    summary = scan_for_duplicates()

    assert summary.created == 3
    assert cluster_names() == [{"IdeaSoft LLC", "ООО «АйдиаСофт»", "Idea Soft"}]
    [cluster] = candidate_clusters()
    assert [m.id for m in cluster.organizations] == sorted([a.pk, b.pk, c.pk])
    assert cluster.score >= MERGE_THRESHOLD


@pytest.mark.django_db
def test_scan_pairs_neighbouring_spellings_for_review() -> None:
    a = org("EPAM")
    b = org("EPAM Systems")
    scan_for_duplicates()
    candidate = pair_of(a, b)
    assert candidate is not None
    assert REVIEW_THRESHOLD <= candidate.score < MERGE_THRESHOLD


@pytest.mark.django_db
def test_scan_keeps_similar_brands_apart() -> None:
    org("Softeq", website="softeq.com")
    org("SoftTeco", website="softteco.com")
    org("Data Lab")
    org("Data Labs Group")
    scan_for_duplicates()
    assert not DuplicateCandidate.objects.exists()


@pytest.mark.django_db
def test_same_name_in_two_countries_needs_a_shared_domain() -> None:
    by = org("Nordwell", "BY", "https://nordwell.by")
    pl = org("Nordwell", "PL", "https://nordwell.pl")
    scan_for_duplicates()
    assert pair_of(by, pl) is None

    kz = org("Vexilon", "KZ", "https://vexilon.io")
    ge = org("Vexilon", "GE", "https://www.vexilon.io/")
    scan_for_duplicates()
    candidate = pair_of(kz, ge)
    assert candidate is not None
    assert candidate.score >= MERGE_THRESHOLD
    assert "same website domain (vexilon.io)" in candidate.reasons


@pytest.mark.django_db
def test_a_rescan_leaves_decided_candidates_alone() -> None:
    a, b = org("Kraskov Soft"), org("Красков Софт")
    c, d = org("Luminar"), org("LUMINAR")
    scan_for_duplicates()
    rejected = pair_of(a, b)
    assert rejected is not None
    services.reject_candidate(rejected, by=None)
    services.merge_organizations(c, absorb=d, by=None)

    summary = scan_for_duplicates()

    rejected.refresh_from_db()
    assert rejected.status == CandidateStatus.REJECTED
    merged = pair_of(c, d)
    assert merged is not None
    assert merged.status == CandidateStatus.MERGED
    assert (summary.created, summary.updated) == (0, 0)
    assert candidate_clusters() == []


@pytest.mark.django_db
def test_merged_organisations_are_skipped() -> None:
    keep, absorbed = org("Orlex"), org("Orlex Group")
    services.merge_organizations(keep, absorb=absorbed, by=None)
    newcomer = org("ORLEX")
    scan_for_duplicates()
    assert pair_of(keep, newcomer) is not None
    assert pair_of(absorbed, newcomer) is None
    assert all(absorbed.pk not in {m.id for m in c.organizations} for c in candidate_clusters())


@pytest.mark.django_db
def test_rescan_refreshes_and_drops_pending_candidates() -> None:
    a, b = org("Tranzit Lab"), org("Транзит Лаб")
    scan_for_duplicates()
    assert pair_of(a, b) is not None
    services.update_organization(b, by=None, name="TRANZIT LAB")
    summary = scan_for_duplicates()
    candidate = pair_of(a, b)
    assert candidate is not None
    assert candidate.reasons[0] == "same name ignoring case, spacing, quotes and punctuation"
    assert summary.updated == 1

    services.update_organization(b, by=None, country="PL")  # no block pairs them any more
    summary = scan_for_duplicates()
    assert pair_of(a, b) is None
    assert summary.removed == 1


def _registry(size: int) -> None:
    """``size`` organisations: pairs of one company written twice, unrelated to each other."""
    letters = random.Random(size)
    for _ in range(size // 2):
        word = "".join(
            letters.choice("bcdfgklmnprstvz") + letters.choice("aeiou") for _ in range(4)
        )
        org(f"{word.title()} Labs", website=f"https://{word}.io")
        org(f"{word.upper()} LABS LLC")


@pytest.mark.django_db
@pytest.mark.parametrize("size", [50, 200])
def test_scan_queries_do_not_grow_with_the_registry(
    size: int, django_assert_max_num_queries
) -> None:
    _registry(size)
    with django_assert_max_num_queries(10):
        summary = scan_for_duplicates(batch_size=10_000)
    assert summary.created > 0


@pytest.mark.django_db
def test_clusters_query_count_is_fixed(django_assert_max_num_queries) -> None:
    _registry(60)
    scan_for_duplicates()
    with django_assert_max_num_queries(2):
        clusters = candidate_clusters()
    assert clusters


# --------------------------------------------------------------------------- find_matches


@pytest.mark.django_db
def test_find_matches_by_name_in_any_spelling_or_by_domain() -> None:
    ideasoft = org("IdeaSoft", website="ideasoft.io", aliases=["ООО «АйдиаСофт»"])
    org("Softeq", website="softeq.com")

    [(found, match)] = find_matches("Айдиасофт", country="BY")
    assert found == ideasoft
    assert match.score >= MERGE_THRESHOLD
    [(found, match)] = find_matches("Ideas Foundry", country="US", domain="IdeaSoft.io")
    assert found == ideasoft
    assert match.score >= REVIEW_THRESHOLD
    assert find_matches("IdeaSoft", country="PL") == []
    assert find_matches("Softeq Group", country="BY", domain="gmail.com") == []


# --------------------------------------------------------------------------- command


@pytest.mark.django_db
def test_command_prints_clusters_as_json() -> None:
    a, b = org("Minsk Data Forge"), org("ООО «Минск Дата Фордж»")
    org("Unrelated")
    out = io.StringIO()
    call_command("dedupe", "organizations", "--format", "json", stdout=out, verbosity=0)
    payload = json.loads(out.getvalue())
    assert payload == {
        "clusters": [
            {
                "score": payload["clusters"][0]["score"],
                "organizations": [
                    {"id": a.pk, "name": "Minsk Data Forge"},
                    {"id": b.pk, "name": "ООО «Минск Дата Фордж»"},
                ],
            }
        ]
    }
    assert payload["clusters"][0]["score"] >= MERGE_THRESHOLD

    text = io.StringIO()
    call_command("dedupe", "organizations", "--no-scan", stdout=text)
    assert "Minsk Data Forge" in text.getvalue()


# --------------------------------------------------------------------------- seeded data


@pytest.mark.django_db
def test_seeded_organisations_have_fold_keys_and_a_planted_duplicate_is_found() -> None:
    generate(organizations=40, people=0, seed=3)
    stored = set(OrganizationNameKey.objects.values_list("organization_id", "key"))
    for organization in Organization.objects.prefetch_related("aliases"):
        for name in [organization.name, *(a.name for a in organization.aliases.all())]:
            assert (organization.pk, fold(name)) in stored
    original = Organization.objects.filter(aliases__isnull=False).order_by("pk").first()
    assert original is not None
    alias = original.aliases.get().name
    [record] = list(iter_organizations(organizations=1, people=0, seed=99))
    record.name, record.aliases, record.country, record.domain = alias, [], original.country, ""
    write_batch([record], owner_ids=[], method="bulk_create")
    planted = Organization.objects.get(name=alias)

    scan_for_duplicates()

    assert [{m.id for m in c.organizations} for c in candidate_clusters()] == [
        {original.pk, planted.pk}
    ]
