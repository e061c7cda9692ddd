from django.urls import path

from softlanding.accounts import views

app_name = "accounts"
urlpatterns = [path("language/", views.switch_language, name="switch_language")]
