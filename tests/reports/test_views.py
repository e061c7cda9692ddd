"""The relocation funnel report: per campaign and per country, on the page and as CSV."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from softlanding.accounts.enums import Role
from softlanding.cases import services
from softlanding.cases.enums import StepKind
from softlanding.cases.models import Case
from softlanding.reports.queries import funnel_table
from tests.cases.factories import make_case
from tests.conftest import client_for
from tests.factories import StaffFactory, make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst():
    return StaffFactory(role=Role.ANALYST)


def done(case: Case, source_key: str, *kinds: str) -> None:
    person = case.relocatees.get(source_key=source_key)
    for kind in kinds:
        services.complete_step(person.steps.get(kind=kind), by=None)


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_table_per_campaign_counts_people_and_family_and_sums_a_total() -> None:
    spring = make_campaign(name="Spring")
    autumn = make_campaign(name="Autumn")
    first = make_case(people=2, family=1, campaign=spring, country="BY")
    make_case(people=1, campaign=autumn, country="UA", title="Other")
    make_case(people=3, title="No campaign")
    done(first, "e0", StepKind.ISSUED, StepKind.ENTERED, StepKind.STARTED_WORK)
    done(first, "e1", StepKind.ISSUED, StepKind.ENTERED)  # arrived, not working: not landed
    done(first, "f0", StepKind.ISSUED)

    table = funnel_table("campaign")

    assert [row.label for row in table.rows] == ["No campaign", "Spring", "Autumn"]
    spring_row = table.rows[1].funnel.as_dict()
    assert spring_row == {
        "pledged": {"people": 2, "family": 1},
        "with_visa": {"people": 2, "family": 1},
        "arrived": {"people": 2, "family": 0},
        "working": {"people": 1, "family": 0},
    }
    assert table.total.as_dict()["pledged"] == {"people": 6, "family": 1}
    assert table.total.as_dict()["working"] == {"people": 1, "family": 0}


def test_the_table_per_country_names_countries_in_the_active_language() -> None:
    make_case(people=1, country="BY")
    make_case(people=1, title="Unknown")
    with translation.override("ru"):
        labels = [row.label for row in funnel_table("country").rows]
    assert sorted(labels) == sorted(["Беларусь", "Страна неизвестна"])


@pytest.mark.parametrize("rows", [1, 12])
def test_the_report_page_runs_the_same_queries_for_one_or_many_rows(
    analyst, rows: int, django_assert_max_num_queries
) -> None:
    countries = ["BY", "UA", "RU", "KZ", "GE", "AM", "PL", "LT", "LV", "EE", "DE", "FR"]
    for index in range(rows):
        campaign = make_campaign(name=f"Campaign {index}")
        make_case(
            people=2, family=1, campaign=campaign, country=countries[index], title=f"C{index}"
        )
    client = client_for(analyst)

    # session, user, user and group perms; the funnel per campaign and the campaigns' names;
    # the funnel per country (names from django-countries, no query).
    with django_assert_max_num_queries(7):
        response = client.get(reverse("reports:index"))

    page = response.content.decode()
    assert response.status_code == 200
    assert f"Campaign {rows - 1}" in page
    assert "Working (landed)" in page
    assert "started work" in page  # the page says what landed means


def test_the_report_page_in_russian(analyst) -> None:
    make_case(people=1, country="BY")
    client = client_for(analyst)
    response = client.get(reverse("reports:index"), HTTP_ACCEPT_LANGUAGE="ru")
    page = response.content.decode()
    assert "Воронка переезда" in page
    assert "Беларусь" in page


def test_the_report_needs_the_reports_permission() -> None:
    scout = StaffFactory(role=Role.SCOUT)
    assert client_for(scout).get(reverse("reports:index")).status_code == 403


@pytest.mark.parametrize("rows", [1, 12])
def test_the_csv_per_campaign_runs_the_same_queries(
    analyst, rows: int, django_assert_max_num_queries
) -> None:
    for index in range(rows):
        make_case(people=1, campaign=make_campaign(name=f"Campaign {index}"), title=f"C{index}")
    client = client_for(analyst)
    # session, user, user and group perms; the funnel per campaign and the campaigns' names.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("reports:funnel_by_campaign_csv"))
    assert response.status_code == 200
    assert len(read_csv(response)) == rows + 2  # header, rows, total


def test_the_csv_has_people_family_drop_off_and_neutralised_names(analyst) -> None:
    hostile = make_campaign(name='=HYPERLINK("http://evil")')
    case = make_case(people=2, family=2, campaign=hostile, country="BY")
    done(case, "e0", StepKind.ISSUED, StepKind.ENTERED, StepKind.STARTED_WORK)
    done(case, "f0", StepKind.ISSUED)

    response = client_for(analyst).get(reverse("reports:funnel_by_campaign_csv"))

    assert response["Content-Type"].startswith("text/csv")
    assert "relocation-funnel-campaign.csv" in response["Content-Disposition"]
    header, row, total = read_csv(response)
    assert header[:3] == ["Campaign", "Pledged: employees", "Pledged: family members"]
    assert header[11] == "Drop-off Arrived → Working (landed)"  # everyone; then apart
    assert row[0] == '\'=HYPERLINK("http://evil")'
    assert row[1:9] == ["2", "2", "1", "1", "1", "0", "1", "0"]
    assert row[9] == "0.500"  # 4 pledged, 2 with a visa
    assert total[0] == "Total"
    assert total[1:] == row[1:]


def test_the_csv_per_country(analyst) -> None:
    make_case(people=1, country="BY")
    response = client_for(analyst).get(reverse("reports:funnel_by_country_csv"))
    header, row, _total = read_csv(response)
    assert header[0] == "Country"
    assert row[0] == "Belarus"
    assert row[1] == "1"


def test_the_page_shows_the_drop_off_of_employees_and_family_apart(analyst) -> None:
    case = make_case(people=2, family=2, country="BY", campaign=make_campaign(name="Spring"))
    done(case, "e0", StepKind.ISSUED, StepKind.ENTERED)
    done(case, "f0", StepKind.ISSUED)

    page = client_for(analyst).get(reverse("reports:index")).content.decode()

    # Employees: 2 pledged, 1 with a visa (50 % lost), 1 arrived (0 %), none working (100 %).
    # Family: 2 pledged, 1 with a visa (50 %), none arrived (100 %), none working (no share).
    row = page[page.index('<th scope="row">Spring</th>') :].split("</tr>")[0]
    cells = [cell.strip() for cell in row.replace("</td>", "").split("<td>")[1:]]
    assert cells == [
        "2", "2",
        "50 %", "50 %", "1", "1",
        "0 %", "100 %", "1", "0",
        "100 %", "—", "0", "0",
    ]  # fmt: skip
    assert "Drop-off: family members" in page


def test_the_split_drop_off_comes_from_the_same_counts() -> None:
    case = make_case(people=4, family=1, country="BY")
    done(case, "e0", StepKind.ISSUED, StepKind.ENTERED, StepKind.STARTED_WORK)
    done(case, "e1", StepKind.ISSUED)
    done(case, "f0", StepKind.ISSUED, StepKind.ENTERED)

    [row] = funnel_table("country").rows
    split = row.funnel.split_drop_off()

    assert [(d.before, d.after) for d in split] == [
        ("pledged", "with_visa"),
        ("with_visa", "arrived"),
        ("arrived", "working"),
    ]
    assert [(d.people, d.family) for d in split] == [
        (pytest.approx(0.5), 0.0),
        (pytest.approx(0.5), 0.0),
        (0.0, 1.0),
    ]
    # Everyone together is still there, from the same counts: 5 pledged, 3 with a visa.
    assert row.funnel.drop_off()[0][2] == pytest.approx(1 - 3 / 5)


def test_the_csv_has_the_split_drop_off_after_the_overall_one(analyst) -> None:
    case = make_case(people=2, family=2, campaign=make_campaign(name="Spring"), country="BY")
    done(case, "e0", StepKind.ISSUED)

    header, row, total = read_csv(
        client_for(analyst).get(reverse("reports:funnel_by_campaign_csv"))
    )

    assert header[12:14] == [
        "Drop-off Pledged → With visa: employees",
        "Drop-off Pledged → With visa: family members",
    ]
    assert len(header) == len(row) == 1 + 8 + 3 + 6
    assert row[9:12] == ["0.750", "1.000", ""]  # everyone, as before
    assert row[12:] == ["0.500", "1.000", "1.000", "", "", ""]
    assert total[12:] == row[12:]
