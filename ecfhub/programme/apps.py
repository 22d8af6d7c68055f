from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "ecfhub.programme"
    verbose_name = "Programme"
