from django.urls import path

from softlanding.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("apply/", views.application_start, name="application_start"),
    path(
        "applications/<int:application_pk>/",
        views.application_detail,
        name="application_detail",
    ),
    path(
        "applications/<int:application_pk>/step/<slug:step>/",
        views.application_step,
        name="application_step",
    ),
    path(
        "applications/<int:application_pk>/submit/",
        views.application_submit,
        name="application_submit",
    ),
    path(
        "applications/<int:application_pk>/withdraw/",
        views.application_withdraw,
        name="application_withdraw",
    ),
    path(
        "applications/<int:application_pk>/answer/",
        views.application_answer,
        name="application_answer",
    ),
    path(
        "applications/<int:application_pk>/documents/",
        views.document_upload,
        name="document_upload",
    ),
    path("files/<uuid:file_id>/", views.file_download, name="file"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/<int:application_pk>/", views.review_detail, name="review_detail"),
    path("review/<int:application_pk>/assign/", views.review_assign, name="review_assign"),
    path("review/<int:application_pk>/comment/", views.review_comment, name="review_comment"),
    path(
        "review/<int:application_pk>/request/",
        views.review_request_info,
        name="review_request_info",
    ),
    path("review/<int:application_pk>/decide/", views.review_decide, name="review_decide"),
]
