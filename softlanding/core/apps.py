from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "softlanding.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from softlanding.core.schedule import register_periodic
        from softlanding.core.tasks import prune_task_results_task

        register_periodic(
            "core.prune_task_results",
            every=timedelta(days=1),
            task=prune_task_results_task,
            label=_("Delete finished background task records older than 14 days"),
        )
