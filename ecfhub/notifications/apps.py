from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "ecfhub.notifications"
    verbose_name = "E-mail outbox"

    def ready(self) -> None:
        # The outbox's own periodic job; other apps register theirs in their ready().
        # Imported here, not at the top: apps.py is loaded while Django is still registering the apps,
        # before any models may be imported (AppRegistryNotReady); ready() runs once they are.
        from datetime import timedelta

        from ecfhub.notifications import pace, periodic
        from ecfhub.notifications.sending import sweep_outbox

        periodic.register("outbox_sweep", int(timedelta(minutes=1).total_seconds()), sweep_outbox)
        # Held e-mails are due a quiet period after their last change: looked for every minute.
        periodic.register("outbox_send_held", int(timedelta(minutes=1).total_seconds()), pace.send_held)
        periodic.register("outbox_forget_old_counts", int(timedelta(hours=1).total_seconds()), pace.forget_old_counts)
