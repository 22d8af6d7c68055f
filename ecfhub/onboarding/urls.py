from django.urls import path

from ecfhub.onboarding.views import account, admin, dates, school, school_list, upload

app_name = "onboarding"
urlpatterns = [
    path("schools/", school.schools, name="schools"),
    path("schools/<id:school_id>/", school.school, name="school"),
    path("schools/<id:school_id>/register/", school.register, name="register"),
    path("schools/<id:school_id>/training-dates/", dates.school_dates, name="school_dates"),
    path("schools/<id:school_id>/upload/", upload.upload, name="upload"),
    path("schools/<id:school_id>/upload/template.csv", upload.template, name="csv_template"),
    path("uploads/<id:import_id>/", upload.csv_import, name="import"),
    path("participants/<id:participant_id>/", school.participant, name="participant"),
    path("participants/<id:participant_id>/details/", school.details, name="details"),
    path("participants/<id:participant_id>/mentor/", school.pair, name="pair"),
    path("participants/<id:participant_id>/programme/", school.route, name="route"),
    path("participants/<id:participant_id>/status/<slug:action>/", school.report_status, name="status"),
    path("participants/<id:participant_id>/resume/", school.resume, name="resume"),
    path("participants/<id:participant_id>/resend/", school.resend, name="resend"),
    path("manage/schools/", admin.schools, name="admin_schools"),
    path("manage/schools/add/", admin.add, name="admin_add_school"),
    path("manage/schools/gias/", school_list.upload, name="school_list_upload"),
    path("manage/schools/gias/<id:import_id>/", school_list.preview, name="school_list_import"),
    path("manage/schools/<id:school_id>/tutors/add/", admin.add_tutor, name="admin_add_tutor"),
    path("manage/schools/<id:school_id>/tutors/<id:user_id>/resend/", admin.resend_tutor, name="resend_tutor"),
    path("account/set-up/<str:token>/", account.set_up, name="set_up"),
    path("account/new-link/", account.new_link, name="new_link"),
]
