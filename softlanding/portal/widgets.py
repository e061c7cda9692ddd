"""A select of many fixed options rendered in Python, once per language.

Through the template engine each ``<option>`` costs a template render: a people formset with a
citizenship select per row (250 countries, plus the empty row and its template) took most of a
100 ms page. The options of one ``cache_key`` are built once per language and the chosen one is
marked by a string replacement.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language


class QuickSelect(forms.Select):
    _built: ClassVar[dict[tuple[str, str], str]] = {}

    def __init__(self, *args: Any, cache_key: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cache_key = cache_key

    def _options(self) -> str:
        key = (self.cache_key, get_language() or "")
        built = self._built.get(key)
        if built is None:
            built = "".join(
                str(format_html('<option value="{}">{}</option>', value, label))
                for value, label in self.choices
            )
            self._built[key] = built
        return built

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        options = self._options()
        chosen = self.format_value(value)
        if chosen and chosen[0] != "":
            plain = str(format_html('<option value="{}">', chosen[0]))
            options = options.replace(
                plain, str(format_html('<option value="{}" selected>', chosen[0])), 1
            )
        return mark_safe(f"<select{flatatt(final)}>{options}</select>")
