from django.db import models
from django.utils.translation import gettext_lazy as _


class SizeBand(models.TextChoices):
    """Head-count bands used in filters and fit scoring."""

    MICRO = "1-9", _("1–9")
    SMALL = "10-49", _("10–49")
    MEDIUM = "50-249", _("50–249")
    LARGE = "250-999", _("250–999")
    ENTERPRISE = "1000+", _("1000 and more")

    @classmethod
    def for_employees(cls, employees: int | None) -> "SizeBand | None":
        if employees is None:
            return None
        for band, upper in ((cls.MICRO, 9), (cls.SMALL, 49), (cls.MEDIUM, 249), (cls.LARGE, 999)):
            if employees <= upper:
                return band
        return cls.ENTERPRISE
