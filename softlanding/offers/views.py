"""Offer screens: the catalogue, rivals side by side, rule sets and their versions, the answers
to objections, and an opportunity's offers. Thin: the work is in services.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from softlanding.accounts.access import AuthenticatedHttpRequest, staff_view
from softlanding.offers import queries, services
from softlanding.offers.eligibility import activity_type_choices, describe, evaluate
from softlanding.offers.enums import OfferLanguage
from softlanding.offers.forms import (
    BenefitForm,
    ComparisonForm,
    MakeOfferForm,
    ObjectionAnswerFormSet,
    PublishForm,
    RivalDestinationFormSet,
    RivalOfferFormSet,
    RuleFormSet,
    RulesNotesForm,
    SendForm,
    TryForm,
    rule_initial,
)
from softlanding.offers.models import (
    Benefit,
    ObjectionAnswer,
    OfferVersion,
    RivalDestination,
    Rule,
    RuleSet,
    RuleSetVersion,
)
from softlanding.outreach.models import Objection, Opportunity

VIEW = "accounts.view_offers"
MANAGE = "accounts.manage_offers"
VIEW_OUTREACH = "accounts.view_outreach"
LOG_OUTREACH = "accounts.log_outreach"


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _language(request: AuthenticatedHttpRequest) -> str:
    form = ComparisonForm(request.GET)
    chosen = form.cleaned_data.get("language") if form.is_valid() else ""
    if chosen:
        return str(chosen)
    return OfferLanguage.RUSSIAN if (get_language() or "en").startswith("ru") else "en"


# --- the catalogue ---------------------------------------------------------------------------


@staff_view(VIEW)
@require_GET
def benefit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    benefits = Benefit.objects.order_by("position", "id").only(
        "id", "kind", "title_en", "title_ru", "summary_en", "summary_ru", "is_active", "position"
    )
    return render(request, "offers/benefit_list.html", {"benefits": benefits})


@staff_view(MANAGE)
@require_http_methods(["GET", "POST"])
def benefit_edit(request: AuthenticatedHttpRequest, benefit_pk: int | None = None) -> HttpResponse:
    benefit = get_object_or_404(Benefit, pk=benefit_pk) if benefit_pk else None
    form = BenefitForm(request.POST or None, instance=benefit)
    if request.method == "POST" and form.is_valid():
        services.save_benefit(form, by=request.user)
        messages.success(request, _("Saved."))
        return redirect("offers:benefit_list")
    return render(request, "offers/benefit_form.html", {"form": form, "benefit": benefit})


# --- rivals ----------------------------------------------------------------------------------


@staff_view(VIEW)
@require_GET
def comparison(request: AuthenticatedHttpRequest) -> HttpResponse:
    language = _language(request)
    return render(
        request,
        "offers/comparison.html",
        {
            "comparison": services.comparison(language),
            "language": language,
            "language_form": ComparisonForm(initial={"language": language}),
            "rivals": RivalDestination.objects.order_by("position", "id"),
            "send_form": SendForm(),
            # The addresses are shown only to those who may send the comparison.
            "sendings": queries.recent_comparison_sendings()
            if request.user.has_perm(LOG_OUTREACH)
            else [],
        },
    )


@staff_view(VIEW)
@require_GET
def comparison_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    language = _language(request)
    pdf = services.comparison_pdf(language=language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="comparison-{language}.pdf"'
    return response


@staff_view(VIEW, LOG_OUTREACH)
@require_POST
def comparison_send(request: AuthenticatedHttpRequest) -> HttpResponse:
    language = _language(request)
    form = SendForm(request.POST)
    if form.is_valid():
        try:
            services.send_comparison(to=form.cleaned_data["to"], language=language, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The comparison is on its way; its delivery shows below the form.")
            )
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(f"{reverse('offers:comparison')}?language={language}")


@staff_view(MANAGE)
@require_http_methods(["GET", "POST"])
def rival_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    formset = RivalDestinationFormSet(
        request.POST or None, queryset=RivalDestination.objects.order_by("position", "id")
    )
    if request.method == "POST" and formset.is_valid():
        services.save_formset(formset, action="offers.rival_saved", by=request.user)
        messages.success(request, _("Saved."))
        return redirect("offers:rival_list")
    return render(request, "offers/rival_list.html", {"formset": formset})


@staff_view(MANAGE)
@require_http_methods(["GET", "POST"])
def rival_edit(request: AuthenticatedHttpRequest, rival_pk: int) -> HttpResponse:
    rival = get_object_or_404(RivalDestination, pk=rival_pk)
    formset = RivalOfferFormSet(request.POST or None, instance=rival)
    if request.method == "POST" and formset.is_valid():
        services.save_formset(formset, action="offers.rival_offer_saved", by=request.user)
        messages.success(request, _("Saved."))
        return redirect("offers:comparison")
    return render(request, "offers/rival_form.html", {"rival": rival, "formset": formset})


# --- answers to objections -------------------------------------------------------------------


@staff_view(MANAGE)
@require_http_methods(["GET", "POST"])
def answer_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    benefits = [(b.pk, str(b)) for b in Benefit.objects.order_by("position", "id")]
    objections = [("", "---------")] + [
        (o.pk, str(o)) for o in Objection.objects.order_by("position", "id")
    ]
    formset = ObjectionAnswerFormSet(
        request.POST or None,
        queryset=ObjectionAnswer.objects.select_related("objection")
        .prefetch_related("benefits")
        .order_by("objection__position", "objection_id", "position", "id"),
        form_kwargs={"benefits": benefits, "objections": objections},
    )
    if request.method == "POST" and formset.is_valid():
        services.save_formset(formset, action="offers.answer_saved", by=request.user)
        messages.success(request, _("Saved."))
        return redirect("offers:answer_list")
    return render(request, "offers/answer_list.html", {"formset": formset})


# --- rule sets -------------------------------------------------------------------------------


@staff_view(VIEW)
@require_GET
def rule_set_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    rule_sets = RuleSet.objects.order_by("position", "id").prefetch_related(
        Prefetch("versions", queryset=RuleSetVersion.objects.order_by("-number"))
    )
    return render(request, "offers/rule_set_list.html", {"rule_sets": rule_sets})


@staff_view(VIEW)
@require_GET
def rule_set_detail(request: AuthenticatedHttpRequest, rule_set_pk: int) -> HttpResponse:
    """The versions, and "try it": entered facts judged by the version in force on a day."""
    rule_set = get_object_or_404(RuleSet, pk=rule_set_pk)
    versions = list(rule_set.versions.order_by("-number"))
    try_form = TryForm(request.GET if "try" in request.GET else None)
    evaluation = None
    if try_form.is_bound and try_form.is_valid():
        evaluation = evaluate(try_form.facts(), on=try_form.day(), rule_set=rule_set)
    return render(
        request,
        "offers/rule_set_detail.html",
        {
            "rule_set": rule_set,
            "versions": versions,
            "has_draft": any(not v.is_published for v in versions),
            "try_form": try_form,
            "evaluation": evaluation,
            "today": timezone.localdate(),
        },
    )


@staff_view(MANAGE)
@require_POST
def version_create(request: AuthenticatedHttpRequest, rule_set_pk: int) -> HttpResponse:
    rule_set = get_object_or_404(RuleSet, pk=rule_set_pk)
    version = services.create_draft_version(rule_set=rule_set, by=request.user)
    return redirect(version)


def _version_page(
    request: AuthenticatedHttpRequest,
    version: RuleSetVersion,
    *,
    formset: Any = None,
    notes_form: RulesNotesForm | None = None,
) -> HttpResponse:
    rules = [
        (rule, describe(rule.kind, rule.parameters))
        for rule in Rule.objects.filter(version=version).order_by("position", "id")
    ]
    return render(
        request,
        "offers/version_detail.html",
        {
            "version": version,
            "rules": rules,
            "can_edit": request.user.has_perm(MANAGE) and not version.is_published,
            "formset": formset or RuleFormSet(initial=rule_initial(version), version=version),
            "notes_form": notes_form or RulesNotesForm(initial={"notes": version.notes}),
            "publish_form": PublishForm(initial={"effective_from": timezone.localdate()}),
            "activity_types": activity_type_choices(),
        },
    )


@staff_view(VIEW)
@require_GET
def version_detail(request: AuthenticatedHttpRequest, version_pk: int) -> HttpResponse:
    """A version's rules; a draft's are edited here by whoever manages the offer."""
    version = get_object_or_404(RuleSetVersion.objects.select_related("rule_set"), pk=version_pk)
    return _version_page(request, version)


@staff_view(MANAGE)
@require_POST
def version_edit(request: AuthenticatedHttpRequest, version_pk: int) -> HttpResponse:
    """Save a draft's rules; a published version's form is refused with the reason."""
    version = get_object_or_404(RuleSetVersion.objects.select_related("rule_set"), pk=version_pk)
    formset = RuleFormSet(request.POST, version=version)
    notes_form = RulesNotesForm(request.POST)
    if formset.is_valid() and notes_form.is_valid():
        try:
            services.save_draft_rules(
                version=version,
                rules=[services.RuleInput(kind, params) for kind, params in formset.rules()],
                notes=notes_form.cleaned_data["notes"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved."))
        return redirect(version)
    return _version_page(request, version, formset=formset, notes_form=notes_form)


@staff_view(MANAGE)
@require_POST
def version_publish(request: AuthenticatedHttpRequest, version_pk: int) -> HttpResponse:
    version = get_object_or_404(RuleSetVersion, pk=version_pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(version)
    try:
        services.publish_rule_set_version(
            version=version, effective_from=form.cleaned_data["effective_from"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(version)
    messages.success(request, _("Published."))
    return redirect(version.rule_set)


# --- an opportunity's offers -----------------------------------------------------------------


def _opportunity(opportunity_pk: int) -> Opportunity:
    return get_object_or_404(
        Opportunity.objects.select_related("organization", "person", "campaign"), pk=opportunity_pk
    )


@staff_view(VIEW, VIEW_OUTREACH)
@require_GET
def offer_detail(request: AuthenticatedHttpRequest, opportunity_pk: int) -> HttpResponse:
    opportunity = _opportunity(opportunity_pk)
    person = opportunity.person or (
        opportunity.organization.people.order_by("id").first() if opportunity.organization else None
    )
    return render(
        request,
        "offers/offer_detail.html",
        {
            "opportunity": opportunity,
            "offers": OfferVersion.objects.filter(opportunity=opportunity)
            .select_related("created_by")
            .order_by("-number"),
            "objections": services.recorded_objections(opportunity),
            "make_form": MakeOfferForm(initial={"language": services.offer_language(opportunity)}),
            "send_form": SendForm(initial={"to": person.email if person else ""}),
            "can_make": request.user.has_perm(LOG_OUTREACH),
        },
    )


@staff_view(VIEW, LOG_OUTREACH)
@require_POST
def offer_make(request: AuthenticatedHttpRequest, opportunity_pk: int) -> HttpResponse:
    opportunity = _opportunity(opportunity_pk)
    form = MakeOfferForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the offer's language."))
        return redirect("offers:offer_detail", opportunity_pk=opportunity.pk)
    offer = services.build_offer(
        opportunity=opportunity, by=request.user, language=form.cleaned_data["language"]
    )
    messages.success(request, _("Offer version %(n)s is ready.") % {"n": offer.number})
    return redirect("offers:offer_detail", opportunity_pk=opportunity.pk)


def _offer(offer_pk: int) -> OfferVersion:
    return get_object_or_404(
        OfferVersion.objects.select_related("opportunity__person", "opportunity__organization"),
        pk=offer_pk,
    )


@staff_view(VIEW, VIEW_OUTREACH)
@require_GET
def offer_pdf(request: AuthenticatedHttpRequest, offer_pk: int) -> HttpResponse:
    """The PDF from private storage, to staff only; there is no public URL to it."""
    offer = _offer(offer_pk)
    with offer.pdf.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{services.offer_filename(offer)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@staff_view(VIEW, LOG_OUTREACH)
@require_POST
def offer_send(request: AuthenticatedHttpRequest, offer_pk: int) -> HttpResponse:
    offer = _offer(offer_pk)
    form = SendForm(request.POST)
    if form.is_valid():
        try:
            services.send_offer(offer=offer, to=form.cleaned_data["to"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The offer is on its way; its delivery shows on the opportunity.")
            )
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("offers:offer_detail", opportunity_pk=offer.opportunity_id)
