from django.urls import path

from ecfhub.programme import views

app_name = "programme"
urlpatterns = [
    path("", views.requirements, name="requirements"),
    path("<id:pk>/change/", views.change_requirement, name="change_requirement"),
]
