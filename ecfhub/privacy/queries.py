"""Telling an anonymised person from a current one, for every list that must leave them out.

An anonymised account keeps its row (their past places and marks still count in the figures) but
its address is moved to a domain that can never receive mail (RFC 2606). That address is the one
mark of erasure: lists of current people (a school's participants, invitations still to be used)
leave such accounts out through `current_people()`, so no "Former participant #207 – Invited"
appears as if they were still on the programme."""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.db.models import Q

from ecfhub.people.models import User

ERASED_DOMAIN = "erased.invalid"  # RFC 2606: never deliverable

M = TypeVar("M", bound=models.Model)


def is_anonymised(user: User) -> bool:
    return user.email.endswith(f"@{ERASED_DOMAIN}")


def anonymised_q(path: str = "") -> Q:
    """Rows whose account (reached through `path`, for example "user" or "participant__user") is anonymised."""
    prefix = f"{path}__" if path else ""
    return Q(**{f"{prefix}email__endswith": f"@{ERASED_DOMAIN}"})


def current_people(rows: models.QuerySet[M], path: str = "user") -> models.QuerySet[M]:
    """`rows` less those of anonymised people."""
    return rows.exclude(anonymised_q(path))
