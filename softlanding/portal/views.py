"""The portal's pages: the applicant's side, then the case officers' review.

Every applicant view fetches its application through ``queries.application_for_applicant``
(another applicant's is a 404). No applicant template is given internal comments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from softlanding.accounts.access import (
    AuthenticatedHttpRequest,
    applicant_or_staff_view,
    applicant_view,
    staff_view,
)
from softlanding.accounts.models import User
from softlanding.core.panels import render_panels
from softlanding.offers.eligibility import activity_label
from softlanding.portal import queries, services
from softlanding.portal.enums import ACCEPTS_DOCUMENTS, ApplicationStatus, Relation
from softlanding.portal.forms import (
    AnswerForm,
    ApplicantForm,
    AssignForm,
    BenefitsForm,
    CommentForm,
    DecisionForm,
    FamilyFormSet,
    PeopleFormSet,
    QueueFilterForm,
    RequestInfoForm,
    StartForm,
    UploadForm,
)
from softlanding.portal.models import Application, Document
from softlanding.portal.ratelimit import allow
from softlanding.portal.rendering import queue_rows

REVIEW = queries.REVIEW_PERMISSION
QUEUE_PAGE = 50


@dataclass(frozen=True)
class Step:
    slug: str
    title: Promise


STEPS: tuple[Step, ...] = (
    Step("applicant", gettext_lazy("Who applies")),
    Step("people", gettext_lazy("Relocating people")),
    Step("family", gettext_lazy("Family members")),
    Step("benefits", gettext_lazy("Benefits asked for")),
    Step("documents", gettext_lazy("Documents")),
    Step("review", gettext_lazy("Review and submit")),
)
STEP_INDEX = {step.slug: index for index, step in enumerate(STEPS)}


def _step_url(application: Application, slug: str) -> str:
    return reverse("portal:application_step", args=[application.pk, slug])


def _error_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def _summary(application: Application) -> dict[str, object]:
    """What the summary of an application shows: its people, activities and benefits."""
    return {
        "people": list(application.people.select_related("family_of")),
        "activities": [activity_label(code) for code in application.activity_types or ()],
        "benefits": list(application.benefits.order_by("position", "id")),
    }


# --------------------------------------------------------------------------- applicant


@applicant_view
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    applications = list(queries.my_applications(request.user))
    for application in applications:
        resume = STEPS[min(application.step, len(STEPS) - 1)].slug
        application.resume_url = (  # type: ignore[attr-defined]
            _step_url(application, resume) if application.is_editable else ""
        )
    return render(request, "portal/home.html", {"applications": applications})


@applicant_view
def application_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        application = services.start_application(
            applicant=request.user,
            kind=form.cleaned_data["kind"],
            language=request.LANGUAGE_CODE,
        )
        return redirect(_step_url(application, STEPS[0].slug))
    return render(request, "portal/start.html", {"form": form})


@applicant_view
def application_step(
    request: AuthenticatedHttpRequest, application_pk: int, step: str
) -> HttpResponse:
    application = queries.application_for_applicant(request.user, application_pk)
    if step not in STEP_INDEX:
        return redirect(_step_url(application, STEPS[0].slug))
    if not application.is_editable:
        return redirect(application)
    index = STEP_INDEX[step]
    data = request.POST if request.method == "POST" else None
    context: dict[str, object] = {}
    forms_ok = True
    if step == "applicant":
        form = ApplicantForm(data, instance=application)
        context["form"] = form
        if data is not None and (forms_ok := form.is_valid()):
            form.save()
    elif step in {"people", "family"}:
        people = application.people.select_related("family_of")
        formset: Any
        if step == "people":
            formset = PeopleFormSet(
                data,
                application=application,
                queryset=people.filter(relation=Relation.SPECIALIST),
            )
        else:
            formset = FamilyFormSet(
                data,
                application=application,
                queryset=people.exclude(relation=Relation.SPECIALIST),
            )
        context["formset"] = formset
        if data is not None and (forms_ok := formset.is_valid()):
            formset.save_for()
    elif step == "benefits":
        benefits = BenefitsForm(data, instance=application)
        context["form"] = benefits
        if data is not None and (forms_ok := benefits.is_valid()):
            benefits.save()
    elif step == "documents":
        context["documents"] = queries.documents_of(application)
        context["upload_form"] = UploadForm()
    elif step == "review":
        context.update(_summary(application))
        context["documents"] = queries.documents_of(application)

    if data is not None and forms_ok:
        services.save_step(application, step=index + 1)
        if "save" in request.POST:
            messages.success(request, _("Draft saved. You can come back to it at any time."))
            return redirect(_step_url(application, step))
        following = STEPS[min(index + 1, len(STEPS) - 1)]
        return redirect(_step_url(application, following.slug))
    context.update(
        {
            "application": application,
            "steps": STEPS,
            "step": STEPS[index],
            "step_number": index + 1,
            "previous_url": _step_url(application, STEPS[index - 1].slug) if index else "",
        }
    )
    return render(request, f"portal/step_{step}.html", context)


@applicant_view
def application_submit(request: AuthenticatedHttpRequest, application_pk: int) -> HttpResponse:
    application = queries.application_for_applicant(request.user, application_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.submit(application, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(_step_url(application, "review"))
    messages.success(request, _("Your application is submitted. We will write to you."))
    return redirect(application)


@applicant_view
def application_withdraw(request: AuthenticatedHttpRequest, application_pk: int) -> HttpResponse:
    application = queries.application_for_applicant(request.user, application_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.withdraw(application, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The application is withdrawn."))
    return redirect(application)


@applicant_view
def application_detail(request: AuthenticatedHttpRequest, application_pk: int) -> HttpResponse:
    application = queries.application_for_applicant(request.user, application_pk)
    requests = queries.info_requests_of(application)
    return render(
        request,
        "portal/application_detail.html",
        {
            "application": application,
            "info_requests": requests,
            "open_requests": [r for r in requests if r.is_open],
            **_summary(application),
            "documents": queries.documents_of(application),
            "upload_form": UploadForm(),
            "accepts_documents": application.status in ACCEPTS_DOCUMENTS,
            "can_withdraw": application.status
            in {
                ApplicationStatus.DRAFT,
                ApplicationStatus.SUBMITTED,
                ApplicationStatus.IN_REVIEW,
                ApplicationStatus.INFO_REQUESTED,
            },
            "resume_url": _step_url(application, STEPS[min(application.step, len(STEPS) - 1)].slug)
            if application.is_editable
            else "",
        },
    )


@applicant_view
def application_answer(request: AuthenticatedHttpRequest, application_pk: int) -> HttpResponse:
    application = queries.application_for_applicant(request.user, application_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write your answer first."))
        return redirect(application)
    info_request = get_object_or_404(application.info_requests, pk=form.cleaned_data["request"])
    try:
        services.answer_request(info_request, answer=form.cleaned_data["answer"], by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Thank you, your answer is sent to the hub."))
    return redirect(application)


@applicant_view
def document_upload(request: AuthenticatedHttpRequest, application_pk: int) -> HttpResponse:
    application = queries.application_for_applicant(request.user, application_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    back = (
        _step_url(application, "documents")
        if application.is_editable
        else application.get_absolute_url()
    )
    if not allow(
        "upload", str(request.user.pk), limit=settings.PORTAL_UPLOADS_PER_HOUR, window=3600
    ):
        return render(
            request,
            "portal/rate_limited.html",
            {"back": back, "application": application},
            status=429,
        )
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
        return redirect(back)
    document: Document | None = None
    if form.cleaned_data["document"]:
        document = get_object_or_404(application.documents, pk=form.cleaned_data["document"])
    try:
        version = services.add_document(
            application,
            upload=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"] or "",
            document=document,
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("%(name)s is uploaded.") % {"name": version.original_name})
    return redirect(back)


@applicant_or_staff_view(REVIEW)
def file_download(request: AuthenticatedHttpRequest, file_id: UUID) -> HttpResponse:
    """A document version, to its applicant or a reviewer; the only way a document leaves."""
    version = queries.version_for(request.user, file_id)
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.original_name,
        content_type=version.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return cast(HttpResponse, response)


# --------------------------------------------------------------------------- review


@staff_view(REVIEW)
def review_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    officers = queries.officers()
    form = QueueFilterForm(request.GET or None, officers=officers)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = queries.review_queue(
        status=filters.get("status", ""),
        assignee=filters.get("assignee", ""),
        country=filters.get("country", ""),
    )
    page = queries.queue_page(request, rows, QUEUE_PAGE)
    return render(
        request,
        "portal/review_queue.html",
        {"form": form, "rendered_rows": queue_rows(page["rows"]), **page},
    )


def _review_context(application: Application, user: User) -> dict[str, object]:
    from softlanding.portal.models import InternalComment

    officers = queries.officers()
    summary = _summary(application)
    return {
        "application": application,
        **summary,
        "evaluation": queries.evaluation_of(application, people=summary["people"]),  # type: ignore[arg-type]
        "documents": queries.documents_of(application),
        "info_requests": queries.info_requests_of(application),
        "comments": list(
            InternalComment.objects.filter(application=application).select_related("author")
        ),
        "assign_form": AssignForm(
            initial={"assignee": application.assignee_id or ""}, officers=officers
        ),
        "comment_form": CommentForm(),
        "request_form": RequestInfoForm(),
        "decision_form": DecisionForm(),
        "can_decide": application.status
        in {ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW}
        and services.may_decide(application, user),
        "can_request": application.status
        in {
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.IN_REVIEW,
            ApplicationStatus.INFO_REQUESTED,
        },
    }


def _reviewed(pk: int) -> Application:
    return get_object_or_404(
        Application.objects.submitted().select_related(
            "applicant", "assignee", "organization", "opportunity", "person"
        ),
        pk=pk,
    )


@staff_view(REVIEW)
def review_detail(request: AuthenticatedHttpRequest, application_pk: int) -> HttpResponse:
    application = _reviewed(application_pk)
    context = _review_context(application, request.user)
    # Other parts' sections (Cases: the case the approval opened), see core/panels.py.
    context["panels"] = render_panels("application", request, application)
    return render(request, "portal/review_detail.html", context)


@staff_view(REVIEW)
@require_POST
def review_assign(request: AuthenticatedHttpRequest, application_pk: int) -> HttpResponse:
    application = _reviewed(application_pk)
    officers = queries.officers()
    form = AssignForm(request.POST, officers=officers)
    if form.is_valid():
        chosen = form.cleaned_data["assignee"]
        assignee = next((u for u in officers if str(u.pk) == chosen), None)
        try:
            services.assign(application, to=assignee, by=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Assigned."))
    return redirect(application.get_review_url())


@staff_view(REVIEW)
@require_POST
def review_comment(request: AuthenticatedHttpRequest, application_pk: int) -> HttpResponse:
    application = _reviewed(application_pk)
    try:
        services.add_comment(application, body=request.POST.get("body", ""), by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect(application.get_review_url())


@staff_view(REVIEW)
@require_POST
def review_request_info(request: AuthenticatedHttpRequest, application_pk: int) -> HttpResponse:
    application = _reviewed(application_pk)
    try:
        services.request_information(
            application, question=request.POST.get("question", ""), by=request.user
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The question is sent to the applicant."))
    return redirect(application.get_review_url())


@staff_view(REVIEW)
@require_POST
def review_decide(request: AuthenticatedHttpRequest, application_pk: int) -> HttpResponse:
    application = _reviewed(application_pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or reject."))
        return redirect(application.get_review_url())
    action = services.approve if form.cleaned_data["decision"] == "approve" else services.reject
    try:
        action(application, reason=form.cleaned_data["reason"], by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("The application is %(status)s; the applicant is told by e-mail.")
            % {"status": ApplicationStatus(application.status).label.lower()},
        )
    return redirect(application.get_review_url())
