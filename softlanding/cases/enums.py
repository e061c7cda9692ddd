"""States and kinds of relocation cases, their people and steps, and desks."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CaseKind(models.TextChoices):
    COMPANY = "company", _("Company")
    INDIVIDUAL = "individual", _("Individual")


class CaseStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("case", "Open")
    LANDED = "landed", pgettext_lazy("case", "Landed")
    CLOSED = "closed", pgettext_lazy("case", "Closed")
    WITHDRAWN = "withdrawn", pgettext_lazy("case", "Withdrawn")


class Relation(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    SPOUSE = "spouse", _("Spouse or partner")
    CHILD = "child", _("Child")
    OTHER_FAMILY = "other_family", _("Other family member")

    @property
    def is_family(self) -> bool:
        return self != Relation.EMPLOYEE


FAMILY_RELATIONS: tuple[str, ...] = (Relation.SPOUSE, Relation.CHILD, Relation.OTHER_FAMILY)


class StepKind(models.TextChoices):
    """The steps of a visa or permit, in the order a person goes through them."""

    DOCUMENTS_GATHERED = "documents_gathered", _("Documents gathered")
    SUBMITTED = "submitted", _("Application submitted")
    BIOMETRICS = "biometrics", _("Biometrics taken")
    ISSUED = "issued", _("Visa or permit issued")
    ENTERED = "entered", _("Entered the country")
    REGISTERED = "registered", _("Registered")
    STARTED_WORK = "started_work", _("Started work")


class StepStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("step", "Pending")
    DONE = "done", pgettext_lazy("step", "Done")
    SKIPPED = "skipped", pgettext_lazy("step", "Not needed")


class DeskFeature(models.TextChoices):
    MONITOR = "monitor", _("External monitor")
    STANDING = "standing", _("Standing desk")
    WINDOW = "window", _("By a window")
    QUIET = "quiet", _("Quiet zone")
    ACCESSIBLE = "accessible", _("Step-free access")
    LOCKER = "locker", _("Locker")
