from django.urls import path

from ecfhub.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<id:message_id>/", views.message_detail, name="message"),
    path("<id:message_id>/send-again/", views.message_send_again, name="send_again"),
]
