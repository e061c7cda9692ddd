from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from softlanding.accounts.enums import Role, UserKind
from softlanding.accounts.models import User


def set_language(user: User, *, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"unsupported language {language!r}")
    user.language = language
    user.save(update_fields=["language"])


@transaction.atomic
def create_staff_user(
    *,
    email: str,
    password: str | None,
    roles: list[Role],
    first_name: str = "",
    last_name: str = "",
    language: str = "",
) -> User:
    user = User.objects.create_user(
        email,
        password,
        kind=UserKind.STAFF,
        first_name=first_name,
        last_name=last_name,
        language=language,
        # Only administrators reach Django's admin site.
        is_staff=Role.ADMINISTRATOR in roles,
    )
    user.groups.set(Group.objects.filter(name__in=[role.value for role in roles]))
    return user
