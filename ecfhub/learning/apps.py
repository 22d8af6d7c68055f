from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "ecfhub.learning"
    verbose_name = "Learning: modules and coaching"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded while Django is still registering the apps,
        # before models may be imported (AppRegistryNotReady); ready() runs once they are.
        from ecfhub.learning.digest import send_weekly_digests
        from ecfhub.notifications import periodic

        # Hourly: the first run of a teaching week queues the digests; later runs find them queued.
        periodic.register("learning.weekly_digest", 60 * 60, lambda: send_weekly_digests())
