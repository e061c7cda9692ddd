from django.urls import path

from softlanding.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.dashboard, name="index"),
    path("all/", views.case_list, name="case_list"),
    path("<int:case_pk>/", views.case_detail, name="case_detail"),
    path("<int:case_pk>/allocate/", views.allocate, name="allocate"),
    path("<int:case_pk>/notes/", views.note_add, name="note_add"),
    path("<int:case_pk>/people/", views.relocatee_add, name="relocatee_add"),
    path("steps/<int:step_pk>/", views.step_update, name="step_update"),
    path(
        "company-steps/<int:company_step_pk>/",
        views.company_step_update,
        name="company_step_update",
    ),
    path(
        "allocations/<int:allocation_pk>/release/",
        views.allocation_release,
        name="allocation_release",
    ),
    path("workspace/", views.inventory, name="inventory"),
    path("workspace/add/<slug:kind>/", views.inventory_add, name="inventory_add"),
    path("workspace/occupancy/", views.occupancy, name="occupancy"),
    path("my/", views.applicant_cases, name="applicant_cases"),
    path("my/<int:application_pk>/", views.applicant_case, name="applicant_case"),
]
