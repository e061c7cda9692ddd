from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfferConfig(AppConfig):
    name = "softlanding.offers"
    label = "offers"
    verbose_name = _("Offer")

    def ready(self) -> None:
        from softlanding.core import panels
        from softlanding.offers.panels import opportunity_panel

        panels.register("opportunity", opportunity_panel)
