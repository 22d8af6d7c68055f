from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "ecfhub.events"

    def ready(self) -> None:
        # Imported here, not at the top: models may not be imported while the apps are being registered.
        from ecfhub.events.services.sessions import HELD_CHANGE, send_held_change
        from ecfhub.notifications import pace

        # A session's new time or place, held until the hub's changes to it stop (notifications/pace.py).
        pace.compose_with(HELD_CHANGE, send_held_change, label="A session's new time or place")
