from django.urls import path

from softlanding.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", views.my_day, name="index"),
    path("my-day/", views.my_day, name="my_day"),
    path("follow-ups/<int:activity_pk>/log/", views.follow_up_log, name="follow_up_log"),
    path("follow-ups/<int:activity_pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:campaign_pk>/", views.campaign_board, name="campaign_board"),
    path("campaigns/<int:campaign_pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:campaign_pk>/add/", views.campaign_add, name="campaign_add"),
    path(
        "campaigns/<int:campaign_pk>/add-segment/",
        views.campaign_add_segment,
        name="campaign_add_segment",
    ),
    path(
        "campaigns/<int:campaign_pk>/columns/<slug:stage>/",
        views.board_column,
        name="board_column",
    ),
    path("campaigns/<int:campaign_pk>/funnel/", views.campaign_funnel, name="campaign_funnel"),
    path(
        "campaigns/<int:campaign_pk>/funnel.csv",
        views.campaign_funnel_csv,
        name="campaign_funnel_csv",
    ),
    path("objections/", views.objection_list, name="objection_list"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/new/", views.template_edit, name="template_create"),
    path("templates/<int:template_pk>/", views.template_edit, name="template_edit"),
    path("opportunities/", views.opportunity_list, name="opportunity_list"),
    path(
        "opportunities/<int:opportunity_pk>/", views.opportunity_detail, name="opportunity_detail"
    ),
    path(
        "opportunities/<int:opportunity_pk>/move/", views.opportunity_move, name="opportunity_move"
    ),
    path(
        "opportunities/<int:opportunity_pk>/edit/", views.opportunity_edit, name="opportunity_edit"
    ),
    path("opportunities/<int:opportunity_pk>/log/", views.activity_log, name="activity_log"),
    path("opportunities/<int:opportunity_pk>/email/", views.email_send, name="email_send"),
]
