"""The demo's accounts and data: one user per staff role and one applicant."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from softlanding.accounts.enums import Role, UserKind
from softlanding.accounts.models import User
from softlanding.accounts.services import create_staff_user

if TYPE_CHECKING:
    from softlanding.outreach.models import Campaign, Opportunity
    from softlanding.prospects.models import Organization

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


#: Parts after outreach add their own demo data through loaders they register in their
#: ``AppConfig.ready()`` (radar, offers, portal, cases), so this module imports none of them.
#: Each is called with the site's base URL, e.g. "http://127.0.0.1:8000" (radar's feeds are
#: served by the demo site itself), on every run, after ``load_demo_data``, in the order the apps
#: are installed (the portal's approved application before the case Cases opens from it), and
#: must do nothing when its data is there already: the demo database is reused between runs.
DEMO_LOADERS: list[Callable[[str], object]] = []


def register_demo_loader(loader: Callable[[str], object]) -> None:
    if loader not in DEMO_LOADERS:
        DEMO_LOADERS.append(loader)


def run_demo_loaders(base_url: str) -> None:
    for loader in DEMO_LOADERS:
        loader(base_url)


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
    lead = next(user for user in owners if Role.PROGRAMME_LEAD in user.roles)
    scout = next(user for user in owners if Role.SCOUT in user.roles)
    load_demo_outreach(lead=lead, scout=scout)
    return True


# The stories the demo tells through outreach; every other opportunity is generated.
_STORY_COMPANIES = ("IdeaSoft", "Svisloch Labs", "Nemiga Apps", "Brestline Software")
# The planted duplicates stay out of campaigns: they are there to be merged.
_PLANTED = ("Айдиа Софт", "Svisloch Labs Ltd")


def load_demo_outreach(*, lead: User, scout: User, today: date | None = None) -> None:
    """Two campaigns the lead leads and the scout works in: one running, with the scout's
    follow-ups overdue and due today and next steps due, and Belarus 2020, finished, with
    its losses (IdeaSoft's, as the seed article tells it), objections and a landed company.
    About 60 opportunities and 400 activities; a second or so on SQLite.
    """
    from softlanding.core.synthetic import CampaignPlan, generate_outreach
    from softlanding.outreach.models import Campaign
    from softlanding.prospects.models import Organization

    today = today or timezone.localdate()
    started = today - timedelta(days=150)
    plans = [
        CampaignPlan(f"Belarus {started.year}", ("BY",), started, today + timedelta(days=210)),
        CampaignPlan("Belarus 2020", ("BY",), date(2020, 9, 1), date(2021, 5, 31)),
    ]
    stories = {
        organization.name: organization
        for organization in Organization.objects.filter(name__in=_STORY_COMPANIES)
    }
    planted = Organization.objects.filter(name__in=_PLANTED).values_list("pk", flat=True)
    generate_outreach(
        campaigns=2,
        opportunities=56,
        activities=380,
        sizes=[38, 18],
        plans=plans,
        staff=[scout, lead],
        lead=lead,
        today=today,
        exclude_organizations=[*(org.pk for org in stories.values()), *planted],
    )
    running, finished = (Campaign.objects.get(name=plan.name) for plan in plans)
    with transaction.atomic():
        _belarus_2020_stories(finished, stories, lead=lead)
        _scouts_day(running, stories, scout=scout, today=today)


def _at(day: date, hour: int, zone: str = "Europe/Minsk") -> datetime:
    from zoneinfo import ZoneInfo

    return datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(zone))


def _backdate(opportunity: Opportunity, moves: list[datetime]) -> None:
    """Put a story's stage changes at the times it happened: the services stamp "now"."""
    from softlanding.outreach.models import Opportunity, RaisedObjection, StageChange

    changes = list(StageChange.objects.filter(opportunity=opportunity).order_by("id"))
    for change, at in zip(changes, moves, strict=True):
        change.at = at
    StageChange.objects.bulk_update(changes, ["at"])
    Opportunity.objects.filter(pk=opportunity.pk).update(created_at=moves[0], updated_at=moves[-1])
    for raised in RaisedObjection.objects.filter(opportunity=opportunity).select_related(
        "activity"
    ):
        raised.at = raised.activity.occurred_at if raised.activity else moves[-1]
        raised.save(update_fields=["at"])


def _belarus_2020_stories(
    campaign: Campaign, stories: dict[str, Organization], *, lead: User
) -> None:
    from softlanding.outreach import services
    from softlanding.outreach.enums import ActivityKind, Outcome, Stage
    from softlanding.outreach.models import Objection

    objections = {objection.code: objection for objection in Objection.objects.all()}

    # IdeaSoft, as the seed article tells it: phoned in September 2020, declined because its
    # clients are in the US, Europe and Australia. Nothing more is recorded about them.
    ideasoft = services.open_opportunity(campaign, by=lead, organization=stories["IdeaSoft"])
    call = date(2020, 9, 15)
    services.log_activity(
        by=lead,
        kind=ActivityKind.CALL,
        opportunity=ideasoft,
        person=stories["IdeaSoft"].people.order_by("id").first(),
        occurred_at=datetime(2020, 9, 15, 11, 0),
        time_zone="Europe/Minsk",
        outcome=Outcome.NOT_INTERESTED,
        notes="Offered free workspace, no taxes, English law, visas and a community. Declined.",
        objections=[
            services.ObjectionHeard(
                objections["local_market"],
                note="The local market does not appeal: clients are in the US, Europe and "
                "Australia.",
            )
        ],
        today=call,
    )
    services.move_opportunity(
        ideasoft, to=Stage.LOST, by=lead, loss_reasons=[objections["local_market"]]
    )
    _backdate(ideasoft, [_at(call, 9), _at(call, 11), _at(call, 12)])

    # Svisloch Labs (fictional) moved its 45 people over the winter.
    svisloch = services.open_opportunity(campaign, by=lead, organization=stories["Svisloch Labs"])
    first = date(2020, 10, 5)
    services.log_activity(
        by=lead,
        kind=ActivityKind.CALL,
        opportunity=svisloch,
        occurred_at=datetime(2020, 10, 5, 15, 0),
        time_zone="Europe/Minsk",
        outcome=Outcome.INTERESTED,
        notes="The founders want the team out before winter; schools are the first question.",
        objections=[services.ObjectionHeard(objections["family_schooling"])],
        today=first,
    )
    for stage in (
        Stage.INTERESTED,
        Stage.NEGOTIATING,
        Stage.PLEDGED,
        Stage.RELOCATING,
        Stage.LANDED,
    ):
        services.move_opportunity(svisloch, to=stage, by=lead)
    _backdate(
        svisloch,
        [
            _at(date(2020, 10, 1), 10),
            _at(first, 15),
            _at(date(2020, 10, 12), 12),
            _at(date(2020, 11, 2), 16),
            _at(date(2020, 12, 1), 11),
            _at(date(2021, 1, 18), 9),
            _at(date(2021, 3, 29), 10),
        ],
    )

    # Nemiga Apps (fictional) went to Warsaw instead.
    nemiga = services.open_opportunity(campaign, by=lead, organization=stories["Nemiga Apps"])
    talk = date(2020, 10, 20)
    services.log_activity(
        by=lead,
        kind=ActivityKind.MEETING,
        opportunity=nemiga,
        occurred_at=datetime(2020, 10, 20, 14, 0),
        time_zone="Europe/Minsk",
        outcome=Outcome.NOT_INTERESTED,
        duration_minutes=45,
        notes="Half the team already has Polish visas.",
        objections=[
            services.ObjectionHeard(objections["other_destination"], destination="PL"),
        ],
        today=talk,
    )
    services.move_opportunity(
        nemiga,
        to=Stage.LOST,
        by=lead,
        loss_reasons=[objections["other_destination"]],
        lost_to="PL",
        loss_note="Moved to Warsaw: direct flights to their clients, visas already in hand.",
    )
    _backdate(nemiga, [_at(date(2020, 10, 14), 10), _at(talk, 14), _at(date(2020, 11, 9), 10)])


def _scouts_day(
    campaign: Campaign, stories: dict[str, Organization], *, scout: User, today: date
) -> None:
    """What the scout finds on My day: follow-ups overdue and due today, next steps due."""
    from softlanding.outreach import services
    from softlanding.outreach.enums import ActivityKind, Outcome, Stage
    from softlanding.outreach.models import Objection, Opportunity

    now = timezone.now()
    brestline = services.open_opportunity(
        campaign, by=scout, organization=stories["Brestline Software"]
    )
    services.log_activity(
        by=scout,
        kind=ActivityKind.CALL,
        opportunity=brestline,
        person=stories["Brestline Software"].people.order_by("id").first(),
        occurred_at=now - timedelta(days=6),
        time_zone="Europe/Minsk",
        outcome=Outcome.INTERESTED,
        duration_minutes=25,
        notes="Wants the visa rules for families in writing before the board meets.",
        objections=[services.ObjectionHeard(Objection.objects.get(code="family_schooling"))],
        follow_up_on=today - timedelta(days=2),
        today=today - timedelta(days=6),
    )
    services.move_opportunity(brestline, to=Stage.INTERESTED, by=scout)
    services.update_opportunity(
        brestline, by=scout, next_step="Send the visa guide for families", next_step_on=today
    )

    # Three of the scout's generated companies: a call back due today, an overdue e-mail
    # reply, a message to follow up later this week.
    mine = list(
        Opportunity.objects.filter(campaign=campaign, owner=scout, stage=Stage.CONTACTED)
        .select_related("organization", "person")
        .order_by("id")[:4]
    )
    for days_ago, follow_up_on, kind in (
        (3, today, ActivityKind.CALL),
        (9, today - timedelta(days=4), ActivityKind.EMAIL),
        (1, today + timedelta(days=3), ActivityKind.MESSAGE),
    ):
        if not mine:
            break
        opportunity = mine.pop(0)
        services.log_activity(
            by=scout,
            kind=kind,
            opportunity=opportunity,
            occurred_at=now - timedelta(days=days_ago),
            time_zone="Europe/Minsk",
            outcome=Outcome.CALL_BACK if kind == ActivityKind.CALL else Outcome.NONE,
            notes={
                ActivityKind.CALL: "Asked to call back after their planning meeting.",
                ActivityKind.EMAIL: "Sent the one-pager; waiting for the CTO's answer.",
            }.get(kind, "The CEO answered on Telegram: back from holiday next week."),
            follow_up_on=follow_up_on,
            today=today - timedelta(days=days_ago),
        )
    if mine:
        services.update_opportunity(
            mine[0], by=scout, next_step="Call the CTO", next_step_on=today - timedelta(days=1)
        )


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
