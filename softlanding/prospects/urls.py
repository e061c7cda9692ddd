from django.urls import path

from softlanding.prospects import views

app_name = "prospects"
urlpatterns = [path("", views.organization_list, name="organization_list")]
