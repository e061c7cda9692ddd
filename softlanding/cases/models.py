"""Relocation cases: relocatees and their visa steps, company steps, notes; and the workspace.

Double booking of a desk is refused by the database itself (see migration 0002): an exclusion
constraint on PostgreSQL, a trigger on SQLite. ``services.allocate_desk`` turns the refusal into
a message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from softlanding.cases.enums import (
    CaseKind,
    CaseStatus,
    Relation,
    StepKind,
    StepStatus,
)

if TYPE_CHECKING:
    from softlanding.accounts.models import User


def _localised(english: str, russian: str) -> str:
    return russian if (get_language() or "en").startswith("ru") and russian else english


# --- workspace -----------------------------------------------------------------------------


class Building(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Floor(models.Model):
    building = models.ForeignKey(
        Building, verbose_name=_("building"), on_delete=models.CASCADE, related_name="floors"
    )
    level = models.SmallIntegerField(_("level"))
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("floor")
        verbose_name_plural = _("floors")
        ordering = ["building_id", "level"]
        constraints = [
            models.UniqueConstraint(fields=["building", "level"], name="cases_floor_level")
        ]

    def __str__(self) -> str:
        return self.name or str(_("Floor %(level)s") % {"level": self.level})


class Room(models.Model):
    floor = models.ForeignKey(
        Floor, verbose_name=_("floor"), on_delete=models.CASCADE, related_name="rooms"
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["floor_id", "name"]
        constraints = [models.UniqueConstraint(fields=["floor", "name"], name="cases_room_name")]

    def __str__(self) -> str:
        return self.name


class Desk(models.Model):
    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.CASCADE, related_name="desks"
    )
    code = models.CharField(_("desk number"), max_length=20, help_text=_("For example 3.12"))
    capacity = models.PositiveSmallIntegerField(_("seats"), default=1)
    features = models.JSONField(_("features"), default=list, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("desk")
        verbose_name_plural = _("desks")
        ordering = ["room_id", "code"]
        constraints = [models.UniqueConstraint(fields=["room", "code"], name="cases_desk_code")]

    def __str__(self) -> str:
        return str(_("Desk %(code)s") % {"code": self.code})


class DeskAllocation(models.Model):
    """A desk held for a case (or one of its relocatees) over a period, both days included.

    Two allocations of one desk never overlap: the database refuses it (migration 0002).
    """

    desk = models.ForeignKey(
        Desk, verbose_name=_("desk"), on_delete=models.PROTECT, related_name="allocations"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="allocations"
    )
    relocatee = models.ForeignKey(
        "cases.Relocatee",
        verbose_name=_("relocatee"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="allocations",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("desk allocation")
        verbose_name_plural = _("desk allocations")
        ordering = ["starts_on", "id"]
        indexes = [
            models.Index(fields=["desk", "starts_on", "ends_on"], name="cases_alloc_desk"),
            models.Index(fields=["starts_on", "ends_on"], name="cases_alloc_period"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="cases_alloc_period_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.desk}: {self.starts_on} – {self.ends_on}"

    @property
    def holder_name(self) -> str:
        return str(self.relocatee) if self.relocatee_id else str(self.case)


# --- templates (data, seeded by migration 0003) ----------------------------------------------


class VisaType(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name in English"), max_length=200)
    name_ru = models.CharField(_("name in Russian"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("visa type")
        verbose_name_plural = _("visa types")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return _localised(self.name_en, self.name_ru)


class VisaStepTemplate(models.Model):
    """One step a person on this visa type goes through, planned ``offset_days`` after opening."""

    visa_type = models.ForeignKey(
        VisaType, verbose_name=_("visa type"), on_delete=models.CASCADE, related_name="steps"
    )
    kind = models.CharField(_("step"), max_length=32, choices=StepKind.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    offset_days = models.PositiveSmallIntegerField(_("days after the case opens"))
    for_family = models.BooleanField(_("also for family members"), default=True)

    class Meta:
        verbose_name = _("visa step template")
        verbose_name_plural = _("visa step templates")
        ordering = ["visa_type_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["visa_type", "kind"], name="cases_visa_step_kind")
        ]

    def __str__(self) -> str:
        return f"{self.visa_type}: {self.get_kind_display()}"


class CompanyStepTemplate(models.Model):
    """One item of the checklist a case gets: tax-regime registration, legal entity, …"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label_en = models.CharField(_("label in English"), max_length=200)
    label_ru = models.CharField(_("label in Russian"), max_length=200)
    for_kind = models.CharField(
        _("for cases of"), max_length=16, choices=CaseKind.choices, blank=True
    )
    offset_days = models.PositiveSmallIntegerField(_("days after the case opens"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("company step template")
        verbose_name_plural = _("company step templates")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return _localised(self.label_en, self.label_ru)


# --- cases ---------------------------------------------------------------------------------


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> CaseQuerySet:
        return self.filter(status=CaseStatus.OPEN)

    def of_applicant(self, user: User) -> CaseQuerySet:
        """The cases of the applications ``user`` made: all an applicant may ever see."""
        return self.filter(application__applicant=user)


class Case(models.Model):
    """The relocation of one approved application: a company and its people, or one person."""

    kind = models.CharField(_("kind"), max_length=16, choices=CaseKind.choices)
    title = models.CharField(_("name"), max_length=300)
    organization = models.ForeignKey(
        "prospects.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    campaign = models.ForeignKey(
        "outreach.Campaign",
        verbose_name=pgettext_lazy("outreach", "campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    country = CountryField(_("moving from"), blank=True)
    application = models.OneToOneField(
        "portal.Application",
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case",
        help_text=_("The approved application this case relocates; one case per application."),
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    opened_on = models.DateField(_("opened"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("relocation", "case")
        verbose_name_plural = pgettext_lazy("relocation", "cases")
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["-opened_on", "-id"], name="cases_case_opened"),
            models.Index(fields=["status", "-opened_on", "-id"], name="cases_case_status"),
            models.Index(
                fields=["officer", "status", "-opened_on", "-id"], name="cases_case_officer"
            ),
            models.Index(fields=["campaign"], name="cases_case_campaign"),
            models.Index(fields=["country"], name="cases_case_country"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cases:case_detail", args=[self.pk])


class Relocatee(models.Model):
    """A person who moves with a case: an employee, or a family member of one."""

    case = models.ForeignKey(
        Case,
        verbose_name=pgettext_lazy("relocation", "case"),
        on_delete=models.CASCADE,
        related_name="relocatees",
    )
    name_latin = models.CharField(_("name (Latin)"), max_length=200, blank=True)
    name_cyrillic = models.CharField(_("name (Cyrillic)"), max_length=200, blank=True)
    relation = models.CharField(
        _("relation"), max_length=16, choices=Relation.choices, default=Relation.EMPLOYEE
    )
    family_of = models.ForeignKey(
        "self",
        verbose_name=_("family member of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="family",
    )
    nationality = CountryField(_("nationality"), blank=True)
    visa_type = models.ForeignKey(
        VisaType, verbose_name=_("visa type"), on_delete=models.PROTECT, related_name="+"
    )
    source_key = models.CharField(
        _("source"), max_length=64, blank=True, help_text=_("Where this person came from.")
    )

    class Meta:
        verbose_name = _("relocatee")
        verbose_name_plural = _("relocatees")
        ordering = ["case_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(name_latin__gt="") | Q(name_cyrillic__gt=""),
                name="cases_relocatee_named",
            ),
            models.UniqueConstraint(
                fields=["case", "source_key"],
                condition=~Q(source_key=""),
                name="cases_relocatee_source",
            ),
        ]

    def __str__(self) -> str:
        return self.name_latin or self.name_cyrillic

    @property
    def is_family(self) -> bool:
        return self.relation != Relation.EMPLOYEE


class StepQuerySet(models.QuerySet["RelocateeStep"]):
    def late(self, today: object) -> StepQuerySet:
        return self.filter(status=StepStatus.PENDING, planned_on__lt=today)


class RelocateeStep(models.Model):
    relocatee = models.ForeignKey(
        Relocatee, verbose_name=_("relocatee"), on_delete=models.CASCADE, related_name="steps"
    )
    kind = models.CharField(_("step"), max_length=32, choices=StepKind.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    status = models.CharField(
        _("status"), max_length=16, choices=StepStatus.choices, default=StepStatus.PENDING
    )
    planned_on = models.DateField(_("planned"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    reminded_on = models.DateField(_("last reminder"), null=True, blank=True)

    objects = StepQuerySet.as_manager()

    class Meta:
        verbose_name = _("visa step")
        verbose_name_plural = _("visa steps")
        ordering = ["relocatee_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["relocatee", "kind"], name="cases_step_kind"),
            models.CheckConstraint(
                condition=~Q(status=StepStatus.DONE) | Q(done_on__isnull=False),
                name="cases_step_done_dated",
            ),
        ]
        indexes = [
            # The dashboard's late steps: pending, planned before today.
            models.Index(
                fields=["planned_on"],
                condition=Q(status=StepStatus.PENDING),
                name="cases_step_pending",
            ),
            models.Index(fields=["kind", "status"], name="cases_step_kind_status"),
        ]

    def __str__(self) -> str:
        return f"{self.relocatee}: {self.get_kind_display()}"

    @property
    def is_done(self) -> bool:
        return self.status == StepStatus.DONE


class CompanyStepQuerySet(models.QuerySet["CompanyStep"]):
    def late(self, today: object) -> CompanyStepQuerySet:
        return self.filter(status=StepStatus.PENDING, due_on__lt=today)


class CompanyStep(models.Model):
    """One checklist item of a case, with whose it is and when it is due."""

    case = models.ForeignKey(
        Case,
        verbose_name=pgettext_lazy("relocation", "case"),
        on_delete=models.CASCADE,
        related_name="company_steps",
    )
    template = models.ForeignKey(
        CompanyStepTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    label = models.CharField(_("step"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="company_steps",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=StepStatus.choices, default=StepStatus.PENDING
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    reminded_on = models.DateField(_("last reminder"), null=True, blank=True)

    objects = CompanyStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("company step")
        verbose_name_plural = _("company steps")
        ordering = ["case_id", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=StepStatus.DONE) | Q(done_on__isnull=False),
                name="cases_company_step_done_dated",
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=Q(status=StepStatus.PENDING),
                name="cases_company_step_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_done(self) -> bool:
        return self.status == StepStatus.DONE


class CaseNote(models.Model):
    """A message on a case's timeline. Internal notes never reach the applicant."""

    case = models.ForeignKey(
        Case,
        verbose_name=pgettext_lazy("relocation", "case"),
        on_delete=models.CASCADE,
        related_name="notes",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"))
    is_internal = models.BooleanField(_("internal note"), default=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "-created_at"], name="cases_note_case")]

    def __str__(self) -> str:
        return self.body[:60]
