from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from softlanding.accounts.enums import Role, UserKind


class EmailUserManager(UserManager["User"]):
    """Users are known by e-mail; there is no username."""

    def _create_user_object(self, email: str, password: str | None, **extra_fields: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        return user

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> User:
        user = self._create_user_object(email, password, **extra_fields)
        user.save(using=self._db)
        return user

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> User:
        extra_fields.update(is_staff=True, is_superuser=True, kind=UserKind.STAFF)
        return self.create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    kind = models.CharField(
        _("kind of account"), max_length=16, choices=UserKind.choices, default=UserKind.APPLICANT
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The interface language, remembered across devices."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[EmailUserManager] = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_staff_member(self) -> bool:
        return self.is_active and self.kind == UserKind.STAFF

    @property
    def is_applicant(self) -> bool:
        return self.is_active and self.kind == UserKind.APPLICANT

    @cached_property
    def roles(self) -> list[Role]:
        if not self.is_staff_member:
            return []
        names = {group.name for group in self.groups.all()}
        return [role for role in Role if role.value in names]

    @property
    def primary_role(self) -> Role | None:
        # The dashboard shows the first role in the Role enum's order of responsibility.
        return self.roles[0] if self.roles else None


class Capability(models.Model):
    """Holds the part-level permissions that roles are made of; it has no table."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_prospects", _("See organisations and people")),
            ("edit_prospects", _("Add, edit, import and merge organisations and people")),
            ("view_outreach", _("See campaigns, opportunities and activities")),
            ("log_outreach", _("Log activities and move opportunities")),
            ("manage_campaigns", _("Create and change campaigns")),
            ("view_radar", _("See the radar")),
            ("manage_sources", _("Manage news sources")),
            ("view_offers", _("See the offer, benefits and eligibility rules")),
            ("manage_offers", _("Change the offer, benefits and eligibility rules")),
            ("review_applications", _("Review applications")),
            ("view_cases", _("See relocation cases")),
            ("manage_cases", _("Run relocation cases")),
            ("view_reports", _("See reports")),
            ("manage_users", _("Manage users and roles")),
            ("handle_personal_data", _("Export or erase a person's data on their request")),
        ]

    def __str__(self) -> str:
        return "capability"
