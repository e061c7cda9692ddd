"""The portal's security promises, each tested through every portal URL it concerns."""

from __future__ import annotations

import re
import socketserver
import struct
import threading
from collections.abc import Iterator

import pytest
from django.core import mail
from django.core.files.storage import storages
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from softlanding.accounts.access import AccessPolicy
from softlanding.accounts.enums import Role
from softlanding.portal import services
from softlanding.portal.models import Application, Document, DocumentVersion
from softlanding.portal.scanning import EICAR, ScannerUnavailable, scan_with_clamd
from tests.conftest import client_for
from tests.factories import ApplicantFactory, StaffFactory
from tests.portal.factories import (
    PDF,
    make_application,
    make_document_version,
    make_submitted_application,
    pdf_upload,
)

pytestmark = pytest.mark.django_db

SECRET = "Zebra-internal-7731"


def portal_patterns() -> Iterator[URLPattern]:
    resolver = get_resolver()
    (portal,) = [r for r in resolver.url_patterns if getattr(r, "namespace", "") == "portal"]
    yield from portal.url_patterns


def applicant_routes() -> list[URLPattern]:
    return [
        p
        for p in portal_patterns()
        if p.callback.access.audience in {"applicant", "applicant_or_staff"}
    ]


def test_every_portal_view_is_in_the_walk() -> None:
    names = {p.name for p in portal_patterns()}
    assert {"home", "application_step", "file", "review_queue", "review_decide"} <= names
    for pattern in portal_patterns():
        assert isinstance(pattern.callback.access, AccessPolicy)


def kwargs_for(pattern: URLPattern, application: Application, file_id) -> dict:
    values = {"application_pk": application.pk, "step": "applicant", "file_id": file_id}
    return {name: values[name] for name in pattern.pattern.converters}


@pytest.fixture
def owned() -> tuple[Application, Application]:
    """Applicant A's draft and submitted applications, with a document, question and comment."""
    officer = StaffFactory(role=Role.CASE_OFFICER)
    applicant = ApplicantFactory()
    draft = make_application(applicant, name="Draft of A")
    make_document_version(draft)
    submitted = make_submitted_application(applicant, name="Submitted of A")
    make_document_version(submitted)
    services.add_comment(submitted, body=SECRET, by=officer)
    services.request_information(submitted, question="Which office?", by=officer)
    return draft, submitted


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_applicant_gets_404_on_every_portal_url_of_a(owned, method: str) -> None:
    intruder = client_for(ApplicantFactory())
    before = _state()
    for application in owned:
        file_id = DocumentVersion.objects.filter(document__application=application).get().public_id
        for pattern in applicant_routes():
            if not pattern.pattern.converters:
                continue  # the applicant's own lists: nothing of A's to ask for
            url = reverse(
                f"portal:{pattern.name}", kwargs=kwargs_for(pattern, application, file_id)
            )
            data = {
                "request": application.info_requests.values_list("pk", flat=True).first() or 1,
                "answer": "hijack",
                "kind": "passport",
                "name": "Hijacked",
                "file": pdf_upload(),
            }
            response = (
                getattr(intruder, method)(url, data) if method == "post" else intruder.get(url)
            )
            assert response.status_code == 404, (url, method, response.status_code)
    assert _state() == before, "nothing of A's changed"


def _state() -> list:
    return [
        list(Application.objects.order_by("pk").values_list("pk", "name", "status")),
        DocumentVersion.objects.count(),
        list(Application.objects.values_list("info_requests__answer", flat=True)),
    ]


def test_an_applicant_sees_only_its_own_applications_in_its_list(owned) -> None:
    page = client_for(ApplicantFactory()).get(reverse("portal:home")).content.decode()
    assert "Draft of A" not in page
    assert "Submitted of A" not in page


def test_every_portal_form_refuses_a_post_without_the_csrf_token(owned) -> None:
    draft, submitted = owned
    officer = StaffFactory(role=Role.CASE_OFFICER)
    checked = 0
    for pattern in portal_patterns():
        policy = pattern.callback.access
        user = draft.applicant if policy.audience != "staff" else officer
        application = submitted if policy.audience == "staff" else draft
        file_id = DocumentVersion.objects.filter(document__application=application).get().public_id
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        url = reverse(f"portal:{pattern.name}", kwargs=kwargs_for(pattern, application, file_id))
        response = client.post(url, {"kind": "company", "answer": "x", "decision": "approve"})
        assert response.status_code == 403, (url, response.status_code)
        checked += 1
    assert checked >= 14
    assert Application.objects.filter(status="approved").count() == 0


def test_every_portal_page_sends_a_strict_content_security_policy(owned) -> None:
    draft, submitted = owned
    client = client_for(draft.applicant)
    for url in [
        reverse("portal:home"),
        reverse("portal:application_start"),
        reverse("portal:application_step", args=[draft.pk, "people"]),
        submitted.get_absolute_url(),
    ]:
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"
        assert "unsafe" not in policy
    version = DocumentVersion.objects.filter(document__application=draft).get()
    served = client.get(version.get_absolute_url())
    assert served["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert served["X-Content-Type-Options"] == "nosniff"


def test_no_portal_template_contains_inline_script_or_style() -> None:
    from pathlib import Path

    import softlanding.portal

    folder = Path(softlanding.portal.__file__).parent / "templates"
    for template in folder.rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template
        assert "<style" not in text, template
        assert " style=" not in text, template
        assert not re.search(r"\son[a-z]+=", text), template


def test_internal_comments_never_reach_an_applicant_page_or_email(
    owned, django_capture_on_commit_callbacks
) -> None:
    draft, _submitted = owned
    officer = StaffFactory(role=Role.CASE_OFFICER)
    client = client_for(draft.applicant)
    for application in owned:
        version = DocumentVersion.objects.filter(document__application=application).get()
        for pattern in applicant_routes():
            url = reverse(
                f"portal:{pattern.name}",
                kwargs=kwargs_for(pattern, application, version.public_id),
            )
            response = client.get(url, follow=True)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert SECRET.encode() not in body, url
        for step in ["applicant", "people", "family", "documents", "review"]:
            url = reverse("portal:application_step", args=[application.pk, step])
            assert SECRET not in client.get(url, follow=True).content.decode()

    # Every e-mail the portal sends, with a comment on the application each time.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        fresh = make_submitted_application(draft.applicant)
        services.assign(fresh, to=officer, by=officer)
        services.add_comment(fresh, body=SECRET, by=officer)
        question = services.request_information(fresh, question="Which office?", by=officer)
        services.answer_request(question, answer="Minsk.", by=draft.applicant)
        services.approve(fresh, reason="Fine.", by=officer)
        other = make_submitted_application(draft.applicant)
        services.assign(other, to=officer, by=officer)
        services.add_comment(other, body=SECRET, by=officer)
        services.reject(other, reason="Too small.", by=officer)
    assert len(mail.outbox) == 5
    for message in mail.outbox:
        assert SECRET not in message.subject
        assert SECRET not in message.body


# --------------------------------------------------------------------------- rate limits


def test_sign_up_is_rate_limited_per_address() -> None:
    client = Client()
    statuses = []
    for n in range(21):
        response = client.post(
            reverse("account_signup"),
            {
                "email": f"flood{n}@example.org",
                "password1": "Slow-Connection-42",
                "password2": "Slow-Connection-42",
            },
        )
        statuses.append(response.status_code)
    assert statuses[:20] == [302] * 20
    assert statuses[20] == 429


def test_uploads_are_rate_limited_per_applicant_and_nothing_is_stored(settings) -> None:
    settings.PORTAL_UPLOADS_PER_HOUR = 2
    application = make_application()
    client = client_for(application.applicant)
    url = reverse("portal:document_upload", args=[application.pk])
    files_before = len(stored_files())
    for _ in range(2):
        assert client.post(url, {"kind": "passport", "file": pdf_upload()}).status_code == 302
    refused = client.post(url, {"kind": "passport", "file": pdf_upload()})
    assert refused.status_code == 429
    assert "Too many uploads" in refused.content.decode()
    assert DocumentVersion.objects.count() == 2
    assert len(stored_files()) == files_before + 2, "the two accepted files are stored"
    # Another applicant has its own allowance.
    other = make_application()
    response = client_for(other.applicant).post(
        reverse("portal:document_upload", args=[other.pk]),
        {"kind": "passport", "file": pdf_upload()},
    )
    assert response.status_code == 302


def test_the_rate_limit_counts_each_hit_once() -> None:
    from softlanding.portal.ratelimit import allow

    results = [allow("test", "k", limit=3, window=3600) for _ in range(5)]
    assert results == [True, True, True, False, False]
    assert allow("test", "other", limit=3, window=3600)


# --------------------------------------------------------------------------- hostile uploads

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("invoice.pdf", EXE, "Only PDF, JPEG and PNG files are accepted"),
        ("photo.png", b"<html><script>alert(1)</script></html>", "Only PDF, JPEG and PNG"),
        ("passport.pdf", PDF + EICAR, "the virus scanner found EICAR-Test-File"),
        ("empty.pdf", b"", "The file is empty."),
        ("huge.pdf", PDF + b"0" * 2048, "The file is too big"),
    ],
    ids=["renamed-exe", "html-as-png", "eicar", "empty", "too-big"],
)
def test_a_hostile_upload_is_refused_with_a_clear_message_and_nothing_stored(
    settings, name: str, data: bytes, message: str
) -> None:
    settings.PORTAL_MAX_UPLOAD_BYTES = 1024
    application = make_application()
    client = client_for(application.applicant)
    files_before = stored_files()
    response = client.post(
        reverse("portal:document_upload", args=[application.pk]),
        {"kind": "passport", "file": pdf_upload(name, data)},
        follow=True,
    )
    assert message in response.content.decode()
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert stored_files() == files_before


def stored_files(folder: str = "") -> list[str]:
    """Every file in the private storage (shared by the tests of this process)."""
    storage = storages["private"]
    if folder and not storage.exists(folder):
        return []
    directories, files = storage.listdir(folder)
    found = [f"{folder}/{name}" for name in files]
    for directory in directories:
        found.extend(stored_files(f"{folder}/{directory}".lstrip("/")))
    return sorted(found)


def test_a_scanner_that_cannot_answer_refuses_the_upload(settings) -> None:
    from softlanding.portal import scanning

    settings.PORTAL_VIRUS_SCANNER = "tests.portal.test_security.broken_scanner"
    scanning._load.cache_clear()
    try:
        application = make_application()
        response = client_for(application.applicant).post(
            reverse("portal:document_upload", args=[application.pk]),
            {"kind": "passport", "file": pdf_upload()},
            follow=True,
        )
    finally:
        scanning._load.cache_clear()
    assert "could not be checked for viruses" in response.content.decode()
    assert not DocumentVersion.objects.exists()


def broken_scanner(data: bytes) -> str | None:
    raise ScannerUnavailable("daemon down")


class _FakeClamd(socketserver.BaseRequestHandler):
    """Speaks clamd's INSTREAM: reads the chunks, answers FOUND for EICAR, else OK."""

    def handle(self) -> None:
        command = b""
        while not command.endswith(b"\0"):
            command += self.request.recv(1)
        assert command == b"zINSTREAM\0"
        data = b""
        while True:
            (size,) = struct.unpack("!L", self._read(4))
            if not size:
                break
            data += self._read(size)
        answer = b"stream: Eicar-Signature FOUND\0" if EICAR in data else b"stream: OK\0"
        self.request.sendall(answer)

    def _read(self, size: int) -> bytes:
        out = b""
        while len(out) < size:
            out += self.request.recv(size - len(out))
        return out


def test_the_clamd_scanner_speaks_instream() -> None:
    with socketserver.TCPServer(("127.0.0.1", 0), _FakeClamd) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        address = f"127.0.0.1:{server.server_address[1]}"
        try:
            assert scan_with_clamd(PDF * 5000, address=address) is None
            assert scan_with_clamd(PDF + EICAR, address=address) == "Eicar-Signature"
        finally:
            server.shutdown()
    with pytest.raises(ScannerUnavailable):
        scan_with_clamd(PDF, address="127.0.0.1:1")
