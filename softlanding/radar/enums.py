from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SourceKind(models.TextChoices):
    FEED = "feed", _("RSS or Atom feed")
    PAGE = "page", _("Single article URL")
    UPLOAD = "upload", _("Uploaded HTML files")


class SourceStatus(models.TextChoices):
    NEVER = "never", _("Not polled yet")
    OK = "ok", _("OK")
    NOT_MODIFIED = "not_modified", _("Not modified")
    WARNING = "warning", _("Read with warnings")
    ERROR = "error", _("Failing")


class SignalType(models.TextChoices):
    POLITICAL_UNREST = "political_unrest", _("Political unrest")
    INTERNET_SHUTDOWN = "internet_shutdown", _("Internet shutdown or throttling")
    PRESSURE_ON_COMPANIES = "pressure_on_companies", _("Pressure on companies or their staff")
    RELOCATION = "relocation", _("Tech leaders or companies threatening to leave or leaving")
    RIVAL_OFFER = "rival_offer", _("A rival hub's or country's offer")
    VISA_TAX_CHANGE = "visa_tax_change", _("Visa or tax rule change")


class MentionKind(models.TextChoices):
    ORGANIZATION = "organization", _("Organisation")
    PERSON = "person", _("Person")
    COUNTRY = "country", _("Country")
    CITY = "city", _("City")


class CandidateStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("candidate", "New")
    ACCEPTED = "accepted", pgettext_lazy("candidate", "Accepted")
    REJECTED = "rejected", pgettext_lazy("candidate", "Rejected")
