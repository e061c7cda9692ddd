from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_countries import countries

from softlanding.accounts.access import staff_view
from softlanding.prospects.models import Organization

PAGE_SIZE = 50


@staff_view("accounts.view_prospects")
def organization_list(request: HttpRequest) -> HttpResponse:
    organizations = Organization.objects.for_list().select_related(None)
    country = request.GET.get("country", "").upper()
    if country in dict(countries):
        organizations = organizations.filter(country=country)
    else:
        country = ""
    query = request.GET.get("q", "").strip()
    if query:
        organizations = organizations.filter(name__istartswith=query)
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    # One row more than a page tells whether a next page exists, without counting the table.
    rows = list(
        organizations.order_by("-created_at", "-id")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1]
    )
    return render(
        request,
        "prospects/organization_list.html",
        {
            "organizations": rows[:PAGE_SIZE],
            "has_next": len(rows) > PAGE_SIZE,
            "page": page,
            "query": query,
            "country": country,
            "countries": countries,
        },
    )
