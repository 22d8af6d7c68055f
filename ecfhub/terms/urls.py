from django.urls import path

from ecfhub.terms import views

app_name = "terms"
urlpatterns = [
    path("", views.index, name="index"),
    path("closure-days/add/", views.add_closure_day, name="add_closure_day"),
    path("years/add/", views.add_year, name="add_year"),
]
