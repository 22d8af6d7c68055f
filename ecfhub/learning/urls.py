from django.urls import path

from ecfhub.learning import views

app_name = "learning"
urlpatterns = [
    path("", views.index, name="index"),
    path("modules/", views.modules, name="modules"),
    path("modules/<id:module_id>/", views.module, name="module"),
    path("ects/<id:participant_id>/", views.ect_timeline, name="ect"),
    path("ects/<id:participant_id>/observations/new/", views.observation_new, name="observation_new"),
    path("ects/<id:participant_id>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("ects/<id:participant_id>/steps/new/", views.step_new, name="step_new"),
    path("observations/<id:observation_id>/", views.observation, name="observation"),
    path("steps/<id:step_id>/", views.step, name="step"),
    path("weekly-email/", views.digest, name="digest"),
    path("engagement/", views.engagement, name="engagement"),
    path("engagement/<id:school_id>/", views.engagement_school, name="engagement_school"),
    path("manage/modules/", views.admin_modules, name="admin_modules"),
    path("manage/modules/new/", views.admin_module_edit, name="admin_module_new"),
    path("manage/modules/<id:module_id>/", views.admin_module_edit, name="admin_module_edit"),
    path("manage/action-steps/", views.admin_library, name="admin_library"),
    path("manage/settings/", views.admin_settings, name="admin_settings"),
]
