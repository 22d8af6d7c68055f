from django.apps import AppConfig


def _prune_unconfirmed_csv() -> None:
    # Imported here, not at the top: apps.py is loaded before models may be imported (AppRegistryNotReady).
    from ecfhub.onboarding.imports import prune_unconfirmed

    prune_unconfirmed()


class OnboardingConfig(AppConfig):
    name = "ecfhub.onboarding"
    verbose_name = "Onboarding"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded while Django is still registering the apps,
        # before any models may be imported (AppRegistryNotReady); ready() runs once they are.
        from ecfhub.notifications import links, periodic
        from ecfhub.onboarding.invitations import set_up_link

        links.register("invitation", set_up_link)
        periodic.register("onboarding_prune_unconfirmed_csv", 60 * 60, _prune_unconfirmed_csv)
