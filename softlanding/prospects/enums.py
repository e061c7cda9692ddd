from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SizeBand(models.TextChoices):
    """Head-count bands used in filters and fit scoring."""

    MICRO = "1-9", _("1–9")
    SMALL = "10-49", _("10–49")
    MEDIUM = "50-249", _("50–249")
    LARGE = "250-999", _("250–999")
    ENTERPRISE = "1000+", _("1000 and more")

    @classmethod
    def for_employees(cls, employees: int | None) -> SizeBand | None:
        if employees is None:
            return None
        for band, upper in ((cls.MICRO, 9), (cls.SMALL, 49), (cls.MEDIUM, 249), (cls.LARGE, 999)):
            if employees <= upper:
                return band
        return cls.ENTERPRISE

    @property
    def bounds(self) -> tuple[int, int | None]:
        low, _sep, high = self.value.rstrip("+").partition("-")
        return int(low), (int(high) if high else None)


class LawfulBasis(models.TextChoices):
    """GDPR Art. 6 grounds for holding and using a person's data."""

    NOT_RECORDED = "", _("Not recorded")
    CONSENT = "consent", _("Consent")
    LEGITIMATE_INTERESTS = "legitimate_interests", _("Legitimate interests")
    CONTRACT = "contract", _("Contract")
    PUBLIC_SOURCE = "public_source", _("Publicly available, legitimate interests")


class CandidateStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("duplicate candidate", "To review")
    MERGED = "merged", pgettext_lazy("duplicate candidate", "Merged")
    REJECTED = "rejected", pgettext_lazy("duplicate candidate", "Not a duplicate")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", pgettext_lazy("import", "Uploaded")
    MAPPED = "mapped", pgettext_lazy("import", "Columns mapped")
    QUEUED = "queued", pgettext_lazy("import", "Queued")
    RUNNING = "running", pgettext_lazy("import", "Running")
    DONE = "done", pgettext_lazy("import", "Done")
    FAILED = "failed", pgettext_lazy("import", "Failed")
