"""The attendance pages, split by subject: registers, progress, the files, trends and catch-up
self-study. Thin: authorise with the access helpers, call one service or query, render."""

from ecfhub.attendance.views.catch_up import choose_self_study_view, self_study_list, sign_off
from ecfhub.attendance.views.evidence import evidence_csv, evidence_page, evidence_sent
from ecfhub.attendance.views.exports import (
    cohort_progress_file,
    hub_attendance_csv,
    hub_funding_file,
    person_record_file,
    school_funding,
    school_funding_file,
    school_progress_file,
)
from ecfhub.attendance.views.progress import hub_attendance, school_progress
from ecfhub.attendance.views.registers import everyone_present, import_report, my_registers, register
from ecfhub.attendance.views.trends import trends, trends_chart, trends_progress_chart

__all__ = [
    "choose_self_study_view",
    "cohort_progress_file",
    "everyone_present",
    "evidence_csv",
    "evidence_page",
    "evidence_sent",
    "hub_attendance",
    "hub_attendance_csv",
    "hub_funding_file",
    "import_report",
    "my_registers",
    "person_record_file",
    "register",
    "school_funding",
    "school_funding_file",
    "school_progress",
    "school_progress_file",
    "self_study_list",
    "sign_off",
    "trends",
    "trends_chart",
    "trends_progress_chart",
]
