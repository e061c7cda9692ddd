from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import reverse

from softlanding.accounts.enums import UserKind


class AccountAdapter(DefaultAccountAdapter):
    """Self sign-up only ever makes applicant accounts; staff are created by an administrator."""

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=False)
        user.kind = UserKind.APPLICANT
        user.is_staff = False
        user.is_superuser = False
        if getattr(request, "LANGUAGE_CODE", ""):
            user.language = request.LANGUAGE_CODE
        if commit:
            user.save()
        return user

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        if getattr(request.user, "is_applicant", False):
            return reverse("portal:home")
        return reverse("core:home")
