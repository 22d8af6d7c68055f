from django.urls import path

from ecfhub.calendar import views

app_name = "calendar"
urlpatterns = [
    path("calendar/", views.index, name="index"),
    path("calendar.ics", views.feed, name="feed"),
    path("calendar/feed/<str:token>.ics", views.private_feed, name="private_feed"),
    path("account/calendar/", views.account, name="account"),
    path("account/calendar/create/", views.account_create, name="account_create"),
    path("account/calendar/revoke/", views.account_revoke, name="account_revoke"),
]
