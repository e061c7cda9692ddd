"""Outreach screens as staff use them: board, My day, opportunity page, funnel, e-mail."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from softlanding.outreach import queries, services
from softlanding.outreach.enums import Stage
from softlanding.outreach.models import Activity, Objection, Opportunity
from tests.conftest import client_for
from tests.factories import OrganizationFactory, PersonFactory, make_campaign, make_opportunity

pytestmark = pytest.mark.django_db


def fill(campaign, count: int, *, by) -> list[Opportunity]:
    opportunities = [make_opportunity(campaign, by=by) for _ in range(count)]
    for index, opportunity in enumerate(opportunities):
        stage = [Stage.IDENTIFIED, Stage.CONTACTED, Stage.INTERESTED, Stage.PLEDGED][index % 4]
        if stage != Stage.IDENTIFIED:
            services.move_opportunity(opportunity, to=stage, by=by)
        call = services.log_activity(
            by=by, kind="call", opportunity=opportunity, follow_up_on=timezone.localdate()
        )
        # Some are overdue: days have passed since they were set.
        Activity.objects.filter(pk=call.pk).update(
            follow_up_on=timezone.localdate() - timedelta(days=index % 3)
        )
    return opportunities


# --- the board -----------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 30])
def test_the_board_runs_the_same_queries_for_one_or_many_cards(
    scout, rows: int, django_assert_max_num_queries
) -> None:
    campaign = make_campaign()
    fill(campaign, rows, by=scout)
    client = client_for(scout)

    # session, user, one count per campaign, one query per non-empty column (at most 8).
    with django_assert_max_num_queries(14):
        response = client.get(reverse("outreach:campaign_board", args=[campaign.pk]))

    assert response.status_code == 200
    assert f"{rows} opportunit" in response.content.decode()


def test_a_column_shows_its_first_cards_and_loads_the_rest(scout) -> None:
    campaign = make_campaign()
    for _ in range(queries.CARDS_PER_COLUMN + 3):
        make_opportunity(campaign, by=scout)
    client = client_for(scout)

    board = client.get(reverse("outreach:campaign_board", args=[campaign.pk])).content.decode()
    more = client.get(
        reverse("outreach:board_column", args=[campaign.pk, "identified"]),
        {"offset": queries.CARDS_PER_COLUMN},
    ).content.decode()

    assert board.count('class="card"') == queries.CARDS_PER_COLUMN
    assert "3 more" in board
    assert more.count('class="card"') == 3


def test_moving_from_the_board_with_htmx_returns_the_new_board(scout) -> None:
    opportunity = make_opportunity(by=scout)
    client = client_for(scout)

    response = client.post(
        reverse("outreach:opportunity_move", args=[opportunity.pk]),
        {"to": "interested", "version": 1, "from": "board"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert 'id="board"' in response.content.decode()
    assert Opportunity.objects.get(pk=opportunity.pk).stage == "interested"


def test_a_stale_move_from_the_board_says_someone_else_moved_it(scout, lead) -> None:
    opportunity = make_opportunity(by=scout)
    services.move_opportunity(opportunity, to=Stage.INTERESTED, by=lead)

    response = client_for(scout).post(
        reverse("outreach:opportunity_move", args=[opportunity.pk]),
        {"to": "contacted", "version": 1, "from": "board"},
        headers={"HX-Request": "true"},
    )

    assert "was moved to “Interested” by someone else" in response.content.decode()
    assert Opportunity.objects.get(pk=opportunity.pk).stage == "interested"


def test_a_forbidden_move_from_the_page_is_refused_with_a_message(scout) -> None:
    opportunity = make_opportunity(by=scout)

    response = client_for(scout).post(
        reverse("outreach:opportunity_move", args=[opportunity.pk]),
        {"to": "landed", "version": 1},
    )

    assert response.status_code == 400
    assert "can&#x27;t move from “Identified” to “Landed”" in response.content.decode()
    assert Opportunity.objects.get(pk=opportunity.pk).stage == "identified"


def test_an_analyst_sees_the_board_but_cannot_move(staff_for_role) -> None:
    from softlanding.accounts.enums import Role

    analyst = staff_for_role(Role.ANALYST)
    opportunity = make_opportunity()
    client = client_for(analyst)

    board = client.get(reverse("outreach:campaign_board", args=[opportunity.campaign.pk]))
    move = client.post(
        reverse("outreach:opportunity_move", args=[opportunity.pk]), {"to": "contacted"}
    )

    assert board.status_code == 200
    assert 'class="move-form"' not in board.content.decode()
    assert move.status_code == 403


# --- my day --------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 30])
def test_my_day_runs_the_same_queries_for_one_or_many_follow_ups(
    scout, rows: int, django_assert_max_num_queries
) -> None:
    campaign = make_campaign()
    campaign.team.add(scout)
    fill(campaign, rows, by=scout)
    # And as many e-mails that bounced (a kind of row My day lists too).
    for call in Activity.objects.filter(by=scout)[:rows]:
        services.log_activity(by=scout, kind="email", opportunity=call.opportunity, subject="Hello")
    Activity.objects.filter(kind="email").update(
        email_status="failed", email_to="a@example.org", email_error="550 no such user"
    )
    OrganizationFactory(country="BY", fit_score=80)  # a new high-score prospect
    client = client_for(scout)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("outreach:my_day"))

    assert response.status_code == 200


def test_my_day_lists_overdue_and_due_follow_ups_of_the_caller_only(scout, lead) -> None:
    today = timezone.localdate()
    mine = make_opportunity(by=scout, organization=OrganizationFactory(name="Overdue Labs"))
    other = make_opportunity(by=lead, organization=OrganizationFactory(name="Not Mine Soft"))
    services.log_activity(by=scout, kind="call", opportunity=mine, follow_up_on=today)
    Activity.objects.filter(opportunity=mine).update(follow_up_on=today - timedelta(days=2))
    services.log_activity(
        by=scout,
        kind="call",
        opportunity=make_opportunity(by=scout, organization=OrganizationFactory(name="Today Ltd")),
        follow_up_on=today,
    )
    services.log_activity(by=lead, kind="call", opportunity=other, follow_up_on=today)

    day = queries.my_day(scout, today=today)
    page = client_for(scout).get(reverse("outreach:my_day")).content.decode()

    assert [a.organization.name for a in day.overdue] == ["Overdue Labs"]
    assert [a.organization.name for a in day.due] == ["Today Ltd"]
    assert "Not Mine Soft" not in page


def test_one_click_logging_from_my_day_takes_the_follow_up_off_the_list(scout) -> None:
    opportunity = make_opportunity(by=scout)
    follow_up = services.log_activity(
        by=scout, kind="call", opportunity=opportunity, follow_up_on=timezone.localdate()
    )
    objection = Objection.objects.get(code="taxes")

    response = client_for(scout).post(
        reverse("outreach:follow_up_log", args=[follow_up.pk]),
        {
            "kind": "call",
            "direction": "out",
            "time_zone": "Europe/Minsk",
            "outcome": "reached",
            "notes": "Worried about taxes on dividends",
            "objections": [str(objection.pk)],
            "follow_up_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
        },
    )

    assert response.status_code == 302
    assert not Activity.objects.filter(pk=follow_up.pk, follow_up_done=False).exists()
    assert opportunity.objections.get().objection == objection
    assert (
        Activity.objects.open_follow_ups().get().follow_up_on
        == timezone.localdate() + timedelta(days=3)
    )


def test_a_caller_cannot_log_against_someone_elses_follow_up(scout, lead) -> None:
    follow_up = services.log_activity(
        by=lead,
        kind="call",
        opportunity=make_opportunity(by=lead),
        follow_up_on=timezone.localdate(),
    )

    response = client_for(scout).post(
        reverse("outreach:follow_up_log", args=[follow_up.pk]),
        {"kind": "call", "direction": "out", "time_zone": "UTC"},
    )

    assert response.status_code == 404


# --- the opportunity page ------------------------------------------------------------------


def test_script_in_notes_is_shown_escaped(scout) -> None:
    opportunity = make_opportunity(by=scout)
    services.log_activity(
        by=scout, kind="note", opportunity=opportunity, notes="<script>alert('x')</script>"
    )

    page = client_for(scout).get(opportunity.get_absolute_url()).content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_logging_with_a_past_follow_up_shows_the_error_and_logs_nothing(scout) -> None:
    opportunity = make_opportunity(by=scout)

    response = client_for(scout).post(
        reverse("outreach:activity_log", args=[opportunity.pk]),
        {
            "kind": "call",
            "direction": "out",
            "time_zone": "Europe/Minsk",
            "follow_up_on": "2020-08-09",
        },
    )

    assert response.status_code == 400
    assert "can&#x27;t be in the past" in response.content.decode()
    assert Activity.objects.count() == 0


def test_the_email_page_refuses_an_invalid_address(scout) -> None:
    organization = OrganizationFactory()
    PersonFactory(organization=organization, email="yury@ideasoft.io", consent_to_contact=True)
    opportunity = make_opportunity(organization=organization, by=scout)
    from softlanding.outreach.models import EmailTemplate

    response = client_for(scout).post(
        reverse("outreach:email_send", args=[opportunity.pk]),
        {"template": EmailTemplate.objects.first().pk, "to": "not an address"},
    )

    assert response.status_code == 400
    assert "is not an e-mail address" in response.content.decode()
    assert Activity.objects.count() == 0


# --- the funnel ----------------------------------------------------------------------------


def _funnel_campaign(scout):
    campaign = make_campaign(goal_people=100)
    local_market = Objection.objects.get(code="local_market")
    other = Objection.objects.get(code="other_destination")
    opportunities = [make_opportunity(campaign, by=scout, expected_headcount=10) for _ in range(5)]
    services.move_opportunity(opportunities[0], to=Stage.CONTACTED, by=scout)
    for stage in (Stage.INTERESTED, Stage.PLEDGED):
        services.move_opportunity(opportunities[1], to=stage, by=scout)
    for stage in (Stage.PLEDGED, Stage.RELOCATING, Stage.LANDED):
        services.move_opportunity(opportunities[2], to=stage, by=scout)
    services.move_opportunity(opportunities[3], to=Stage.INTERESTED, by=scout)
    services.log_activity(
        by=scout,
        kind="call",
        opportunity=opportunities[3],
        objections=[services.ObjectionHeard(local_market), services.ObjectionHeard(other)],
    )
    services.move_opportunity(
        opportunities[3], to=Stage.LOST, by=scout, loss_reasons=[local_market], lost_to="PL"
    )
    return campaign


def test_the_funnel_counts_reached_stages_conversion_objections_and_losses(scout) -> None:
    campaign = _funnel_campaign(scout)

    funnel = queries.funnel(campaign)

    reached = {step.stage.value: step.reached for step in funnel.steps}
    assert reached == {
        "identified": 5,
        "contacted": 4,  # the lost one reached "interested" on the way
        "interested": 3,
        "negotiating": 2,
        "pledged": 2,
        "relocating": 1,
        "landed": 1,
    }
    by_stage = {step.stage.value: step for step in funnel.steps}
    assert by_stage["contacted"].conversion == pytest.approx(4 / 5)
    assert funnel.lost == 1
    assert [(o.code, n) for o, n in funnel.objections] == [
        ("local_market", 1),
        ("other_destination", 1),
    ]
    assert [(o.code, n) for o, n in funnel.loss_reasons] == [("local_market", 1)]
    assert funnel.lost_to == [("PL", 1)]
    assert (funnel.pledged_headcount, funnel.landed_headcount) == (20, 10)


def test_the_funnel_page_and_csv(scout, django_assert_max_num_queries) -> None:
    campaign = _funnel_campaign(scout)
    client = client_for(scout)

    with django_assert_max_num_queries(14):
        page = client.get(reverse("outreach:campaign_funnel", args=[campaign.pk]))
    response = client.get(reverse("outreach:campaign_funnel_csv", args=[campaign.pk]))

    assert "<svg" in page.content.decode()
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["stage", "Landed", "1", "1", "1.000", rows[7][5]] == rows[7]
    assert ["lost to", "PL", "1", "", "", ""] in rows


# --- the managed lists ----------------------------------------------------------------------


def test_a_programme_lead_adds_and_retires_objections(lead) -> None:
    make_campaign()  # the seeded list
    existing = list(Objection.objects.order_by("position", "id"))
    data: dict[str, object] = {
        "form-TOTAL_FORMS": len(existing) + 1,
        "form-INITIAL_FORMS": len(existing),
    }
    for index, item in enumerate(existing):
        data |= {
            f"form-{index}-id": item.pk,
            f"form-{index}-code": item.code,
            f"form-{index}-label_en": item.label_en,
            f"form-{index}-label_ru": item.label_ru,
            f"form-{index}-position": item.position,
        }
        if item.is_active and item.code != "internet":
            data[f"form-{index}-is_active"] = "on"
    new = len(existing)
    data |= {
        f"form-{new}-code": "visa_speed",
        f"form-{new}-label_en": "Visas take too long",
        f"form-{new}-label_ru": "Визы оформляются слишком долго",
        f"form-{new}-is_active": "on",
        f"form-{new}-position": 20,
    }

    response = client_for(lead).post(reverse("outreach:objection_list"), data)

    assert response.status_code == 302
    assert Objection.objects.get(code="visa_speed").label_ru == "Визы оформляются слишком долго"
    assert not Objection.objects.get(code="internet").is_active


def test_a_template_with_an_unknown_merge_field_is_refused(lead) -> None:
    response = client_for(lead).post(
        reverse("outreach:template_create"),
        {"name": "Oops", "language": "en", "subject": "Hi {{ company }}", "body": "Hello"},
    )

    assert response.status_code == 200
    assert "Unknown merge fields: company" in response.content.decode()


def test_a_scout_cannot_edit_the_lists(scout) -> None:
    assert client_for(scout).get(reverse("outreach:objection_list")).status_code == 403


def test_the_organisation_page_shows_its_campaigns_and_calls(scout) -> None:
    opportunity = make_opportunity(by=scout, organization=OrganizationFactory(name="IdeaSoft"))
    services.log_activity(
        by=scout, kind="call", opportunity=opportunity, notes="Clients are in the <b>US</b>"
    )

    page = client_for(scout).get(opportunity.organization.get_absolute_url()).content.decode()

    assert "Belarus 2020" in page
    assert "Clients are in the &lt;b&gt;US&lt;/b&gt;" in page


def test_the_panel_is_not_shown_to_whom_outreach_is_closed(staff_for_role) -> None:
    from softlanding.accounts.enums import Role

    officer = staff_for_role(Role.CASE_OFFICER)  # sees prospects, not outreach
    opportunity = make_opportunity(organization=OrganizationFactory(name="IdeaSoft"))
    services.log_activity(by=None, kind="call", opportunity=opportunity, notes="secret call")

    page = client_for(officer).get(opportunity.organization.get_absolute_url()).content.decode()

    assert "secret call" not in page


@pytest.mark.django_db(transaction=True)
def test_my_day_shows_the_callers_undelivered_emails(scout) -> None:
    from django.test import override_settings

    from softlanding.outreach.models import EmailTemplate

    organization = OrganizationFactory(name="IdeaSoft")
    person = PersonFactory(
        organization=organization, email="yury@ideasoft.io", consent_to_contact=True
    )
    opportunity = make_opportunity(organization=organization, by=scout)
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_PORT=1
    ):
        services.send_email(
            by=scout,
            template=EmailTemplate.objects.get(name="First contact", language="en"),
            person=person,
            opportunity=opportunity,
        )

    page = client_for(scout).get(reverse("outreach:my_day")).content.decode()

    assert "E-mails that could not be delivered" in page
    assert "yury@ideasoft.io" in page


# --- campaigns, the list, the opportunity's own forms -----------------------------------------


def test_a_programme_lead_creates_a_campaign_and_its_period_is_checked(lead, scout) -> None:
    from softlanding.outreach.models import Campaign

    client = client_for(lead)
    fields = {
        "name": "Belarus 2026",
        "source_countries": ["BY"],
        "lead": lead.pk,
        "team": [scout.pk],
        "goal_companies": 5,
        "goal_people": 200,
    }

    refused = client.post(
        reverse("outreach:campaign_create"),
        {**fields, "starts_on": "2026-09-01", "ends_on": "2026-08-01"},
    )
    created = client.post(
        reverse("outreach:campaign_create"),
        {**fields, "starts_on": "2026-09-01", "ends_on": "2027-03-01"},
    )

    assert "can&#x27;t end before it starts" in refused.content.decode()
    campaign = Campaign.objects.get()
    assert created["Location"] == campaign.get_absolute_url()
    assert list(campaign.team.all()) == [scout]
    assert campaign.source_countries == ["BY"]


def test_a_scout_finds_an_organisation_in_another_script_and_adds_it_once(scout) -> None:
    from softlanding.prospects import services as prospects

    campaign = make_campaign()
    ideasoft = prospects.create_organization(by=None, name="IdeaSoft", country="BY")
    client = client_for(scout)
    url = reverse("outreach:campaign_add", args=[campaign.pk])

    found = client.get(url, {"q": "айдиасофт"}).content.decode()
    client.post(url, {"organization": ideasoft.pk, "q": "айдиасофт"})
    again = client.post(url, {"organization": ideasoft.pk}, follow=True).content.decode()

    assert "Add IdeaSoft" in found
    assert Opportunity.objects.filter(campaign=campaign, organization=ideasoft).count() == 1
    assert "already in the campaign" in again


@pytest.mark.parametrize("rows", [1, 30])
def test_the_opportunity_list_filters_by_stage_and_due_in_bounded_queries(
    scout, rows: int, django_assert_max_num_queries
) -> None:
    campaign = make_campaign()
    opportunities = fill(campaign, rows, by=scout)
    due = opportunities[0]  # its first call moved it to "contacted"
    services.update_opportunity(due, by=scout, next_step="Call", next_step_on=timezone.localdate())
    client = client_for(scout)

    with django_assert_max_num_queries(10):
        page = client.get(
            reverse("outreach:opportunity_list"), {"stage": "contacted", "due": "on"}
        ).content.decode()

    assert str(due.organization) in page
    assert page.count("<tr>") == 2  # the header and the one due opportunity


def test_editing_an_opportunity_keeps_its_stage_and_records_the_change(scout) -> None:
    from softlanding.core.models import AuditEntry

    opportunity = make_opportunity(by=scout)

    client_for(scout).post(
        reverse("outreach:opportunity_edit", args=[opportunity.pk]),
        {
            "owner": scout.pk,
            "expected_headcount": 45,
            "expected_family": 30,
            "probability": 40,
            "next_step": "Send the offer",
            "next_step_on": "2027-01-15",
        },
    )

    stored = Opportunity.objects.get(pk=opportunity.pk)
    assert (stored.expected_headcount, stored.expected_family, stored.probability) == (45, 30, 40)
    assert stored.stage == "identified"
    assert AuditEntry.objects.filter(action="outreach.opportunity_updated").exists()


def test_done_takes_a_follow_up_off_the_list_without_logging(scout) -> None:
    follow_up = services.log_activity(
        by=scout,
        kind="call",
        opportunity=make_opportunity(by=scout),
        follow_up_on=timezone.localdate(),
    )

    client_for(scout).post(reverse("outreach:follow_up_done", args=[follow_up.pk]))

    assert not Activity.objects.open_follow_ups().exists()
    assert Activity.objects.count() == 1


def test_an_email_sent_from_the_page_is_delivered_and_on_the_timeline(
    scout, django_capture_on_commit_callbacks
) -> None:
    from django.core import mail

    from softlanding.outreach.models import EmailTemplate

    organization = OrganizationFactory(name="IdeaSoft")
    PersonFactory(
        organization=organization,
        first_name="Yury",
        email="yury@ideasoft.io",
        consent_to_contact=True,
    )
    opportunity = make_opportunity(organization=organization, by=scout)
    template = EmailTemplate.objects.get(name="First contact", language="en")

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(scout).post(
            reverse("outreach:email_send", args=[opportunity.pk]),
            {"template": template.pk, "to": "yury@ideasoft.io"},
        )
    page = client_for(scout).get(opportunity.get_absolute_url()).content.decode()

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["yury@ideasoft.io"]]
    assert "Dear Yury" in mail.outbox[0].body
    assert "Sent" in page
