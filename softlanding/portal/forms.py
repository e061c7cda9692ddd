from __future__ import annotations

from typing import Any

from django import forms
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils.translation import gettext_lazy as _

from softlanding.accounts.models import User
from softlanding.offers.eligibility import activity_type_choices
from softlanding.offers.queries import active_benefits
from softlanding.portal.enums import (
    FAMILY_RELATIONS,
    ApplicantKind,
    ApplicationStatus,
    DocumentKind,
    Relation,
)
from softlanding.portal.models import Application, RelocatingPerson
from softlanding.portal.widgets import QuickSelect


class StartForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Whom do you apply for?"), choices=ApplicantKind.choices, widget=forms.RadioSelect
    )


COMPANY_FIELDS = (
    "name",
    "legal_form",
    "country",
    "city",
    "website",
    "employees",
    "founded_year",
    "activity_types",
    "revenue_abroad_percent",
    "state_owned_percent",
    "description",
    "contact_phone",
)
INDIVIDUAL_FIELDS = (
    "name",
    "country",
    "city",
    "website",
    "activity_types",
    "description",
    "contact_phone",
)


class ApplicantForm(forms.ModelForm):
    """Step 1: the organisation, or the individual."""

    class Meta:
        model = Application
        fields = COMPANY_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "country": QuickSelect(cache_key="countries"),
        }

    activity_types = forms.MultipleChoiceField(
        label=_("Your activities"),
        choices=activity_type_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    website = forms.URLField(
        label=_("website"), required=False, max_length=300, assume_scheme="https"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        individual = self.instance.kind == ApplicantKind.INDIVIDUAL
        if individual:
            for name in set(COMPANY_FIELDS) - set(INDIVIDUAL_FIELDS):
                del self.fields[name]
            self.fields["name"].label = _("Your full name")
            self.fields["website"].label = _("Website or profile")
        else:
            self.fields["name"].label = _("Organisation name")
        self.fields["name"].required = True
        self.fields["country"].required = True
        self.fields["country"].label = _("Country you come from")


class BenefitsForm(forms.ModelForm):
    """Step: the benefits of the catalogue the applicant asks for."""

    class Meta:
        model = Application
        fields = ("benefits",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["benefits"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = active_benefits()
        field.widget = forms.CheckboxSelectMultiple()
        field.widget.choices = field.choices
        field.label = _("Benefits you ask for")


class PersonForm(forms.ModelForm):
    class Meta:
        model = RelocatingPerson
        fields = ("full_name", "birth_date", "citizenship", "job_title")
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}),
            "citizenship": QuickSelect(cache_key="countries"),
        }


class FamilyMemberForm(forms.ModelForm):
    # Blank choices first: a row left empty is skipped, not refused.
    relation = forms.ChoiceField(label=_("relation"), choices=[("", "—"), *FAMILY_RELATIONS])

    class Meta:
        model = RelocatingPerson
        fields = ("full_name", "relation", "family_of", "birth_date", "citizenship")
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}),
            "citizenship": QuickSelect(cache_key="countries"),
        }

    def __init__(self, *args: Any, specialists: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["family_of"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = specialists
        field.required = True
        field.empty_label = "—"


class _PeopleFormSet(BaseModelFormSet):
    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        self.application = application
        kwargs.setdefault("prefix", self.prefix_name)
        super().__init__(*args, **kwargs)

    prefix_name = "people"

    def save_for(self) -> None:
        for person in self.save(commit=False):
            person.application = self.application
            person.relation = Relation.SPECIALIST
            person.family_of = None
            person.save()
        for person in self.deleted_objects:
            person.delete()


class _FamilyFormSet(_PeopleFormSet):
    prefix_name = "family"

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(index),
            "specialists": self.application.people.filter(relation=Relation.SPECIALIST),
        }

    def save_for(self) -> None:
        for person in self.save(commit=False):
            person.application = self.application
            person.save()
        for person in self.deleted_objects:
            person.delete()


PeopleFormSet = modelformset_factory(
    RelocatingPerson,
    form=PersonForm,
    formset=_PeopleFormSet,
    extra=1,
    can_delete=True,
    max_num=200,
    validate_max=True,
)
FamilyFormSet = modelformset_factory(
    RelocatingPerson,
    form=FamilyMemberForm,
    formset=_FamilyFormSet,
    extra=1,
    can_delete=True,
    max_num=400,
    validate_max=True,
)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is it?"), choices=DocumentKind.choices, required=False)
    document = forms.IntegerField(required=False, widget=forms.HiddenInput)
    file = forms.FileField(
        label=_("File (PDF, JPEG or PNG)"),
        allow_empty_file=True,  # the service refuses an empty file with its own message
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class AnswerForm(forms.Form):
    request = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 3}))


# --------------------------------------------------------------------------- review


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=[
            ("", _("Open (submitted, in review, waiting for the applicant)")),
            ("all", _("All submitted")),
            *[c for c in ApplicationStatus.choices if c[0] != ApplicationStatus.DRAFT],
        ],
    )
    assignee = forms.ChoiceField(label=_("case officer"), required=False)
    country = forms.CharField(label=_("country"), required=False, max_length=2)

    def __init__(self, *args: Any, officers: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [  # type: ignore[attr-defined]
            ("", _("Anyone")),
            ("none", _("Nobody yet")),
            *[(str(user.pk), str(user)) for user in officers],
        ]

    def clean_country(self) -> str:
        return self.cleaned_data["country"].strip().upper()


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("case officer"), required=False)

    def __init__(self, *args: Any, officers: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [  # type: ignore[attr-defined]
            ("", _("Nobody")),
            *[(str(user.pk), str(user)) for user in officers],
        ]


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Internal comment (never shown to the applicant)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RequestInfoForm(forms.Form):
    question = forms.CharField(
        label=_("Question for the applicant"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (sent to the applicant)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
