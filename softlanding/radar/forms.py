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
