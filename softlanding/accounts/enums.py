from django.db import models
from django.utils.translation import gettext_lazy as _


class UserKind(models.TextChoices):
    # Applicants sign themselves up; staff accounts are made by an administrator.
    STAFF = "staff", _("Staff")
    APPLICANT = "applicant", _("Applicant")


class Role(models.TextChoices):
    PROGRAMME_LEAD = "programme_lead", _("Programme lead")
    SCOUT = "scout", _("Scout")
    CASE_OFFICER = "case_officer", _("Case officer")
    ANALYST = "analyst", _("Analyst")
    ADMINISTRATOR = "administrator", _("Administrator")
