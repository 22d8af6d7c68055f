from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "ecfhub.privacy"
    verbose_name = "data protection"
