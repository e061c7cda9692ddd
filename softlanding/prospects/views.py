from __future__ import annotations

import uuid

from django.contrib import messages
from django.db import IntegrityError
from django.db.models import Prefetch
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from softlanding.accounts.access import AuthenticatedHttpRequest, staff_view
from softlanding.core import list_filters
from softlanding.core.audit import history_of
from softlanding.core.panels import render_panels
from softlanding.prospects import personal_data, services
from softlanding.prospects.enums import CandidateStatus, SizeBand
from softlanding.prospects.forms import (
    ErasureForm,
    OrganizationFilterForm,
    OrganizationForm,
    PersonForm,
    SavedFilterForm,
    WeightsForm,
)
from softlanding.prospects.models import (
    DuplicateCandidate,
    MergeRecord,
    Organization,
    Person,
    SavedFilter,
    ScoringWeights,
)
from softlanding.prospects.queries import (
    country_names,
    country_options,
    filtered_organizations,
    list_tags,
    owner_options,
    page_of_organizations,
    saved_filters,
    tag_options,
)
from softlanding.prospects.rendering import options, organization_rows

PAGE_SIZE = 50
VIEW = "accounts.view_prospects"
EDIT = "accounts.edit_prospects"
PERSONAL_DATA = "accounts.handle_personal_data"


# The session key whose value changes when the user saves or deletes a filter (see
# queries.saved_filters: the list keeps a user's filters, tags and owners for up to
# queries.OPTIONS_LIFETIME seconds; a tag added elsewhere shows on the list within that time).
SAVED_FILTERS_STAMP = "prospects_saved_filters_stamp"


@staff_view(VIEW)
def organization_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    tags = list_tags()
    form = OrganizationFilterForm(request.GET or None, tags=tags)
    filters = form.cleaned_data if form.is_valid() else {}
    organizations = filtered_organizations(
        query=filters.get("q", ""),
        country=filters.get("country", ""),
        size=filters.get("size", ""),
        market=filters.get("market", ""),
        tag=filters["tag"].pk if filters.get("tag") else None,
        owner=filters["owner"].pk if filters.get("owner") else None,
        sort=filters.get("sort") or "score",
        extra=form.extra_filters() if filters else None,
    )
    paged = page_of_organizations(request, organizations, PAGE_SIZE)
    return render(
        request,
        "prospects/organization_list.html",
        {
            "form": form,
            "filters": {key: str(value) for key, value in request.GET.items()},
            "country_options": country_options(request.GET.get("country", "")),
            "size_options": options(SizeBand.choices, request.GET.get("size", "")),
            "tag_options": tag_options(request.GET.get("tag", "")),
            "owner_options": owner_options(request.GET.get("owner", "")),
            "extra_filters": [
                (extra, options(extra.choices(), request.GET.get(extra.name, "")))
                for extra in list_filters.filters_for("organization")
            ],
            "sort_options": options(form.fields["sort"].choices, request.GET.get("sort", "")),  # type: ignore[attr-defined]
            "organizations": paged["rows"],
            "rows": organization_rows(paged["rows"], country_names()),
            "page": paged["page"],
            "previous_url": paged["previous_url"],
            "next_url": paged["next_url"],
            "query_string": paged["query_string"],
            "saved_filters": saved_filters(request.user, request.session.get(SAVED_FILTERS_STAMP)),
            "save_form": SavedFilterForm(),
        },
    )


def _saved_filters_changed(request: AuthenticatedHttpRequest) -> None:
    request.session[SAVED_FILTERS_STAMP] = uuid.uuid4().hex


@staff_view(VIEW)
@require_POST
def save_filter(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SavedFilterForm(request.POST)
    query = request.POST.get("query", "")[:1000]
    if form.is_valid():
        SavedFilter.objects.update_or_create(
            owner=request.user, name=form.cleaned_data["name"], defaults={"query": query}
        )
        _saved_filters_changed(request)
        messages.success(request, _("Filter saved."))
    return HttpResponseRedirect(f"{reverse('prospects:organization_list')}?{query}")


@staff_view(VIEW)
@require_POST
def delete_filter(request: AuthenticatedHttpRequest, filter_pk: int) -> HttpResponse:
    get_object_or_404(SavedFilter, pk=filter_pk, owner=request.user).delete()
    _saved_filters_changed(request)
    return redirect("prospects:organization_list")


@staff_view(VIEW)
def organization_detail(request: AuthenticatedHttpRequest, organization_pk: int) -> HttpResponse:
    organization = get_object_or_404(
        Organization.objects.select_related("owner", "merged_into").prefetch_related(
            "aliases", "tags", Prefetch("people", queryset=Person.objects.order_by("last_name"))
        ),
        pk=organization_pk,
    )
    merges = MergeRecord.objects.filter(kept=organization).select_related("absorbed", "merged_by")
    return render(
        request,
        "prospects/organization_detail.html",
        {
            "organization": organization,
            "timeline": history_of(organization)[:100],
            "merges": merges,
            "can_edit": request.user.has_perm(EDIT),
            "panels": render_panels("organization", request, organization),
        },
    )


@staff_view(EDIT)
def organization_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.structured()
        organization = services.create_organization(
            by=request.user,
            aliases=form.alias_names(),
            tags=form.tag_names(),
            sources=[f"typed by {request.user.email}"],
            **data,
        )
        messages.success(request, _("Organisation added."))
        return redirect(organization)
    return render(request, "prospects/organization_form.html", {"form": form})


@staff_view(EDIT)
def organization_edit(request: AuthenticatedHttpRequest, organization_pk: int) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=organization_pk)
    # A ModelForm writes into its instance while validating; the service must see the old values
    # to record what changed, so the form gets its own copy.
    form = OrganizationForm(
        request.POST or None, instance=Organization.objects.get(pk=organization.pk)
    )
    if request.method == "POST" and form.is_valid():
        services.update_organization(organization, by=request.user, **form.structured())
        services.replace_aliases(organization, names=form.alias_names(), by=request.user)
        services.set_tags(organization, form.tag_names())
        messages.success(request, _("Saved."))
        return redirect(organization)
    return render(
        request, "prospects/organization_form.html", {"form": form, "organization": organization}
    )


@staff_view(EDIT)
def person_create(request: AuthenticatedHttpRequest, organization_pk: int) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=organization_pk)
    form = PersonForm(request.POST or None, initial={"country": organization.country})
    if request.method == "POST" and form.is_valid():
        person = services.create_person(
            by=request.user, organization=organization, **form.cleaned_data
        )
        messages.success(request, _("Person added."))
        return redirect(person)
    return render(
        request, "prospects/person_form.html", {"form": form, "organization": organization}
    )


@staff_view(EDIT)
def person_edit(request: AuthenticatedHttpRequest, person_pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("organization"), pk=person_pk)
    form = PersonForm(
        request.POST or None, instance=Person.objects.get(pk=person.pk)
    )  # see organization_edit
    if request.method == "POST" and form.is_valid():
        services.update_person(person, by=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect(person)
    return render(
        request, "prospects/person_form.html", {"form": form, "organization": person.organization}
    )


@staff_view(VIEW)
def person_detail(request: AuthenticatedHttpRequest, person_pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("organization"), pk=person_pk)
    return render(
        request,
        "prospects/person_detail.html",
        {
            "person": person,
            "timeline": history_of(person)[:100],
            "panels": render_panels("person", request, person),
            "can_edit": request.user.has_perm(EDIT),
            "can_handle_personal_data": request.user.has_perm(PERSONAL_DATA),
        },
    )


@staff_view(VIEW, PERSONAL_DATA)
def person_export(request: AuthenticatedHttpRequest, person_pk: int) -> HttpResponse:
    """Everything held on a person, as the JSON file they asked for."""
    person = get_object_or_404(Person.objects.select_related("organization"), pk=person_pk)
    response = HttpResponse(
        personal_data.export_json(person, by=request.user),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@staff_view(VIEW, PERSONAL_DATA)
def person_erase(request: AuthenticatedHttpRequest, person_pk: int) -> HttpResponse:
    """Erase a person on their request, after a confirmation that says what goes."""
    person = get_object_or_404(Person.objects.select_related("organization"), pk=person_pk)
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organization = person.organization
        personal_data.erase_person(person, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The person's data was erased."))
        return redirect(organization or reverse("prospects:organization_list"))
    return render(
        request,
        "prospects/person_erase.html",
        {"person": person, "form": form, "preview": personal_data.erasure_preview(person)},
    )


@staff_view(EDIT)
def duplicate_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    candidates = list(
        DuplicateCandidate.objects.filter(status=CandidateStatus.PENDING)
        .select_related("low", "high")
        .order_by("-score", "id")[:PAGE_SIZE]
    )
    recent_merges = (
        MergeRecord.objects.filter(undone_at__isnull=True)
        .select_related("kept", "absorbed", "merged_by")
        .order_by("-merged_at")[:20]
    )
    return render(
        request,
        "prospects/duplicate_list.html",
        {"candidates": candidates, "recent_merges": recent_merges},
    )


@staff_view(EDIT)
@require_POST
def duplicate_decide(request: AuthenticatedHttpRequest, candidate_pk: int) -> HttpResponse:
    candidate = get_object_or_404(
        DuplicateCandidate.objects.select_related("low", "high"),
        pk=candidate_pk,
        status=CandidateStatus.PENDING,
    )
    decision = request.POST.get("decision")
    if decision == "reject":
        services.reject_candidate(candidate, by=request.user)
        messages.success(request, _("Marked as different organisations."))
    elif decision in {"keep_low", "keep_high"}:
        keep, absorb = (
            (candidate.low, candidate.high)
            if decision == "keep_low"
            else (candidate.high, candidate.low)
        )
        try:
            services.merge_organizations(keep, absorb=absorb, by=request.user)
        except (ValueError, IntegrityError) as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Merged into %(name)s. You can undo it below.") % {"name": keep}
            )
    return redirect("prospects:duplicate_list")


@staff_view(EDIT)
@require_POST
def merge_undo(request: AuthenticatedHttpRequest, merge_pk: int) -> HttpResponse:
    record = get_object_or_404(MergeRecord, pk=merge_pk)
    try:
        services.undo_merge(record, by=request.user)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Merge undone."))
    return redirect(record.kept)


@staff_view("accounts.manage_campaigns")
def scoring_weights(request: AuthenticatedHttpRequest) -> HttpResponse:
    weights = ScoringWeights.current()
    form = WeightsForm(request.POST or None, initial={"weights": weights.weights})
    if request.method == "POST" and form.is_valid():
        services.set_scoring_weights(weights=form.cleaned_data["weights"], by=request.user)
        messages.success(
            request, _("Weights saved. Scores are being recomputed in the background.")
        )
        return redirect("prospects:scoring_weights")
    return render(request, "prospects/scoring_weights.html", {"form": form, "weights": weights})
