from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from softlanding.accounts.enums import UserKind
from softlanding.accounts.models import User
from softlanding.cases.enums import CaseStatus, DeskFeature, Relation
from softlanding.cases.models import Building, Case, Desk, Floor, Relocatee, Room, VisaType

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _field(form: forms.BaseForm, name: str) -> Any:
    """A field whose queryset or choices are set per request (typed as Any for mypy)."""
    return form.fields[name]


def _staff() -> Any:
    return User.objects.filter(kind=UserKind.STAFF, is_active=True).order_by(
        "first_name", "last_name"
    )


class AllocateForm(forms.Form):
    desk = forms.ModelChoiceField(label=_("Desk"), queryset=Desk.objects.none())
    relocatee = forms.ModelChoiceField(
        label=_("For"),
        queryset=Relocatee.objects.none(),
        required=False,
        empty_label=_("The case as a whole"),
    )
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("To"), widget=DATE)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "desk").queryset = (
            Desk.objects.filter(is_active=True)
            .select_related("room__floor__building")
            .order_by("room__floor__building__name", "room__floor__level", "code")
        )
        _field(self, "desk").label_from_instance = lambda desk: (
            f"{desk} · {desk.room.floor.building} · {desk.room.floor} · {desk.room}"
        )
        _field(self, "relocatee").queryset = case.relocatees.order_by("id")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            raise ValidationError(_("The period ends before it starts."))
        return data


class StepForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("done", _("Done")), ("reopen", _("Not done")), ("plan", _("Plan"))]
    )
    on = forms.DateField(label=_("Done on"), required=False, widget=DATE)
    planned_on = forms.DateField(label=_("Planned"), required=False, widget=DATE)


class CompanyStepForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    due_on = forms.DateField(label=_("Due"), required=False, widget=DATE)
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "owner").queryset = _staff()


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}))
    # Unticked, or left out of the request, a note stays internal: sharing is the deliberate act.
    for_applicant = forms.BooleanField(label=_("Show to the applicant"), required=False)


class RelocateeForm(forms.Form):
    name_latin = forms.CharField(label=_("Name (Latin)"), max_length=200, required=False)
    name_cyrillic = forms.CharField(label=_("Name (Cyrillic)"), max_length=200, required=False)
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices)
    family_of = forms.ModelChoiceField(
        label=_("Family member of"), queryset=Relocatee.objects.none(), required=False
    )
    nationality = forms.ChoiceField(label=_("Nationality"), required=False)
    visa_type = forms.ModelChoiceField(label=_("Visa type"), queryset=VisaType.objects.all())

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "family_of").queryset = case.relocatees.filter(relation=Relation.EMPLOYEE)
        _field(self, "nationality").choices = [("", "—"), *countries]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("name_latin") or data.get("name_cyrillic")):
            raise ValidationError(_("A person needs a name in Latin or Cyrillic letters."))
        return data


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *CaseStatus.choices], required=False
    )
    mine = forms.BooleanField(label=_("Only mine"), required=False)


class BuildingForm(forms.ModelForm):
    class Meta:
        model = Building
        fields = ["name", "address"]


class FloorForm(forms.ModelForm):
    class Meta:
        model = Floor
        fields = ["building", "level", "name"]


class RoomForm(forms.ModelForm):
    class Meta:
        model = Room
        fields = ["floor", "name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "floor").queryset = Floor.objects.select_related("building")
        _field(self, "floor").label_from_instance = lambda floor: f"{floor.building} · {floor}"


class DeskForm(forms.Form):
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none())
    code = forms.CharField(label=_("Desk number"), max_length=20)
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=50, initial=1)
    features = forms.MultipleChoiceField(
        label=_("Features"),
        choices=DeskFeature.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "room").queryset = Room.objects.select_related("floor__building")
        _field(self, "room").label_from_instance = lambda room: (
            f"{room.floor.building} · {room.floor} · {room}"
        )


class OccupancyForm(forms.Form):
    floor = forms.ModelChoiceField(label=_("Floor"), queryset=Floor.objects.none(), required=False)
    on = forms.DateField(label=_("Date"), required=False, widget=DATE)
    week = forms.BooleanField(label=_("The whole week"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "floor").queryset = Floor.objects.select_related("building").order_by(
            "building__name", "level"
        )
        _field(self, "floor").label_from_instance = lambda floor: f"{floor.building} · {floor}"

    def start(self, today: date) -> date:
        return (self.cleaned_data.get("on") if self.is_valid() else None) or today
