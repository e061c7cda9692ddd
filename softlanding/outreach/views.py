"""Outreach screens: my day, campaigns and their boards, opportunities, logging, e-mail, funnel."""

from __future__ import annotations

import csv
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from softlanding.accounts.access import AuthenticatedHttpRequest, staff_view
from softlanding.core.audit import history_of
from softlanding.core.paging import page_of
from softlanding.core.panels import render_panels
from softlanding.outreach import queries, services
from softlanding.outreach.charts import bar_chart
from softlanding.outreach.enums import Outcome, Stage
from softlanding.outreach.forms import (
    ActivityForm,
    CampaignForm,
    EmailForm,
    EmailTemplateForm,
    MoveForm,
    ObjectionFormSet,
    OpportunityFilterForm,
    OpportunityForm,
)
from softlanding.outreach.models import (
    Activity,
    Campaign,
    EmailTemplate,
    Objection,
    Opportunity,
    StageChange,
)
from softlanding.prospects.importing.cells import neutralise_cell
from softlanding.prospects.models import Organization
from softlanding.prospects.queries import filtered_organizations

VIEW = "accounts.view_outreach"
LOG = "accounts.log_outreach"
MANAGE = "accounts.manage_campaigns"
PAGE_SIZE = 50


def _form_errors(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- my day --------------------------------------------------------------------------------


@staff_view(VIEW)
@require_GET
def my_day(request: AuthenticatedHttpRequest) -> HttpResponse:
    day = queries.my_day(request.user)
    # The quick-log form repeats under every follow-up: its choices are built once here.
    outcomes = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if value == Outcome.REACHED else "", label)
            for value, label in Outcome.choices
        ),
    )
    objections = format_html(
        '<option value="">—</option>{}',
        format_html_join(
            "",
            '<option value="{}">{}</option>',
            ((o.pk, o.label) for o in Objection.objects.filter(is_active=True)),
        ),
    )
    return render(
        request,
        "outreach/my_day.html",
        {
            "day": day,
            "can_log": request.user.has_perm(LOG),
            "outcome_options": outcomes,
            "objection_options": objections,
        },
    )


@staff_view(LOG)
@require_POST
def follow_up_log(request: AuthenticatedHttpRequest, activity_pk: int) -> HttpResponse:
    """One-click logging from My day: the call answers the follow-up it came from."""
    follow_up = get_object_or_404(
        Activity.objects.select_related("opportunity", "organization", "person"),
        pk=activity_pk,
        follow_up_owner=request.user,
    )
    form = ActivityForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("outreach:my_day")
    try:
        _log(request, form, opportunity=follow_up.opportunity, follow_up=follow_up)
    except ValidationError as error:
        messages.error(request, _form_errors(error))
    else:
        messages.success(request, _("Logged. The follow-up is off your list."))
    return redirect("outreach:my_day")


@staff_view(LOG)
@require_POST
def follow_up_done(request: AuthenticatedHttpRequest, activity_pk: int) -> HttpResponse:
    follow_up = get_object_or_404(Activity, pk=activity_pk, follow_up_owner=request.user)
    services.complete_follow_up(follow_up, by=request.user)
    messages.success(request, _("The follow-up is off your list."))
    return redirect("outreach:my_day")


def _log(
    request: AuthenticatedHttpRequest,
    form: ActivityForm,
    *,
    opportunity: Opportunity | None,
    follow_up: Activity | None = None,
) -> Activity:
    data = form.cleaned_data
    heard = [
        services.ObjectionHeard(
            objection=objection, note=data["objection_note"], destination=data["destination"]
        )
        for objection in data["objections"]
    ]
    return services.log_activity(
        by=request.user,
        kind=data["kind"],
        direction=data["direction"],
        outcome=data["outcome"] or "",
        occurred_at=data["occurred_at"],
        time_zone=data["time_zone"],
        opportunity=opportunity,
        organization=follow_up.organization if follow_up and not opportunity else None,
        person=follow_up.person if follow_up else None,
        duration_minutes=data["duration_minutes"],
        notes=data["notes"],
        follow_up_on=data["follow_up_on"],
        objections=heard,
        completes=follow_up,
    )


# --- campaigns -----------------------------------------------------------------------------


@staff_view(VIEW)
@require_GET
def campaign_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    archived = request.GET.get("archived") == "1"
    campaigns = (
        Campaign.objects.filter(is_archived=archived)
        .select_related("lead")
        .order_by(F("starts_on").desc(nulls_last=True), "-id")[:200]
    )
    return render(
        request,
        "outreach/campaign_list.html",
        {"campaigns": campaigns, "archived": archived, "can_manage": request.user.has_perm(MANAGE)},
    )


@staff_view(MANAGE)
@require_http_methods(["GET", "POST"])
def campaign_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        team = data.pop("team")
        campaign = services.create_campaign(by=request.user, team=team, **data)
        messages.success(request, _("Campaign created."))
        return redirect(campaign)
    return render(request, "outreach/campaign_form.html", {"form": form})


@staff_view(MANAGE)
@require_http_methods(["GET", "POST"])
def campaign_edit(request: AuthenticatedHttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_pk)
    form = CampaignForm(request.POST or None, instance=Campaign.objects.get(pk=campaign.pk))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        team = data.pop("team", None)
        services.update_campaign(campaign, by=request.user, team=team, **data)
        messages.success(request, _("Campaign saved."))
        return redirect(campaign)
    return render(request, "outreach/campaign_form.html", {"form": form, "campaign": campaign})


@staff_view(VIEW)
@require_GET
def campaign_board(request: AuthenticatedHttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_pk)
    return render(request, "outreach/board.html", _board_context(request, campaign))


def _board_context(request: AuthenticatedHttpRequest, campaign: Campaign) -> dict[str, Any]:
    columns = queries.board(campaign)
    return {
        "campaign": campaign,
        "columns": columns,
        "total": sum(column.count for column in columns),
        "can_move": request.user.has_perm(LOG),
    }


@staff_view(VIEW)
@require_GET
def board_column(request: AuthenticatedHttpRequest, campaign_pk: int, stage: str) -> HttpResponse:
    """More cards of one column (htmx), after the ones shown."""
    campaign = get_object_or_404(Campaign, pk=campaign_pk)
    if stage not in Stage.values:
        raise Http404
    try:
        offset = max(0, min(int(request.GET.get("offset", "0")), 1_000_000))
    except ValueError:
        offset = 0
    count = queries.stage_counts(campaign).get(stage, 0)
    cards = queries.column_cards(campaign, Stage(stage), offset=offset)
    column = queries.Column(stage=Stage(stage), count=count, cards=cards, offset=offset)
    return render(
        request,
        "outreach/_column_cards.html",
        {
            "campaign": campaign,
            "column": column,
            "can_move": request.user.has_perm(LOG),
        },
    )


@staff_view(MANAGE)
@require_POST
def campaign_add_segment(request: AuthenticatedHttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.select_related("segment"), pk=campaign_pk)
    try:
        added = services.add_segment(campaign, by=request.user)
    except ValidationError as error:
        messages.error(request, _form_errors(error))
    else:
        messages.success(
            request,
            _("%(count)d organisations of the segment are in the campaign now.") % {"count": added},
        )
    return redirect(campaign)


@staff_view(LOG)
@require_http_methods(["GET", "POST"])
def campaign_add(request: AuthenticatedHttpRequest, campaign_pk: int) -> HttpResponse:
    """Find organisations in any spelling and put them into the campaign."""
    campaign = get_object_or_404(Campaign, pk=campaign_pk)
    if request.method == "POST":
        organization = get_object_or_404(
            Organization.objects.active(), pk=request.POST.get("organization")
        )
        try:
            opportunity = services.open_opportunity(
                campaign, by=request.user, organization=organization
            )
        except ValidationError as error:
            messages.error(request, _form_errors(error))
        else:
            messages.success(
                request, _("%(name)s is in the campaign.") % {"name": opportunity.prospect_name}
            )
        return redirect(f"{request.path}?{urlencode({'q': request.POST.get('q', '')})}")
    query = request.GET.get("q", "").strip()[:200]
    found: list[Organization] = []
    if query:
        found = list(filtered_organizations(query=query, country="", sort="score")[:PAGE_SIZE])
        taken = set(
            Opportunity.objects.filter(
                campaign=campaign, organization__in=[o.pk for o in found]
            ).values_list("organization_id", flat=True)
        )
        for organization in found:
            organization.in_campaign = organization.pk in taken  # type: ignore[attr-defined]
    return render(
        request,
        "outreach/campaign_add.html",
        {"campaign": campaign, "query": query, "found": found},
    )


# --- opportunities -------------------------------------------------------------------------


@staff_view(VIEW)
@require_GET
def opportunity_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = OpportunityFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = Opportunity.objects.for_card().select_related("campaign")
    if filters.get("campaign"):
        rows = rows.filter(campaign=filters["campaign"])
    if filters.get("stage"):
        rows = rows.filter(stage=filters["stage"])
    if filters.get("owner"):
        rows = rows.filter(owner=filters["owner"])
    if filters.get("country"):
        rows = rows.filter(organization__country=filters["country"])
    if filters.get("due"):
        rows = rows.filter(next_step_on__lte=timezone.localdate())
    paged = page_of(request, rows.order_by(F("next_step_on").asc(nulls_last=True), "id"), PAGE_SIZE)
    return render(
        request,
        "outreach/opportunity_list.html",
        {
            "form": form,
            "opportunities": paged["rows"],
            "page": paged["page"],
            "previous_url": paged["previous_url"],
            "next_url": paged["next_url"],
        },
    )


def _opportunity(pk: int) -> Opportunity:
    return get_object_or_404(
        Opportunity.objects.select_related("campaign", "organization", "person", "owner"), pk=pk
    )


@staff_view(VIEW)
@require_GET
def opportunity_detail(request: AuthenticatedHttpRequest, opportunity_pk: int) -> HttpResponse:
    opportunity = _opportunity(opportunity_pk)
    return render(
        request, "outreach/opportunity_detail.html", _detail_context(request, opportunity)
    )


def _detail_context(
    request: AuthenticatedHttpRequest,
    opportunity: Opportunity,
    *,
    move_form: MoveForm | None = None,
    log_form: ActivityForm | None = None,
) -> dict[str, Any]:
    activities = list(
        opportunity.activities.select_related("by", "person")
        .prefetch_related("objections__objection")
        .order_by("-occurred_at", "-id")[:100]
    )
    changes = list(
        StageChange.objects.filter(opportunity=opportunity)
        .select_related("by")
        .order_by("-at", "-id")[:100]
    )
    timeline: list[tuple[Any, str, Any]] = [(a.occurred_at, "activity", a) for a in activities]
    timeline += [(c.at, "stage", c) for c in changes]
    timeline.sort(key=lambda entry: entry[0], reverse=True)
    entered = changes[0].at if changes else opportunity.created_at
    country = str(opportunity.organization.country) if opportunity.organization else ""
    return {
        "opportunity": opportunity,
        "timeline": timeline,
        "days_in_stage": (timezone.now() - entered).days,
        "objections": opportunity.objections.select_related("objection").order_by("-at")[:50],
        "loss_reasons": opportunity.loss_reasons.all(),
        "can_log": request.user.has_perm(LOG),
        "move_form": move_form or MoveForm(opportunity=opportunity),
        "log_form": log_form or ActivityForm(country=country),
        "edit_form": OpportunityForm(instance=opportunity),
        "history": history_of(opportunity)[:20],
        "panels": render_panels("opportunity", request, opportunity),
    }


@staff_view(LOG)
@require_POST
def opportunity_move(request: AuthenticatedHttpRequest, opportunity_pk: int) -> HttpResponse:
    """Move to another stage: from the board (htmx, drag or the keyboard form) or the page."""
    opportunity = _opportunity(opportunity_pk)
    form = MoveForm(request.POST, opportunity=opportunity)
    from_board = request.POST.get("from") == "board"
    error = ""
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.move_opportunity(
                opportunity,
                to=data["to"],
                by=request.user,
                version=data["version"],
                loss_reasons=list(data["loss_reasons"]),
                lost_to=data["lost_to"],
                loss_note=data["loss_note"],
            )
        except services.StageConflict as conflict:
            error, status = str(conflict), 409
        except ValidationError as invalid:
            error, status = _form_errors(invalid), 400
    else:
        # A stage the rules don't offer from here is not among the form's choices.
        error = _("An opportunity can't move from “%(from)s” to “%(to)s”.") % {
            "from": opportunity.get_stage_display(),
            "to": Stage(request.POST["to"]).label
            if request.POST.get("to") in Stage.values
            else request.POST.get("to", ""),
        }
        status = 400
    if from_board:
        if getattr(request, "htmx", False):
            context = _board_context(request, opportunity.campaign)
            context["board_error"] = error
            # 200 so htmx swaps the fresh board in; the message says what happened.
            return render(request, "outreach/board.html#board", context)
        if error:
            messages.error(request, error)
        return redirect(opportunity.campaign)
    if error:
        messages.error(request, error)
        opportunity.refresh_from_db()
        return render(
            request,
            "outreach/opportunity_detail.html",
            _detail_context(request, opportunity, move_form=form),
            status=status,
        )
    messages.success(
        request, _("Moved to “%(stage)s”.") % {"stage": opportunity.get_stage_display()}
    )
    return redirect(opportunity)


@staff_view(LOG)
@require_POST
def opportunity_edit(request: AuthenticatedHttpRequest, opportunity_pk: int) -> HttpResponse:
    opportunity = _opportunity(opportunity_pk)
    form = OpportunityForm(request.POST, instance=Opportunity.objects.get(pk=opportunity.pk))
    if form.is_valid():
        services.update_opportunity(
            opportunity,
            by=request.user,
            **{name: form.cleaned_data[name] for name in form.changed_data},
        )
        messages.success(request, _("Saved."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(opportunity)


@staff_view(LOG)
@require_POST
def activity_log(request: AuthenticatedHttpRequest, opportunity_pk: int) -> HttpResponse:
    opportunity = _opportunity(opportunity_pk)
    form = ActivityForm(request.POST)
    if form.is_valid():
        try:
            _log(request, form, opportunity=opportunity)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Logged."))
            return redirect(opportunity)
    return render(
        request,
        "outreach/opportunity_detail.html",
        _detail_context(request, opportunity, log_form=form),
        status=400,
    )


@staff_view(LOG)
@require_http_methods(["GET", "POST"])
def email_send(request: AuthenticatedHttpRequest, opportunity_pk: int) -> HttpResponse:
    opportunity = _opportunity(opportunity_pk)
    person = opportunity.person or (
        opportunity.organization.people.order_by("id").first() if opportunity.organization else None
    )
    if person is None:
        messages.error(request, _("Nobody to write to: add a person to the organisation first."))
        return redirect(opportunity)
    form = EmailForm(request.POST or None, initial={"to": person.email})
    if request.method == "POST" and form.is_valid():
        try:
            services.send_email(
                by=request.user,
                template=form.cleaned_data["template"],
                person=person,
                opportunity=opportunity,
                to=form.cleaned_data["to"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(
                request, _("The e-mail is on its way; its delivery shows on the timeline.")
            )
            return redirect(opportunity)
    return render(
        request,
        "outreach/email_form.html",
        {"opportunity": opportunity, "person": person, "form": form},
        status=400 if form.errors else 200,
    )


# --- the managed lists ----------------------------------------------------------------------


@staff_view(MANAGE)
@require_http_methods(["GET", "POST"])
def objection_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The objections and loss reasons callers choose from: edit, add, retire."""
    formset = ObjectionFormSet(
        request.POST or None, queryset=Objection.objects.order_by("position", "id")
    )
    if request.method == "POST" and formset.is_valid():
        services.save_objections(formset, by=request.user)
        messages.success(request, _("Saved."))
        return redirect("outreach:objection_list")
    return render(request, "outreach/objection_list.html", {"formset": formset})


@staff_view(MANAGE)
@require_GET
def template_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "outreach/template_list.html",
        {"templates": EmailTemplate.objects.order_by("name", "language")},
    )


@staff_view(MANAGE)
@require_http_methods(["GET", "POST"])
def template_edit(
    request: AuthenticatedHttpRequest, template_pk: int | None = None
) -> HttpResponse:
    template = get_object_or_404(EmailTemplate, pk=template_pk) if template_pk else None
    form = EmailTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        services.save_email_template(form, by=request.user)
        messages.success(request, _("Saved."))
        return redirect("outreach:template_list")
    return render(
        request,
        "outreach/template_form.html",
        {"form": form, "template": template, "merge_fields": services.MERGE_FIELDS},
    )


# --- the funnel ----------------------------------------------------------------------------


@staff_view(VIEW)
@require_GET
def campaign_funnel(request: AuthenticatedHttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_pk)
    funnel = queries.funnel(campaign)
    return render(
        request,
        "outreach/funnel.html",
        {
            "campaign": campaign,
            "funnel": funnel,
            "reached_chart": bar_chart(
                [(str(step.stage.label), step.reached) for step in funnel.steps],
                title=_("Opportunities that reached each stage"),
            ),
            "objections_chart": bar_chart(
                [(objection.label, n) for objection, n in funnel.objections[:10]],
                title=_("Objections heard, by opportunities"),
            ),
        },
    )


@staff_view(VIEW)
@require_GET
def campaign_funnel_csv(request: AuthenticatedHttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_pk)
    funnel = queries.funnel(campaign)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="funnel-{campaign.pk}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [_("section"), _("item"), _("now"), _("reached"), _("conversion"), _("average days")]
    )
    for step in funnel.steps:
        writer.writerow(
            [
                _("stage"),
                step.stage.label,
                step.now,
                step.reached,
                "" if step.conversion is None else f"{step.conversion:.3f}",
                "" if step.average_days is None else step.average_days,
            ]
        )
    writer.writerow([_("stage"), Stage.LOST.label, funnel.lost, "", "", ""])
    for objection, n in funnel.objections:
        writer.writerow([_("objection"), neutralise_cell(objection.label), n, "", "", ""])
    for objection, n in funnel.loss_reasons:
        writer.writerow([_("loss reason"), neutralise_cell(objection.label), n, "", "", ""])
    for code, n in funnel.lost_to:
        writer.writerow([_("lost to"), code, n, "", "", ""])
    return response
