from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "ecfhub.scheduling"

    def ready(self) -> None:
        from ecfhub.notifications import pace, periodic
        from ecfhub.scheduling.services.notices import HELD_DATES, send_due_reminders, send_held_dates
        from ecfhub.scheduling.services.waiting import place_unchosen, promote_all_waiting

        # Every 15 minutes; idempotent (each reminder has a dedupe key).
        periodic.register("scheduling.reminders", 15 * 60, lambda: send_due_reminders())
        # Hourly; idempotent (each person is checked again with their row locked).
        periodic.register("scheduling.place_unchosen", 60 * 60, lambda: place_unchosen())
        # Every 5 minutes: free seats that a promotion had to leave (the person was busy) reach the queue.
        periodic.register("scheduling.promote_waiting", 5 * 60, lambda: promote_all_waiting())
        # The e-mail about a person's dates, held until their date changes stop (notifications/pace.py).
        pace.compose_with(HELD_DATES, send_held_dates, label="Their training dates")
