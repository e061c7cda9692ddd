"""The portal's demo: three applications, one waiting on each side and one approved.

Registered with ``core.demo.register_demo_loader`` in ``PortalConfig.ready()`` (see
CONTRIBUTING), so core imports nothing of the portal. Cases' loader, registered after this one,
brings the approved application's case under way.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile

from softlanding.accounts.enums import Role, UserKind
from softlanding.accounts.models import User
from softlanding.core.demo import DEMO_APPLICANT, DEMO_PASSWORD, ensure_demo_accounts
from softlanding.portal import services
from softlanding.portal.models import Application, RelocatingPerson
from softlanding.prospects.models import Organization

#: The registry's company the demo applicant applies for (planted by ``load_demo_data``).
DEMO_COMPANY = "Brestline Software"


def load_demo_portal(base_url: str) -> bool:
    """The demo's applications, once, and only beside the demo's registry (a database seeded
    with other data is left alone)."""
    if not Organization.objects.filter(name=DEMO_COMPANY).exists():
        return False
    if Application.objects.filter(name=DEMO_COMPANY).exists():
        return False
    officer = next(user for user in ensure_demo_accounts() if Role.CASE_OFFICER in user.roles)
    load_demo_applications(officer=officer)
    return True


def load_demo_applications(*, officer: User) -> None:
    """Three applications in the portal: Brestline Software's, submitted by the demo applicant
    and linked through duplicate detection to the registry's organisation and its open
    opportunity, with a question from the case officer waiting; Polotsk Digital's, new to the
    registry, approved; a specialist's draft."""

    def applicant(email: str, first: str, last: str, language: str) -> User:
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email,
            DEMO_PASSWORD,
            kind=UserKind.APPLICANT,
            first_name=first,
            last_name=last,
            language=language,
        )
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def application(user: User, kind: str, people: list[str], **fields: object) -> Application:
        made = services.start_application(applicant=user, kind=kind, language=user.language)
        for field, value in fields.items():
            setattr(made, field, value)
        made.step = 5
        made.save()
        for name in people:
            RelocatingPerson.objects.create(application=made, full_name=name, citizenship="BY")
        return made

    pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    yury = User.objects.get(email=DEMO_APPLICANT)
    brestline = application(
        yury,
        "company",
        ["Yury Plyashkov", "Alena Kovalenko"],
        name="Brestline Software",
        legal_form="LLC",
        country="BY",
        city="Minsk",
        employees=60,
        founded_year=2012,
        revenue_abroad_percent=90,
        state_owned_percent=0,
        description="Software for logistics companies in the US and Germany.",
    )
    head = brestline.people.first()
    RelocatingPerson.objects.create(
        application=brestline, full_name="Maria Plyashkova", relation="spouse", family_of=head
    )
    services.add_document(
        brestline,
        upload=SimpleUploadedFile("registration.pdf", pdf),
        kind="registration",
        by=yury,
    )
    services.submit(brestline, by=yury)
    services.assign(brestline, to=officer, by=officer)
    services.add_comment(
        brestline, body="They talked to Lithuania last year; ask about the office.", by=officer
    )
    services.request_information(
        brestline, question="Where will your team work for the first six months?", by=officer
    )

    nemiga_user = applicant("founder@polotsk.demo.softlanding.test", "Pavel", "Sokol", "ru")
    nemiga = application(
        nemiga_user,
        "company",
        ["Pavel Sokol", "Ivan Lis", "Olga Lis"],
        name="Polotsk Digital",
        country="BY",
        employees=25,
        founded_year=2016,
        revenue_abroad_percent=75,
        state_owned_percent=0,
    )
    services.submit(nemiga, by=nemiga_user)
    services.assign(nemiga, to=officer, by=officer)
    services.approve(nemiga, reason="Meets every rule; desks ready in May.", by=officer)

    alone = applicant("dev@demo.softlanding.test", "Artur", "Belov", "en")
    application(alone, "individual", ["Artur Belov"], name="Artur Belov", country="BY")
