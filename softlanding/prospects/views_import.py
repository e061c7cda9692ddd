"""The import screens: upload → columns and preview → import → progress and result.

Imports are team work: anyone who may edit prospects sees every import run (the list of
recent imports, their results, their rejected rows), not only their own, and may finish
mapping one a colleague uploaded. ``_import_run`` is the one place that fetches a run for a
request; narrow it there if that ever changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import StopUpload, TemporaryFileUploadHandler
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from softlanding.accounts.access import AuthenticatedHttpRequest, staff_view
from softlanding.prospects.enums import ImportStatus
from softlanding.prospects.importing import ImportFileError
from softlanding.prospects.importing.service import (
    IMPORT_FIELDS,
    MappingError,
    Plan,
    check_mapping,
    mapping_from_json,
    max_upload_bytes,
    plan,
    reason_labels,
    start_import,
    store_upload,
    stored_file,
)
from softlanding.prospects.models import ImportRun

EDIT = "accounts.edit_prospects"
RECENT = 20
# What a multipart body adds around the file itself: boundaries, headers, the CSRF token.
_MULTIPART_SLACK = 64 * 1024
_WAITING = {ImportStatus.QUEUED, ImportStatus.RUNNING}
_MAPPABLE = {ImportStatus.UPLOADED, ImportStatus.MAPPED, ImportStatus.FAILED}


def _too_large_message(limit: int) -> str:
    return _(
        "The file is larger than %(limit)d MB, the most one import takes. Split it into smaller "
        "files, or remove columns you don't need, and upload them one by one."
    ) % {"limit": limit // (1024 * 1024)}


def _import_run(request: AuthenticatedHttpRequest, pk: int) -> ImportRun:
    """The import run a request may open: any, for staff who may edit prospects (see above)."""
    return get_object_or_404(ImportRun.objects.select_related("uploaded_by"), pk=pk)


# --- upload --------------------------------------------------------------------------------


class _LimitedUploadHandler(TemporaryFileUploadHandler):
    """Streams the upload to a temporary file and stops once it passes the size limit."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = True
            raise StopUpload(connection_reset=True)
        return super().receive_data_chunk(raw_data, start)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        allow_empty_file=True,  # the reader says what an empty file means, in its own words
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.tsv,.txt,.xlsx"}),
    )


@staff_view(EDIT)
@csrf_exempt  # the upload handler must be set before the CSRF check reads the body
def import_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a CSV or XLSX file; the list of recent imports below the form."""
    handler: _LimitedUploadHandler | None = None
    if request.method == "POST":
        limit = max_upload_bytes()
        length = request.META.get("CONTENT_LENGTH") or "0"
        if length.isdigit() and int(length) > limit + _MULTIPART_SLACK:
            # Refused before a byte of the body is read: a file of several GB costs nothing.
            return _upload_page(request, UploadForm(), _too_large_message(limit), status=413)
        handler = _LimitedUploadHandler(request, limit)
        request.upload_handlers = [handler]
    return _upload(request, handler)


@csrf_protect
def _upload(
    request: AuthenticatedHttpRequest, handler: _LimitedUploadHandler | None
) -> HttpResponse:
    if request.method != "POST":
        return _upload_page(request, UploadForm())
    form = UploadForm(request.POST, request.FILES)
    if handler is not None and handler.too_large:
        return _upload_page(request, UploadForm(), _too_large_message(handler.limit), status=413)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    uploaded = form.cleaned_data["file"]
    local = Path(uploaded.temporary_file_path())
    try:
        checked = plan(local)
    except ImportFileError as error:
        # Nothing is kept of a file that can't be imported.
        return _upload_page(request, UploadForm(), error.message, status=400)
    run = store_upload(
        local, original_name=uploaded.name or "upload", by=request.user, mapping=checked.mapping
    )
    return redirect("prospects:import_mapping", import_pk=run.pk)


def _upload_page(
    request: AuthenticatedHttpRequest, form: UploadForm, error: str = "", *, status: int = 200
) -> HttpResponse:
    recent = ImportRun.objects.select_related("uploaded_by").order_by("-created_at", "-id")[:RECENT]
    return render(
        request,
        "prospects/import_upload.html",
        {
            "form": form,
            "error": error,
            "recent": recent,
            "limit_mb": max_upload_bytes() // (1024 * 1024),
            "fields": IMPORT_FIELDS.values(),
        },
        status=status,
    )


# --- columns and preview -------------------------------------------------------------------


class MappingForm(forms.Form):
    """A field for each column of the file, the guessed one chosen."""

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.headers = headers
        choices = [("", gettext_lazy("— not imported —")), *IMPORT_FIELDS.items()]
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header or _("Column %(number)d") % {"number": index + 1},
                choices=choices,
                required=False,
            )

    def mapping(self) -> dict[int, str]:
        """The chosen fields, from the cleaned data or, when invalid, as submitted."""
        source = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        chosen: dict[int, str] = {}
        for index in range(len(self.headers)):
            key = f"column_{index}"
            value = source.get(key) if key in source else self.data.get(key, "")
            if value in IMPORT_FIELDS:
                chosen[index] = str(value)
        return chosen

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            check_mapping(self.mapping(), self.headers)
        except MappingError as error:
            raise ValidationError(error.message) from error
        return cleaned

    def columns(self) -> list[forms.BoundField]:
        return [self[f"column_{index}"] for index in range(len(self.headers))]


@staff_view(EDIT)
@require_http_methods(["GET", "POST"])
def import_mapping(request: AuthenticatedHttpRequest, import_pk: int) -> HttpResponse:
    """Choose what each column holds, see the first rows and their problems, then import."""
    run = _import_run(request, import_pk)
    if run.status not in _MAPPABLE:
        return redirect("prospects:import_status", import_pk=run.pk)
    try:
        with stored_file(run) as local:
            current = plan(local, mapping_from_json(run.mapping) or None)
            if request.method == "POST":
                form = MappingForm(request.POST, headers=current.headers)
                valid = form.is_valid()
                chosen = form.mapping()
                if valid and "import" in request.POST:
                    try:
                        start_import(run, mapping=chosen, by=request.user)
                    except MappingError as error:
                        form.add_error(None, error.message)
                    else:
                        return redirect("prospects:import_status", import_pk=run.pk)
                if chosen != current.mapping:
                    current = plan(local, chosen)  # the preview follows the choice
            else:
                initial = {f"column_{i}": field for i, field in current.mapping.items()}
                form = MappingForm(headers=current.headers, initial=initial)
    except ImportFileError as error:
        return render(
            request,
            "prospects/import_mapping.html",
            {"run": run, "file_error": error.message},
            status=400,
        )
    previous = (
        ImportRun.objects.filter(sha256=run.sha256, status=ImportStatus.DONE)
        .exclude(pk=run.pk)
        .order_by("-created_at")
        .first()
    )
    return render(
        request,
        "prospects/import_mapping.html",
        {
            "run": run,
            "form": form,
            "plan": current,
            "rows": _preview_rows(current),
            "previous": previous,
        },
    )


def _preview_rows(current: Plan) -> list[dict[str, Any]]:
    return [
        {"number": row.number, "cells": row.cells, "problems": row.problems}
        for row in current.preview
    ]


# --- progress and result -------------------------------------------------------------------


@staff_view(EDIT)
@require_GET
def import_status(request: AuthenticatedHttpRequest, import_pk: int) -> HttpResponse:
    """Where an import stands; while it runs, htmx asks again every two seconds."""
    run = _import_run(request, import_pk)
    summary = run.summary or {}
    context = {
        "run": run,
        "waiting": run.status in _WAITING,
        "summary": summary,
        "reasons": reason_labels(summary.get("reasons", {})),
        "mappable": run.status in _MAPPABLE,
    }
    template = "prospects/import_status.html"
    if getattr(request, "htmx", False):
        template += "#progress"
    return render(request, template, context)


@staff_view(EDIT)
@require_GET
def import_report(request: AuthenticatedHttpRequest, import_pk: int) -> HttpResponse:
    """The rejected rows as CSV: row, reason and the original cells, safe to open in Excel."""
    run = _import_run(request, import_pk)
    if not run.report:
        return redirect("prospects:import_status", import_pk=run.pk)
    stem = Path(run.original_name).stem or "import"
    response = FileResponse(
        run.report.open("rb"),
        as_attachment=True,
        filename=f"{stem}-rejected.csv",
        content_type="text/csv; charset=utf-8",
    )
    # Streamed, not an HttpResponse; the access decorators only pass responses through.
    return cast(HttpResponse, response)


import_urlpatterns: list[URLPattern] = [
    path("import/", import_upload, name="import_upload"),
    path("import/<int:import_pk>/", import_mapping, name="import_mapping"),
    path("import/<int:import_pk>/status/", import_status, name="import_status"),
    path("import/<int:import_pk>/rejected.csv", import_report, name="import_report"),
]
