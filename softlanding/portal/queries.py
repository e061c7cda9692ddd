"""Read helpers of the portal, and the permission-checked lookups every portal view uses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from softlanding.accounts.enums import UserKind
from softlanding.accounts.models import User
from softlanding.core.paging import page_of
from softlanding.offers.eligibility import Evaluation, evaluate
from softlanding.portal.enums import OPEN_FOR_REVIEW, ApplicationStatus
from softlanding.portal.models import (
    Application,
    Document,
    DocumentVersion,
    InfoRequest,
    RelocatingPerson,
)

if TYPE_CHECKING:
    from softlanding.accounts.models import User as UserType

REVIEW_PERMISSION = "accounts.review_applications"


def is_reviewer(user: UserType) -> bool:
    return user.is_authenticated and user.is_staff_member and user.has_perm(REVIEW_PERMISSION)


def application_for_applicant(user: UserType, pk: int) -> Application:
    """The applicant's own application; any other is a 404, whether it exists or not."""
    try:
        return Application.objects.owned_by(user).get(pk=pk)
    except Application.DoesNotExist:
        raise Http404 from None


def version_for(user: UserType, public_id: UUID) -> DocumentVersion:
    """A document version its applicant or a reviewer may download; for anyone else a 404."""
    found = DocumentVersion.objects.select_related("document__application")
    if not is_reviewer(user):
        found = found.filter(document__application__applicant=user)
    try:
        return found.get(public_id=public_id)
    except DocumentVersion.DoesNotExist:
        raise Http404 from None


def my_applications(user: UserType) -> QuerySet[Application]:
    return (
        Application.objects.owned_by(user)
        .only("id", "kind", "name", "status", "step", "submitted_at", "updated_at", "applicant_id")
        .order_by("-updated_at", "-id")
    )


def documents_of(application: Application) -> list[Document]:
    """Documents with every version, newest version first: two queries."""
    versions = DocumentVersion.objects.only(
        "id", "public_id", "document_id", "number", "original_name", "size", "uploaded_at"
    ).order_by("-number")
    return list(
        application.documents.prefetch_related(Prefetch("versions", queryset=versions)).order_by(
            "id"
        )
    )


def info_requests_of(application: Application) -> list[InfoRequest]:
    return list(application.info_requests.order_by("id"))


def officers() -> list[User]:
    """Staff who may review applications: the assignees a queue offers."""
    return list(
        User.objects.filter(
            Q(groups__permissions__codename="review_applications")
            | Q(user_permissions__codename="review_applications"),
            kind=UserKind.STAFF,
            is_active=True,
        )
        .distinct()
        .only("id", "first_name", "last_name", "email")
        .order_by("first_name", "last_name", "email")
    )


def review_queue(
    *, status: str = "", assignee: str = "", country: str = ""
) -> QuerySet[Application]:
    """Submitted applications, oldest submission first, filtered; each filter has its index."""
    rows = Application.objects.submitted().for_queue()
    if status == "all":
        pass
    elif status in ApplicationStatus.values and status != ApplicationStatus.DRAFT:
        rows = rows.filter(status=status)
    else:
        rows = rows.filter(status__in=sorted(OPEN_FOR_REVIEW))
    if assignee == "none":
        rows = rows.filter(assignee__isnull=True)
    elif assignee.isdigit():
        rows = rows.filter(assignee_id=int(assignee))
    if country:
        rows = rows.filter(country=country)
    return rows.order_by("submitted_at", "id")


def evaluation_of(
    application: Application, *, people: list[RelocatingPerson] | None = None
) -> Evaluation:
    """The eligibility result, by the rules in force on the day the application was submitted."""
    assert application.submitted_at is not None
    return evaluate(
        application.facts(people=people), on=timezone.localdate(application.submitted_at)
    )


def queue_page(request: HttpRequest, rows: QuerySet[Application], size: int) -> dict[str, Any]:
    """A page of the queue: the ids first (from an index alone when it covers the filter), then
    the rows of those ids, so a deep page skips index entries, not joined rows."""
    page = page_of(request, rows.values_list("id", flat=True), size)
    ids = page["rows"]
    found = {row.pk: row for row in rows.filter(pk__in=ids)} if ids else {}
    page["rows"] = [found[pk] for pk in ids if pk in found]
    return page
