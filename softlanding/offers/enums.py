"""The kinds of benefits and of eligibility rules, as TextChoices."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class BenefitKind(models.TextChoices):
    WORKSPACE = "workspace", _("Workspace")
    TAX_REGIME = "tax_regime", _("Tax regime")
    JURISDICTION = "jurisdiction", _("Jurisdiction")
    VISA_SUPPORT = "visa_support", _("Visa support")
    COMMUNITY = "community", _("Community")
    GRANT = "grant", _("Grant")


class RuleKind(models.TextChoices):
    ACTIVITY_IN_LIST = "activity_in_list", _("Activity type is in a list")
    MIN_EMPLOYEES = "min_employees", _("At least N employees")
    MIN_REVENUE_ABROAD_PERCENT = "min_revenue_abroad_percent", _("Revenue from abroad at least X %")
    MAX_STATE_OWNED_PERCENT = "max_state_owned_percent", _("State owns at most X %")
    COUNTRY_IN_LIST = "country_in_list", _("Comes from a country in a list")
    FOUNDED_BEFORE_YEAR = "founded_before_year", _("Founded before a year")
    MIN_YEARS_IN_BUSINESS = "min_years_in_business", _("In business for at least N years")
    MAX_RELOCATING_PEOPLE = "max_relocating_people", _("At most N people relocating")


class OfferLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    RUSSIAN = "ru", _("Russian")
