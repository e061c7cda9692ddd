"""Radar screens: overview, sources, articles, an article, a country, the candidate inbox."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Final

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_countries import countries as country_names

from softlanding.accounts.access import AuthenticatedHttpRequest, public_view, staff_view
from softlanding.core.paging import page_of
from softlanding.radar import queries, rendering, services
from softlanding.radar.charts import index_chart
from softlanding.radar.enums import CandidateStatus, SignalType, SourceKind
from softlanding.radar.forms import (
    ArticleFilterForm,
    SignalRuleForm,
    SourceForm,
    TryRulesForm,
    UploadForm,
)
from softlanding.radar.models import (
    Article,
    CandidateProspect,
    Mention,
    PushIndex,
    Signal,
    SignalRule,
    Source,
)

VIEW = "accounts.view_radar"
MANAGE = "accounts.manage_sources"
EDIT_PROSPECTS = "accounts.edit_prospects"
PAGE_SIZE = 50
CHART_DAYS = 90


@staff_view(VIEW)
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = queries.latest_index()
    return render(
        request,
        "radar/index.html",
        {
            "rows": [(row, country_names.name(row.country) or row.country) for row in rows],
            "strike_now": services.strike_now(),
            "new_candidates": CandidateProspect.objects.filter(status=CandidateStatus.NEW).count(),
        },
    )


@staff_view(VIEW)
@require_GET
def source_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "radar/source_list.html",
        {
            "sources": Source.objects.order_by("name"),
            "can_manage": request.user.has_perm(MANAGE),
        },
    )


@staff_view(MANAGE)
@require_http_methods(["GET", "POST"])
def source_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.create_source(
            name=data["name"],
            kind=data["kind"],
            url=data["url"],
            language=data["language"],
            country_focus=str(data["country_focus"] or ""),
            interval_minutes=data["interval_minutes"],
            enabled=data["enabled"],
            by=request.user,
        )
        messages.success(request, _("Source added."))
        return redirect("radar:source_list")
    return render(request, "radar/source_form.html", {"form": form})


@staff_view(MANAGE)
@require_POST
def source_poll(request: AuthenticatedHttpRequest, source_pk: int) -> HttpResponse:
    """Queue one poll of a source now; its status shows when the worker is done."""
    from softlanding.radar.tasks import poll_source_task

    source = get_object_or_404(Source, pk=source_pk)
    poll_source_task.enqueue(source.pk)
    messages.success(request, _("Polling %(source)s.") % {"source": source.name})
    return redirect("radar:source_list")


@staff_view(MANAGE)
@require_http_methods(["GET", "POST"])
def source_upload(request: AuthenticatedHttpRequest, source_pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=source_pk, kind=SourceKind.UPLOAD)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            form.add_error("file", _("The file is larger than 5 MB."))
        else:
            try:
                article = services.upload_article(source=source, content=upload.read())
            except ValueError as error:
                form.add_error("file", str(error))
            else:
                if article is None:
                    messages.info(request, _("This article is stored already."))
                    return redirect("radar:article_list")
                return redirect(article)
    return render(request, "radar/upload.html", {"form": form, "source": source})


@staff_view(VIEW)
@require_GET
def article_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ArticleFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    paged = page_of(request, queries.filtered_articles(filters), PAGE_SIZE)
    articles = paged["rows"]
    types = queries.signal_types_by_article([a.pk for a in articles])
    chosen = {key: str(value) for key, value in request.GET.items()}
    return render(
        request,
        "radar/article_list.html",
        {
            "filters": chosen,
            "signal_options": rendering.options(SignalType.choices, chosen.get("signal", "")),
            "source_options": rendering.options(
                Source.objects.order_by("name").values_list("id", "name"),
                chosen.get("source", ""),
            ),
            "language_options": rendering.options(
                [("en", "English"), ("ru", "Русский")], chosen.get("language", "")
            ),
            "rows": rendering.article_rows(articles, types),
            "empty": not articles,
            "page": paged["page"],
            "previous_url": paged["previous_url"],
            "next_url": paged["next_url"],
        },
    )


@staff_view(VIEW)
@require_GET
def article_detail(request: AuthenticatedHttpRequest, article_pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("source"), pk=article_pk)
    mentions = list(
        Mention.objects.filter(article=article)
        .select_related("organization", "person")
        .order_by("start")
    )
    signals = list(Signal.objects.filter(article=article).order_by("-confidence"))
    return render(
        request,
        "radar/article_detail.html",
        {
            "article": article,
            "text": queries.highlighted(article, mentions, signals),
            "signals": signals,
            "organizations": {m.organization for m in mentions if m.organization},
            "people": {m.person for m in mentions if m.person},
            "candidates": CandidateProspect.objects.filter(article=article),
        },
    )


@staff_view(VIEW)
@require_GET
def country_detail(request: AuthenticatedHttpRequest, country: str) -> HttpResponse:
    country = country.upper()
    name = country_names.name(country)
    if not name:
        raise Http404
    end = timezone.localdate()
    start = end - timedelta(days=CHART_DAYS - 1)
    rows = list(
        PushIndex.objects.filter(country=country, day__gte=start, day__lte=end).order_by("day")
    )
    chart = index_chart(
        [(r.day, r.raw, r.value, r.alert) for r in rows],
        start=start,
        end=end,
        title=_("Push index of %(country)s, last %(days)d days")
        % {"country": name, "days": CHART_DAYS},
    )
    signals = (
        Signal.objects.filter(country=country)
        .select_related("article")
        .only("id", "type", "evidence", "confidence", "day", "article__id", "article__title")
        .order_by("-day", "-id")[:30]
    )
    return render(
        request,
        "radar/country_detail.html",
        {
            "country": country,
            "name": name,
            "chart": chart,
            "latest": rows[-1] if rows else None,
            "signals": signals,
            "strike_now": [o for o in services.strike_now() if str(o.country) == country],
        },
    )


#: "Seen in at least N articles": the inbox's filter against one-off names.
CANDIDATE_SEEN_CHOICES: Final = ("1", "2", "3", "5", "10")


@staff_view(VIEW)
@require_GET
def candidate_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    status = request.GET.get("status", CandidateStatus.NEW)
    if status not in CandidateStatus.values:
        status = CandidateStatus.NEW
    seen = request.GET.get("seen", "")
    least = int(seen) if seen in CANDIDATE_SEEN_CHOICES else 1
    rows = CandidateProspect.objects.filter(status=status)
    if least > 1:
        rows = rows.filter(articles_seen__gte=least)
    rows = (
        rows.select_related("article")
        .only(
            "id",
            "name",
            "kind",
            "sentence",
            "country",
            "status",
            "articles_seen",
            "last_seen_at",
            "article__id",
            "article__title",
        )
        # The names most articles mention first (index radar_candidate_seen).
        .order_by("-articles_seen", "-last_seen_at", "-id")
    )
    paged = page_of(request, rows, PAGE_SIZE)
    return render(
        request,
        "radar/candidate_list.html",
        {
            "candidates": paged["rows"],
            "status": status,
            "statuses": CandidateStatus.choices,
            "seen": str(least),
            "seen_choices": CANDIDATE_SEEN_CHOICES,
            "can_decide": request.user.has_perm(EDIT_PROSPECTS),
            "page": paged["page"],
            "previous_url": paged["previous_url"],
            "next_url": paged["next_url"],
        },
    )


def _new_candidate(pk: int) -> CandidateProspect:
    return get_object_or_404(CandidateProspect, pk=pk, status=CandidateStatus.NEW)


@staff_view(VIEW, EDIT_PROSPECTS)
@require_POST
def candidate_accept(request: AuthenticatedHttpRequest, radar_candidate_pk: int) -> HttpResponse:
    candidate = services.accept_candidate(_new_candidate(radar_candidate_pk), by=request.user)
    record: Any = candidate.organization or candidate.person
    messages.success(request, _("%(name)s added to the registry.") % {"name": candidate.name})
    return redirect(record)


@staff_view(VIEW, EDIT_PROSPECTS)
@require_POST
def candidate_reject(request: AuthenticatedHttpRequest, radar_candidate_pk: int) -> HttpResponse:
    candidate = _new_candidate(radar_candidate_pk)
    services.reject_candidate(candidate, by=request.user)
    messages.info(request, _("%(name)s rejected.") % {"name": candidate.name})
    return redirect("radar:candidate_list")


@staff_view(VIEW)
@require_GET
def rule_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The bundled rules (read-only), the analysts' own, and a box to try them on a sentence."""
    try_form = TryRulesForm(request.GET if "text" in request.GET else None)
    tried = (
        services.try_signal_rules(try_form.cleaned_data["text"]) if try_form.is_valid() else None
    )
    labels = dict(SignalType.choices)
    return render(
        request,
        "radar/rule_list.html",
        {
            "own": SignalRule.objects.order_by("type", "id"),
            "bundled": [
                (number, labels.get(rule.type, rule.type), rule)
                for number, rule in enumerate(services.bundled_signal_rules(), start=1)
            ],
            "lexicons": services.signal_lexicons(),
            "dampers": services.signal_dampers(),
            "try_form": try_form,
            "tried": [
                (
                    firing,
                    names,
                    [(labels.get(t, t), f"{v:.2f}") for t, v in firing.scores.items()],
                )
                for firing, names in tried or []
            ],
            "tried_any": tried is not None,
            "can_manage": request.user.has_perm(MANAGE),
        },
    )


def _rule_form(request: AuthenticatedHttpRequest, rule: SignalRule | None) -> HttpResponse:
    initial = (
        {
            "type": rule.type,
            "language": rule.language,
            "terms": rule.terms,
            "weight": rule.weight,
            "needs_tech": rule.needs_tech,
            "enabled": rule.enabled,
            "within": rule.within,
            "unless": rule.unless,
        }
        if rule
        else None
    )
    form = SignalRuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_signal_rule(rule=rule, by=request.user, **form.cleaned_data)
        except ValueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Rule saved. The analysis uses it from the next article on."),
            )
            return redirect("radar:rule_list")
    return render(request, "radar/rule_form.html", {"form": form, "rule": rule})


@staff_view(MANAGE)
@require_http_methods(["GET", "POST"])
def rule_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _rule_form(request, None)


@staff_view(MANAGE)
@require_http_methods(["GET", "POST"])
def rule_edit(request: AuthenticatedHttpRequest, signal_rule_pk: int) -> HttpResponse:
    return _rule_form(request, get_object_or_404(SignalRule, pk=signal_rule_pk))


@staff_view(MANAGE)
@require_POST
def rule_toggle(request: AuthenticatedHttpRequest, signal_rule_pk: int) -> HttpResponse:
    rule = get_object_or_404(SignalRule, pk=signal_rule_pk)
    services.set_signal_rule_enabled(rule, enabled=not rule.enabled)
    messages.success(
        request,
        _("Rule #%(pk)d enabled.") % {"pk": rule.pk}
        if rule.enabled
        else _("Rule #%(pk)d disabled.") % {"pk": rule.pk},
    )
    return redirect("radar:rule_list")


# --- the demo's own news site (its URLs exist only in the demo) ---------------------------


@public_view
@require_GET
def demo_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """An RSS feed of texts written for the demo."""
    from softlanding.radar import demo

    body = demo.feed_xml(
        slug,
        request.build_absolute_uri("/").rstrip("/"),
        lambda item: request.build_absolute_uri(reverse("radar:demo_article", args=[item])),
    )
    if body is None:
        raise Http404
    return HttpResponse(body, content_type="application/rss+xml; charset=utf-8")


@public_view
@require_GET
def demo_article(request: HttpRequest, slug: str) -> HttpResponse:
    """A demo article page, with a menu and a footer for extraction to drop."""
    from softlanding.radar import demo

    body = demo.article_html(slug)
    if body is None:
        raise Http404
    return HttpResponse(body, content_type="text/html; charset=utf-8")
