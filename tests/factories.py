from __future__ import annotations

import factory
from django.contrib.auth.models import Group

from softlanding.accounts.enums import Role, UserKind
from softlanding.accounts.models import User
from softlanding.prospects.models import Organization, Person

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    kind = UserKind.APPLICANT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create: bool, extracted: object, **kwargs: object) -> None:
        from allauth.account.models import EmailAddress

        self.save()
        if create:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class ApplicantFactory(UserFactory):
    kind = UserKind.APPLICANT


class StaffFactory(UserFactory):
    kind = UserKind.STAFF

    @factory.post_generation
    def role(self, create: bool, extracted: Role | None, **kwargs: object) -> None:
        if create and extracted:
            if not Group.objects.filter(name=extracted.value).exists():
                # A transactional test flushed the groups the migration made; make them again
                # with the migration's own function.
                from django.apps import apps

                from softlanding.accounts.roles import sync_role_groups

                sync_role_groups(apps)
            self.groups.add(Group.objects.get(name=extracted.value))


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Company {n}")
    legal_form = "LLC"
    country = "BY"
    city = "Minsk"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = "Yury"
    last_name = factory.Sequence(lambda n: f"Person{n}")


def make_campaign(**fields: object):
    """A campaign, with its objections list present (a transactional test flushes it)."""
    from django.apps import apps

    from softlanding.outreach.defaults import seed_defaults
    from softlanding.outreach.models import Campaign

    seed_defaults(
        apps.get_model("outreach", "Objection"), apps.get_model("outreach", "EmailTemplate")
    )
    values: dict[str, object] = {"name": "Belarus 2020", "source_countries": ["BY"]}
    values.update(fields)
    return Campaign.objects.create(**values)


def make_opportunity(campaign=None, *, organization=None, by=None, **fields: object):
    """An opportunity opened the way staff open one (with its first stage change)."""
    from softlanding.outreach import services

    opportunity = services.open_opportunity(
        campaign or make_campaign(),
        by=by,
        organization=organization or OrganizationFactory(),
        owner=fields.pop("owner", by),  # type: ignore[arg-type]
    )
    if fields:
        services.update_opportunity(opportunity, by=by, **fields)
    return opportunity
