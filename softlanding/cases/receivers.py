"""What Cases does when another part announces something: the portal approved an application."""

from __future__ import annotations

import logging
from typing import Any

from softlanding.cases import services

logger = logging.getLogger(__name__)


def open_case_on_approval(sender: Any, *, application: Any, by: Any = None, **kwargs: Any) -> None:
    """``portal.signals.application_approved``: open the relocation case (once).

    The approval is already committed when this runs; a failure here is logged loudly rather
    than turned into an error page for the officer who approved. Approving again (or the
    ``open_case`` service) opens it later.
    """
    try:
        services.open_case_for_application(application, by=by)
    except Exception:
        logger.exception("Could not open the case of application %s", application.pk)
