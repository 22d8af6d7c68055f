from django.urls import path

from ecfhub.events import views

app_name = "events"
urlpatterns = [
    path("events/", views.mine, name="mine"),
    path("events/sessions/<id:pk>/calendar.ics", views.session_ics, name="session_ics"),
    path("events/facilitating/", views.facilitating, name="facilitating"),
    path("events/sessions/<id:pk>/people/", views.session_people, name="session_people"),
    path("manage/events/", views.admin_list, name="admin_list"),
    path("manage/venues/", views.venues, name="venues"),
    path("manage/venues/add/", views.venue_form, name="venue_add"),
    path("manage/venues/<id:pk>/", views.venue_form, name="venue_edit"),
    path("manage/events/new/", views.event_create, name="event_create"),
    path("manage/events/<id:pk>/", views.event_detail, name="event_detail"),
    path("manage/events/<id:pk>/edit/", views.event_edit, name="event_edit"),
    path("manage/events/<id:pk>/sessions/add/", views.sessions_add, name="sessions_add"),
    path("manage/events/sessions/<id:pk>/edit/", views.session_edit, name="session_edit"),
    path("manage/events/sessions/<id:pk>/cancel/", views.session_cancel, name="session_cancel"),
]
