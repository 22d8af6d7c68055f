from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "ecfhub.privacy"
    verbose_name = "data protection"

    def ready(self) -> None:
        # Anonymise people past the retention period once a day (idempotent: the anonymised are skipped).
        # Imported here, not at the top: apps.py is loaded while Django is still registering the apps,
        # before any models may be imported (AppRegistryNotReady); ready() runs once they are.
        from django.utils import timezone

        from ecfhub.notifications import periodic
        from ecfhub.privacy.services import erase_expired

        periodic.register("erase_expired", 24 * 60 * 60, lambda: erase_expired(today=timezone.localdate()))
