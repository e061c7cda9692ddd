from django.urls import path

from softlanding.core.views import part_placeholder

app_name = "reports"
urlpatterns = [path("", part_placeholder("reports"), name="index")]
