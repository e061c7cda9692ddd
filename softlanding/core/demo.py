"""The demo's accounts and data: one user per staff role and one applicant."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from softlanding.accounts.enums import Role, UserKind
from softlanding.accounts.models import User
from softlanding.accounts.services import create_staff_user

# Known passwords are acceptable only because the demo serves 127.0.0.1 alone.
DEMO_PASSWORD = "softlanding-demo"  # noqa: S105


@dataclass(frozen=True)
class DemoLogin:
    email: str
    label: str


DEMO_STAFF: tuple[tuple[str, str, str, Role], ...] = (
    ("lead@demo.softlanding.test", "Aigerim", "Nurlanova", Role.PROGRAMME_LEAD),
    ("scout@demo.softlanding.test", "Daniyar", "Seitkali", Role.SCOUT),
    ("officer@demo.softlanding.test", "Madina", "Akhmetova", Role.CASE_OFFICER),
    ("analyst@demo.softlanding.test", "Timur", "Bekov", Role.ANALYST),
    ("admin@demo.softlanding.test", "Olga", "Kim", Role.ADMINISTRATOR),
)
DEMO_APPLICANT = "applicant@demo.softlanding.test"


def demo_logins() -> list[DemoLogin]:
    logins = [DemoLogin(email, str(role.label)) for email, _, _, role in DEMO_STAFF]
    logins.append(DemoLogin(DEMO_APPLICANT, str(UserKind.APPLICANT.label)))
    return logins


@transaction.atomic
def ensure_demo_accounts() -> list[User]:
    """Create the demo accounts once; a second run finds and reuses them."""
    from allauth.account.models import EmailAddress

    staff = []
    for email, first, last, role in DEMO_STAFF:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = create_staff_user(
                email=email, password=DEMO_PASSWORD, roles=[role], first_name=first, last_name=last
            )
            if role == Role.ADMINISTRATOR:
                user.is_superuser = True
                user.save(update_fields=["is_superuser"])
        staff.append(user)
    applicant = User.objects.filter(email=DEMO_APPLICANT).first()
    if applicant is None:
        applicant = User.objects.create_user(
            DEMO_APPLICANT,
            DEMO_PASSWORD,
            kind=UserKind.APPLICANT,
            first_name="Yury",
            last_name="Plyashkov",
        )
    for user in [*staff, applicant]:
        # Demo e-mail addresses count as verified, so nobody waits for a message to sign in.
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
    return staff


def load_demo_data() -> bool:
    """Load the demo's organisations and people unless the database already has some."""
    from softlanding.core.synthetic import generate_demo
    from softlanding.prospects.dedupe import scan_for_duplicates
    from softlanding.prospects.models import Organization
    from softlanding.prospects.services import recompute_fit_scores

    if Organization.objects.exists():
        return False
    owners = ensure_demo_accounts()
    scouts = [
        user for user in owners if Role.SCOUT in user.roles or Role.PROGRAMME_LEAD in user.roles
    ]
    generate_demo(owners=scouts)
    _plant_duplicates()
    recompute_fit_scores()
    scan_for_duplicates()
    return True


def _plant_duplicates() -> None:
    """What a second spreadsheet brings: the same companies spelled another way."""
    from softlanding.prospects.services import create_organization

    source = ["import:minsk-it-meetup-2020.xlsx"]
    create_organization(
        by=None, name="Айдиа Софт", legal_form="ООО", country="BY", city="Минск", sources=source
    )
    create_organization(
        by=None,
        name="Svisloch Labs Ltd",
        country="BY",
        website="https://svislochlabs.by",
        sources=source,
    )
