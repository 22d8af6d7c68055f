"""Who a token may see: the one rule, used by every endpoint of the API.

Today an installation runs one hub, and a token belongs to it: the lead provider that holds the token
sees the hub's people. When hubs become tenants of a lead provider (branch `tenancy`), this becomes
"the people of this token's lead provider's hubs", here and nowhere else."""

from __future__ import annotations

from django.db.models import QuerySet

from ecfhub.api.models import ApiToken
from ecfhub.events.models import Session
from ecfhub.people.models import Participant


def participants_for(token: ApiToken) -> QuerySet[Participant]:
    """Every participant `token` may see or change. Every query of the API starts from here."""
    return Participant.objects.all()


def sessions_for(token: ApiToken) -> QuerySet[Session]:
    """The training sessions `token` may see: the hub's."""
    return Session.objects.all()
