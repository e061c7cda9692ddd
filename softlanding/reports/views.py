"""Reports: the relocation funnel per campaign and per country, on a page and as CSV."""

from __future__ import annotations

import csv
from itertools import pairwise

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from softlanding.accounts.access import staff_view
from softlanding.prospects.importing import neutralise_cell
from softlanding.reports.queries import DIMENSIONS, Dimension, funnel_table, stage_labels

VIEW = "accounts.view_reports"


@staff_view(VIEW)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/index.html",
        {
            "tables": [funnel_table(dimension) for dimension in DIMENSIONS],
            "stages": stage_labels(),
        },
    )


def _share(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


@staff_view(VIEW)
@require_GET
def funnel_csv(request: HttpRequest, dimension: Dimension) -> HttpResponse:
    if dimension not in DIMENSIONS:
        raise Http404
    table = funnel_table(dimension)
    stages = stage_labels()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="relocation-funnel-{dimension}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM as UTF-8
    writer = csv.writer(response)
    header = [_("Campaign") if dimension == "campaign" else _("Country")]
    for label in stages.values():
        header += [
            _("%(stage)s: employees") % {"stage": label},
            _("%(stage)s: family members") % {"stage": label},
        ]
    header += [
        _("Drop-off %(before)s → %(after)s") % {"before": before, "after": after}
        for before, after in pairwise(stages.values())
    ]
    for before, after in pairwise(stages.values()):
        header += [
            _("Drop-off %(before)s → %(after)s: employees") % {"before": before, "after": after},
            _("Drop-off %(before)s → %(after)s: family members")
            % {"before": before, "after": after},
        ]
    writer.writerow([neutralise_cell(str(cell)) for cell in header])
    for label, funnel in [(row.label, row.funnel) for row in table.rows] + [
        (_("Total"), table.total)
    ]:
        cells: list[str | int] = [neutralise_cell(label)]
        for step in funnel.steps:
            cells += [step.people, step.family]
        cells += [_share(share) for _before, _after, share in funnel.drop_off()]
        for drop in funnel.split_drop_off():
            cells += [_share(drop.people), _share(drop.family)]
        writer.writerow(cells)
    return response
