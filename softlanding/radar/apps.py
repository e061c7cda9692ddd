from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RadarConfig(AppConfig):
    name = "softlanding.radar"
    label = "radar"
    verbose_name = _("Radar")

    def ready(self) -> None:
        from softlanding.core.demo import register_demo_loader
        from softlanding.radar.demo import load_demo_radar

        register_demo_loader(load_demo_radar)
