"""Links that carry a secret (set-up, password reset) are made when a message is sent, never stored.

An e-mail carrying such a link is rendered and recorded with LINK_SLOT where the link goes, and
`link_ref` saying which link it is ("invitation:<id>", "password_reset"). Just before each attempt
to send, the worker asks the builder registered for that kind for a fresh link and puts it in the
copy it sends. So the outbox page, the Django admin, data exports and database backups only ever
hold "[link added when sent]", and a sent e-mail is the one place a working link exists.

Builders live with what they build links for (onboarding for set-up links, people for password
reset) and register here from their AppConfig.ready(), so this app needs to import neither."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ecfhub.notifications.models import OutboundMessage

LINK_SLOT = "[link added when sent]"

# kind → builder(message, reference after the colon) → the full link for this attempt.
LinkBuilder = Callable[["OutboundMessage", str], str]
_BUILDERS: dict[str, LinkBuilder] = {}


def register(kind: str, builder: LinkBuilder) -> None:
    _BUILDERS[kind] = builder


def link_ref(kind: str, reference: object = "") -> str:
    """The value for OutboundMessage.link_ref: which builder makes the link, and for what."""
    return f"{kind}:{reference}"


def fill(message: OutboundMessage) -> tuple[str, str]:
    """(text, html) as they should be sent now: the stored bodies with a fresh link in the slot."""
    if not message.link_ref:
        return message.body_text, message.body_html
    kind, _, reference = message.link_ref.partition(":")
    link = _BUILDERS[kind](message, reference)
    return message.body_text.replace(LINK_SLOT, link), message.body_html.replace(LINK_SLOT, link)
