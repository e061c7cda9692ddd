from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any, cast

import phonenumbers
from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from softlanding.accounts.enums import UserKind
from softlanding.accounts.models import User
from softlanding.core import list_filters
from softlanding.prospects.enums import SizeBand
from softlanding.prospects.models import Organization, Person, Tag


def _split_list(value: str) -> list[str]:
    return [item.strip() for item in value.replace(";", ",").split(",") if item.strip()]


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    return frozenset(str(code) for code in countries.countries)


class CountryCodeField(forms.CharField):
    """A country code, checked against the codes themselves.

    The list page writes its own country select (``queries.country_options``); a ChoiceField
    would normalise 250 translated choices on every request, about 8 ms of the page.
    """

    default_error_messages = {
        "invalid_choice": forms.ChoiceField.default_error_messages["invalid_choice"]
    }

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and value not in _country_codes():
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )


class KnownTagField(forms.ModelChoiceField):
    """A tag, found among the tags the page has loaded for its select before asking the
    database (one query less a request)."""

    known: dict[str, Tag]

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values:
            tag = getattr(self, "known", {}).get(str(value))
            if tag is not None:
                return tag
        return super().to_python(value)


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, any spelling"), required=False, max_length=200)
    country = CountryCodeField(label=_("Country"), required=False)
    size = forms.ChoiceField(label=_("Employees"), required=False)
    market = forms.CharField(label=_("Market"), required=False, max_length=60)
    tag = KnownTagField(
        label=_("Tag"), queryset=Tag.objects.all(), required=False, empty_label=_("Any tag")
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=User.objects.none(), required=False, empty_label=_("Anyone")
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("score", _("Score")), ("name", _("Name")), ("newest", _("Newest"))],
    )

    def __init__(self, *args: Any, tags: Iterable[Tag] = (), **kwargs: Any) -> None:
        """``tags``: tags already loaded (the page's select), looked up before the database."""
        super().__init__(*args, **kwargs)
        cast(KnownTagField, self.fields["tag"]).known = {str(tag.pk): tag for tag in tags}
        cast(forms.ChoiceField, self.fields["size"]).choices = [
            ("", _("Any size")),
            *SizeBand.choices,
        ]
        staff = User.objects.filter(kind=UserKind.STAFF, is_active=True)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = staff.order_by(
            "first_name", "email"
        )
        # Filters other parts add (outreach: the stage).
        for extra in list_filters.filters_for("organization"):
            self.fields[extra.name] = forms.ChoiceField(
                label=extra.label,
                required=False,
                choices=[("", extra.any_label), *extra.choices()],
            )

    def extra_filters(self) -> dict[str, str]:
        """The values of the filters other parts add, by name (valid form only)."""
        return {
            extra.name: value
            for extra in list_filters.filters_for("organization")
            if (value := self.cleaned_data.get(extra.name))
        }


class OrganizationForm(forms.ModelForm):
    # A website typed without a scheme is https.
    website = forms.URLField(
        label=_("Website"), required=False, max_length=300, assume_scheme="https"
    )
    aliases = forms.CharField(
        label=_("Other names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: spellings in another script, former names."),
    )
    markets_text = forms.CharField(
        label=_("Markets served"), required=False, help_text=_("Comma-separated, e.g. US, EU, UK")
    )
    specialities_text = forms.CharField(
        label=_("Specialities and stack"), required=False, help_text=_("Comma-separated")
    )
    tags_text = forms.CharField(label=_("Tags"), required=False, help_text=_("Comma-separated"))

    class Meta:
        model = Organization
        fields = [
            "name",
            "legal_form",
            "country",
            "city",
            "website",
            "employees",
            "founded",
            "owner",
            "notes",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = User.objects.filter(
            kind=UserKind.STAFF, is_active=True
        )
        if self.instance.pk:
            self.fields["aliases"].initial = "\n".join(
                self.instance.aliases.values_list("name", flat=True)
            )
            self.fields["markets_text"].initial = ", ".join(self.instance.markets)
            self.fields["specialities_text"].initial = ", ".join(self.instance.specialities)
            self.fields["tags_text"].initial = ", ".join(
                self.instance.tags.values_list("name", flat=True)
            )

    def clean_founded(self) -> int | None:
        founded = self.cleaned_data.get("founded")
        if founded is not None and not 1900 <= founded <= 2100:
            raise forms.ValidationError(_("Enter a year between 1900 and 2100."))
        return founded

    def structured(self) -> dict[str, Any]:
        data = {field: self.cleaned_data[field] for field in self.Meta.fields}
        data["markets"] = _split_list(self.cleaned_data["markets_text"])
        data["specialities"] = _split_list(self.cleaned_data["specialities_text"])
        return data

    def alias_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["aliases"].splitlines() if line.strip()]

    def tag_names(self) -> list[str]:
        return _split_list(self.cleaned_data["tags_text"])


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "first_name_cyrillic",
            "last_name_cyrillic",
            "job_title",
            "email",
            "phone",
            "country",
            "lawful_basis",
            "consent_to_contact",
            "consent_source",
        ]

    def clean_phone(self) -> str:
        raw = self.cleaned_data.get("phone", "").strip()
        if not raw:
            return ""
        region = str(self.cleaned_data.get("country") or self.data.get("country") or "") or None
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            raise forms.ValidationError(_("This is not a phone number.")) from None
        if not phonenumbers.is_valid_number(number):
            raise forms.ValidationError(_("This phone number is not valid for its country."))
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(
            cleaned.get(f)
            for f in ("first_name", "last_name", "first_name_cyrillic", "last_name_cyrillic")
        ):
            raise forms.ValidationError(_("Give the person's name in Latin or Cyrillic letters."))
        if cleaned.get("consent_to_contact") and not cleaned.get("consent_source"):
            self.add_error(
                "consent_source", _("Say where and how the person agreed to be contacted.")
            )
        return cleaned


class WeightsForm(forms.Form):
    weights = forms.JSONField(label=_("Weights"), widget=forms.Textarea(attrs={"rows": 18}))

    def clean_weights(self) -> dict[str, Any]:
        weights = self.cleaned_data["weights"]
        if not isinstance(weights, dict):
            raise forms.ValidationError(_("The weights must be a JSON object."))
        for key in ("size", "markets", "specialities", "countries"):
            table = weights.get(key, {})
            if not isinstance(table, dict) or not all(
                isinstance(v, int | float) for v in table.values()
            ):
                raise forms.ValidationError(
                    _("“%(key)s” must map names to numbers.") % {"key": key}
                )
        return weights


class SavedFilterForm(forms.Form):
    name = forms.CharField(label=_("Name this filter"), max_length=120)


class ErasureForm(forms.Form):
    """Why a person is being erased. Kept in the erasure's audit entry, after they are gone."""

    reason = forms.CharField(
        label=_("The request"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "When and how the person asked, e.g. “e-mail of 2 December 2026, ticket 118”. "
            "Do not write their name or contacts here: this text is kept after they are erased."
        ),
    )
    confirm = forms.BooleanField(
        label=_("I understand that this cannot be undone."),
        required=True,
    )
