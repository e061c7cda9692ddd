from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from softlanding.prospects.enums import LawfulBasis

if TYPE_CHECKING:
    from softlanding.accounts.models import User


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def owned_by(self, user: User) -> OrganizationQuerySet:
        return self.filter(owner=user)

    def for_list(self) -> OrganizationQuerySet:
        """What a list row shows, and nothing more."""
        return self.only(
            "id",
            "name",
            "legal_form",
            "country",
            "city",
            "employees",
            "website",
            "owner_id",
            "fit_score",
            "push_score",
            "score",
            "created_at",
            "updated_at",
        )

    def merged_away(self) -> OrganizationQuerySet:
        return self.filter(merged_into__isnull=False)

    def active(self) -> OrganizationQuerySet:
        """Organisations not absorbed by a merge (an undone merge brings them back)."""
        return self.filter(merged_into__isnull=True)


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [models.UniqueConstraint(Lower("name"), name="prospects_tag_name_ci_unique")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    """A foreign IT company the hub may want to attract."""

    name = models.CharField(_("name"), max_length=300)
    legal_form = models.CharField(_("legal form"), max_length=40, blank=True)
    # Indexed by the composite indexes below that start with it (and no LIKE index).
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    domain = models.CharField(_("domain"), max_length=253, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    founded = models.PositiveSmallIntegerField(_("founded"), null=True, blank=True)
    markets = models.JSONField(_("markets served"), default=list, blank=True)
    specialities = models.JSONField(_("specialities and stack"), default=list, blank=True)
    tags: models.ManyToManyField[Tag, OrganizationTag] = models.ManyToManyField(
        Tag, through="OrganizationTag", blank=True, verbose_name=_("tags")
    )
    sources = models.JSONField(
        _("sources"),
        default=list,
        blank=True,
        db_default=models.Value([], models.JSONField()),
        help_text=_("Where this organisation came from: files imported, pages, people."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_organizations",
        db_index=False,  # the (owner, …) indexes below serve every owner lookup
    )
    notes = models.TextField(_("notes"), blank=True)
    # Fit comes from the organisation's data and the lead's weights; push is the radar's slot.
    fit_score = models.FloatField(_("fit"), default=0, db_default=0)
    push_score = models.FloatField(_("push"), default=0, db_default=0)
    score = models.GeneratedField(
        expression=models.F("fit_score") + models.F("push_score"),
        output_field=models.FloatField(),
        db_persist=True,
        verbose_name=_("score"),
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="absorbed",
        db_index=False,  # a partial index below: almost every organisation has none
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(fields=["country", "name"], name="prospects_org_country_name"),
            # Only owned organisations: lists ask for one owner's, and most (every imported
            # one) have none, so an insert or import writes neither of the owner indexes.
            models.Index(
                fields=["owner", "-updated_at"],
                name="prospects_org_owned_updated",
                condition=models.Q(owner__isnull=False),
            ),
            models.Index(fields=["-created_at"], name="prospects_org_created"),
            # The list sorts by score within every filter it offers, and shows organisations not
            # merged into another: it finds a page's ids in these alone (no table row read to
            # skip a merged one or one a sparse filter refuses), then reads that page's rows.
            models.Index(
                fields=["-score", "-id"],
                name="prospects_org_score",
                condition=models.Q(merged_into__isnull=True),
            ),
            models.Index(
                fields=["country", "-score", "-id"],
                name="prospects_org_country_score",
                condition=models.Q(merged_into__isnull=True),
            ),
            models.Index(
                fields=["owner", "-score", "-id"],
                name="prospects_org_owned_score",
                condition=models.Q(owner__isnull=False),
            ),
            models.Index(fields=["employees"], name="prospects_org_employees"),
            # Imports and duplicates look a website up by its exact domain (no LIKE index).
            models.Index(fields=["domain"], name="prospects_org_domain"),
            models.Index(
                fields=["merged_into"],
                name="prospects_org_merged",
                condition=models.Q(merged_into__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.legal_form}".strip()

    def get_absolute_url(self) -> str:
        return reverse("prospects:organization_detail", args=[self.pk])


class OrganizationTag(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tag", "organization"], name="prospects_orgtag_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}:{self.tag_id}"


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


class OrganizationNameKey(models.Model):
    """A folded form of one of an organisation's names, for search and duplicate blocking.

    Derived from the names by ``prospects.names``; rebuilt whenever a name or alias changes.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="name_keys"
    )
    key = models.CharField(max_length=300)

    class Meta:
        constraints = [
            # One index for uniqueness, equality and prefix search (LIKE 'key%', which the
            # pattern operator class serves on PostgreSQL whatever the collation): every key
            # an import or a rename writes goes into one index less.
            models.UniqueConstraint(
                fields=["key", "organization"],
                name="prospects_namekey_key",
                opclasses=["varchar_pattern_ops", "int8_ops"],
            )
        ]

    def __str__(self) -> str:
        return self.key


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
    other_emails = models.JSONField(
        _("other e-mails"),
        default=list,
        blank=True,
        db_default=models.Value([], models.JSONField()),
    )
    other_phones = models.JSONField(
        _("other phones"), default=list, blank=True, db_default=models.Value([], models.JSONField())
    )
    messengers = models.JSONField(
        _("messenger handles"),
        default=dict,
        blank=True,
        db_default=models.Value({}, models.JSONField()),
        help_text=_("For example Telegram: @handle"),
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    country = CountryField(_("country"), blank=True)
    lawful_basis = models.CharField(
        _("lawful basis"),
        max_length=32,
        choices=LawfulBasis.choices,
        blank=True,
        default=LawfulBasis.NOT_RECORDED,
        db_default="",
    )
    consent_to_contact = models.BooleanField(
        _("agreed to be contacted"), default=False, db_default=False
    )
    consent_recorded_at = models.DateTimeField(_("consent recorded"), null=True, blank=True)
    consent_source = models.CharField(
        _("consent source"),
        max_length=200,
        blank=True,
        default="",
        db_default="",
        help_text=_("Where and how the person agreed, e.g. 'form at DevFest Minsk 2020'."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="prospects_person_name"),
            models.Index(fields=["email"], name="prospects_person_email"),
        ]

    def __str__(self) -> str:
        latin = f"{self.first_name} {self.last_name}".strip()
        cyrillic = f"{self.first_name_cyrillic} {self.last_name_cyrillic}".strip()
        return latin or cyrillic

    def get_absolute_url(self) -> str:
        return reverse("prospects:person_detail", args=[self.pk])


class SavedFilter(models.Model):
    """A named set of list filters a scout comes back to (also a campaign's target segment)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters"
    )
    name = models.CharField(_("name"), max_length=120)
    query = models.CharField(_("filters"), max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="prospects_savedfilter_unique")
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('prospects:organization_list')}?{self.query}"


def default_weights() -> dict[str, Any]:
    from softlanding.prospects.scoring import DEFAULT_WEIGHTS

    return dict(DEFAULT_WEIGHTS)


class ScoringWeights(models.Model):
    """The programme lead's weights for the fit score; one row, edited in a form."""

    weights = models.JSONField(_("weights"), default=default_weights)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("scoring weights")
        verbose_name_plural = _("scoring weights")

    def __str__(self) -> str:
        return "scoring weights"

    @classmethod
    def current(cls) -> ScoringWeights:
        weights, _created = cls.objects.get_or_create(pk=1)
        return weights
