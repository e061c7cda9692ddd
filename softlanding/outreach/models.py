"""Campaigns, opportunities moving through stages, activities and follow-ups, objections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from softlanding.outreach.enums import (
    ActivityKind,
    Direction,
    EmailStatus,
    Outcome,
    Stage,
)

if TYPE_CHECKING:
    from softlanding.accounts.models import User


class Objection(models.Model):
    """One entry of the managed list of what hubs hear: an objection, and a loss reason.

    The same list serves both: a company objects "our clients are abroad" in a call, and the
    same words are why it was lost. ``asks_destination`` marks the entries that name where
    the company prefers to go ("prefers another destination — which").
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    label_en = models.CharField(_("label in English"), max_length=200)
    label_ru = models.CharField(_("label in Russian"), max_length=200)
    asks_destination = models.BooleanField(_("asks where to"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections and loss reasons")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        from django.utils.translation import get_language

        return self.label_ru if (get_language() or "en").startswith("ru") else self.label_en


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def current(self) -> CampaignQuerySet:
        return self.filter(is_archived=False)

    def for_member(self, user: User) -> CampaignQuerySet:
        """Campaigns the user runs or works in."""
        return self.filter(Q(lead=user) | Q(team=user)).distinct()


class Campaign(models.Model):
    """A push for companies and specialists from some source countries over a period."""

    name = models.CharField(_("name"), max_length=200)
    source_countries = models.JSONField(
        _("source countries"), default=list, blank=True, help_text=_("ISO country codes.")
    )
    segment = models.ForeignKey(
        "prospects.SavedFilter",
        verbose_name=_("target segment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("campaign lead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_campaigns",
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("team"), blank=True, related_name="campaigns"
    )
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    goal_companies = models.PositiveIntegerField(_("goal: companies pledged"), default=0)
    goal_people = models.PositiveIntegerField(_("goal: people landed"), default=0)
    description = models.TextField(_("description"), blank=True)
    is_archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("outreach", "campaign")
        verbose_name_plural = pgettext_lazy("outreach", "campaigns")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="outreach_campaign_period",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("outreach:campaign_board", args=[self.pk])


class OpportunityQuerySet(models.QuerySet["Opportunity"]):
    def for_card(self) -> OpportunityQuerySet:
        """What a board card or list row shows, and nothing more."""
        return self.select_related("organization", "person", "owner").only(
            "id",
            "campaign_id",
            "stage",
            "version",
            "probability",
            "expected_headcount",
            "next_step",
            "next_step_on",
            "organization__id",
            "organization__name",
            "organization__legal_form",
            "organization__country",
            "person__id",
            "person__first_name",
            "person__last_name",
            "person__first_name_cyrillic",
            "person__last_name_cyrillic",
            "owner__id",
            "owner__first_name",
            "owner__last_name",
            "owner__email",
        )

    def open(self) -> OpportunityQuerySet:
        return self.exclude(stage__in=[Stage.LANDED, Stage.LOST])


class Opportunity(models.Model):
    """One organisation's (or one person's) path through a campaign."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=pgettext_lazy("outreach", "campaign"),
        on_delete=models.PROTECT,
        related_name="opportunities",
        db_index=False,  # outreach_opp_board leads with it
    )
    organization = models.ForeignKey(
        "prospects.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opportunities",
    )
    person = models.ForeignKey(
        "prospects.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opportunities",
    )
    stage = models.CharField(
        pgettext_lazy("outreach", "stage"),
        max_length=16,
        choices=Stage.choices,
        default=Stage.IDENTIFIED,
    )
    # Optimistic locking: every move bumps it; a move made on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
        db_index=False,  # outreach_opp_owner_next leads with it
    )
    expected_headcount = models.PositiveIntegerField(_("expected staff"), default=0)
    expected_family = models.PositiveIntegerField(_("expected family members"), default=0)
    probability = models.PositiveSmallIntegerField(_("probability, %"), default=10)
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    next_step_on = models.DateField(_("next step on"), null=True, blank=True)
    lost_to = CountryField(_("lost to"), blank=True)
    loss_note = models.TextField(_("why lost, in words"), blank=True)
    loss_reasons = models.ManyToManyField(
        Objection, verbose_name=_("loss reasons"), blank=True, related_name="lost_opportunities"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False) | Q(person__isnull=False),
                name="outreach_opportunity_has_prospect",
            ),
            models.UniqueConstraint(
                fields=["campaign", "organization"],
                condition=Q(organization__isnull=False, person__isnull=True),
                name="outreach_opportunity_one_per_organization",
            ),
            models.UniqueConstraint(
                fields=["campaign", "person"],
                condition=Q(person__isnull=False, organization__isnull=True),
                name="outreach_opportunity_one_per_person",
            ),
            models.CheckConstraint(
                condition=Q(probability__lte=100), name="outreach_opportunity_probability"
            ),
        ]
        indexes = [
            # The board: a column's count and its cards, soonest next step first.
            models.Index(
                fields=["campaign", "stage", "next_step_on", "id"], name="outreach_opp_board"
            ),
            # The opportunity list: soonest next step first, across campaigns.
            models.Index(fields=["next_step_on", "id"], name="outreach_opp_next_step"),
            # My day: the caller's next steps that are due.
            models.Index(fields=["owner", "next_step_on"], name="outreach_opp_owner_next"),
            # The organisation list's stage filter, from a rare stage's side (filters.py).
            models.Index(fields=["stage", "organization"], name="outreach_opp_stage_org"),
        ]

    def __str__(self) -> str:
        return self.prospect_name

    def get_absolute_url(self) -> str:
        return reverse("outreach:opportunity_detail", args=[self.pk])

    @property
    def prospect_name(self) -> str:
        return str(self.organization) if self.organization_id else str(self.person)


class StageChange(models.Model):
    """Every move of an opportunity: who, when, from where to where."""

    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.CASCADE,
        related_name="stage_changes",
        db_index=False,  # outreach_stagechange_opp leads with it
    )
    # The opportunity's campaign, which never changes: the funnel reads one campaign's history
    # from its own index instead of joining every campaign's stage changes to opportunities.
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    from_stage = models.CharField(max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=16, choices=Stage.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        indexes = [
            models.Index(fields=["opportunity", "at", "id"], name="outreach_stagechange_opp"),
            models.Index(
                fields=["campaign", "opportunity", "at", "id"],
                include=["to_stage"],
                name="outreach_stagechange_funnel",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_stage or '∅'} → {self.to_stage}"


class RaisedObjection(models.Model):
    """An objection an opportunity raised, with the words beside it."""

    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.CASCADE,
        related_name="objections",
        db_index=False,  # outreach_raised_opp leads with it
    )
    objection = models.ForeignKey(
        Objection, verbose_name=_("objection"), on_delete=models.PROTECT, related_name="+"
    )
    destination = CountryField(_("prefers to go to"), blank=True)
    note = models.CharField(_("in their words"), max_length=500, blank=True)
    activity = models.ForeignKey(
        "Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="objections"
    )
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("raised objection")
        verbose_name_plural = _("raised objections")
        indexes = [models.Index(fields=["opportunity", "objection"], name="outreach_raised_opp")]

    def __str__(self) -> str:
        return str(self.objection)


class ActivityQuerySet(models.QuerySet["Activity"]):
    def open_follow_ups(self) -> ActivityQuerySet:
        return self.filter(follow_up_on__isnull=False, follow_up_done=False)


class Activity(models.Model):
    """A call, e-mail, meeting, message or note against a person, organisation, opportunity."""

    kind = models.CharField(_("kind"), max_length=12, choices=ActivityKind.choices)
    direction = models.CharField(
        _("direction"), max_length=3, choices=Direction.choices, default=Direction.OUTGOING
    )
    # Stored in UTC; ``time_zone`` is where it happened, to show "10:00 in Minsk".
    occurred_at = models.DateTimeField(_("when"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    organization = models.ForeignKey(
        "prospects.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        db_index=False,  # outreach_act_org leads with it
    )
    person = models.ForeignKey(
        "prospects.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        db_index=False,  # outreach_act_person leads with it
    )
    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="activities",
        db_index=False,  # outreach_act_opp leads with it
    )
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, blank=True, default=Outcome.NONE
    )
    duration_minutes = models.PositiveIntegerField(_("duration, minutes"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    follow_up_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who follows up"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    follow_up_done = models.BooleanField(_("followed up"), default=False)
    email_to = models.EmailField(_("to"), blank=True)
    email_status = models.CharField(
        _("delivery"), max_length=8, choices=EmailStatus.choices, blank=True, default=""
    )
    email_error = models.CharField(_("delivery error"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False)
                | Q(person__isnull=False)
                | Q(opportunity__isnull=False),
                name="outreach_activity_has_subject",
            )
        ]
        indexes = [
            models.Index(fields=["organization", "-occurred_at"], name="outreach_act_org"),
            # Most activities have no person or no opportunity: those rows stay out.
            models.Index(
                fields=["person", "-occurred_at"],
                condition=Q(person__isnull=False),
                name="outreach_act_person",
            ),
            models.Index(
                fields=["opportunity", "-occurred_at"],
                condition=Q(opportunity__isnull=False),
                name="outreach_act_opp",
            ),
            # My day: the caller's e-mails that could not be delivered, a handful of rows.
            models.Index(
                fields=["by", "-occurred_at"],
                condition=Q(email_status="failed"),
                name="outreach_act_email_failed",
            ),
            # My day: a caller's open follow-ups by date, a small part of a large table.
            models.Index(
                fields=["follow_up_owner", "follow_up_on"],
                condition=Q(follow_up_on__isnull=False, follow_up_done=False),
                name="outreach_act_follow_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d %H:%M}"


class EmailTemplate(models.Model):
    """A message staff send from the system, with merge fields such as {{ first_name }}."""

    name = models.CharField(_("name"), max_length=120)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("e-mail template")
        verbose_name_plural = _("e-mail templates")
        ordering = ["name", "language"]
        constraints = [
            models.UniqueConstraint(fields=["name", "language"], name="outreach_template_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"
