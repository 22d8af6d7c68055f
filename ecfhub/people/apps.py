from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "ecfhub.people"

    def ready(self) -> None:
        from ecfhub.notifications import links
        from ecfhub.people.reset import reset_link

        links.register("password_reset", reset_link)
