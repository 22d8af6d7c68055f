from django.urls import path

from ecfhub.scheduling import date_views

app_name = "dates"
urlpatterns = [
    path("events/dates/<id:assignment_id>/change/", date_views.change, name="change"),
    path("events/dates/<id:assignment_id>/catch-up/", date_views.catch_up, name="catch_up"),
    path("events/optional-dates/", date_views.optional_dates, name="optional"),
    path("events/date-requests/<id:request_id>/withdraw/", date_views.withdraw_request, name="withdraw"),
    path("manage/date-changes/", date_views.hub_requests, name="hub"),
    path("manage/date-changes/<id:request_id>/", date_views.hub_decide, name="decide"),
]
