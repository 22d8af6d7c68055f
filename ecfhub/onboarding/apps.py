from django.apps import AppConfig


def _prune_unconfirmed_csv() -> None:
    from ecfhub.onboarding.imports import prune_unconfirmed

    prune_unconfirmed()


class OnboardingConfig(AppConfig):
    name = "ecfhub.onboarding"
    verbose_name = "Onboarding"

    def ready(self) -> None:
        from ecfhub.notifications import links, periodic
        from ecfhub.onboarding.invitations import set_up_link

        links.register("invitation", set_up_link)
        periodic.register("onboarding_prune_unconfirmed_csv", 60 * 60, _prune_unconfirmed_csv)
