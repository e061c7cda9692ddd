from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "softlanding.outreach"
    label = "outreach"
    verbose_name = _("Outreach")

    def ready(self) -> None:
        from softlanding.core import list_filters, panels, personal_data
        from softlanding.outreach.filters import STAGE_FILTER
        from softlanding.outreach.panels import organization_panel, person_panel
        from softlanding.outreach.personal_data import HOLDER as PERSONAL_DATA

        panels.register("organization", organization_panel)
        panels.register("person", person_panel)
        list_filters.register("organization", STAGE_FILTER)
        personal_data.register(PERSONAL_DATA)
