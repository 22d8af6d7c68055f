from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "ecfhub.calendar"
    label = "hubcalendar"
    verbose_name = "Events calendar"
