from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RadarConfig(AppConfig):
    name = "softlanding.radar"
    label = "radar"
    verbose_name = _("Radar")

    def ready(self) -> None:
        from softlanding.core import personal_data
        from softlanding.radar.personal_data import HOLDER as PERSONAL_DATA

        personal_data.register(PERSONAL_DATA)
        from softlanding.core.demo import register_demo_loader
        from softlanding.core.schedule import register_periodic
        from softlanding.radar.demo import load_demo_radar
        from softlanding.radar.tasks import enqueue_due_sources_task

        register_demo_loader(load_demo_radar)
        # Each source has its own interval; every minute the due ones are queued, one task each.
        register_periodic(
            "radar.poll_due_sources",
            every=timedelta(minutes=1),
            task=enqueue_due_sources_task,
            label=_("Queue the news sources that are due for polling"),
        )
