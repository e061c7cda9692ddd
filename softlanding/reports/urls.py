from django.urls import path

from softlanding.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path(
        "funnel-by-campaign.csv",
        views.funnel_csv,
        {"dimension": "campaign"},
        name="funnel_by_campaign_csv",
    ),
    path(
        "funnel-by-country.csv",
        views.funnel_csv,
        {"dimension": "country"},
        name="funnel_by_country_csv",
    ),
]
