from django.urls import path, register_converter

from ecfhub.attendance import views


class SpreadsheetFormat:
    """csv or xlsx: the two formats every export comes in."""

    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class TermName:
    regex = "autumn|spring|summer"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SpreadsheetFormat, "sheet")
register_converter(TermName, "term")

app_name = "attendance"
urlpatterns = [
    path("registers/", views.my_registers, name="mine"),
    path("registers/sessions/<id:pk>/", views.register, name="register"),
    path("registers/sessions/<id:pk>/everyone-present/", views.everyone_present, name="everyone_present"),
    path("registers/sessions/<id:pk>/import/", views.import_report, name="import_report"),
    path("registers/catch-up-self-study/", views.self_study_list, name="self_study_list"),
    path("registers/catch-up-self-study/<id:pk>/sign-off/", views.sign_off, name="sign_off"),
    path("events/dates/<id:assignment_id>/self-study/", views.choose_self_study_view, name="self_study"),
    path("schools/<id:school_id>/progress/", views.school_progress, name="school"),
    path("schools/<id:school_id>/progress/attendance.<sheet:fmt>", views.school_progress_file, name="school_file"),
    path(
        "participants/<id:participant_id>/attendance-record.<sheet:fmt>",
        views.person_record_file,
        name="person_file",
    ),
    path("schools/<id:school_id>/mentor-funding/", views.school_funding, name="school_funding"),
    path(
        "schools/<id:school_id>/mentor-funding/<term:term>-<year:year>.<sheet:fmt>",
        views.school_funding_file,
        name="school_funding_file",
    ),
    path("manage/attendance/", views.hub_attendance, name="hub"),
    path("manage/attendance/trends/", views.trends, name="trends"),
    path("manage/attendance/trends/attendance-per-month.svg", views.trends_chart, name="trends_chart"),
    path(
        "manage/attendance/trends/people-on-track-at-risk-behind.svg",
        views.trends_progress_chart,
        name="trends_progress_chart",
    ),
    path("manage/attendance/sessions.csv", views.hub_attendance_csv, name="hub_csv"),
    path("manage/attendance/sessions.xlsx", views.hub_attendance_csv, {"fmt": "xlsx"}, name="hub_xlsx"),
    path(
        "manage/attendance/cohorts/<year:start_year>/attendance.<sheet:fmt>",
        views.cohort_progress_file,
        name="cohort_file",
    ),
    path("manage/attendance/lead-provider-evidence/", views.evidence_page, name="evidence"),
    path("manage/attendance/lead-provider-evidence/sent/", views.evidence_sent, name="evidence_sent"),
    path("manage/attendance/lead-provider-evidence.csv", views.evidence_csv, name="evidence_csv"),
    path("manage/attendance/lead-provider-evidence.xlsx", views.evidence_csv, {"fmt": "xlsx"}, name="evidence_xlsx"),
    path(
        "manage/attendance/mentor-funding/<term:term>-<year:year>.<sheet:fmt>",
        views.hub_funding_file,
        name="hub_funding_file",
    ),
]
