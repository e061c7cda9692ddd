from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from softlanding.radar.enums import SignalType, SourceKind
from softlanding.radar.models import Source


class SourceForm(forms.ModelForm[Source]):
    url = forms.URLField(label=_("URL"), max_length=1000, required=False, assume_scheme="https")

    class Meta:
        model = Source
        fields = ["name", "kind", "url", "language", "country_focus", "interval_minutes", "enabled"]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("kind") != SourceKind.UPLOAD and not data.get("url"):
            self.add_error("url", _("A feed or page source needs a URL."))
        return data


class UploadForm(forms.Form):
    file = forms.FileField(label=_("HTML or text file"))


class ArticleFilterForm(forms.Form):
    country = forms.CharField(label=_("Country"), max_length=2, required=False)
    signal = forms.ChoiceField(
        label=pgettext_lazy("radar", "Signal"),
        choices=[("", "—"), *SignalType.choices],
        required=False,
    )
    source = forms.ModelChoiceField(
        label=_("Source"), queryset=Source.objects.only("id", "name"), required=False
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", "—"), ("en", "English"), ("ru", "Русский")],
        required=False,
    )

    def clean_country(self) -> str:
        return str(self.cleaned_data.get("country") or "").upper()


class SignalRuleForm(forms.Form):
    type = forms.ChoiceField(label=pgettext_lazy("radar", "Signal"), choices=SignalType.choices)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("en", "English"), ("ru", "Русский")]
    )
    terms = forms.CharField(
        label=_("Terms"),
        max_length=1000,
        help_text=_(
            "Comma-separated words or phrases that must all occur in one sentence; "
            "* at the end of a word matches any ending (протест*, shut* down); "
            "a | b | @lexicon offers choices for one term (@net_topic, blocked | throttl*)."
        ),
    )
    within = forms.IntegerField(
        label=_("Within words"),
        min_value=1,
        max_value=30,
        required=False,
        help_text=_(
            "The terms lie at most this many words apart (one clause). Empty: anywhere in the sentence."
        ),
    )
    unless = forms.CharField(
        label=_("Unless"),
        max_length=1000,
        required=False,
        help_text=_(
            "Comma-separated terms (or @lexicons) that stop the rule in a sentence holding any of them (@sport)."
        ),
    )
    weight = forms.FloatField(
        label=_("Weight"),
        min_value=0.05,
        max_value=1,
        initial=0.6,
        help_text=_("A sentence gives a signal at 0.5: a rule below that needs another rule."),
    )
    needs_tech = forms.BooleanField(label=_("Only near a company or tech word"), required=False)
    enabled = forms.BooleanField(label=_("Enabled"), required=False, initial=True)

    def clean_terms(self) -> str:
        from softlanding.radar.services import parse_rule_terms

        try:
            return ", ".join(parse_rule_terms(self.cleaned_data["terms"]))
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_unless(self) -> str:
        from softlanding.radar.services import parse_rule_terms

        try:
            return ", ".join(parse_rule_terms(self.cleaned_data["unless"], allow_empty=True))
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


class TryRulesForm(forms.Form):
    text = forms.CharField(
        label=_("Try the rules on a sentence"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
