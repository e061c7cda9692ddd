"""Case screens as staff use them: dashboard, case page, desks, occupancy, workspace."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from softlanding.accounts.enums import Role
from softlanding.cases import services
from softlanding.cases.enums import StepKind, StepStatus
from softlanding.cases.models import Building, Desk, DeskAllocation, Floor, Room
from tests.cases.factories import make_case, make_desk, make_floor
from tests.conftest import client_for
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return StaffFactory(role=Role.CASE_OFFICER, first_name="Olga", last_name="Officer")


@pytest.mark.parametrize("rows", [1, 25])
def test_the_dashboard_runs_the_same_queries_for_one_or_many_cases(
    officer, rows: int, django_assert_max_num_queries
) -> None:
    opened = timezone.localdate() - timedelta(days=30)
    for index in range(rows):
        make_case(officer=officer, title=f"Company {index}", opened_on=opened, family=1)
    client = client_for(officer)

    # session, user, perms; late visa steps and their count; the same for company steps;
    # my cases; the counts.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("cases:index"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Company 0" in page
    assert "Documents gathered" in page
    assert "Olga Officer" in page


def test_the_dashboard_can_show_only_my_late_steps(officer) -> None:
    opened = timezone.localdate() - timedelta(days=30)
    make_case(officer=officer, title="Mine", opened_on=opened)
    make_case(officer=StaffFactory(role=Role.CASE_OFFICER), title="Theirs", opened_on=opened)
    page = client_for(officer).get(reverse("cases:index") + "?mine=1").content.decode()
    assert "Mine" in page
    assert "Theirs" not in page


@pytest.mark.parametrize("rows", [1, 20])
def test_the_case_list_runs_the_same_queries(officer, rows, django_assert_max_num_queries) -> None:
    for index in range(rows):
        make_case(officer=officer, title=f"Company {index}")
    client = client_for(officer)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("cases:case_list") + "?mine=on")
    assert response.status_code == 200
    assert "Company 0" in response.content.decode()


@pytest.mark.parametrize("people", [1, 8])
def test_the_case_page_runs_the_same_queries_for_one_or_many_people(
    officer, people: int, django_assert_max_num_queries
) -> None:
    case = make_case(people=people, family=1, officer=officer)
    desk = make_desk()
    services.allocate_desk(
        by=None, desk=desk, case=case, starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 31)
    )
    services.add_note(case, by=officer, body="Call the accountant")
    client = client_for(officer)
    with django_assert_max_num_queries(17):
        response = client.get(case.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Employee 0" in page
    assert "Desk 3.12" in page
    assert "Call the accountant" in page


def test_an_officer_allocates_a_desk_and_a_second_one_gets_the_clear_message(officer) -> None:
    case, other = make_case(officer=officer), make_case(title="Other")
    desk = make_desk("3.12")
    client = client_for(officer)
    form = {"desk": desk.pk, "starts_on": "2027-01-01", "ends_on": "2027-03-31"}

    first = client.post(reverse("cases:allocate", args=[case.pk]), form, follow=True)
    second = client.post(reverse("cases:allocate", args=[other.pk]), form, follow=True)

    assert "Desk 3.12 allocated." in first.content.decode()
    assert "Desk 3.12 is already taken from" in second.content.decode()
    assert DeskAllocation.objects.get().case == case


def test_an_allocation_with_a_bad_period_is_refused_by_the_form(officer) -> None:
    case = make_case(officer=officer)
    desk = make_desk()
    response = client_for(officer).post(
        reverse("cases:allocate", args=[case.pk]),
        {"desk": desk.pk, "starts_on": "2027-02-01", "ends_on": "2027-01-01"},
        follow=True,
    )
    assert "The period ends before it starts." in response.content.decode()
    assert not DeskAllocation.objects.exists()


def test_a_released_desk_is_free_again(officer) -> None:
    case = make_case(officer=officer)
    day = date(2027, 1, 1)
    allocation = services.allocate_desk(
        by=None, desk=make_desk(), case=case, starts_on=day, ends_on=day
    )
    client_for(officer).post(reverse("cases:allocation_release", args=[allocation.pk]))
    assert not DeskAllocation.objects.exists()


def test_an_officer_marks_a_visa_issued(officer) -> None:
    case = make_case(officer=officer)
    step = case.relocatees.get().steps.get(kind=StepKind.ISSUED)
    response = client_for(officer).post(
        reverse("cases:step_update", args=[step.pk]),
        {"action": "done", "on": str(timezone.localdate())},
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.status == StepStatus.DONE


def test_a_step_done_tomorrow_is_refused_with_a_message(officer) -> None:
    step = make_case(officer=officer).relocatees.get().steps.first()
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_for(officer).post(
        reverse("cases:step_update", args=[step.pk]),
        {"action": "done", "on": str(tomorrow)},
        follow=True,
    )
    assert "cannot be done on a day still to come" in response.content.decode()
    step.refresh_from_db()
    assert step.status == StepStatus.PENDING


def test_an_analyst_sees_a_case_but_cannot_change_it() -> None:
    analyst = StaffFactory(role=Role.ANALYST)
    case = make_case()
    page = client_for(analyst).get(case.get_absolute_url()).content.decode()
    assert "Employee 0" in page
    assert reverse("cases:allocate", args=[case.pk]) not in page
    step = case.relocatees.get().steps.first()
    assert client_for(analyst).post(reverse("cases:step_update", args=[step.pk])).status_code == 403


def test_an_officer_adds_a_family_member(officer) -> None:
    case = make_case(officer=officer)
    employee = case.relocatees.get()
    client_for(officer).post(
        reverse("cases:relocatee_add", args=[case.pk]),
        {
            "name_cyrillic": "Анна Иванова",
            "relation": "spouse",
            "family_of": employee.pk,
            "nationality": "BY",
            "visa_type": employee.visa_type_id,
        },
    )
    spouse = case.relocatees.get(name_cyrillic="Анна Иванова")
    assert spouse.family_of == employee
    assert spouse.steps.count() == 6


def test_a_note_from_the_page(officer) -> None:
    case = make_case(officer=officer)
    client_for(officer).post(
        reverse("cases:note_add", args=[case.pk]), {"body": "Visa centre closed Friday"}
    )
    client_for(officer).post(
        reverse("cases:note_add", args=[case.pk]),
        {"body": "Bring your diplomas", "for_applicant": "on"},
    )
    internal, shared = case.notes.order_by("id")
    assert internal.is_internal
    assert internal.author == officer
    assert not shared.is_internal


def test_the_workspace_is_built_from_the_page(officer) -> None:
    client = client_for(officer)
    client.post(reverse("cases:inventory_add", args=["building"]), {"name": "Tower A"})
    building = Building.objects.get()
    client.post(
        reverse("cases:inventory_add", args=["floor"]), {"building": building.pk, "level": 3}
    )
    floor = Floor.objects.get()
    client.post(reverse("cases:inventory_add", args=["room"]), {"floor": floor.pk, "name": "Open"})
    room = Room.objects.get()
    client.post(
        reverse("cases:inventory_add", args=["desk"]),
        {"room": room.pk, "code": "3.12", "capacity": 1, "features": ["window", "monitor"]},
    )
    desk = Desk.objects.get()
    assert desk.features == ["window", "monitor"]
    page = client.get(reverse("cases:inventory")).content.decode()
    assert "Desk 3.12" in page


def test_a_duplicate_desk_number_in_a_room_is_refused(officer) -> None:
    desk = make_desk("3.12")
    response = client_for(officer).post(
        reverse("cases:inventory_add", args=["desk"]),
        {"room": desk.room_id, "code": "3.12", "capacity": 1},
        follow=True,
    )
    assert "already exists" in response.content.decode()
    assert Desk.objects.count() == 1


@pytest.mark.parametrize("desks", [1, 12])
def test_occupancy_of_a_floor_for_a_week_in_a_fixed_number_of_queries(
    officer, desks: int, django_assert_max_num_queries
) -> None:
    floor = make_floor()
    case = make_case(title="IdeaSoft")
    made = [make_desk(f"3.{index}", floor=floor) for index in range(desks)]
    services.allocate_desk(
        by=None, desk=made[0], case=case, starts_on=date(2027, 1, 5), ends_on=date(2027, 1, 6)
    )
    url = reverse("cases:occupancy") + f"?floor={floor.pk}&on=2027-01-06&week=on"
    # session, user, perms, the floor asked for, the floors to choose from, desks, allocations.
    client = client_for(officer)
    with django_assert_max_num_queries(8):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="taken"') == 2  # Tuesday and Wednesday
    assert f"{desks * 7 - 2} free desk-day" in page


def test_occupancy_for_one_day_by_default(officer) -> None:
    make_desk()
    response = client_for(officer).get(reverse("cases:occupancy"))
    assert "1 free desk-day" in response.content.decode()


def test_the_dashboard_caps_its_late_counts(officer, monkeypatch) -> None:
    from softlanding.cases import queries

    monkeypatch.setattr(queries, "COUNT_CAP", 3)
    make_case(officer=officer, opened_on=timezone.localdate() - timedelta(days=30), people=2)
    page = client_for(officer).get(reverse("cases:index")).content.decode()
    assert "Late visa steps (3+)" in page


def test_a_person_is_added_on_its_own_page_and_a_nameless_one_is_refused(officer) -> None:
    case = make_case(officer=officer)
    url = reverse("cases:relocatee_add", args=[case.pk])
    assert "Nationality" in client_for(officer).get(url).content.decode()
    response = client_for(officer).post(url, {"relation": "employee", "visa_type": 1})
    assert "needs a name in Latin or Cyrillic" in response.content.decode()
    assert case.relocatees.count() == 1


@pytest.mark.parametrize("desks", [1, 10])
def test_the_workspace_page_runs_the_same_queries(officer, desks, django_assert_max_num_queries):
    floor = make_floor()
    for index in range(desks):
        make_desk(f"3.{index}", floor=floor, room=f"Room {index % 3}")
    client = client_for(officer)
    # session, user, perms, buildings, floors, rooms, desks, the forms' choices.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("cases:inventory"))
    assert "Desk 3.0" in response.content.decode()


@pytest.mark.parametrize("people", [1, 6])
def test_the_applicants_case_page_runs_the_same_queries(
    people, django_capture_on_commit_callbacks, django_assert_max_num_queries
) -> None:
    from softlanding.portal import services as portal
    from tests.portal.factories import make_submitted_application

    officer = StaffFactory(role=Role.CASE_OFFICER)
    application = make_submitted_application(people=people, family=1)
    portal.assign(application, to=officer, by=officer)
    with django_capture_on_commit_callbacks(execute=True):
        portal.approve(application, reason="Fine", by=officer)
    client = client_for(application.applicant)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("cases:applicant_case", args=[application.pk]))
    assert response.status_code == 200
    assert "Specialist 0" in response.content.decode()
