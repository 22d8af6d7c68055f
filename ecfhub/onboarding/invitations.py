"""Invitations: issuing a set-up link, resending it, and setting up the account with it."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ecfhub.audit.services import record
from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib.errors import DomainError
from ecfhub.notifications import emails
from ecfhub.onboarding.models import Invitation, hash_token
from ecfhub.people.models import Participant, User

# A person asking for a new link again within this time gets no second e-mail (stops e-mail bombing).
SELF_SERVICE_COOLDOWN = datetime.timedelta(minutes=5)


def account_is_set_up(user: User) -> bool:
    """An account is set up (active) once its owner has chosen a password."""
    return user.has_usable_password()


def as_sentence(text: str) -> str:
    """The reason as the e-mail prints it: a sentence ending in a full stop."""
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?")) else f"{text}."


def reason_for(user: User) -> str:
    """The sentence in the e-mail saying why they are invited, from their current records."""
    parts = [
        f"{p.school.name} has registered you as {'an ECT' if p.is_ect else 'a mentor'}"
        for p in user.participations.select_related("school").exclude(status=Participant.Status.WITHDRAWN)
    ]
    parts += [f"You are the induction tutor for {school.name}" for school in user.tutored_schools.all()]
    if user.is_hub_admin:
        parts.append("You are a member of the hub's programme team")
    if not parts:
        return "You have been given an account."
    return "; ".join(parts) + "."


@transaction.atomic
def issue_invitation(*, user: User, actor: Any, reason: str | None = None, resent: bool = False) -> Invitation:
    """Create a fresh single-use link for `user` and queue the e-mail carrying it (see issue_invitations)."""
    return issue_invitations(invitees=[(user, reason or reason_for(user))], actor=actor, resent=resent)[0]


@transaction.atomic
def issue_invitations(*, invitees: list[tuple[User, str]], actor: Any, resent: bool = False) -> list[Invitation]:
    """A fresh single-use link for each (user, reason), and the e-mails carrying them.

    Guarantees: earlier open links stop working; the e-mails are queued in this
    transaction; the token is made only when its e-mail is sent (set_up_link), so
    it exists only in the e-mail (the database keeps its hash). Raises DomainError
    if an account is already set up. A constant number of queries however many
    people (CSV imports invite hundreds)."""
    for user, _ in invitees:
        if account_is_set_up(user):
            raise DomainError("already_active", f"{user.full_name} has already set up their account.")
    now = timezone.now()
    Invitation.objects.filter(
        user__in=[user for user, _ in invitees], used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    expires_at = now + datetime.timedelta(days=current_hub_settings().invitation_valid_days)
    created_by = actor if getattr(actor, "is_authenticated", False) else None
    invitations = Invitation.objects.bulk_create(
        [
            Invitation(
                user=user,
                # The hash of a token nobody holds: no link works until its e-mail is sent.
                token_hash=hash_token(secrets.token_urlsafe(32)),
                reason=as_sentence(reason)[:300],
                created_at=now,
                created_by=created_by,
                expires_at=expires_at,
            )
            for user, reason in invitees
        ],
        batch_size=500,
    )
    if resent:
        for invitation in invitations:
            emails.invitation_resent(invitation=invitation)
    else:
        emails.invitations(invitations)
    return invitations


def set_up_link(message: Any, reference: str) -> str:
    """The link for one attempt to send an invitation e-mail (registered in notifications.links).

    A new token replaces the invitation's hash each time, so only the link in the e-mail
    that went out last works, and no copy of it is kept. An invitation already used,
    replaced or expired gets the page for asking for a new link instead."""
    token = secrets.token_urlsafe(32)
    live = Invitation.objects.filter(
        pk=int(reference), used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).update(token_hash=hash_token(token))
    if not live:
        return settings.SITE_URL + reverse("onboarding:new_link")
    return settings.SITE_URL + reverse("onboarding:set_up", args=[token])


@transaction.atomic
def resend_invitation(*, user: User, actor: Any) -> Invitation:
    """A hub admin or the school's tutor sends a new link (the old one stops working)."""
    invitation = issue_invitation(user=user, actor=actor, resent=True)
    record(actor=actor, action="invitation.resent", summary=f"Sent a new set-up link to {user.email}", target=user)
    return invitation


def request_new_invitation(*, email: str) -> None:
    """Someone whose link expired asks for a new one.

    Guarantees: the caller learns nothing about whether the address has an
    account; only a registered account not yet set up gets an e-mail, at most
    one per SELF_SERVICE_COOLDOWN."""
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None or not user.is_active or account_is_set_up(user):
        return
    if Invitation.objects.filter(user=user, created_at__gte=timezone.now() - SELF_SERVICE_COOLDOWN).exists():
        return
    with transaction.atomic():
        issue_invitation(user=user, actor=None, resent=True)
        record(
            actor=None, action="invitation.requested", summary=f"{user.email} asked for a new set-up link", target=user
        )


def find_invitation(token: str) -> Invitation | None:
    return Invitation.objects.select_related("user").filter(token_hash=hash_token(token)).first()


@transaction.atomic
def set_up_account(*, invitation: Invitation, full_name: str, password: str) -> User:
    """Use the link: confirm the name, set the password, record the privacy notice accepted.

    Guarantees: a link works once (the row is locked, so two tabs cannot both use
    it); an expired, used or replaced link is refused with DomainError; the
    password passes Django's validators."""
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if invitation.used_at is not None or invitation.revoked_at is not None:
        raise DomainError("link_used", "This link has already been used or replaced by a newer one.")
    if invitation.is_expired():
        raise DomainError("link_expired", "This link has expired.")
    user = invitation.user
    user.full_name = full_name.strip()
    validate_password(password, user)
    user.set_password(password)
    user.privacy_notice_accepted_at = timezone.now()
    user.save(update_fields=["full_name", "password", "privacy_notice_accepted_at"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    record(actor=user, action="account.set_up", summary=f"{user.email} set up their account", target=user)
    return user
