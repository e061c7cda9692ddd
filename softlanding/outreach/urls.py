from django.urls import path

from softlanding.core.views import part_placeholder

app_name = "outreach"
urlpatterns = [path("", part_placeholder("outreach"), name="index")]
