from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from softlanding.prospects.enums import CandidateStatus
from softlanding.prospects.models.organizations import Organization


class DuplicateCandidate(models.Model):
    """Two organisations that may be one, with the score and the reasons a person reviews."""

    # Stored with low.pk < high.pk so that a pair exists once.
    low = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    high = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)
    status = models.CharField(
        _("status"), max_length=16, choices=CandidateStatus.choices, default=CandidateStatus.PENDING
    )
    found_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("duplicate candidate")
        verbose_name_plural = _("duplicate candidates")
        constraints = [
            models.UniqueConstraint(fields=["low", "high"], name="prospects_candidate_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(low__lt=models.F("high")), name="prospects_candidate_ordered"
            ),
        ]
        indexes = [models.Index(fields=["status", "-score"], name="prospects_candidate_queue")]

    def __str__(self) -> str:
        return f"{self.low_id} ~ {self.high_id} ({self.score:.2f})"


class MergeRecord(models.Model):
    """What one merge moved, so that it can be undone exactly."""

    kept = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="merges_kept")
    absorbed = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="merges_absorbed"
    )
    # ids of rows re-pointed from absorbed to kept, per relation, and the kept's fields before.
    moved = models.JSONField(default=dict)
    kept_before = models.JSONField(default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")

    def __str__(self) -> str:
        return f"{self.absorbed_id} → {self.kept_id}"
