"""The layouts the meeting tools export, as they are today, and the joins each holds.

- Microsoft Teams' attendance report: sections "1. Summary", "2. Participants" (Name, First Join,
  Last Leave, In-Meeting Duration, Email, Participant ID (UPN), Role) and "3. In-Meeting Activities"
  (one row per join: Name, Join Time, Leave Time, Duration, Email, Role). Each join is read from the
  activities; a person only in the participants section counts from first join to last leave, for
  no longer than their in-meeting duration.
- Teams' older attendance list: Full Name, User Action (Joined, Joined before, Left), Timestamp.
- Zoom's participants report: Name (Original Name), User Email, Join Time, Leave Time, Duration
  (Minutes), Guest, …, one row per join, sometimes below the meeting's own row (Meeting ID, Topic, …,
  the host's User Email), or with the meeting's columns on every row.
- Google Meet's attendance report: First name, Last name (or Full name, or Participant), Email,
  Duration, Time joined, Time exited.
- Any table with a name and join and leave times (and an e-mail address, which matches best).

Who ran the meeting comes from the tool where it says so: Teams' Organizer (and Co-organizer; its
Presenters too, unless everyone presented, which is Teams' default), Zoom's host."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ecfhub.attendance.meeting_report.report import MAX_ROWS, Join, Report, ReportError, RowError, name_key
from ecfhub.attendance.meeting_report.times import SessionDay, duration, moment

_HEADINGS = {
    "name": ("name", "full name", "display name", "participant", "participant name", "name original name", "attendee"),
    "first_name": ("first name", "given name"),
    "last_name": ("last name", "surname", "family name"),
    "email": (
        "email",
        "e mail",
        "email address",
        "e mail address",
        "user email",
        "attendee email",
        "participant email",
    ),
    "upn": ("participant id upn", "upn"),
    "join": ("join time", "joined", "join", "joined at", "time joined", "join date"),
    "leave": ("leave time", "left", "leave", "left at", "time left", "time exited", "exit time", "exited"),
    "first_join": ("first join", "first join time", "first seen"),
    "last_leave": ("last leave", "last leave time", "last seen"),
    "duration": ("duration", "in meeting duration", "duration minutes", "time in meeting", "attendance duration"),
    "role": ("role", "participant role"),
    "guest": ("guest",),
    "waiting": ("in waiting room",),
    "action": ("user action", "action", "activity"),
    "timestamp": ("timestamp", "time stamp"),
    "host_name": ("host", "host name", "user name", "organizer", "organiser", "meeting organizer"),
    "host_email": ("host email", "organizer email", "organiser email"),
    "topic": ("topic", "meeting id", "meeting title"),
}
_LOOKUP = {alias: name for name, aliases in _HEADINGS.items() for alias in aliases}
_HOST_ROLES = {"organizer", "organiser", "co organizer", "co organiser", "host", "co host"}
_GUEST_NAME = re.compile(r"\((guest|external|unverified)\)", re.IGNORECASE)
_SECTION = re.compile(r"\d+\.\s+\S")
_YES = {"yes", "y", "true", "1"}


def key(text: str) -> str:
    """A heading as compared: "In-Meeting Duration" and "in meeting duration" are the same."""
    return re.sub(r"[^a-z]+", " ", text.lower()).strip()


def looks_like_heading(line: str) -> bool:
    """Whether a line (before its separator is known) may be a table's heading row: a name, and a join or a timestamp."""
    words = f" {key(line)} "
    return (" name " in words or " participant " in words) and (" join" in words or " timestamp " in words)


@dataclass
class Table:
    line: int  # the heading row's line in the file
    columns: dict[str, int]
    headings: set[str] = field(default_factory=set)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """'joins' (one row per join), 'spans' (one per person: first join to last leave), 'actions'
        (Teams' older list of joins and leaves), 'summary' (the meeting's own row) or ''."""
        named = "name" in self.columns or "first_name" in self.columns or "last_name" in self.columns
        if named and {"join", "leave"} <= self.columns.keys():
            return "joins"
        if named and {"first_join", "last_leave"} <= self.columns.keys():
            return "spans"
        if named and {"action", "timestamp"} <= self.columns.keys():
            return "actions"
        if "topic" in self.columns:
            return "summary"
        return ""

    def cell(self, cells: list[str], name: str) -> str:
        index = self.columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""


def _columns(cells: list[str]) -> dict[str, int]:
    found: dict[str, list[int]] = {}
    for index, cell in enumerate(cells):
        name = _LOOKUP.get(key(cell))
        if name:
            found.setdefault(name, []).append(index)
    columns = {name: indexes[0] for name, indexes in found.items()}
    # Zoom with the meeting's columns on every row: the host's "User Email" comes before the
    # participant's name, the participant's after it.
    emails = found.get("email", [])
    if "name" in columns and len(emails) > 1:
        after = [i for i in emails if i > columns["name"]]
        if after and emails[0] < columns["name"]:
            columns["email"], columns["host_email"] = after[0], emails[0]
    return columns


def missing_columns(heading: list[str]) -> list[str]:
    """What a heading row lacks to be a table of joins, in words ("leave time")."""
    columns = _columns(heading)
    wanted = (
        ("name", {"name", "first_name", "last_name"}),
        ("join time", {"join", "first_join", "timestamp"}),
        ("leave time", {"leave", "last_leave", "timestamp"}),
    )
    return [what for what, names in wanted if not columns.keys() & names] or ["join time"]


def _is_section_title(cells: list[str]) -> bool:
    filled = [c.strip() for c in cells if c.strip()]
    return len(filled) == 1 and bool(_SECTION.match(filled[0]))


def tables(rows: Iterable[tuple[int, list[str]]]) -> tuple[list[Table], list[tuple[int, list[str]]]]:
    """The file's tables (each from a heading row to the next heading or section title), and the
    rows above the first one (the tool's summary)."""
    found: list[Table] = []
    above: list[tuple[int, list[str]]] = []
    current: Table | None = None
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        if _is_section_title(cells):
            current = None
            continue
        columns = _columns(cells)
        candidate = Table(line, columns, {key(c) for c in cells})
        if candidate.kind:
            found.append(candidate)
            current = candidate
        elif current is not None:
            current.rows.append((line, cells))
        elif not found:
            above.append((line, cells))
    return found, above


@dataclass
class _Hosts:
    """Who the tool says ran the meeting, by e-mail address and by name."""

    emails: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)

    def add(self, name: str = "", email: str = "") -> None:
        if "@" in email:
            self.emails.add(email.strip().lower())
        if name.strip():
            self.names.add(name_key(name))

    def include(self, name: str, email: str) -> bool:
        return (bool(email) and email in self.emails) or name_key(name) in self.names


def _hosts_above(above: list[tuple[int, list[str]]], found: list[Table]) -> _Hosts:
    """The host named in the summary above the table: Zoom's meeting row (its User Email is the
    host's), or a line "Organizer: …"."""
    hosts = _Hosts()
    for table in found:
        if table.kind == "summary":
            for _, cells in table.rows[:1]:
                hosts.add(table.cell(cells, "host_name"), table.cell(cells, "host_email") or table.cell(cells, "email"))
    for _, cells in above:
        filled = [c.strip() for c in cells if c.strip()]
        if len(filled) == 2 and _LOOKUP.get(key(filled[0])) in ("host_name", "host_email"):
            hosts.add(*((filled[1], "") if _LOOKUP[key(filled[0])] == "host_name" else ("", filled[1])))
    return hosts


@dataclass
class _Person:
    """The parts of a row that say who it is."""

    name: str
    email: str
    role: str
    guest: bool


def _person(table: Table, cells: list[str]) -> _Person:
    name = table.cell(cells, "name") or " ".join(
        part for part in (table.cell(cells, "first_name"), table.cell(cells, "last_name")) if part
    )
    email = table.cell(cells, "email") or table.cell(cells, "upn")
    guest = key(table.cell(cells, "guest")) in _YES or bool(_GUEST_NAME.search(name))
    return _Person(name[:200], email[:254].lower() if "@" in email else "", key(table.cell(cells, "role")), guest)


@dataclass
class _Read:
    """Joins found so far, each with the role the tool gave it, and the rows not counted."""

    joins: list[tuple[Join, str]] = field(default_factory=list)
    not_counted: list[str] = field(default_factory=list)

    def add(self, join: Join, role: str) -> None:
        if len(self.joins) >= MAX_ROWS:
            raise ReportError(f"The file has more than {MAX_ROWS:,} joins. Is it for one meeting?")
        self.joins.append((join, role))


def _stays(table: Table, day: SessionDay, read: _Read, *, join: str, leave: str, only: set[str] | None = None) -> None:
    """One join per row of a table with join and leave columns (`only`: the names to read, by name_key)."""
    for line, cells in table.rows:
        person = _person(table, cells)
        if only is not None and name_key(person.name) not in only:
            continue
        who = person.name or person.email or "Someone with no name"
        if key(table.cell(cells, "waiting")) in _YES:
            read.not_counted.append(f"Row {line}: {who} was in the waiting room; that time is not counted.")
            continue
        if not table.cell(cells, join) or not table.cell(cells, leave):
            read.not_counted.append(f"Row {line}: {who} has no join or leave time, so is not counted.")
            continue
        try:
            joined = moment(table.cell(cells, join), day=day, row=line, what="join")
            left = max(joined, moment(table.cell(cells, leave), day=day, row=line, what="leave"))
            seconds = duration(table.cell(cells, "duration"), row=line)
        except RowError as error:
            read.not_counted.append(str(error))
            continue
        span = (left - joined).total_seconds()
        # The tool's own count, when shorter than the span, says there were gaps (Teams' first join
        # to last leave); Zoom rounds its minutes up, so a longer count says nothing.
        kept = seconds if seconds is not None and seconds < span else None
        read.add(Join(person.name, person.email, joined, left, kept, guest=person.guest, row=line), person.role)


def _actions(table: Table, day: SessionDay, read: _Read) -> None:
    """Teams' older list: each Joined (or "Joined before") opens a stay, each Left closes it. Someone
    still in the meeting when the list was downloaded stayed to the end of the session at least;
    someone whose first line is Left was there from the start of the list."""
    events: list[tuple[datetime.datetime, int, str, _Person]] = []
    for line, cells in table.rows:
        person = _person(table, cells)
        action = key(table.cell(cells, "action"))
        if action not in ("joined", "joined before", "left"):
            shown = table.cell(cells, "action")[:40]
            read.not_counted.append(f"Row {line}: “{shown}” is not Joined or Left, so the row is not counted.")
            continue
        try:
            at = moment(table.cell(cells, "timestamp"), day=day, row=line, what="join" if action != "left" else "leave")
        except RowError as error:
            read.not_counted.append(str(error))
            continue
        events.append((at, line, action, person))
    if not events:
        return
    first, last = min(e[0] for e in events), max(max(e[0] for e in events), day.ends_at)
    open_at: dict[str, tuple[datetime.datetime, int, _Person]] = {}
    for at, line, action, person in sorted(events, key=lambda e: (e[0], e[1])):
        who = name_key(person.name)
        if action == "left":
            joined, row, person = open_at.pop(who, (first, line, person))
            read.add(Join(person.name, person.email, joined, at, guest=person.guest, row=row), person.role)
        else:
            open_at.setdefault(who, (at, line, person))
    for joined, row, person in open_at.values():
        read.add(Join(person.name, person.email, joined, max(joined, last), guest=person.guest, row=row), person.role)


def _layout(found: list[Table], above: list[tuple[int, list[str]]]) -> str:
    """Which tool's layout this is, in words, for the preview to say how the file was read."""
    kinds = {t.kind for t in found}
    headings = {h for t in found for h in t.headings} | {key(c) for _, cells in above for c in cells}
    if "actions" in kinds:
        return "a Microsoft Teams attendance list (the older form)"
    if "spans" in kinds or "in meeting duration" in headings or "meeting title" in headings:
        return "a Microsoft Teams attendance report"
    if "summary" in kinds or {"name original name", "duration minutes"} & headings:
        return "a Zoom participants report"
    if {"first name", "time joined", "time exited"} & headings:
        return "a Google Meet attendance report"
    return "an attendance report"


def read_tables(found: list[Table], above: list[tuple[int, list[str]]], day: SessionDay) -> Report:
    """The joins of the tables one file holds. Refuses (ReportError) a file none of whose rows can
    be counted, saying why (all on another day: another meeting's report)."""
    people = [t for t in found if t.kind in ("joins", "spans", "actions")]
    read = _Read()
    joins = next((t for t in people if t.kind == "joins"), None)
    spans = next((t for t in people if t.kind == "spans"), None)
    actions = next((t for t in people if t.kind == "actions"), None)
    if joins is not None:
        _stays(joins, day, read, join="join", leave="leave")
    if spans is not None:
        # Teams: people with joins in the activities are read from there; the rest (and everyone,
        # when the activities are missing) from first join to last leave.
        seen = {name_key(_person(joins, cells).name) for _, cells in joins.rows} if joins else set()
        others = {name_key(_person(spans, cells).name) for _, cells in spans.rows} - seen
        _stays(spans, day, read, join="first_join", leave="last_leave", only=others)
        _fill_from(spans, read)
    if actions is not None:
        _actions(actions, day, read)
    hosts = _hosts_above(above, found)
    for table in people:
        for _, cells in table.rows:
            hosts.add(table.cell(cells, "host_name"), table.cell(cells, "host_email"))
    roles = {role for _, role in read.joins}
    # Teams makes everyone a presenter unless the organiser chose otherwise: a presenter ran the
    # meeting only when others in it were attendees.
    host_roles = _HOST_ROLES | ({"presenter"} if "attendee" in roles else set())
    result = [
        Join(
            j.name,
            j.email,
            j.joined,
            j.left,
            j.seconds,
            host=role in host_roles or hosts.include(j.name, j.email),
            guest=j.guest,
            row=j.row,
        )
        for j, role in read.joins
    ]
    if not result:
        if read.not_counted and all("is not on the session's day" in p for p in read.not_counted):
            raise ReportError(
                f"This report is from another meeting: its times are not on the session's day, {day.named}."
            )
        if read.not_counted:
            raise ReportError(f"No row of the file can be counted. {read.not_counted[0]}")
        raise ReportError("The file has no joins in it.")
    return Report(joins=result, not_counted=read.not_counted, layout=_layout(found, above))


def _fill_from(spans: Table, read: _Read) -> None:
    """Teams' activities may leave out the e-mail address and role; the participants section has them."""
    known = {name_key(p.name): p for p in (_person(spans, cells) for _, cells in spans.rows)}
    for index, (join, role) in enumerate(read.joins):
        person = known.get(name_key(join.name))
        if person is not None and (not join.email or not role):
            filled = Join(
                join.name,
                join.email or person.email,
                join.joined,
                join.left,
                join.seconds,
                guest=join.guest,
                row=join.row,
            )
            read.joins[index] = (filled, role or person.role)
