from django.urls import path

from ecfhub.privacy import views

app_name = "privacy"
urlpatterns = [
    path("account/my-data/", views.mine, name="mine"),
    path("manage/privacy/", views.index, name="index"),
    path("manage/privacy/people/<id:user_id>/", views.person, name="person"),
    path("manage/privacy/people/<id:user_id>/export/", views.person_export, name="person_export"),
    path("manage/privacy/people/<id:user_id>/anonymise/", views.person_anonymise, name="person_anonymise"),
]
