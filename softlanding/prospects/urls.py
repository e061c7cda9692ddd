from django.urls import path

from softlanding.prospects import views
from softlanding.prospects.views_import import import_urlpatterns

app_name = "prospects"
urlpatterns = [
    path("", views.organization_list, name="organization_list"),
    path("new/", views.organization_create, name="organization_create"),
    path("filters/save/", views.save_filter, name="save_filter"),
    path("filters/<int:filter_pk>/delete/", views.delete_filter, name="delete_filter"),
    path("<int:organization_pk>/", views.organization_detail, name="organization_detail"),
    path("<int:organization_pk>/edit/", views.organization_edit, name="organization_edit"),
    path("<int:organization_pk>/people/new/", views.person_create, name="person_create"),
    path("people/<int:person_pk>/", views.person_detail, name="person_detail"),
    path("people/<int:person_pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:person_pk>/export/", views.person_export, name="person_export"),
    path("people/<int:person_pk>/erase/", views.person_erase, name="person_erase"),
    path("duplicates/", views.duplicate_list, name="duplicate_list"),
    path("duplicates/<int:candidate_pk>/decide/", views.duplicate_decide, name="duplicate_decide"),
    path("merges/<int:merge_pk>/undo/", views.merge_undo, name="merge_undo"),
    path("scoring/", views.scoring_weights, name="scoring_weights"),
    *import_urlpatterns,
]
