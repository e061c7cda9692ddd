from django.urls import path

from softlanding.core.views import part_placeholder

app_name = "radar"
urlpatterns = [path("", part_placeholder("radar"), name="index")]
