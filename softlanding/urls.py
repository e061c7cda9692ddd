from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("softlanding.core.urls")),
    path("accounts/", include("softlanding.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("prospects/", include("softlanding.prospects.urls")),
    path("outreach/", include("softlanding.outreach.urls")),
    path("radar/", include("softlanding.radar.urls")),
    path("offers/", include("softlanding.offers.urls")),
    path("portal/", include("softlanding.portal.urls")),
    path("cases/", include("softlanding.cases.urls")),
    path("reports/", include("softlanding.reports.urls")),
    path("admin/", admin.site.urls),
]
