from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfferConfig(AppConfig):
    name = "softlanding.offers"
    label = "offers"
    verbose_name = _("Offer")

    def ready(self) -> None:
        from softlanding.core import panels
        from softlanding.core.demo import register_demo_loader
        from softlanding.offers.demo import load_demo_offers
        from softlanding.offers.panels import opportunity_panel

        panels.register("opportunity", opportunity_panel)
        # IdeaSoft's offer in the demo, answering the objection the seed article records.
        register_demo_loader(load_demo_offers)
