from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "ecfhub.onboarding"
    verbose_name = "Onboarding"

    def ready(self) -> None:
        from ecfhub.notifications import periodic
        from ecfhub.onboarding.imports import prune_unconfirmed

        periodic.register("onboarding_prune_unconfirmed_csv", 60 * 60, prune_unconfirmed)
