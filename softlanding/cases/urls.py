from django.urls import path

from softlanding.core.views import part_placeholder

app_name = "cases"
urlpatterns = [path("", part_placeholder("cases"), name="index")]
