"""The service navigation: one list, filtered by the signed-in person's roles.

Entries whose URL does not exist yet are skipped, so a feature appears in the
menu the moment its URL lands."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from ecfhub.people.models import Role, User

ANYONE = "anyone"
SIGNED_IN = "signed_in"


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    roles: tuple[str, ...]


ENTRIES: tuple[NavEntry, ...] = (
    NavEntry("Participants' area", "home", (ANYONE,)),
    NavEntry("My programme", "dashboard", (SIGNED_IN,)),
    NavEntry("My events", "events:mine", (Role.ECT, Role.MENTOR)),
    NavEntry("Learning", "learning:index", (Role.ECT, Role.MENTOR)),
    NavEntry("Engagement", "learning:engagement", (Role.INDUCTION_TUTOR,)),
    NavEntry("My schools", "onboarding:schools", (Role.INDUCTION_TUTOR,)),
    NavEntry("My sessions", "events:facilitating", (Role.FACILITATOR,)),
    NavEntry("Registers", "attendance:mine", (Role.FACILITATOR,)),
    NavEntry("Events calendar", "calendar:index", (ANYONE,)),
    NavEntry("Manage programme", "hub:manage", (Role.HUB_ADMIN,)),
)


def is_hub_admin_only(user: User | AnonymousUser) -> bool:
    """A hub admin who is nothing else: their start is "Manage the programme", not "My programme"."""
    return user.is_authenticated and user.roles == [Role.HUB_ADMIN]


def _visible(entry: NavEntry, request: HttpRequest) -> bool:
    user = request.user
    if ANYONE in entry.roles:
        return True
    if not user.is_authenticated:
        return False
    if SIGNED_IN in entry.roles:
        # "My programme" would only send a hub admin with no other role on to "Manage programme".
        return not (entry.url_name == "dashboard" and is_hub_admin_only(user))
    return any(user.has_role(role) for role in entry.roles)


def nav_items(request: HttpRequest) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    for entry in ENTRIES:
        if not _visible(entry, request):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        active = request.path == url or (url != "/" and request.path.startswith(url))
        items.append({"label": entry.label, "url": url, "active": active})
    return items


# The hub admins' menu on /manage/: (label, url name, what it is for). Add a line when a page lands.
MANAGE_LINKS: tuple[tuple[str, str, str], ...] = (
    ("Hub settings", "hub:settings", "name, venue, contacts, notice and reminder rules"),
    ("Term calendar", "terms:index", "half terms, closure days and bank holidays"),
    (
        "Programme requirements",
        "programme:requirements",
        "clinics and conferences per cohort, participant type, mentor training and schedule, and who each applies to",
    ),
    ("Participants' area pages", "content:index", "edit what the public pages say"),
    ("Schools and participants", "onboarding:admin_schools", "every school, its tutors and participants"),
    (
        "Lead provider's participant file",
        "leadprovider:upload",
        "upload the provider's file and reconcile it with our records",
    ),
    ("API tokens", "apitokens:tokens", "the lead provider's keys to the API: create, rotate, revoke"),
    ("Training events", "events:admin_list", "events, repeat sessions and cancellations"),
    ("Venues", "events:venues", "where in-person sessions happen, their locations and accessibility"),
    ("Scheduling", "scheduling:index", "assign everyone a date for every event"),
    ("Attendance and progress", "attendance:hub", "registers per event and session, fill, who is at risk or behind"),
    ("People without a date", "scheduling:without_dates", "who the rules cannot give a date, and what would fix it"),
    ("Modules", "learning:admin_modules", "the weekly self-study library for ECTs and mentors"),
    ("Action-step library", "learning:admin_library", "strands, goals and steps mentors choose from"),
    ("Learning settings", "learning:admin_settings", "meeting cadence, and what a new mentor can read"),
    ("Engagement", "learning:engagement", "modules done and coaching held, per school and week"),
    ("E-mail outbox", "notifications:outbox", "every message sent or queued"),
    ("Audit log", "audit:log", "who changed what, and when"),
    ("Data protection", "privacy:index", "download or anonymise a person's data; the retention rule"),
    ("All records (administration)", "admin:index", "the raw tables, for corrections"),
)


def manage_links() -> list[dict[str, str]]:
    links = []
    for label, url_name, purpose in MANAGE_LINKS:
        try:
            links.append({"label": label, "url": reverse(url_name), "purpose": purpose})
        except NoReverseMatch:
            continue
    return links
