"""The one choke point for who may open a page.

Every view is wrapped in exactly one of these decorators. Each records its policy on the view
(``view.access``), and a test walks every URL pattern to make sure none is missing and that each
role gets what its policy says.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Literal

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from softlanding.accounts.models import User

View = Callable[..., HttpResponse]


class AuthenticatedHttpRequest(HttpRequest):
    """The request a view behind a sign-in check receives: its user is a real account."""

    user: User


@dataclass(frozen=True)
class AccessPolicy:
    audience: Literal["public", "authenticated", "staff", "applicant", "applicant_or_staff"]
    permissions: tuple[str, ...] = ()


def _mark(view: View, policy: AccessPolicy) -> View:
    view.access = policy  # type: ignore[attr-defined]
    return view


def public_view(view: View) -> View:
    """Anyone, signed in or not (health check, language switch)."""
    return _mark(view, AccessPolicy("public"))


def authenticated_view(view: View) -> View:
    """Any signed-in account, staff or applicant."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _mark(wrapper, AccessPolicy("authenticated"))


def staff_view(*permissions: str) -> Callable[[View], View]:
    """Staff only, holding every one of ``permissions``. Applicants are always refused."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.is_staff_member or not user.has_perms(permissions):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _mark(wrapper, AccessPolicy("staff", tuple(permissions)))

    return decorator


def applicant_view(view: View) -> View:
    """Applicants only: the portal. Each portal view must still fetch objects by owner."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_applicant:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return _mark(wrapper, AccessPolicy("applicant"))


def applicant_or_staff_view(*permissions: str) -> Callable[[View], View]:
    """Applicants, and staff holding every one of ``permissions`` (an applicant's file, which
    its owner and the reviewers open). The view must still fetch objects by owner."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.is_applicant and not (user.is_staff_member and user.has_perms(permissions)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _mark(wrapper, AccessPolicy("applicant_or_staff", tuple(permissions)))

    return decorator
