"""The portal's part of a person's data (``core.personal_data``): applications linked to them.

An application is its applicant's own file (they signed up and keep it); erasing a person of
the registry removes only the link the hub's staff made from it to them.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import ngettext

from softlanding.core.personal_data import Effect, Holder
from softlanding.portal.models import Application


def export(person: Any) -> dict[str, Any]:
    return {
        "applications": list(
            Application.objects.filter(person=person).order_by("id").values("id", "status", "kind")
        )
    }


def erase(person: Any) -> list[Effect]:
    unlinked = Application.objects.filter(person=person).update(person=None)
    return [
        Effect(
            "applications_unlinked",
            unlinked,
            ngettext(
                "%(count)s application stays, without the link to them.",
                "%(count)s applications stay, without the link to them.",
                unlinked,
            )
            % {"count": unlinked},
        )
    ]


HOLDER = Holder(export=export, erase=erase)
