from django.urls import path

from ecfhub.hub import views

app_name = "hub"
urlpatterns = [
    path("", views.manage, name="manage"),
    path("settings/", views.edit_settings, name="settings"),
]
