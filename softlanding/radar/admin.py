from django.contrib import admin

from softlanding.radar.models import SignalRule, Source


@admin.register(SignalRule)
class SignalRuleAdmin(admin.ModelAdmin[SignalRule]):
    """Analysts' own rules, merged with the bundled ones at the next poll."""

    list_display = ("type", "language", "terms", "weight", "needs_tech", "enabled")
    list_filter = ("type", "language", "enabled")
    search_fields = ("terms",)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin[Source]):
    list_display = ("name", "kind", "url", "enabled", "last_status", "last_polled_at")
    list_filter = ("kind", "enabled", "last_status")
