from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "ecfhub.attendance"
    verbose_name = "Registers and progress"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded while Django is still registering the apps,
        # before models may be imported (AppRegistryNotReady); ready() runs once they are.
        from ecfhub.attendance.snapshots import record_progress_snapshot
        from ecfhub.notifications import periodic

        # Hourly, though a day is recorded once: the first run of each day records it, so a restart of
        # the periodic process (which forgets when jobs last ran) never skips or repeats a day.
        periodic.register("attendance.progress_snapshot", 60 * 60, lambda: record_progress_snapshot())
