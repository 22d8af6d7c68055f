from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "ecfhub.events"
