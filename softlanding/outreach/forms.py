from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries

from softlanding.accounts.enums import UserKind
from softlanding.accounts.models import User
from softlanding.outreach.enums import (
    ActivityKind,
    Direction,
    Outcome,
    Stage,
    moves_from,
)
from softlanding.outreach.models import Campaign, EmailTemplate, Objection, Opportunity
from softlanding.outreach.services import check_template_text

# Where the hub's callers usually call; the caller's own zone is added first.
TIME_ZONES = (
    "Europe/Minsk",
    "Europe/Moscow",
    "Europe/Kyiv",
    "Asia/Almaty",
    "Asia/Tashkent",
    "Asia/Tbilisi",
    "Asia/Yerevan",
    "Europe/Warsaw",
    "Europe/Riga",
    "Europe/Vilnius",
    "Europe/Berlin",
    "Europe/London",
    "UTC",
)
# A prospect's country → the zone its calls happen in (one zone per country is enough here).
COUNTRY_ZONES = {
    "BY": "Europe/Minsk",
    "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv",
    "KZ": "Asia/Almaty",
    "UZ": "Asia/Tashkent",
    "GE": "Asia/Tbilisi",
    "AM": "Asia/Yerevan",
    "PL": "Europe/Warsaw",
    "LV": "Europe/Riga",
    "LT": "Europe/Vilnius",
    "DE": "Europe/Berlin",
    "GB": "Europe/London",
}


class ChoicesOrNone(forms.ModelMultipleChoiceField):
    """Several choices, where a single select's empty "—" means none."""

    def clean(self, value: Any) -> Any:
        return super().clean([item for item in (value or []) if item])


class CampaignForm(forms.ModelForm[Campaign]):
    source_countries = forms.MultipleChoiceField(
        label=_("Source countries"), choices=list(countries), required=False
    )

    class Meta:
        model = Campaign
        fields = [
            "name",
            "source_countries",
            "segment",
            "lead",
            "team",
            "starts_on",
            "ends_on",
            "goal_companies",
            "goal_people",
            "description",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "team": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(kind=UserKind.STAFF, is_active=True).order_by("first_name")
        self.fields["lead"].queryset = staff  # type: ignore[attr-defined]
        self.fields["team"].queryset = staff  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("A campaign can't end before it starts."))
        return data


class MoveForm(forms.Form):
    to = forms.ChoiceField(label=pgettext_lazy("outreach", "Move to"), choices=Stage.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    loss_reasons = forms.ModelMultipleChoiceField(
        label=_("Loss reasons"),
        queryset=Objection.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lost_to = forms.ChoiceField(label=_("Lost to"), choices=[("", "—"), *countries], required=False)
    loss_note = forms.CharField(
        label=_("Why lost, in words"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, opportunity: Opportunity | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if opportunity is not None:
            choices = [(s.value, s.label) for s in moves_from(Stage(opportunity.stage))]
            self.fields["to"].choices = choices  # type: ignore[attr-defined]
            self.fields["version"].initial = opportunity.version


class ActivityForm(forms.Form):
    """The short form a caller fills after a call; everything but the kind is optional."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices, initial="call")
    direction = forms.ChoiceField(
        label=_("Direction"), choices=Direction.choices, initial=Direction.OUTGOING
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, required=False)
    occurred_at = forms.DateTimeField(
        label=_("When (local time there)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Empty means now."),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=[(z, z) for z in TIME_ZONES])
    duration_minutes = forms.IntegerField(
        label=_("Minutes"), required=False, min_value=0, max_value=24 * 60
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    objections = ChoicesOrNone(
        label=_("Objections heard"),
        queryset=Objection.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    objection_note = forms.CharField(label=_("In their words"), required=False, max_length=500)
    destination = forms.ChoiceField(
        label=_("Prefers to go to"), choices=[("", "—"), *countries], required=False
    )
    follow_up_on = forms.DateField(
        label=_("Follow up on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, country: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone = COUNTRY_ZONES.get(country)
        if zone:
            self.fields["time_zone"].initial = zone

    def clean_occurred_at(self) -> Any:
        # The browser sends local time without a zone: it is read in the chosen zone later.
        value = self.cleaned_data.get("occurred_at")
        if value is not None and timezone.is_aware(value):
            value = timezone.make_naive(value)
        return value

    def clean_follow_up_on(self) -> Any:
        value = self.cleaned_data.get("follow_up_on")
        if value is not None and value < timezone.localdate():
            raise ValidationError(
                _("A follow-up can't be in the past: choose today or a later day.")
            )
        return value


class OpportunityForm(forms.ModelForm[Opportunity]):
    class Meta:
        model = Opportunity
        fields = [
            "owner",
            "expected_headcount",
            "expected_family",
            "probability",
            "next_step",
            "next_step_on",
        ]
        widgets = {"next_step_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            kind=UserKind.STAFF, is_active=True
        ).order_by("first_name")
        self.fields["probability"].widget.attrs.update({"min": 0, "max": 100})


class OpportunityFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=pgettext_lazy("outreach", "Campaign"),
        queryset=Campaign.objects.current(),
        required=False,
    )
    stage = forms.ChoiceField(
        label=pgettext_lazy("outreach", "Stage"),
        choices=[("", "—"), *Stage.choices],
        required=False,
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=User.objects.filter(kind=UserKind.STAFF, is_active=True).order_by("first_name"),
        required=False,
    )
    country = forms.ChoiceField(label=_("Country"), choices=[("", "—"), *countries], required=False)
    due = forms.BooleanField(label=_("Next step due"), required=False)


class EmailForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Template"), queryset=EmailTemplate.objects.filter(is_active=True)
    )
    to = forms.CharField(label=_("To"), max_length=254)


class EmailTemplateForm(forms.ModelForm[EmailTemplate]):
    class Meta:
        model = EmailTemplate
        fields = ["name", "language", "subject", "body", "is_active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    def clean_subject(self) -> str:
        return check_template_text(self.cleaned_data["subject"])

    def clean_body(self) -> str:
        return check_template_text(self.cleaned_data["body"])


class ObjectionForm(forms.ModelForm[Objection]):
    class Meta:
        model = Objection
        fields = ["code", "label_en", "label_ru", "asks_destination", "is_active", "position"]


# Entries are retired (``is_active`` off), never deleted: opportunities keep pointing at them.
ObjectionFormSet = forms.modelformset_factory(
    Objection, form=ObjectionForm, extra=1, can_delete=False
)
