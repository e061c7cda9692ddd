"""The hub's offer: benefits, rival destinations, eligibility rules by version, offers sent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from softlanding.offers.enums import BenefitKind, OfferLanguage, RuleKind


def _in_russian() -> bool:
    return (get_language() or "en").startswith("ru")


def private_storage() -> Storage:
    """Files only staff reach through a view: never under MEDIA or static."""
    return storages["private"]


class BenefitQuerySet(models.QuerySet["Benefit"]):
    def active(self) -> BenefitQuerySet:
        return self.filter(is_active=True)


class Benefit(models.Model):
    """One thing the hub offers, with its conditions, in English and Russian.

    ``details`` holds what is particular to the kind: desks and months for a workspace, taxes
    and rates for a tax regime, court and arbitration for jurisdiction, visa types, processing
    days and family for visas, mentors and events for community, an amount for a grant.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=BenefitKind.choices)
    title_en = models.CharField(_("title in English"), max_length=200)
    title_ru = models.CharField(_("title in Russian"), max_length=200)
    summary_en = models.TextField(_("summary in English"), blank=True)
    summary_ru = models.TextField(_("summary in Russian"), blank=True)
    conditions_en = models.TextField(_("conditions in English"), blank=True)
    conditions_ru = models.TextField(_("conditions in Russian"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    is_active = models.BooleanField(_("offered"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BenefitQuerySet.as_manager()

    class Meta:
        verbose_name = _("benefit")
        verbose_name_plural = _("benefits")
        ordering = ["position", "id"]
        indexes = [
            models.Index(fields=["is_active", "position", "id"], name="offers_benefit_active")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("offers:benefit_edit", args=[self.pk])

    @property
    def title(self) -> str:
        return self.title_ru if _in_russian() else self.title_en

    @property
    def summary(self) -> str:
        return self.summary_ru if _in_russian() else self.summary_en

    @property
    def conditions(self) -> str:
        return self.conditions_ru if _in_russian() else self.conditions_en

    def text_in(self, language: str) -> dict[str, Any]:
        """The benefit's words in one language, as an offer snapshot keeps them."""
        ru = language == OfferLanguage.RUSSIAN
        return {
            "id": self.pk,
            "kind": self.kind,
            "title": self.title_ru if ru else self.title_en,
            "summary": self.summary_ru if ru else self.summary_en,
            "conditions": self.conditions_ru if ru else self.conditions_en,
            "details": self.details,
        }


class RivalDestination(models.Model):
    """Another place that courts the same companies (Dubai, Cyprus…)."""

    name_en = models.CharField(_("name in English"), max_length=120)
    name_ru = models.CharField(_("name in Russian"), max_length=120)
    country = CountryField(_("country"))
    is_active = models.BooleanField(_("compared"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("rival destination")
        verbose_name_plural = _("rival destinations")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_ru if _in_russian() else self.name_en


class RivalOffer(models.Model):
    """What a rival offers for one kind of benefit."""

    destination = models.ForeignKey(
        RivalDestination, on_delete=models.CASCADE, related_name="offers", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=16, choices=BenefitKind.choices)
    text_en = models.TextField(_("in English"))
    text_ru = models.TextField(_("in Russian"))

    class Meta:
        verbose_name = _("rival's offer")
        verbose_name_plural = _("rivals' offers")
        constraints = [
            models.UniqueConstraint(fields=["destination", "kind"], name="offers_rival_offer_kind")
        ]

    def __str__(self) -> str:
        return f"{self.destination}: {self.get_kind_display()}"

    @property
    def text(self) -> str:
        return self.text_ru if _in_russian() else self.text_en


class RuleSet(models.Model):
    """A programme's eligibility rules; the rules themselves live in dated versions.

    The first rule set by position is the programme's: the portal judges applications by it.
    """

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("offers:rule_set_detail", args=[self.pk])


class RuleSetVersion(models.Model):
    """One version of a rule set. A draft is edited; a published version never changes again
    and applies from ``effective_from`` until a later published version takes over."""

    rule_set = models.ForeignKey(
        RuleSet, on_delete=models.CASCADE, related_name="versions", db_index=False
    )
    number = models.PositiveIntegerField(_("version"))
    effective_from = models.DateField(_("applies from"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rule set version")
        verbose_name_plural = _("rule set versions")
        ordering = ["rule_set", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "number"], name="offers_ruleset_version"),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(effective_from__isnull=False),
                name="offers_published_version_has_date",
            ),
        ]
        indexes = [
            # The version in force on a day.
            models.Index(
                fields=["rule_set", "is_published", "effective_from", "number"],
                name="offers_version_in_force",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule_set} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("offers:version_detail", args=[self.pk])


class Rule(models.Model):
    """One condition of a version; ``parameters`` are checked per kind (see eligibility.py)."""

    version = models.ForeignKey(
        RuleSetVersion, on_delete=models.CASCADE, related_name="rules", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=32, choices=RuleKind.choices)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        ordering = ["version", "position", "id"]
        indexes = [models.Index(fields=["version", "position", "id"], name="offers_rule_version")]

    def __str__(self) -> str:
        return self.get_kind_display()


class ObjectionAnswer(models.Model):
    """What answers one objection a prospect raised: benefits and an argument in two languages."""

    objection = models.ForeignKey(
        "outreach.Objection",
        verbose_name=_("objection"),
        on_delete=models.CASCADE,
        related_name="answers",
        db_index=False,
    )
    benefits = models.ManyToManyField(
        Benefit, verbose_name=_("benefits"), blank=True, related_name="answers"
    )
    argument_en = models.TextField(_("argument in English"))
    argument_ru = models.TextField(_("argument in Russian"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("answer to an objection")
        verbose_name_plural = _("answers to objections")
        ordering = ["objection", "position", "id"]
        indexes = [
            models.Index(fields=["objection", "position", "id"], name="offers_answer_objection")
        ]

    def __str__(self) -> str:
        return str(self.objection)

    @property
    def argument(self) -> str:
        return self.argument_ru if _in_russian() else self.argument_en


class OfferVersion(models.Model):
    """One offer made to an opportunity: a snapshot of what was offered, and its PDF."""

    opportunity = models.ForeignKey(
        "outreach.Opportunity",
        on_delete=models.CASCADE,
        related_name="offer_versions",
        db_index=False,
    )
    number = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=2, choices=OfferLanguage.choices)
    content = models.JSONField(_("content"), default=dict)
    pdf = models.FileField(_("PDF"), storage=private_storage, upload_to="offers/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_to = models.EmailField(_("sent to"), blank=True)

    class Meta:
        verbose_name = _("offer version")
        verbose_name_plural = _("offer versions")
        ordering = ["opportunity", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "number"], name="offers_offer_version")
        ]

    def __str__(self) -> str:
        return f"{self.content.get('prospect', '')} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("offers:offer_detail", args=[self.opportunity_id])
