from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from softlanding.accounts.enums import Role
from softlanding.accounts.models import User
from tests.conftest import client_for
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

LIST = reverse("prospects:organization_list")


def fresh(user: User) -> User:
    """The user as the next request loads it: no permissions remembered."""
    return User.objects.get(pk=user.pk)


def test_role_and_own_permissions_are_read_in_one_query(django_assert_num_queries) -> None:
    user = fresh(StaffFactory(role=Role.CASE_OFFICER))
    user.user_permissions.add(Permission.objects.get(codename="manage_users"))
    user = fresh(user)
    with django_assert_num_queries(1):
        assert user.has_perm("accounts.view_cases")  # from the role
        assert user.has_perm("accounts.manage_users")  # given to the user alone
        assert not user.has_perm("accounts.manage_offers")  # asked of allauth's backend too
        assert user.has_perms(["accounts.view_prospects", "accounts.manage_cases"])
    assert "accounts.review_applications" in user.get_all_permissions()


def test_inactive_and_superusers() -> None:
    inactive = StaffFactory(role=Role.PROGRAMME_LEAD, is_active=False)
    assert not fresh(inactive).has_perm("accounts.view_prospects")
    root = StaffFactory(is_superuser=True)
    assert fresh(root).has_perm("accounts.manage_users")


def test_revoking_a_role_takes_effect_on_the_next_request() -> None:
    scout = StaffFactory(role=Role.SCOUT)
    client = client_for(scout)
    assert client.get(LIST).status_code == 200
    scout.groups.remove(Group.objects.get(name=Role.SCOUT.value))
    assert client.get(LIST).status_code == 403
    scout.groups.add(Group.objects.get(name=Role.SCOUT.value))
    assert client.get(LIST).status_code == 200


def test_taking_a_permission_from_a_role_takes_effect_on_the_next_request() -> None:
    client = client_for(StaffFactory(role=Role.SCOUT))
    assert client.get(LIST).status_code == 200
    Group.objects.get(name=Role.SCOUT.value).permissions.remove(
        Permission.objects.get(codename="view_prospects")
    )
    assert client.get(LIST).status_code == 403


def test_a_session_signed_in_before_the_upgrade_stays_signed_in(client) -> None:
    """Sessions record Django's ModelBackend from before this backend: not signed out."""
    scout = StaffFactory(role=Role.SCOUT)
    client.force_login(scout, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(LIST).status_code == 200
    assert fresh(scout).has_perm("accounts.view_prospects")
