"""Matching a report's people to a session's places, and the mark each earns."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from ecfhub.attendance.meeting_report.report import Join, ReportError
from ecfhub.attendance.models import Mark
from ecfhub.lib import when

# Joining this long after the start (and staying) is "late".
LATE_AFTER = datetime.timedelta(minutes=10)
# Joins this far outside the session still belong to it (people join early, meetings overrun).
SLACK = datetime.timedelta(minutes=30)


def _name_key(name: str) -> str:
    # "Ect, Erin" and "Erin Ect (Riverside)" are the same person to a reader.
    name = re.sub(r"\(.*?\)", " ", name)
    if "," in name:
        last, _, first = name.partition(",")
        name = f"{first} {last}"
    return " ".join(name.casefold().split())


@dataclass
class Attendee:
    """One person in the report (all their joins), matched to a place or not."""

    key: str
    name: str
    email: str
    joins: list[Join] = field(default_factory=list)
    place_id: int | None = None
    matched_by: str = ""
    minutes: int = 0
    mark: str = ""

    @property
    def mark_label(self) -> str:
        return Mark(self.mark).label if self.mark else ""


@dataclass
class Preview:
    attendees: list[Attendee]
    absent: list[int]  # places nobody in the report matched

    @property
    def matched(self) -> list[Attendee]:
        return [a for a in self.attendees if a.place_id is not None]

    @property
    def unmatched(self) -> list[Attendee]:
        return [a for a in self.attendees if a.place_id is None]

    def marks(self) -> dict[int, str]:
        out = {a.place_id: a.mark for a in self.matched if a.place_id is not None}
        out.update(dict.fromkeys(self.absent, Mark.ABSENT.value))
        return out


def _covered(joins: list[Join], start: datetime.datetime, end: datetime.datetime) -> datetime.timedelta:
    """Time inside [start, end] covered by any join, counting overlapping joins once."""
    spans = sorted((max(j.joined, start), min(j.left, end)) for j in joins)
    total = datetime.timedelta(0)
    current_start = current_end = None
    for s, e in spans:
        if e <= s:
            continue
        if current_end is None or s > current_end:
            if current_end is not None and current_start is not None:
                total += current_end - current_start
            current_start, current_end = s, e
        else:
            current_end = max(current_end, e)
    if current_end is not None and current_start is not None:
        total += current_end - current_start
    return total


def match(
    joins: list[Join],
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    places: list[tuple[int, str, str]],
    share_percent: int,
    chosen: dict[str, int | None] | None = None,
) -> Preview:
    """Match the report's people to `places` ((place id, name, e-mail)): by e-mail first, then by a
    name that only one place has; `chosen` (attendee key → place id, or None to leave out) is the
    facilitator's fix for what did not match. Marks: stayed for less than `share_percent` of the
    session → left early (or late, if they joined late and stayed to the end); joined more than
    10 minutes late → late; otherwise present; in the report but never during the session → absent. Places nobody
    matched are absent. Refuses (ReportError) a report with no join during the session."""
    if not any(j.joined < ends_at + SLACK and j.left > starts_at - SLACK for j in joins):
        first = min(j.joined for j in joins)
        raise ReportError(
            f"This report is from another meeting: its first join is {when.stamp(first)}, not during this session."
        )
    people: dict[str, Attendee] = {}
    for j in joins:
        key = j.email or f"name:{_name_key(j.name)}"
        person = people.setdefault(key, Attendee(key=key, name=j.name, email=j.email))
        person.joins.append(j)
    by_email = {email.lower(): pid for pid, _, email in places}
    names: dict[str, list[int]] = {}
    for pid, name, _ in places:
        names.setdefault(_name_key(name), []).append(pid)
    taken: set[int] = set()
    attendees = sorted(people.values(), key=lambda a: (a.email == "", a.name.casefold()))
    for a in attendees:  # e-mail first, for everyone, before any name is tried
        found = by_email.get(a.email) if a.email else None
        if found is not None and found not in taken:
            a.place_id, a.matched_by = found, "e-mail"
            taken.add(found)
    for a in attendees:
        if a.place_id is not None:
            continue
        candidates = [pid for pid in names.get(_name_key(a.name), []) if pid not in taken]
        if len(candidates) == 1:
            a.place_id, a.matched_by = candidates[0], "name"
            taken.add(candidates[0])
    valid = {pid for pid, _, _ in places}
    for key, picked in (chosen or {}).items():
        by_hand = people.get(key)
        if by_hand is None or by_hand.place_id is not None:
            continue
        if picked is not None and picked in valid and picked not in taken:
            by_hand.place_id, by_hand.matched_by = picked, "by hand"
            taken.add(picked)
    length = ends_at - starts_at
    for a in attendees:
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
    return Preview(attendees=attendees, absent=[pid for pid, _, _ in places if pid not in taken])
