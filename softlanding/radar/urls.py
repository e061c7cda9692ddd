from django.conf import settings
from django.urls import path

from softlanding.radar import views

app_name = "radar"
urlpatterns = [
    path("", views.index, name="index"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/new/", views.source_create, name="source_create"),
    path("sources/<int:source_pk>/poll/", views.source_poll, name="source_poll"),
    path("sources/<int:source_pk>/upload/", views.source_upload, name="source_upload"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/<int:article_pk>/", views.article_detail, name="article_detail"),
    path("countries/<str:country>/", views.country_detail, name="country_detail"),
    path("rules/", views.rule_list, name="rule_list"),
    path("rules/new/", views.rule_create, name="rule_create"),
    path("rules/<int:signal_rule_pk>/", views.rule_edit, name="rule_edit"),
    path("rules/<int:signal_rule_pk>/toggle/", views.rule_toggle, name="rule_toggle"),
    path("candidates/", views.candidate_list, name="candidate_list"),
    path(
        "candidates/<int:radar_candidate_pk>/accept/",
        views.candidate_accept,
        name="candidate_accept",
    ),
    path(
        "candidates/<int:radar_candidate_pk>/reject/",
        views.candidate_reject,
        name="candidate_reject",
    ),
]
if settings.DEMO:
    # The demo's own news site, polled by its worker: only in the demo.
    urlpatterns += [
        path("demo/feeds/<slug:slug>.xml", views.demo_feed, name="demo_feed"),
        path("demo/articles/<slug:slug>/", views.demo_article, name="demo_article"),
    ]
