"""The states and kinds of outreach, as TextChoices; the stage rules live beside the stages."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Stage(models.TextChoices):
    """Where an opportunity stands, in the order a company moves."""

    IDENTIFIED = "identified", pgettext_lazy("stage", "Identified")
    CONTACTED = "contacted", pgettext_lazy("stage", "Contacted")
    INTERESTED = "interested", pgettext_lazy("stage", "Interested")
    NEGOTIATING = "negotiating", pgettext_lazy("stage", "Negotiating")
    PLEDGED = "pledged", pgettext_lazy("stage", "Pledged")
    RELOCATING = "relocating", pgettext_lazy("stage", "Relocating")
    LANDED = "landed", pgettext_lazy("stage", "Landed")
    LOST = "lost", pgettext_lazy("stage", "Lost")

    @property
    def ordinal(self) -> int:
        return STAGE_ORDER.index(self)


#: The path forward; ``lost`` stands apart.
STAGE_ORDER: tuple[Stage, ...] = (
    Stage.IDENTIFIED,
    Stage.CONTACTED,
    Stage.INTERESTED,
    Stage.NEGOTIATING,
    Stage.PLEDGED,
    Stage.RELOCATING,
    Stage.LANDED,
    Stage.LOST,
)
OPEN_STAGES: frozenset[Stage] = frozenset(STAGE_ORDER[:6])


# Which moves the pipeline allows. Talks move forward by any number of steps up to "pledged"
# (a company that phones back interested skips "contacted"); from there a pledge becomes a
# relocation and a relocation a landing, one step at a time, since each needs a case behind it.
# Back by one step (a correction, or a company cooling off); lost from any open stage;
# reopened from lost to where talks start again. Landed is the end.
def _moves(index: int, stage: Stage) -> frozenset[Stage]:
    pledged = STAGE_ORDER.index(Stage.PLEDGED)
    forward = (
        STAGE_ORDER[index + 1 : pledged + 1]
        if index < pledged
        else STAGE_ORDER[index + 1 : index + 2]
    )
    back = (STAGE_ORDER[index - 1],) if index > 0 else ()
    return frozenset({*forward, *back, Stage.LOST})


ALLOWED_MOVES: dict[Stage, frozenset[Stage]] = {
    stage: _moves(index, stage) for index, stage in enumerate(STAGE_ORDER[:6])
}
ALLOWED_MOVES[Stage.LANDED] = frozenset()
ALLOWED_MOVES[Stage.LOST] = frozenset({Stage.IDENTIFIED, Stage.CONTACTED, Stage.INTERESTED})


class ActivityKind(models.TextChoices):
    CALL = "call", _("Call")
    EMAIL = "email", _("E-mail")
    MEETING = "meeting", _("Meeting")
    MESSAGE = "message", _("Message")
    NOTE = "note", _("Note")


class Direction(models.TextChoices):
    OUTGOING = "out", _("Outgoing")
    INCOMING = "in", _("Incoming")


class Outcome(models.TextChoices):
    """What came of an activity; a note has none."""

    NONE = "", _("—")
    REACHED = "reached", _("Reached, talked")
    NO_ANSWER = "no_answer", _("No answer")
    VOICEMAIL = "voicemail", _("Left a message")
    CALL_BACK = "call_back", _("Asked to call back")
    INTERESTED = "interested", _("Interested")
    NOT_INTERESTED = "not_interested", _("Not interested")
    WRONG_CONTACT = "wrong_contact", _("Wrong contact")


class EmailStatus(models.TextChoices):
    """An e-mail activity's delivery; other activities have none."""

    NONE = "", _("—")
    QUEUED = "queued", pgettext_lazy("e-mail", "Queued")
    SENT = "sent", pgettext_lazy("e-mail", "Sent")
    FAILED = "failed", pgettext_lazy("e-mail", "Failed")


def moves_from(stage: Stage) -> list[Stage]:
    """The allowed moves, forward first (the next stage is what a caller means most often)."""
    allowed = ALLOWED_MOVES[stage]
    forward = [
        s for s in STAGE_ORDER if s in allowed and s != Stage.LOST and s.ordinal > stage.ordinal
    ]
    back = [
        s for s in STAGE_ORDER if s in allowed and s != Stage.LOST and s.ordinal < stage.ordinal
    ]
    return [*forward, *back, *([Stage.LOST] if Stage.LOST in allowed else [])]
