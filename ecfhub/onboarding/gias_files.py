"""Building a GIAS-format establishment extract: for the tests, the bench and the demo (not the import)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping

# GIAS's first columns, in its order, then a few of the ~130 others (the import ignores them).
HEADINGS = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (name)",
    "EstablishmentStatus (name)",
    "OpenDate",
    "CloseDate",
    "PhaseOfEducation (name)",
    "StatutoryLowAge",
    "StatutoryHighAge",
    "Street",
    "Town",
    "Postcode",
    "SchoolWebsite",
    "TelephoneNum",
    "HeadFirstName",
    "HeadLastName",
    "Easting",
    "Northing",
    "UKPRN",
]


def gias_csv(rows: Iterable[Mapping[str, object]], *, encoding: str = "cp1252") -> bytes:
    """A GIAS extract holding `rows` (heading -> value; missing headings empty), in `encoding`
    ("cp1252" as GIAS writes it, or "utf-8-sig" as Excel saves it again)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADINGS)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else str(row.get(h)) for h in HEADINGS])
    return out.getvalue().encode(encoding)


def england_rows(count: int, *, local_authority: str = "Norfolk", every: int = 150) -> Iterable[dict[str, object]]:
    """`count` plausible establishments across England; one in `every` is in `local_authority`."""
    authorities = ["Suffolk", "Essex", "Kent", "Devon", "Leeds", "Birmingham", "Camden", "Cornwall", "Cumbria"]
    for n in range(count):
        la = local_authority if n % every == 0 else authorities[n % len(authorities)]
        yield {
            "URN": 100000 + n,
            "LA (code)": 926 if la == local_authority else 800 + n % 50,
            "LA (name)": la,
            "EstablishmentNumber": 2000 + n % 7000,
            "EstablishmentName": f"St Mary’s Church of England Primary School {n}",
            "TypeOfEstablishment (name)": "Voluntary aided school" if n % 3 else "Academy converter",
            "EstablishmentTypeGroup (name)": "Local authority maintained schools",
            "EstablishmentStatus (name)": "Closed" if n % 11 == 0 else "Open",
            "OpenDate": "01-09-2011" if n % 3 == 0 else "",
            "PhaseOfEducation (name)": "Primary" if n % 4 else "Secondary",
            "StatutoryLowAge": 4,
            "StatutoryHighAge": 11,
            "Street": f"{n % 200} Church Lane",
            "Town": "Norwich" if la == local_authority else "Somewhere",
            "Postcode": f"NR{n % 35} {n % 9}AB",
            "SchoolWebsite": f"www.school{n}.example.sch.uk",
            "TelephoneNum": f"01603 {n % 1000000:06d}",
            "HeadFirstName": "Sam",
            "HeadLastName": "Example",
            "Easting": 560000 + (n * 37) % 100000,
            "Northing": 270000 + (n * 53) % 70000,
            "UKPRN": 10000000 + n,
        }
