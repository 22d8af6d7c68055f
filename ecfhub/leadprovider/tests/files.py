"""Building provider files for tests and the bench: DfE's v3 field names, one participant a row."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

HEADINGS = [
    "participant_id",
    "full_name",
    "teacher_reference_number",
    "participant_type",
    "school_urn",
    "cohort",
    "schedule_identifier",
    "training_status",
    "mentor_id",
    "withdrawal_reason",
    "deferral_reason",
]


def pid(n: int) -> str:
    """A stable participant_id for test person n."""
    return str(uuid.UUID(int=n))


def row(**values: Any) -> dict[str, Any]:
    base = {
        "participant_id": pid(1),
        "full_name": "",
        "teacher_reference_number": "1000001",
        "participant_type": "ect",
        "school_urn": "100001",
        "cohort": "2025",
        "schedule_identifier": "ecf-standard-september",
        "training_status": "active",
        "mentor_id": "",
        "withdrawal_reason": "",
        "deferral_reason": "",
    }
    return {**base, **values}


def csv_bytes(rows: list[dict[str, Any]], headings: list[str] | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headings or HEADINGS, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()
