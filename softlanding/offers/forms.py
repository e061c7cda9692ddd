"""Forms of the offer: benefits, rivals, answers to objections, rules, "try it", offers."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from softlanding.offers.eligibility import (
    PARAMETER_NAMES,
    ApplicantFacts,
    activity_type_choices,
    clean_parameters,
)
from softlanding.offers.enums import OfferLanguage, RuleKind
from softlanding.offers.models import (
    Benefit,
    ObjectionAnswer,
    RivalDestination,
    RivalOffer,
    Rule,
    RuleSetVersion,
)


class BenefitForm(forms.ModelForm):
    class Meta:
        model = Benefit
        fields = [
            "kind",
            "title_en",
            "title_ru",
            "summary_en",
            "summary_ru",
            "conditions_en",
            "conditions_ru",
            "details",
            "is_active",
            "position",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("summary_en", "summary_ru", "conditions_en", "conditions_ru")
        } | {"details": forms.Textarea(attrs={"rows": 4, "class": "mono"})}
        help_texts = {
            "details": _(
                'What is particular to the kind, as JSON, for example {"desks": 40, "months": 12}.'
            )
        }

    def clean_details(self) -> Any:
        details = self.cleaned_data["details"]
        if details in (None, ""):
            return {}
        if not isinstance(details, dict):
            raise ValidationError(_('Details must be a JSON object, like {"months": 12}.'))
        return details


class RivalDestinationForm(forms.ModelForm):
    class Meta:
        model = RivalDestination
        fields = ["name_en", "name_ru", "country", "is_active", "position"]


RivalDestinationFormSet = forms.modelformset_factory(
    RivalDestination, form=RivalDestinationForm, extra=1, can_delete=True
)


class RivalOfferForm(forms.ModelForm):
    class Meta:
        model = RivalOffer
        fields = ["kind", "text_en", "text_ru"]
        widgets = {
            "text_en": forms.Textarea(attrs={"rows": 2}),
            "text_ru": forms.Textarea(attrs={"rows": 2}),
        }


RivalOfferFormSet = forms.inlineformset_factory(
    RivalDestination, RivalOffer, form=RivalOfferForm, extra=1, can_delete=True
)


class ObjectionAnswerForm(forms.ModelForm):
    class Meta:
        model = ObjectionAnswer
        fields = ["objection", "benefits", "argument_en", "argument_ru", "position"]
        widgets = {
            "benefits": forms.CheckboxSelectMultiple,
            "argument_en": forms.Textarea(attrs={"rows": 3}),
            "argument_ru": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, benefits: Any = None, objections: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # The choices are fetched once for the whole formset, not once per form: the querysets
        # still validate, the lists (built once by the view) render.
        if benefits is not None:
            self.fields["benefits"].choices = benefits  # type: ignore[attr-defined]
        if objections is not None:
            self.fields["objection"].choices = objections  # type: ignore[attr-defined]


ObjectionAnswerFormSet = forms.modelformset_factory(
    ObjectionAnswer, form=ObjectionAnswerForm, extra=1, can_delete=True
)


def _value_of(rule: Rule) -> str:
    key, _label = PARAMETER_NAMES.get(rule.kind, ("", ""))
    value = rule.parameters.get(key, "")
    return ", ".join(str(item) for item in value) if isinstance(value, list) else str(value)


class RuleForm(forms.Form):
    """One rule: its kind and one value, read per kind (a number, or codes separated by commas)."""

    # An empty first choice: the extra rows left untouched are left out, not refused.
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *RuleKind.choices])
    value = forms.CharField(
        label=_("Value"),
        max_length=2000,
        help_text=_(
            "A number; or, for lists, codes separated by commas "
            "(activity codes, or country codes such as BY, RU)."
        ),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind, value = cleaned.get("kind"), cleaned.get("value")
        if kind and value is not None:
            key, _label = PARAMETER_NAMES[kind]
            try:
                cleaned["parameters"] = clean_parameters(kind, {key: value})
            except ValidationError as error:
                self.add_error("value", error)
        return cleaned


class BaseRuleFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, version: RuleSetVersion, **kwargs: Any) -> None:
        self.version = version
        super().__init__(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.version.is_published:
            raise ValidationError(
                _("This version is published and cannot change; make a new version from it.")
            )
        if not self.rules():
            raise ValidationError(_("Keep at least one rule."))

    def rules(self) -> list[tuple[str, dict[str, Any]]]:
        """The kept rules in order; empty extra rows and rows ticked for deletion are left out."""
        return [
            (form.cleaned_data["kind"], form.cleaned_data["parameters"])
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and form.cleaned_data.get("parameters")
            and not form.cleaned_data.get("DELETE")
        ]


RuleFormSet = cast(
    type[BaseRuleFormSet],
    forms.formset_factory(RuleForm, formset=BaseRuleFormSet, extra=2, can_delete=True),
)


def rule_initial(version: RuleSetVersion) -> list[dict[str, Any]]:
    return [
        {"kind": rule.kind, "value": _value_of(rule)}
        for rule in version.rules.order_by("position", "id")
    ]


class RulesNotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PublishForm(forms.Form):
    effective_from = forms.DateField(
        label=_("Applies from"), widget=forms.DateInput(attrs={"type": "date"})
    )


class TryForm(forms.Form):
    """Facts typed in by hand, judged by the version in force on a chosen day."""

    on = forms.DateField(
        label=_("On the day"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    activity_types = forms.MultipleChoiceField(
        label=_("Activity types"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=activity_type_choices,
    )
    employees = forms.IntegerField(label=_("Employees"), required=False, min_value=0)
    revenue_abroad_percent = forms.DecimalField(
        label=_("Revenue from abroad, %"), required=False, min_value=0, max_value=100
    )
    state_owned_percent = forms.DecimalField(
        label=_("State-owned share, %"), required=False, min_value=0, max_value=100
    )
    country = forms.ChoiceField(
        label=_("Comes from"), required=False, choices=lambda: [("", "—"), *countries]
    )
    founded_year = forms.IntegerField(
        label=_("Founded in"), required=False, min_value=1800, max_value=2200
    )
    relocating_people = forms.IntegerField(
        label=_("People relocating"), required=False, min_value=0
    )

    def day(self) -> date:
        return self.cleaned_data.get("on") or timezone.localdate()

    def facts(self) -> ApplicantFacts:
        data = self.cleaned_data
        return ApplicantFacts(
            activity_types=frozenset(data.get("activity_types") or ()),
            employees=data.get("employees"),
            revenue_abroad_percent=data.get("revenue_abroad_percent"),
            state_owned_percent=data.get("state_owned_percent"),
            country=data.get("country") or "",
            founded_year=data.get("founded_year"),
            relocating_people=data.get("relocating_people"),
        )


class MakeOfferForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=OfferLanguage.choices)


class SendForm(forms.Form):
    to = forms.EmailField(label=_("To"))


class ComparisonForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=OfferLanguage.choices, required=False)
