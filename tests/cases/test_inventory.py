"""Desks, and allocations that never overlap: refused by the database, explained by the service."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from softlanding.cases import services
from softlanding.cases.models import DeskAllocation
from tests.cases.factories import make_case, make_desk

pytestmark = pytest.mark.django_db


def test_a_desk_is_allocated_for_a_period() -> None:
    case = make_case()
    desk = make_desk()

    allocation = services.allocate_desk(
        by=None, desk=desk, case=case, starts_on=date(2027, 1, 1), ends_on=date(2027, 3, 31)
    )

    assert allocation.desk == desk
    assert list(desk.allocations.all()) == [allocation]


def test_an_overlapping_allocation_gets_a_clear_message_and_changes_nothing() -> None:
    case, other = make_case(), make_case(title="Other")
    desk = make_desk("3.12")
    services.allocate_desk(
        by=None, desk=desk, case=case, starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 31)
    )

    with pytest.raises(services.DeskTaken) as refused:
        services.allocate_desk(
            by=None, desk=desk, case=other, starts_on=date(2027, 1, 31), ends_on=date(2027, 2, 5)
        )

    message = refused.value.messages[0]
    assert message.startswith("Desk 3.12 is already taken from")
    assert "2027" in message
    assert DeskAllocation.objects.count() == 1


def test_back_to_back_periods_and_other_desks_are_fine() -> None:
    case = make_case()
    desk, neighbour = make_desk("3.12"), make_desk("3.13")
    services.allocate_desk(
        by=None, desk=desk, case=case, starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 31)
    )
    services.allocate_desk(
        by=None, desk=desk, case=case, starts_on=date(2027, 2, 1), ends_on=date(2027, 2, 28)
    )
    services.allocate_desk(
        by=None, desk=neighbour, case=case, starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 31)
    )
    assert DeskAllocation.objects.count() == 3


def test_the_database_itself_refuses_an_overlap_written_past_the_service() -> None:
    case = make_case()
    desk = make_desk()
    DeskAllocation.objects.create(
        desk=desk, case=case, starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 31)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        DeskAllocation.objects.create(
            desk=desk, case=case, starts_on=date(2027, 1, 10), ends_on=date(2027, 1, 12)
        )


def test_moving_an_allocation_onto_another_is_refused_by_the_database() -> None:
    case = make_case()
    desk = make_desk()
    DeskAllocation.objects.create(
        desk=desk, case=case, starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 31)
    )
    later = DeskAllocation.objects.create(
        desk=desk, case=case, starts_on=date(2027, 3, 1), ends_on=date(2027, 3, 31)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        DeskAllocation.objects.filter(pk=later.pk).update(starts_on=date(2027, 1, 15))
    # An allocation may still be edited within its own days.
    DeskAllocation.objects.filter(pk=later.pk).update(ends_on=date(2027, 4, 30))


def test_a_period_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValidationError, match="ends before it starts"):
        services.allocate_desk(
            by=None,
            desk=make_desk(),
            case=make_case(),
            starts_on=date(2027, 2, 1),
            ends_on=date(2027, 1, 1),
        )
    assert not DeskAllocation.objects.exists()


def test_a_person_of_another_case_cannot_hold_the_desk() -> None:
    case, other = make_case(), make_case(title="Other")
    with pytest.raises(ValidationError, match="another case"):
        services.allocate_desk(
            by=None,
            desk=make_desk(),
            case=case,
            relocatee=other.relocatees.get(),
            starts_on=date(2027, 1, 1),
            ends_on=date(2027, 1, 2),
        )


def test_unknown_desk_features_are_refused() -> None:
    from softlanding.cases.models import Room
    from tests.cases.factories import make_floor

    room = Room.objects.create(floor=make_floor(), name="A")
    with pytest.raises(ValidationError, match="Unknown desk features: jacuzzi"):
        services.create_desk(by=None, room=room, code="1", features=["monitor", "jacuzzi"])


@pytest.mark.django_db(transaction=True)
def test_twenty_people_asking_for_one_desk_at_once_one_wins() -> None:
    case = make_case()
    desk = make_desk()
    barrier = threading.Barrier(20)
    results: list[str] = []
    lock = threading.Lock()

    def ask() -> None:
        try:
            barrier.wait()
            services.allocate_desk(
                by=None, desk=desk, case=case, starts_on=date(2027, 1, 1), ends_on=date(2027, 6, 30)
            )
            outcome = "won"
        except services.DeskTaken as refused:
            outcome = refused.messages[0]
        except Exception as error:  # any other failure is reported, not lost with its thread
            outcome = f"{type(error).__name__}: {error}"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=ask) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results.count("won") == 1
    refusals = [result for result in results if result != "won"]
    assert len(refusals) == 19
    assert all(r.startswith("Desk 3.12 is already taken from") for r in refusals), refusals
    assert DeskAllocation.objects.count() == 1
