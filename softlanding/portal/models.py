"""Applications to the programme, the people they bring, their documents and the review."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from softlanding.offers.eligibility import ApplicantFacts
from softlanding.portal.enums import (
    OPEN_FOR_REVIEW,
    ApplicantKind,
    ApplicationStatus,
    DocumentKind,
    Relation,
)

if TYPE_CHECKING:
    from softlanding.accounts.models import User


def private_storage() -> Storage:
    """Uploaded documents: ``STORAGES["private"]``, outside MEDIA, never served by URL."""
    return storages["private"]


class ApplicationQuerySet(models.QuerySet["Application"]):
    def owned_by(self, user: User) -> ApplicationQuerySet:
        return self.filter(applicant=user)

    def submitted(self) -> ApplicationQuerySet:
        return self.filter(submitted_at__isnull=False)

    def for_queue(self) -> ApplicationQuerySet:
        """What a review queue row shows, and nothing more."""
        return self.select_related("assignee").only(
            "id",
            "kind",
            "name",
            "country",
            "status",
            "submitted_at",
            "assignee__id",
            "assignee__first_name",
            "assignee__last_name",
            "assignee__email",
        )


class Application(models.Model):
    """A company's or an individual's application to the programme, from draft to decision."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="applications",
        db_index=False,  # portal_app_applicant leads with it
    )
    kind = models.CharField(_("applying for"), max_length=16, choices=ApplicantKind.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    #: The last step the applicant saved: where a draft resumes.
    step = models.PositiveSmallIntegerField(default=0)
    # The language the applicant is written to in (e-mails), kept from its account or browser.
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)

    # The organisation, or the individual.
    name = models.CharField(_("name"), max_length=300, blank=True)
    legal_form = models.CharField(_("legal form"), max_length=40, blank=True)
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("founded in"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    activity_types = models.JSONField(_("activities"), default=list, blank=True)
    revenue_abroad_percent = models.DecimalField(
        _("revenue from abroad, %"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    state_owned_percent = models.DecimalField(
        _("owned by a state, %"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    description = models.TextField(_("what you do"), blank=True)
    benefits = models.ManyToManyField(
        "offers.Benefit",
        verbose_name=_("benefits asked for"),
        blank=True,
        related_name="applications",
    )
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)

    # Linked on submission through the registry's duplicate detection.
    organization = models.ForeignKey(
        "prospects.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    person = models.ForeignKey(
        "prospects.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    opportunity = models.ForeignKey(
        "outreach.Opportunity",
        verbose_name=_("opportunity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_applications",
        db_index=False,  # portal_app_assignee leads with it
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            # The applicant's own list.
            models.Index(fields=["applicant", "-updated_at"], name="portal_app_applicant"),
            # The review queue: oldest submission first, whole and by each filter.
            models.Index(
                fields=["submitted_at", "id"],
                name="portal_app_queue",
                condition=Q(submitted_at__isnull=False),
            ),
            # The default queue (open applications): its ids come from this index alone.
            models.Index(
                fields=["submitted_at", "id"],
                name="portal_app_open",
                condition=Q(status__in=sorted(OPEN_FOR_REVIEW)),
            ),
            models.Index(fields=["status", "submitted_at", "id"], name="portal_app_status"),
            # With the status: the queue's usual "open ones of this officer or country" is
            # answered from the index, with no row read until the page's own.
            models.Index(
                fields=["assignee", "submitted_at", "id"],
                include=["status"],
                name="portal_app_assignee",
            ),
            models.Index(
                fields=["country", "submitted_at", "id"],
                include=["status"],
                name="portal_app_country",
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(_("Application %(number)s") % {"number": self.pk})

    def get_absolute_url(self) -> str:
        return reverse("portal:application_detail", args=[self.pk])

    def get_review_url(self) -> str:
        return reverse("portal:review_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status == ApplicationStatus.DRAFT

    def facts(self, *, people: list[RelocatingPerson] | None = None) -> ApplicantFacts:
        """What the eligibility rules judge (``offers.eligibility``); relocating people counts
        the specialists, not their families (from ``people`` when the caller has them)."""
        specialists = (
            sum(1 for person in people if person.relation == Relation.SPECIALIST)
            if people is not None
            else self.people.filter(relation=Relation.SPECIALIST).count()
        )
        return ApplicantFacts(
            activity_types=frozenset(self.activity_types or ()),
            employees=self.employees,
            revenue_abroad_percent=self.revenue_abroad_percent,
            state_owned_percent=self.state_owned_percent,
            country=str(self.country or ""),
            founded_year=self.founded_year,
            relocating_people=specialists,
        )


class RelocatingPerson(models.Model):
    """A specialist who moves with the application, or a family member of one."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="people")
    relation = models.CharField(
        _("relation"), max_length=16, choices=Relation.choices, default=Relation.SPECIALIST
    )
    family_of = models.ForeignKey(
        "self",
        verbose_name=_("family member of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="family",
    )
    full_name = models.CharField(_("full name (Latin, as in the passport)"), max_length=200)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    citizenship = CountryField(_("citizenship"), blank=True)
    job_title = models.CharField(_("role"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("relocating person")
        verbose_name_plural = _("relocating people")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(relation=Relation.SPECIALIST, family_of__isnull=True)
                | (~Q(relation=Relation.SPECIALIST) & Q(family_of__isnull=False)),
                name="portal_person_family_of_specialist",
            )
        ]

    def __str__(self) -> str:
        return self.full_name


class Document(models.Model):
    """One document of an application; each upload of it is a version, all kept."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=16, choices=DocumentKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.get_kind_display()


def _version_path(instance: DocumentVersion, filename: str) -> str:
    # Never the uploader's name: a random id in a folder per application.
    return f"applications/{instance.document.application_id}/{instance.public_id.hex}"


class DocumentVersion(models.Model):
    """One upload of a document, kept privately and served only through the portal."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(storage=private_storage, upload_to=_version_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="portal_docversion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.original_name} (v{self.number})"

    def get_absolute_url(self) -> str:
        return reverse("portal:file", args=[self.public_id])


class InfoRequest(models.Model):
    """The hub's question to the applicant, and its answer. Shown to the applicant."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="info_requests"
    )
    question = models.TextField(_("question"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_at = models.DateTimeField(_("asked"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("request for information")
        verbose_name_plural = _("requests for information")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.question[:80]

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


class InternalComment(models.Model):
    """A case officer's note on an application: staff only, never on a portal page or e-mail."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="internal_comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("internal comment")
        verbose_name_plural = _("internal comments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.body[:80]
