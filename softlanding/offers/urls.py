from django.urls import path

from softlanding.core.views import part_placeholder

app_name = "offers"
urlpatterns = [path("", part_placeholder("offers"), name="index")]
