from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "softlanding.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from softlanding.core import personal_data
        from softlanding.portal.personal_data import HOLDER as PERSONAL_DATA

        personal_data.register(PERSONAL_DATA)
        from softlanding.core import panels
        from softlanding.core.demo import register_demo_loader
        from softlanding.portal.demo import load_demo_portal
        from softlanding.portal.panels import (
            opportunity_panel,
            organization_panel,
            person_panel,
        )

        panels.register("organization", organization_panel)
        panels.register("person", person_panel)
        panels.register("opportunity", opportunity_panel)
        # The demo's applications; Cases (installed after us) opens the approved one's case.
        register_demo_loader(load_demo_portal)
