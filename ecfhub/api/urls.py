"""The lead-provider API, DfE's v3 paths (mounted at /api/)."""

from django.urls import path

from ecfhub.api import views

app_name = "api"

urlpatterns = [
    path("v3/participants", views.ParticipantsView.as_view(), name="participants"),
    path("v3/participants/<str:participant_id>", views.ParticipantView.as_view(), name="participant"),
    path("v3/participants/<str:participant_id>/withdraw", views.WithdrawView.as_view(), name="withdraw"),
    path("v3/participants/<str:participant_id>/defer", views.DeferView.as_view(), name="defer"),
    path("v3/participants/<str:participant_id>/resume", views.ResumeView.as_view(), name="resume"),
    path("v3/participant-declarations", views.DeclarationsView.as_view(), name="declarations"),
    path("v3/participant-declarations/<str:declaration_id>", views.DeclarationView.as_view(), name="declaration"),
    path("v3/sessions", views.SessionsView.as_view(), name="sessions"),
    path("v3/attendance", views.AttendanceView.as_view(), name="attendance"),
    path("v3/openapi.yaml", views.SchemaView.as_view(), name="openapi"),
    path("docs/", views.docs, name="docs"),
]
