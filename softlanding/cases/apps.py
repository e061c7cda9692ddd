from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "softlanding.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        # The portal announces approvals; Cases listens (the portal imports nothing of ours).
        from softlanding.cases.demo import load_demo_cases
        from softlanding.cases.panels import application_panel
        from softlanding.cases.receivers import open_case_on_approval
        from softlanding.cases.tasks import queue_reminders_task
        from softlanding.core import panels
        from softlanding.core.demo import register_demo_loader
        from softlanding.core.schedule import register_periodic
        from softlanding.portal.signals import application_approved

        application_approved.connect(open_case_on_approval, dispatch_uid="cases.open_case")
        # The review page links to the case its approval opened.
        panels.register("application", application_panel)
        # The demo's approved application has its case under way (a desk, a late step).
        register_demo_loader(load_demo_cases)
        # Late steps are reminded once a day (queue_reminders sends nothing twice on one day).
        register_periodic(
            "cases.reminders",
            every=timedelta(days=1),
            task=queue_reminders_task,
            label=_("E-mail reminders of late relocation steps"),
        )
