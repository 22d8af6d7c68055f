from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "ecfhub.notifications"
    verbose_name = "E-mail outbox"

    def ready(self) -> None:
        # The outbox's own periodic job; other apps register theirs in their ready().
        # Imported here, not at the top: apps.py is loaded while Django is still registering the apps,
        # before any models may be imported (AppRegistryNotReady); ready() runs once they are.
        from datetime import timedelta

        from ecfhub.notifications import periodic
        from ecfhub.notifications.sending import sweep_outbox

        periodic.register("outbox_sweep", int(timedelta(minutes=1).total_seconds()), sweep_outbox)
