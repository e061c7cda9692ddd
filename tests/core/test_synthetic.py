from __future__ import annotations

import io
import json
import random
import re
from itertools import islice, product
from typing import cast

import pytest
from django.core.management import call_command
from django.db import connection

from softlanding.accounts.models import User
from softlanding.core.synthetic import generate, generate_demo, iter_organizations
from softlanding.core.synthetic.generator import NameSpace
from softlanding.prospects.models import Organization, OrganizationAlias, Person
from tests.factories import StaffFactory

CYRILLIC = re.compile(r"[А-Яа-яЁёІіЇїЄєЎўҐґ]")
CIS = {"BY", "RU", "UA", "KZ"}


def _fingerprint(organizations: int, **kwargs: object) -> list[tuple[object, ...]]:
    return [
        (org.name, org.domain, org.country, tuple(p.email for p in org.people))
        for org in iter_organizations(organizations=organizations, **kwargs)  # type: ignore[arg-type]
    ]


def _stored_rows() -> list[tuple[object, ...]]:
    organizations = list(
        Organization.objects.order_by("id").values_list(
            "name", "legal_form", "country", "city", "domain", "employees", "founded", "markets"
        )
    )
    aliases = list(
        OrganizationAlias.objects.order_by("organization_id", "name").values_list(
            "organization__name", "name"
        )
    )
    people = list(
        Person.objects.order_by("id").values_list(
            "organization__name", "first_name", "last_name_cyrillic", "email", "phone"
        )
    )
    return [*organizations, *aliases, *people]


def _staff() -> User:
    return cast(User, StaffFactory())


def _delete_everything() -> None:
    Person.objects.all().delete()  # people outlive their organisation (SET_NULL)
    Organization.objects.all().delete()


def test_the_same_seed_generates_the_same_records() -> None:
    assert _fingerprint(200, seed=7) == _fingerprint(200, seed=7)
    assert _fingerprint(200, seed=7) != _fingerprint(200, seed=8)


def test_name_space_hands_out_every_combination_once() -> None:
    space = NameSpace((3, 4, 5), random.Random(1))

    combinations = [space.take() for _ in range(60)]

    assert sorted(combinations) == sorted(product(range(3), range(4), range(5)))
    assert space.exhausted


def test_records_stream_lazily_whatever_the_total() -> None:
    # A billion organisations would not fit in memory; the first few arrive at once.
    first = list(islice(iter_organizations(organizations=10**9), 3))
    assert len(first) == 3


def test_names_and_domains_are_unique_in_a_large_stream() -> None:
    records = list(iter_organizations(organizations=20_000, people=0))
    assert len({org.name for org in records}) == 20_000
    assert len({org.domain for org in records}) == 20_000


def test_people_total_is_exact_and_heads_come_first() -> None:
    for organizations, people in ((23, 0), (23, 5), (23, 46), (50, 400)):
        records = list(iter_organizations(organizations=organizations, people=people))
        assert sum(len(org.people) for org in records) == people
    staffed = [org for org in records if org.people]
    assert all(
        org.people[0].job_title
        in {"CEO", "Founder & CEO", "Managing Director", "Director", "Co-founder"}
        for org in staffed
    )


@pytest.mark.django_db
def test_generate_writes_the_counts_it_reports_in_batches_smaller_than_the_total() -> None:
    progress: list[tuple[int, int]] = []

    summary = generate(
        organizations=23, people=50, batch_size=10, progress=lambda *a: progress.append(a)
    )

    assert (summary.organizations, summary.people) == (23, 50)
    assert Organization.objects.count() == 23
    assert Person.objects.count() == 50
    assert OrganizationAlias.objects.count() == summary.aliases
    assert progress == [(10, 23), (20, 23), (23, 23)]
    assert all(p.organization_id is not None for p in Person.objects.all())


@pytest.mark.django_db
def test_two_runs_with_the_same_seed_store_the_same_rows_whatever_the_batch_size() -> None:
    generate(organizations=23, seed=5, batch_size=10)
    first = _stored_rows()
    _delete_everything()

    generate(organizations=23, seed=5, batch_size=7)

    assert _stored_rows() == first


@pytest.mark.django_db
def test_cis_organisations_have_a_cyrillic_alias_with_the_legal_form() -> None:
    generate(organizations=200, people=0)

    cis = Organization.objects.filter(country__in=CIS).prefetch_related("aliases")
    assert {org.country for org in cis} == CIS
    for org in cis:
        names = [alias.name for alias in org.aliases.all()]
        assert len(names) == 1, org
        assert CYRILLIC.search(names[0]), names
        assert names[0].startswith(f"{org.legal_form} «"), names
    ukrainian = OrganizationAlias.objects.filter(organization__country="UA")
    assert not any("ы" in alias.name or "э" in alias.name for alias in ukrainian)


@pytest.mark.django_db
def test_organisations_look_like_companies() -> None:
    generate(organizations=300, people=0)

    organizations = list(Organization.objects.all())
    assert all(org.website == f"https://{org.domain}" for org in organizations)
    employees = sorted(org.employees for org in organizations if org.employees)
    assert employees[len(employees) // 2] < 50, "most companies are small"
    assert employees[-1] >= 200, "a few are large"
    assert all(1991 <= (org.founded or 1991) <= 2025 for org in organizations)
    assert all(org.markets and len(org.specialities) >= 2 for org in organizations)
    assert {"BY", "RU", "UA", "KZ"} <= {org.country for org in organizations}


@pytest.mark.django_db
def test_people_have_both_spellings_an_email_at_their_domain_and_a_local_phone() -> None:
    generate(organizations=60, people=150)

    people = list(Person.objects.select_related("organization"))
    assert len(people) == 150
    for person in people:
        assert person.organization is not None
        assert person.first_name.isascii() or not CYRILLIC.search(person.first_name)
        assert CYRILLIC.search(person.first_name_cyrillic), person
        assert CYRILLIC.search(person.last_name_cyrillic), person
        assert person.email.endswith(f"@{person.organization.domain}"), person
        assert person.country == person.organization.country
        assert person.job_title
        assert person.languages
    belarusians = [p for p in people if p.country == "BY"]
    assert belarusians
    assert all(re.fullmatch(r"\+375 \d\d \d{3} \d\d \d\d", p.phone) for p in belarusians)


@pytest.mark.django_db
def test_about_a_third_of_organisations_go_to_owners_round_robin() -> None:
    scouts = [_staff(), _staff()]

    generate(organizations=200, people=0, owners=scouts)

    owned = [Organization.objects.filter(owner=scout).count() for scout in scouts]
    assert 40 <= sum(owned) <= 80
    assert abs(owned[0] - owned[1]) <= 1


@pytest.mark.django_db
def test_demo_has_the_seed_story_and_a_few_hundred_organisations() -> None:
    scout = _staff()

    summary = generate_demo([scout])

    assert summary.organizations == Organization.objects.count() == 300
    assert summary.people == Person.objects.count() == 600
    ideasoft = Organization.objects.get(name="IdeaSoft")
    assert (ideasoft.country, ideasoft.city, ideasoft.website) == (
        "BY",
        "Minsk",
        "https://ideasoft.io",
    )
    assert ideasoft.markets == ["US", "EU", "Australia"]
    assert ideasoft.owner == scout
    assert [a.name for a in ideasoft.aliases.all()] == ["ООО «АйдиаСофт»"]
    head = ideasoft.people.get()
    assert (head.first_name, head.last_name, head.job_title) == ("Yury", "Plyashkov", "CEO")
    assert (head.first_name_cyrillic, head.last_name_cyrillic) == ("Юрий", "Пляшков")


@pytest.mark.django_db
def test_seed_command_reports_a_json_summary() -> None:
    out, err = io.StringIO(), io.StringIO()

    call_command("seed", "--organizations", "23", "--batch-size", "10", stdout=out, stderr=err)

    summary = json.loads(out.getvalue().strip().splitlines()[-1])
    assert summary["organizations"] == 23
    assert summary["people"] == 46
    assert summary["aliases"] == OrganizationAlias.objects.count()
    assert isinstance(summary["seconds"], float)
    assert "23/23 organisations" in err.getvalue()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_copy_and_bulk_create_store_the_same_rows() -> None:
    generate(organizations=23, seed=3, batch_size=10, method="bulk_create")
    by_bulk_create = _stored_rows()
    _delete_everything()

    generate(organizations=23, seed=3, batch_size=10, method="copy")

    assert _stored_rows() == by_bulk_create
