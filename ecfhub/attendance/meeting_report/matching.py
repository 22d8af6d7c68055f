"""Matching a report's people to a session's places, and the mark each earns.

Everyone in the report ends in one of three groups: matched to a place (by e-mail address, then by
a name only one place has, or by the facilitator's hand), the people who ran the session (its
facilitators in the hub's records, and whoever the meeting tool calls the host), or not matched,
with the reason in words."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ecfhub.attendance.meeting_report.report import Join, Report, ReportError, name_key
from ecfhub.attendance.models import Mark
from ecfhub.lib import when

# Joining this long after the start (and staying) is "late".
LATE_AFTER = datetime.timedelta(minutes=10)
# Joins this far outside the session still belong to it (people join early, meetings overrun).
SLACK = datetime.timedelta(minutes=30)
FACILITATOR, HOST = "Facilitator", "Host"
_PHONE = re.compile(r"[\d\s+()*#.-]{7,}")


@dataclass
class Attendee:
    """One person in the report (all their joins): matched to a place, one of those who ran the
    session (`role`), or neither, and then `why` says what the hub knows about them."""

    key: str
    name: str
    email: str
    joins: list[Join] = field(default_factory=list)
    place_id: int | None = None
    matched_by: str = ""
    role: str = ""
    why: str = ""
    minutes: int = 0
    mark: str = ""

    @property
    def mark_label(self) -> str:
        return Mark(self.mark).label if self.mark else ""


@dataclass
class Preview:
    attendees: list[Attendee]
    absent: list[int]  # places nobody in the report matched
    not_counted: list[str] = field(default_factory=list)  # the report's rows it could not count, and why
    described: str = ""  # how the file was read

    @property
    def matched(self) -> list[Attendee]:
        return [a for a in self.attendees if a.place_id is not None]

    @property
    def running(self) -> list[Attendee]:
        """The session's facilitators and the meeting's hosts."""
        return [a for a in self.attendees if a.place_id is None and a.role]

    @property
    def unmatched(self) -> list[Attendee]:
        return [a for a in self.attendees if a.place_id is None and not a.role]

    def marks(self) -> dict[int, str]:
        out = {a.place_id: a.mark for a in self.matched if a.place_id is not None}
        out.update(dict.fromkeys(self.absent, Mark.ABSENT.value))
        return out


def _merged(spans: list[tuple[datetime.datetime, datetime.datetime]]) -> datetime.timedelta:
    """The time the spans cover, counting overlaps once."""
    total = datetime.timedelta(0)
    current: tuple[datetime.datetime, datetime.datetime] | None = None
    for s, e in sorted(spans):
        if e <= s:
            continue
        if current is None or s > current[1]:
            if current is not None:
                total += current[1] - current[0]
            current = (s, e)
        else:
            current = (current[0], max(current[1], e))
    if current is not None:
        total += current[1] - current[0]
    return total


def _covered(joins: list[Join], start: datetime.datetime, end: datetime.datetime) -> datetime.timedelta:
    """Time inside [start, end] covered by any join, counting overlapping joins once. A join the
    tool says was shorter than its span (first join to last leave, with gaps) counts for no more
    than the tool's count."""
    exact = [(max(j.joined, start), min(j.left, end)) for j in joins if j.seconds is None]
    total = _merged(exact)
    for j in joins:
        if j.seconds is not None:
            inside = _merged([(max(j.joined, start), min(j.left, end))])
            total += min(inside, datetime.timedelta(seconds=j.seconds))
    return min(total, max(end - start, datetime.timedelta(0)))


def _people(joins: list[Join]) -> dict[str, Attendee]:
    """The report's joins by person: by e-mail address, and a join without one with the person of
    that name (when only one has it)."""
    people: dict[str, Attendee] = {}
    for j in joins:
        if j.email:
            people.setdefault(j.email, Attendee(key=j.email, name=j.name, email=j.email)).joins.append(j)
    by_name: dict[str, list[Attendee]] = {}
    for person in people.values():
        by_name.setdefault(name_key(person.name), []).append(person)
    for j in joins:
        if j.email:
            continue
        same = by_name.get(name_key(j.name), [])
        if len(same) == 1:
            same[0].joins.append(j)
        else:
            key = f"name:{name_key(j.name)}"
            people.setdefault(key, Attendee(key=key, name=j.name, email="")).joins.append(j)
    return people


def _why(a: Attendee, *, names: dict[str, list[int]], by_email: dict[str, int], placed: dict[int, str]) -> str:
    """What the hub can say about someone not matched (`placed`: the places already matched, with
    the names of their holders), for the facilitator choosing who they are."""
    same_name = names.get(name_key(a.name), [])
    place = by_email.get(a.email) if a.email else None
    if place is None and len(same_name) == 1:
        place = same_name[0]
    if place is not None and place in placed:
        return f"Has the e-mail address or name of {placed[place]}, who is already matched to another line: choose who this is."
    if len(same_name) > 1:
        return "More than one person on this register has this name: choose which one this is."
    if any(j.guest for j in a.joins):
        return "A guest in the meeting, not on this session's list."
    if _PHONE.fullmatch(a.name.strip()):
        return "Joined by phone: choose who this is, or leave them out."
    return "Not on this session's list: choose who this is, or leave them out."


def match(
    report: Report,
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    places: list[tuple[int, str, str]],
    share_percent: int,
    facilitators: Sequence[tuple[str, str]] = (),
    chosen: dict[str, int | None] | None = None,
) -> Preview:
    """Match the report's people to `places` ((place id, name, e-mail)): by e-mail first, then by a
    name that only one place has; the session's `facilitators` ((name, e-mail)) and whoever the
    meeting tool calls the host are shown as running the session, not as unmatched; `chosen`
    (attendee key → place id, or None to leave out) is the facilitator's fix for the rest.

    Marks: stayed for less than `share_percent` of the session → left early (or late, if they joined
    late and stayed to the end); joined more than 10 minutes late → late; otherwise present; in the
    report but never during the session → absent. Places nobody matched are absent. Refuses
    (ReportError) a report with no join during the session."""
    joins = report.joins
    if not any(j.joined < ends_at + SLACK and j.left > starts_at - SLACK for j in joins):
        first = min(j.joined for j in joins)
        raise ReportError(
            f"This report is from another meeting: its first join is {when.stamp(first)}, not during this session."
        )
    people = _people(joins)
    by_email = {email.lower(): pid for pid, _, email in places if email}
    names: dict[str, list[int]] = {}
    for pid, name, _ in places:
        names.setdefault(name_key(name), []).append(pid)
    staff_emails = {email.lower() for _, email in facilitators if email}
    staff_names = {name_key(name) for name, _ in facilitators if name.strip()}
    holders = {pid: name for pid, name, _ in places}
    taken: set[int] = set()
    attendees = sorted(people.values(), key=lambda a: (a.email == "", a.name.casefold()))

    def take(a: Attendee, pid: int, how: str) -> None:
        a.place_id, a.matched_by, a.role = pid, how, ""
        taken.add(pid)

    for a in attendees:  # e-mail first, for everyone, before any name is tried
        found = by_email.get(a.email) if a.email else None
        if found is not None and found not in taken:
            take(a, found, "e-mail")
        elif a.email and a.email in staff_emails:
            a.role = FACILITATOR
    for a in attendees:
        if a.place_id is not None or a.role:
            continue
        candidates = [pid for pid in names.get(name_key(a.name), []) if pid not in taken]
        if len(candidates) == 1:
            take(a, candidates[0], "name")
        elif name_key(a.name) in staff_names:
            a.role = FACILITATOR
        elif any(j.host for j in a.joins):
            a.role = HOST
    valid = {pid for pid, _, _ in places}
    for key, picked in (chosen or {}).items():
        by_hand = people.get(key)
        if by_hand is None or by_hand.place_id is not None or by_hand.role:
            continue
        if picked is not None and picked in valid and picked not in taken:
            take(by_hand, picked, "by hand")
    length = ends_at - starts_at
    for a in attendees:
        if a.place_id is None and not a.role:
            a.why = _why(a, names=names, by_email=by_email, placed={pid: holders[pid] for pid in taken})
        covered = _covered(a.joins, starts_at, ends_at)
        a.minutes = int(covered.total_seconds() // 60)
        first_join = min(j.joined for j in a.joins)
        last_leave = max(j.left for j in a.joins)
        if not covered:
            a.mark = Mark.ABSENT.value
        elif covered * 100 < length * share_percent:
            # Short stays: someone who came late but stayed to the end was late, not gone early.
            stayed_to_end = last_leave >= ends_at - LATE_AFTER
            a.mark = Mark.LATE.value if stayed_to_end and first_join > starts_at + LATE_AFTER else Mark.LEFT_EARLY.value
        elif first_join > starts_at + LATE_AFTER:
            a.mark = Mark.LATE.value
        else:
            a.mark = Mark.PRESENT.value
    return Preview(
        attendees=attendees,
        absent=[pid for pid, _, _ in places if pid not in taken],
        not_counted=report.not_counted,
        described=report.described,
    )
