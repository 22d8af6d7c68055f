from django.apps import AppConfig


class LeadProviderConfig(AppConfig):
    name = "ecfhub.leadprovider"
    label = "leadprovider"
    verbose_name = "Lead provider's data"
