"""Sources, the articles read from them, what the articles mention and signal, the push index."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from softlanding.radar.enums import (
    CandidateStatus,
    MentionKind,
    SignalType,
    SourceKind,
    SourceStatus,
)


class SourceQuerySet(models.QuerySet["Source"]):
    def due(self, now: object) -> SourceQuerySet:
        """Enabled sources whose next poll time has come (uploads are never polled)."""
        return self.filter(enabled=True, next_poll_at__lte=now).exclude(kind=SourceKind.UPLOAD)


class Source(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=SourceKind.choices)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    country_focus = CountryField(_("country focus"), blank=True)
    interval_minutes = models.PositiveIntegerField(_("polling interval (minutes)"), default=60)
    enabled = models.BooleanField(_("enabled"), default=True)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    next_poll_at = models.DateTimeField(_("next poll"), null=True, blank=True)
    last_status = models.CharField(
        _("last status"), max_length=16, choices=SourceStatus.choices, default=SourceStatus.NEVER
    )
    last_error = models.TextField(_("last error"), blank=True)
    failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    articles_found = models.PositiveIntegerField(_("articles stored"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name"]
        indexes = [models.Index(fields=["enabled", "next_poll_at"], name="radar_source_due")]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    url = models.URLField(_("URL"), max_length=2000, blank=True)
    url_key = models.CharField(max_length=64, blank=True)
    canonical_url = models.URLField(_("canonical URL"), max_length=2000, blank=True)
    canonical_key = models.CharField(max_length=64, blank=True)
    content_hash = models.CharField(
        max_length=64, help_text="hash of the normalised text: the same story stored once"
    )
    simhash = models.BigIntegerField(
        null=True, blank=True, help_text="64-bit simhash of word trigrams: near-identical texts"
    )
    title = models.CharField(_("title"), max_length=500, blank=True)
    author = models.CharField(_("author"), max_length=300, blank=True)
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=8, blank=True)
    published = models.DateField(_("published"), null=True, blank=True)
    day = models.DateField(_("day"), help_text="published, or fetched when the page has no date")
    countries = models.JSONField(_("countries"), default=list, blank=True)
    fetched_at = models.DateTimeField(_("fetched"), auto_now_add=True)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(
                fields=["url_key"], condition=~models.Q(url_key=""), name="radar_article_url_unique"
            ),
            models.UniqueConstraint(fields=["content_hash"], name="radar_article_content_unique"),
        ]
        indexes = [
            models.Index(fields=["-day", "-id"], name="radar_article_day"),
            models.Index(fields=["language", "-day", "-id"], name="radar_article_lang_day"),
            models.Index(fields=["source", "-day", "-id"], name="radar_article_source_day"),
            models.Index(fields=["canonical_key"], name="radar_article_canonical"),
        ]

    def __str__(self) -> str:
        return self.title or self.url

    def get_absolute_url(self) -> str:
        return reverse("radar:article_detail", args=[self.pk])


class Mention(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    kind = models.CharField(_("kind"), max_length=16, choices=MentionKind.choices)
    organization = models.ForeignKey(
        "prospects.Organization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="radar_mentions",
    )
    person = models.ForeignKey(
        "prospects.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="radar_mentions",
    )
    country = models.CharField(_("country"), max_length=2, blank=True)
    surface = models.CharField(_("as written"), max_length=300)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    day = models.DateField()

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        indexes = [
            models.Index(fields=["organization", "-day"], name="radar_mention_org_day"),
            models.Index(fields=["person", "-day"], name="radar_mention_person_day"),
            models.Index(fields=["country", "-day", "article"], name="radar_mention_country_day"),
            models.Index(fields=["article", "start"], name="radar_mention_article"),
        ]

    def __str__(self) -> str:
        return self.surface


class Signal(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="signals")
    type = models.CharField(
        pgettext_lazy("radar", "signal"), max_length=32, choices=SignalType.choices
    )
    country = models.CharField(_("country"), max_length=2, blank=True)
    evidence = models.TextField(_("evidence"))
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)
    confidence = models.FloatField(_("confidence"))
    organizations = models.JSONField(_("organisations"), default=list, blank=True)
    day = models.DateField()

    class Meta:
        verbose_name = pgettext_lazy("radar", "signal")
        verbose_name_plural = pgettext_lazy("radar", "signals")
        indexes = [
            # The country page: its latest signals, a page of rows read in order.
            models.Index(fields=["country", "-day", "-id"], name="radar_signal_country_latest"),
            models.Index(fields=["type", "-day"], name="radar_signal_type_day"),
            models.Index(fields=["article"], name="radar_signal_article"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.country}"


class ArticleKey(models.Model):
    """What the article list filters on, one row per article and key, in list order.

    Keys: ``c:BY`` (names Belarus), ``s:relocation`` (carries that signal), ``cs:BY:relocation``
    (that signal in that country). The list walks one key's index in (day, article) order and
    stops at a page, however rare or common the key: 1M articles, any filter, one index range.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=48)
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "article"], name="radar_articlekey_unique")
        ]
        indexes = [
            models.Index(fields=["key", "-day", "-article"], name="radar_articlekey_list"),
        ]

    def __str__(self) -> str:
        return self.key


def article_keys(countries: list[str], signals: list[tuple[str, str]]) -> list[str]:
    """The list keys of an article naming ``countries`` and carrying (type, country) signals."""
    keys = {f"c:{c}" for c in countries}
    keys |= {f"s:{t}" for t, _c in signals}
    keys |= {f"cs:{c}:{t}" for t, c in signals if c}
    return sorted(keys)


class SignalRule(models.Model):
    """A rule an analyst adds to the bundled ones: all terms in one sentence → a signal."""

    type = models.CharField(
        pgettext_lazy("radar", "signal"), max_length=32, choices=SignalType.choices
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    terms = models.CharField(
        _("terms"),
        max_length=1000,
        help_text=_(
            "Comma-separated words or phrases; * at the end matches any ending; "
            "a | b for choices, @name for a bundled lexicon."
        ),
    )
    weight = models.FloatField(_("weight"), default=0.6)
    needs_tech = models.BooleanField(_("only near a company or tech word"), default=False)
    # The terms lie at most this many words apart (one clause); null: anywhere in the sentence.
    within = models.PositiveSmallIntegerField(_("within words"), null=True, blank=True)
    unless = models.CharField(
        _("unless"),
        max_length=1000,
        blank=True,
        help_text=_("Terms that stop the rule when the sentence holds any of them."),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The analyzer's cache key: an edited rule rebuilds every process's analyzer.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("signal rule")
        verbose_name_plural = _("signal rules")
        ordering = ["type", "id"]

    def __str__(self) -> str:
        return f"{self.type}: {self.terms}"


class CandidateProspect(models.Model):
    """A name an article mentions that the registry does not track yet, for a scout to review."""

    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=MentionKind.choices)
    name_key = models.CharField(max_length=300)
    sentence = models.TextField(_("sentence"))
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="candidates")
    country = models.CharField(_("country"), max_length=2, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.NEW
    )
    organization = models.ForeignKey(
        "prospects.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    person = models.ForeignKey(
        "prospects.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # How many stored articles named it, and when the latest did: a name in one article is
    # often noise, one that keeps coming back is worth a scout's call. The sentence and
    # article stay those of the first sighting.
    articles_seen = models.PositiveIntegerField(_("articles"), default=1)
    last_seen_at = models.DateTimeField(
        pgettext_lazy("candidate", "last seen"), default=timezone.now
    )

    class Meta:
        verbose_name = _("candidate prospect")
        verbose_name_plural = _("candidate prospects")
        constraints = [
            models.UniqueConstraint(fields=["kind", "name_key"], name="radar_candidate_unique")
        ]
        indexes = [
            # The inbox's order (the names most articles mention first), and its counts.
            models.Index(
                fields=["status", "-articles_seen", "-last_seen_at", "-id"],
                name="radar_candidate_seen",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PushIndex(models.Model):
    """One country's push index on one day, recomputed from the day's signals."""

    country = models.CharField(_("country"), max_length=2)
    day = models.DateField(_("day"))
    raw = models.FloatField(_("weighted articles"), default=0)
    counts = models.JSONField(_("articles per signal"), default=dict)
    value = models.FloatField(_("push index"), default=0)
    zscore = models.FloatField(_("jump (z-score)"), default=0)
    alert = models.BooleanField(_("alert"), default=False)

    class Meta:
        verbose_name = _("push index")
        verbose_name_plural = _("push index")
        constraints = [
            models.UniqueConstraint(fields=["country", "day"], name="radar_pushindex_unique")
        ]
        indexes = [models.Index(fields=["alert", "-day"], name="radar_pushindex_alerts")]

    def __str__(self) -> str:
        return f"{self.country} {self.day}: {self.value:.1f}"


class FetchHost(models.Model):
    """When the next request to a host may be sent: the per-host delay, shared by all workers."""

    host = models.CharField(max_length=255, unique=True)
    next_request_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.host
