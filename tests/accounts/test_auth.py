from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from softlanding.accounts.enums import Role, UserKind
from softlanding.accounts.models import User
from tests.conftest import client_for
from tests.factories import PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db


def sign_in(client: Client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_staff_signs_in_with_email_and_lands_on_dashboard(scout: User) -> None:
    client = Client()
    response = sign_in(client, scout.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    page = client.get(reverse("core:home"))
    assert page.status_code == 200
    assert "Scout" in page.content.decode()


def test_applicant_signs_in_and_lands_in_portal(applicant: User) -> None:
    client = Client()
    response = sign_in(client, applicant.email, PASSWORD)
    assert response["Location"] == reverse("portal:home")


def test_sign_out_needs_a_post_and_ends_the_session(scout: User) -> None:
    client = client_for(scout)
    client.post(reverse("account_logout"))
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_repeated_wrong_passwords_lock_the_account_even_for_the_right_one(scout: User) -> None:
    client = Client()
    for _ in range(5):
        response = sign_in(client, scout.email, "wrong-password-123")
        assert response.status_code == 200
    locked = sign_in(client, scout.email, PASSWORD)
    assert locked.status_code == 200, "the sixth attempt must be refused, not signed in"
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in locked.content.decode()


def test_applicant_signs_up_and_must_verify_email_before_signing_in() -> None:
    client = Client()
    response = client.post(
        reverse("account_signup"),
        {
            "email": "founder@ideasoft.example",
            "password1": "Slow-Connection-42",
            "password2": "Slow-Connection-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="founder@ideasoft.example")
    assert user.kind == UserKind.APPLICANT
    assert not user.is_staff
    assert not user.is_superuser
    assert "_auth_user_id" not in client.session, "no session before the e-mail is verified"

    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    path = link.group(0).split("testserver", 1)[1]
    client.post(path)
    assert client.get(reverse("portal:home")).status_code == 200


def test_sign_up_cannot_be_talked_into_a_staff_account() -> None:
    Client().post(
        reverse("account_signup"),
        {
            "email": "mallory@example.org",
            "password1": "Slow-Connection-42",
            "password2": "Slow-Connection-42",
            "kind": "staff",
            "is_staff": "on",
            "is_superuser": "on",
        },
    )
    user = User.objects.get(email="mallory@example.org")
    assert (user.kind, user.is_staff, user.is_superuser) == (UserKind.APPLICANT, False, False)


def test_password_reset_sends_a_working_link(scout: User) -> None:
    client = Client()
    client.post(reverse("account_reset_password"), {"email": scout.email})
    assert len(mail.outbox) == 1
    link = re.search(r"/accounts/password/reset/key/[^\s]+", mail.outbox[0].body)
    assert link
    form = client.get(link.group(0), follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link.group(0),
        {"password1": "A-new-long-password-7", "password2": "A-new-long-password-7"},
    )
    assert response.status_code == 302
    scout.refresh_from_db()
    assert scout.check_password("A-new-long-password-7")


def test_applicant_is_refused_every_staff_page(applicant: User) -> None:
    client = client_for(applicant)
    for name in ["prospects:organization_list", "radar:index", "reports:index", "cases:index"]:
        assert client.get(reverse(name)).status_code == 403
    assert client.get("/admin/").status_code == 302  # Django's admin sends non-staff to its login


def test_staff_without_a_role_sees_no_part() -> None:
    user = StaffFactory()
    client = client_for(user)
    home = client.get(reverse("core:home")).content.decode()
    assert "No role yet: ask an administrator." in home
    assert reverse("prospects:organization_list") not in home
    assert client.get(reverse("prospects:organization_list")).status_code == 403


def test_language_choice_is_remembered_for_the_user_across_devices(scout: User) -> None:
    laptop = client_for(scout)
    laptop.post(reverse("accounts:switch_language"), {"language": "ru", "next": "/"})
    scout.refresh_from_db()
    assert scout.language == "ru"

    phone = client_for(scout)  # a new session and no language cookie
    page = phone.get(reverse("core:home"))
    assert page["Content-Language"] == "ru"
    assert "Ваши разделы программы" in page.content.decode()


def test_language_switch_ignores_unknown_language_and_foreign_redirects(scout: User) -> None:
    client = client_for(scout)
    response = client.post(
        reverse("accounts:switch_language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    scout.refresh_from_db()
    assert scout.language == ""


def test_role_groups_hold_the_permissions_of_the_roles_table() -> None:
    from django.contrib.auth.models import Group

    from softlanding.accounts.roles import ROLE_PERMISSIONS

    for role, codes in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role.value)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert held == set(codes)
    assert not StaffFactory(role=Role.ANALYST).has_perm("accounts.edit_prospects")
