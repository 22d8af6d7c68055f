from django.urls import path

from ecfhub.scheduling import views

app_name = "scheduling"
urlpatterns = [
    path("", views.index, name="index"),
    path("runs/<id:pk>/", views.run_detail, name="run"),
    path("runs/<id:pk>/confirm/", views.run_commit, name="commit"),
    path("place/", views.place, name="place"),
    path("without-dates/", views.without_dates, name="without_dates"),
]
