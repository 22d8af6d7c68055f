from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ecfhub.api"
    label = "api"
    verbose_name = "Lead-provider API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ecfhub.api import schema  # noqa: F401 - registers the token's description in the OpenAPI document
