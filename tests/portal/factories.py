"""Applications as an applicant makes them, through the portal's services."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from softlanding.accounts.models import User
from softlanding.portal import services
from softlanding.portal.enums import Relation
from softlanding.portal.models import Application, DocumentVersion, RelocatingPerson
from tests.factories import ApplicantFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def pdf_upload(name: str = "passport.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def make_application(
    applicant: User | None = None,
    *,
    kind: str = "company",
    people: int = 1,
    family: int = 0,
    **fields: Any,
) -> Application:
    """A filled-in draft: the organisation, ``people`` specialists, ``family`` members."""
    applicant = applicant or ApplicantFactory()
    application = services.start_application(applicant=applicant, kind=kind, language="en")
    values: dict[str, Any] = {
        "name": f"Applicant {application.pk}",
        "country": "BY",
        "city": "Minsk",
        "employees": 40,
    }
    values.update(fields)
    for field, value in values.items():
        setattr(application, field, value)
    application.step = 5
    application.save()
    specialists = [
        RelocatingPerson.objects.create(application=application, full_name=f"Specialist {n}")
        for n in range(people)
    ]
    for n in range(family):
        RelocatingPerson.objects.create(
            application=application,
            full_name=f"Family {n}",
            relation=Relation.CHILD,
            family_of=specialists[0],
        )
    return application


def make_submitted_application(applicant: User | None = None, **fields: Any) -> Application:
    application = make_application(applicant, **fields)
    return services.submit(application, by=application.applicant)


def make_document_version(application: Application, **kwargs: Any) -> DocumentVersion:
    return services.add_document(
        application,
        upload=kwargs.pop("upload", None) or pdf_upload(),
        kind=kwargs.pop("kind", "passport"),
        by=application.applicant,
        **kwargs,
    )
