"""Outreach's part of a person's data (``core.personal_data``): activities and opportunities.

On erasure an activity with them that also concerns an organisation or an opportunity stays as
a dated fact for the programme's figures (kind, direction, outcome, when), without them, its
subject, its notes, the address an e-mail went to, or the words of objections heard in it; one
that concerns only them goes. An opportunity with them and an organisation stays without them;
one of theirs alone goes, with its stage changes, activities and objections. The history
entries of all of these keep who did what and when, and lose the values; those of their own
opportunities lose the name shown (theirs) too.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Value
from django.db.models.functions import Concat
from django.utils.translation import ngettext

from softlanding.core.audit import entries_of
from softlanding.core.personal_data import Effect, Holder
from softlanding.outreach.models import Activity, Opportunity, RaisedObjection


def export(person: Any) -> dict[str, Any]:
    return {
        "activities": list(
            Activity.objects.filter(person=person)
            .order_by("occurred_at", "id")
            .values(
                "id",
                "occurred_at",
                "kind",
                "direction",
                "outcome",
                "subject",
                "notes",
                "email_to",
                "organization_id",
                "opportunity_id",
            )
        ),
        "opportunities": list(
            Opportunity.objects.filter(person=person)
            .order_by("id")
            .values(
                "id",
                "campaign__name",
                "organization_id",
                "stage",
                "next_step",
                "next_step_on",
                "loss_note",
                "created_at",
            )
        ),
    }


def erase(person: Any) -> list[Effect]:
    # A person has a handful of each: the ids are read once and every step goes by them.
    opportunities = Opportunity.objects.filter(person=person)
    own = list(opportunities.filter(organization__isnull=True).values_list("pk", flat=True))
    shared = list(opportunities.filter(organization__isnull=False).values_list("pk", flat=True))
    theirs = Activity.objects.filter(person=person).exclude(opportunity_id__in=own)
    alone = list(
        theirs.filter(organization__isnull=True, opportunity__isnull=True).values_list(
            "pk", flat=True
        )
    )
    kept = list(theirs.exclude(pk__in=alone).values_list("pk", flat=True))
    gone = list(Activity.objects.filter(opportunity_id__in=own).values_list("pk", flat=True))

    stripped = entries_of(Opportunity, own).update(
        object_repr=Concat(Value("#"), "object_id"), changes={}
    ) + (entries_of(Activity, [*kept, *alone, *gone]) | entries_of(Opportunity, shared)).update(
        changes={}
    )
    RaisedObjection.objects.filter(activity_id__in=kept).update(note="")
    Activity.objects.filter(pk__in=kept).update(
        person=None, subject="", notes="", email_to="", email_error=""
    )
    Activity.objects.filter(pk__in=alone).delete()
    Opportunity.objects.filter(pk__in=shared).update(person=None)
    Opportunity.objects.filter(pk__in=own).delete()  # its stage changes, activities, objections

    removed = len(alone) + len(gone)
    return [
        Effect(
            "activities_kept_without_them",
            len(kept),
            ngettext(
                "%(count)s activity with an organisation stays, without them, its subject, "
                "notes or e-mail address.",
                "%(count)s activities with an organisation stay, without them, their "
                "subjects, notes or e-mail addresses.",
                len(kept),
            )
            % {"count": len(kept)},
        ),
        Effect(
            "activities_removed",
            removed,
            ngettext(
                "%(count)s activity that concerns only them goes.",
                "%(count)s activities that concern only them go.",
                removed,
            )
            % {"count": removed},
        ),
        Effect(
            "opportunities_kept_without_them",
            len(shared),
            ngettext(
                "%(count)s opportunity with their organisation stays, without them.",
                "%(count)s opportunities with their organisation stay, without them.",
                len(shared),
            )
            % {"count": len(shared)},
        ),
        Effect(
            "opportunities_removed",
            len(own),
            ngettext(
                "%(count)s opportunity of theirs alone goes.",
                "%(count)s opportunities of theirs alone go.",
                len(own),
            )
            % {"count": len(own)},
        ),
        Effect("outreach_history_entries_stripped", stripped, ""),
    ]


HOLDER = Holder(export=export, erase=erase)
