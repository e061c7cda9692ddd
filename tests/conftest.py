from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from softlanding.accounts.enums import Role
from softlanding.accounts.models import User
from tests.factories import ApplicantFactory, StaffFactory


@pytest.fixture
def applicant(db: None) -> User:
    return ApplicantFactory()


@pytest.fixture
def staff_for_role(db: None):
    def make(role: Role) -> User:
        return StaffFactory(role=role)

    return make


@pytest.fixture
def scout(staff_for_role) -> User:
    return staff_for_role(Role.SCOUT)


@pytest.fixture
def lead(staff_for_role) -> User:
    return staff_for_role(Role.PROGRAMME_LEAD)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Each test starts with an empty cache: ids repeat after a rollback, cached pages must not."""
    from django.core.cache import cache

    from softlanding.prospects.queries import forget_kept

    cache.clear()
    forget_kept()


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Each test starts in the default language: a request in Russian (Accept-Language) leaves
    it active in the thread, and a later test's command would print Russian."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
