from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from softlanding.accounts.access import applicant_view


@applicant_view
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")
