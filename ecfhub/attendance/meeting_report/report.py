"""What reading a meeting report gives: its joins, the rows it could not count and why, and how it was read.

Plain data shared by the other modules; the preview carries a report from one page to the next in a
signed token (`to_plain` / `from_plain`)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000


def name_key(name: str) -> str:
    """A name as a reader compares names: "Ect, Erin" and "Erin Ect (Riverside)" are the same person."""
    name = re.sub(r"\(.*?\)", " ", name)
    if "," in name:
        last, _, first = name.partition(",")
        name = f"{first} {last}"
    return " ".join(name.casefold().split())


class ReportError(ValueError):
    """The whole file cannot be used; the message says why, for a facilitator."""


class RowError(ReportError):
    """One row cannot be counted; the message names the row and says why. The rest of the file may be fine."""


@dataclass(frozen=True)
class Join:
    """One stay in the meeting: from joining to leaving.

    `seconds` is the meeting tool's own count of time in the meeting when it is less than the span
    (a summary row from first join to last leave with gaps between); `host` is the tool saying this
    person ran the meeting (Teams' organiser, Zoom's host); `row` is the file's line it came from."""

    name: str
    email: str
    joined: datetime.datetime
    left: datetime.datetime
    seconds: int | None = None
    host: bool = False
    guest: bool = False
    row: int = 0


@dataclass
class Report:
    """Every join in the file, and a sentence for every row that is not counted."""

    joins: list[Join]
    not_counted: list[str] = field(default_factory=list)
    layout: str = "attendance report"
    encoding: str = "UTF-8"
    separator: str = "comma"

    @property
    def described(self) -> str:
        """ "a Microsoft Teams attendance report (UTF-16, tab-separated)": how the file was read."""
        return f"{self.layout} ({self.encoding}, {self.separator}-separated)"

    def to_plain(self) -> dict[str, object]:
        """Lists and strings only (JSON), for the signed token between the preview's pages."""
        return {
            "joins": [
                [j.name, j.email, j.joined.isoformat(), j.left.isoformat(), j.seconds, j.host, j.guest, j.row]
                for j in self.joins
            ],
            "not_counted": self.not_counted,
            "how": [self.layout, self.encoding, self.separator],
        }

    @classmethod
    def from_plain(cls, plain: dict[str, Any]) -> Report:
        """The report `to_plain` wrote (the token is signed: only this code wrote it)."""
        joins = [
            Join(
                name=name,
                email=email,
                joined=datetime.datetime.fromisoformat(joined),
                left=datetime.datetime.fromisoformat(left),
                seconds=seconds,
                host=host,
                guest=guest,
                row=row,
            )
            for name, email, joined, left, seconds, host, guest, row in plain["joins"]
        ]
        layout, encoding, separator = plain["how"]
        return cls(
            joins=joins, not_counted=list(plain["not_counted"]), layout=layout, encoding=encoding, separator=separator
        )
