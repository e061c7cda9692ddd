from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

if TYPE_CHECKING:
    from softlanding.accounts.models import User


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def owned_by(self, user: User) -> OrganizationQuerySet:
        return self.filter(owner=user)

    def for_list(self) -> OrganizationQuerySet:
        """What a list row shows, and nothing more."""
        return self.only(
            "id", "name", "legal_form", "country", "city", "employees", "website", "owner_id"
        )


class Organization(models.Model):
    """A foreign IT company the hub may want to attract."""

    name = models.CharField(_("name"), max_length=300)
    legal_form = models.CharField(_("legal form"), max_length=40, blank=True)
    country = CountryField(_("country"), db_index=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    domain = models.CharField(_("domain"), max_length=253, blank=True, db_index=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    founded = models.PositiveSmallIntegerField(_("founded"), null=True, blank=True)
    markets = models.JSONField(_("markets served"), default=list, blank=True)
    specialities = models.JSONField(_("specialities and stack"), default=list, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_organizations",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(fields=["country", "name"], name="prospects_org_country_name"),
            models.Index(fields=["owner", "-updated_at"], name="prospects_org_owner_updated"),
            models.Index(fields=["-created_at"], name="prospects_org_created"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.legal_form}".strip()


class OrganizationAlias(models.Model):
    """Another name of an organisation: a spelling in another script, a former name."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("name"), max_length=300)

    class Meta:
        verbose_name = _("other name")
        verbose_name_plural = _("other names")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="prospects_alias_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A real person in another country: personal data, handled as such."""

    first_name = models.CharField(_("first name (Latin)"), max_length=120, blank=True)
    last_name = models.CharField(_("last name (Latin)"), max_length=120, blank=True)
    first_name_cyrillic = models.CharField(_("first name (Cyrillic)"), max_length=120, blank=True)
    last_name_cyrillic = models.CharField(_("last name (Cyrillic)"), max_length=120, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    job_title = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    country = CountryField(_("country"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["last_name", "first_name"], name="prospects_person_name")]

    def __str__(self) -> str:
        latin = f"{self.first_name} {self.last_name}".strip()
        cyrillic = f"{self.first_name_cyrillic} {self.last_name_cyrillic}".strip()
        return latin or cyrillic
