"""Permission checks in one query a request.

Django's ``ModelBackend`` reads a user's permissions in two queries (the user's own, then the
ones of the user's groups), on every request that checks one. Roles are groups
(``accounts.roles``), so nearly every check is answered by the second; this backend asks both in
one ``UNION`` and keeps the answer on the user object for the rest of the request, exactly where
``ModelBackend`` keeps it (``_perm_cache``), so allauth's backend, a ``ModelBackend`` too, reuses
it instead of asking again.

Nothing is kept between requests: a role taken away, or a permission taken from a role, is
refused on the very next request.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class RolePermissionBackend(ModelBackend):
    def get_all_permissions(self, user_obj: Any, obj: object | None = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_all_permissions(user_obj, obj)  # every permission there is
        if not hasattr(user_obj, "_perm_cache"):
            fields = ("content_type__app_label", "codename")
            own = Permission.objects.filter(user=user_obj).order_by().values_list(*fields)
            through_roles = (
                Permission.objects.filter(group__user=user_obj).order_by().values_list(*fields)
            )
            user_obj._perm_cache = {
                f"{app_label}.{codename}" for app_label, codename in own.union(through_roles)
            }
        return user_obj._perm_cache
