"""The hub's settings and term calendar: last year, this year and the next two."""

from __future__ import annotations

from ecfhub.demo.context import DEMO_DOMAIN, DemoContext
from ecfhub.hub.settings import current_hub_settings
from ecfhub.terms.services import create_standard_year


def seed(ctx: DemoContext) -> None:
    settings = current_hub_settings()
    settings.name = "Norwich Teaching School Hub"
    settings.venue_address = "The Hub Conference Centre, 12 Cathedral Street, Norwich NR1 1LX"
    settings.contact_email = f"ecf@hub.{DEMO_DOMAIN}"
    settings.lead_provider_name = "Ambition Institute"
    settings.learning_platform_name = "Steplab"
    settings.learning_platform_url = "https://app.steplab.co/"
    # Norfolk's schools, and the Waveney ones (Lowestoft, Beccles) across the Suffolk border.
    settings.local_authorities = "Norfolk\nSuffolk"
    settings.max_travel_km = 40
    settings.save()
    for start_year in range(ctx.current_start_year - 1, ctx.current_start_year + 3):
        create_standard_year(start_year=start_year)
    ctx.log(
        f"Term calendar: {ctx.current_start_year - 1}/{ctx.current_start_year % 100:02d} to {ctx.current_start_year + 2}/{(ctx.current_start_year + 3) % 100:02d}"
    )
