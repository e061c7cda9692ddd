"""Filters for the offer PDFs."""

from __future__ import annotations

from datetime import date

from django import template

register = template.Library()


@register.filter
def iso_date(value: object) -> date | object:
    """A date kept as ISO text in an offer's snapshot, as a date for ``|date`` to write in the
    reader's language ("2 декабря 2026 г."); anything else is left as it is."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value
