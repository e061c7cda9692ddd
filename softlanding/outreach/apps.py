from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "softlanding.outreach"
    label = "outreach"
    verbose_name = _("Outreach")

    def ready(self) -> None:
        from softlanding.core import personal_data
        from softlanding.outreach.personal_data import HOLDER as PERSONAL_DATA

        personal_data.register(PERSONAL_DATA)
        from softlanding.core import panels
        from softlanding.outreach.panels import organization_panel, person_panel

        panels.register("organization", organization_panel)
        panels.register("person", person_panel)
