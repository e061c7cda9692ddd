"""The states and kinds of the portal, as TextChoices; the allowed moves live beside the states."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ApplicantKind(models.TextChoices):
    COMPANY = "company", _("A company")
    INDIVIDUAL = "individual", _("Myself, as an individual")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("application", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("application", "Submitted")
    IN_REVIEW = "in_review", pgettext_lazy("application", "In review")
    INFO_REQUESTED = "info_requested", pgettext_lazy("application", "Information requested")
    APPROVED = "approved", pgettext_lazy("application", "Approved")
    REJECTED = "rejected", pgettext_lazy("application", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("application", "Withdrawn")


S = ApplicationStatus

# Which moves an application may make. A draft is submitted (or withdrawn); the hub takes a
# submitted one into review, asks for information (the applicant's answer brings it back into
# review) and decides. Approved, rejected and withdrawn are final.
ALLOWED_MOVES: dict[ApplicationStatus, frozenset[ApplicationStatus]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.IN_REVIEW, S.INFO_REQUESTED, S.APPROVED, S.REJECTED, S.WITHDRAWN}),
    S.IN_REVIEW: frozenset({S.INFO_REQUESTED, S.APPROVED, S.REJECTED, S.WITHDRAWN}),
    S.INFO_REQUESTED: frozenset({S.IN_REVIEW, S.REJECTED, S.WITHDRAWN}),
    S.APPROVED: frozenset(),
    S.REJECTED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

#: States the applicant may still change the application in (add people, documents).
EDITABLE = frozenset({S.DRAFT})
#: States in which the hub is working on it: the review queue's default.
OPEN_FOR_REVIEW = frozenset({S.SUBMITTED, S.IN_REVIEW, S.INFO_REQUESTED})
#: States in which the applicant may still add documents (a draft, or answering the hub).
ACCEPTS_DOCUMENTS = frozenset({S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.INFO_REQUESTED})


class Relation(models.TextChoices):
    """Who a relocating person is: a specialist, or a family member of one."""

    SPECIALIST = "specialist", _("Relocating specialist")
    SPOUSE = "spouse", _("Spouse or partner")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    OTHER = "other", _("Other relative")


FAMILY_RELATIONS = [choice for choice in Relation.choices if choice[0] != Relation.SPECIALIST]


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    REGISTRATION = "registration", _("Company registration")
    FINANCIALS = "financials", _("Financial statements")
    CONTRACT = "contract", _("Employment contract")
    OTHER = "other", _("Other document")
