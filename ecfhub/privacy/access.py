"""Whose data a hub admin is looking at."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from ecfhub.people.models import User


def get_person(user_id: int) -> User:
    """Any account, for hub admins only (the views are hub-admin only); 404 when it does not exist."""
    return get_object_or_404(User, pk=user_id)
