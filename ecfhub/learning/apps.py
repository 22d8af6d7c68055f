from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "ecfhub.learning"
    verbose_name = "Learning: modules and coaching"
