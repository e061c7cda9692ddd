from django.urls import path

from softlanding.offers import views

app_name = "offers"
urlpatterns = [
    path("", views.benefit_list, name="index"),
    path("benefits/", views.benefit_list, name="benefit_list"),
    path("benefits/new/", views.benefit_edit, name="benefit_create"),
    path("benefits/<int:benefit_pk>/", views.benefit_edit, name="benefit_edit"),
    path("rivals/", views.comparison, name="comparison"),
    path("rivals/comparison.pdf", views.comparison_pdf, name="comparison_pdf"),
    path("rivals/send/", views.comparison_send, name="comparison_send"),
    path("rivals/edit/", views.rival_list, name="rival_list"),
    path("rivals/<int:rival_pk>/", views.rival_edit, name="rival_edit"),
    path("answers/", views.answer_list, name="answer_list"),
    path("rules/", views.rule_set_list, name="rule_set_list"),
    path("rules/<int:rule_set_pk>/", views.rule_set_detail, name="rule_set_detail"),
    path("rules/<int:rule_set_pk>/new-version/", views.version_create, name="version_create"),
    path("rules/versions/<int:version_pk>/", views.version_detail, name="version_detail"),
    path("rules/versions/<int:version_pk>/edit/", views.version_edit, name="version_edit"),
    path("rules/versions/<int:version_pk>/publish/", views.version_publish, name="version_publish"),
    path("opportunities/<int:opportunity_pk>/", views.offer_detail, name="offer_detail"),
    path("opportunities/<int:opportunity_pk>/make/", views.offer_make, name="offer_make"),
    path("versions/<int:offer_pk>/offer.pdf", views.offer_pdf, name="offer_pdf"),
    path("versions/<int:offer_pk>/send/", views.offer_send, name="offer_send"),
]
