from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "ecfhub.attendance"
    verbose_name = "Registers and progress"
