from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "ecfhub.hub"
