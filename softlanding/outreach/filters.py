"""Outreach's filter on the organisation list (``core.list_filters``): where its companies stand.

"Interested" lists the organisations with an opportunity at that stage in any campaign; "in no
campaign" those with none yet, the ones still to approach. Both are one EXISTS per organisation
the list reads (the list stops at a page): the opportunity's organisation index answers it,
and ``outreach_opp_stage_org`` serves a rare stage from its side.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from softlanding.core.list_filters import ListFilter
from softlanding.outreach.enums import Stage
from softlanding.outreach.models import Opportunity

NO_CAMPAIGN = "none"


def stage_choices() -> list[tuple[str, Any]]:
    return [(NO_CAMPAIGN, _("In no campaign")), *Stage.choices]


def with_stage(organizations: QuerySet[Any], value: str) -> QuerySet[Any]:
    opportunities = Opportunity.objects.filter(organization=OuterRef("pk"))
    if value == NO_CAMPAIGN:
        return organizations.exclude(Exists(opportunities))
    if value not in Stage.values:
        return organizations.none()
    return organizations.filter(Exists(opportunities.filter(stage=value)))


STAGE_FILTER = ListFilter(
    name="stage",
    label=pgettext_lazy("outreach", "Stage"),
    any_label=_("Any stage"),
    choices=stage_choices,
    apply=with_stage,
)
