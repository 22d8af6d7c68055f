from django.urls import path

from ecfhub.attendance import views

app_name = "attendance"
urlpatterns = [
    path("registers/", views.my_registers, name="mine"),
    path("registers/sessions/<int:pk>/", views.register, name="register"),
    path("registers/sessions/<int:pk>/everyone-present/", views.everyone_present, name="everyone_present"),
    path("registers/sessions/<int:pk>/import/", views.import_report, name="import_report"),
    path("registers/catch-up-self-study/", views.self_study_list, name="self_study_list"),
    path("registers/catch-up-self-study/<int:pk>/sign-off/", views.sign_off, name="sign_off"),
    path("events/dates/<int:assignment_id>/self-study/", views.choose_self_study_view, name="self_study"),
    path("schools/<int:school_id>/progress/", views.school_progress, name="school"),
    path("manage/attendance/", views.hub_attendance, name="hub"),
    path("manage/attendance/sessions.csv", views.hub_attendance_csv, name="hub_csv"),
    path("manage/attendance/lead-provider-evidence.csv", views.evidence_csv, name="evidence_csv"),
]
