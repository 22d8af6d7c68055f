"""The e-mails the demo people would have in their inbox today, in the demo outbox.

The schedule part commits every date as notified without e-mail (that is the past). Here the demo
ECT and mentor are sent, through the real e-mail functions, the "Your training dates" e-mail listing
every date still to come (winter and summer sessions alike, so the outbox shows times on both sides
of a clock change), and the reminder for their next session when it is within the hub's first
reminder's days. The task worker that `make run`
starts delivers them to the console; the hub admin reads them on the outbox page."""

from __future__ import annotations

import datetime

from django.utils import timezone

from ecfhub.demo.context import DEMO_DOMAIN, DemoContext
from ecfhub.hub.settings import current_hub_settings
from ecfhub.notifications import emails
from ecfhub.people.models import Participant
from ecfhub.scheduling.models import Assignment


def seed(ctx: DemoContext) -> None:
    starts = timezone.make_aware(datetime.datetime.combine(ctx.today, datetime.time.min))
    people = Participant.objects.filter(user__email__in=[f"ect@{DEMO_DOMAIN}", f"mentor@{DEMO_DOMAIN}"]).select_related(
        "user"
    )
    told = []
    for person in people:
        places = list(
            Assignment.objects.filter(
                participant=person, status=Assignment.Status.ASSIGNED, session__starts_at__gte=starts
            )
            .select_related("session__event", "participant__user")
            .order_by("session__starts_at")
        )
        if not places:
            continue
        emails.new_dates([(person, places)])
        days = (timezone.localtime(places[0].session.starts_at).date() - ctx.today).days
        if days <= current_hub_settings().first_reminder_days:
            emails.session_reminder(assignment=places[0], days=days, dedupe_key=f"demo-reminder-{places[0].pk}")
        told.append(f"{person.user.full_name} ({len(places)} dates)")
    ctx.log(f"E-mails: training dates and next reminder to {', '.join(told) or 'nobody'}")
