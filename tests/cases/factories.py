"""Cases, people and desks for tests, made through the services as staff would."""

from __future__ import annotations

from typing import Any

from softlanding.cases import services
from softlanding.cases.enums import CaseKind, Relation
from softlanding.cases.models import Case, Desk, Floor
from softlanding.cases.services import PersonData


def ensure_templates() -> None:
    """A transactional test flushed the seeded templates: make them again."""
    from django.apps import apps

    from softlanding.cases.defaults import seed_templates

    seed_templates(
        apps.get_model("cases", "VisaType"),
        apps.get_model("cases", "VisaStepTemplate"),
        apps.get_model("cases", "CompanyStepTemplate"),
    )


def make_case(
    *, people: int = 1, family: int = 0, officer: Any = None, title: str = "IdeaSoft", **fields: Any
) -> Case:
    ensure_templates()
    persons = []
    for index in range(people):
        persons.append(
            PersonData(
                name_latin=f"Employee {index}",
                name_cyrillic=f"Сотрудник {index}",
                nationality="BY",
                source_key=f"e{index}",
            )
        )
    for index in range(family):
        persons.append(
            PersonData(
                name_latin=f"Family {index}",
                relation=Relation.SPOUSE if index == 0 else Relation.CHILD,
                nationality="BY",
                source_key=f"f{index}",
                family_of_key="e0",
            )
        )
    fields.setdefault("kind", CaseKind.COMPANY)
    return services.open_case(by=None, title=title, people=persons, officer=officer, **fields)


def make_floor(*, building: str = "Tower A", level: int = 3) -> Floor:
    from softlanding.cases.models import Building

    tower, _ = Building.objects.get_or_create(name=building)
    existing = Floor.objects.filter(building=tower, level=level).first()
    return existing or services.create_floor(by=None, building=tower, level=level)


def make_desk(code: str = "3.12", *, floor: Floor | None = None, room: str = "Open space") -> Desk:
    from softlanding.cases.models import Room

    floor = floor or make_floor()
    space, _ = Room.objects.get_or_create(floor=floor, name=room)
    return services.create_desk(by=None, room=space, code=code, features=["monitor"])
