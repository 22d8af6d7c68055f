from django.urls import path

from ecfhub.content import views

app_name = "content"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.edit, name="new"),
    path("<slug:slug>/", views.page, name="page"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
]
