from django.urls import path

from ecfhub.leadprovider import views

app_name = "leadprovider"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("<id:file_id>/", views.review, name="review"),
]
