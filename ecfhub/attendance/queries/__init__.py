"""Read-only questions about registers and progress, shaped for pages and exports.

Every function here costs a fixed number of queries, however many people or sessions it covers
(asserted in tests/test_query_counts.py at 10 and at 500 participants). Split by subject: one
register and a facilitator's (`registers`), each person's progress (`progress`), the hub's overview
(`overview`), what the files hold (`files`), the lead provider's evidence (`evidence`), trends over the year (`trends`); every name is
importable from here, as before."""

from __future__ import annotations

from ecfhub.attendance.queries.evidence import (  # noqa: F401
    EVIDENCE_HEADER,
    EVIDENCE_NOTES,
    EvidenceFile,
    NotYetDeclarable,
    evidence_file,
)
from ecfhub.attendance.queries.files import (  # noqa: F401
    DFE_TRAINING_STATUS,
    FUNDING_HEADER,
    PROGRESS_HEADER,
    RECORD_HEADER,
    TERM_HALVES,
    MentorTerm,
    PlaceRecord,
    Term,
    find_term,
    funding_rows,
    mentors_in_term,
    places_on_record,
    progress_rows,
    record_rows,
    school_terms,
)
from ecfhub.attendance.queries.overview import (  # noqa: F401
    EventAttendance,
    SessionAttendance,
    attendance_by_event,
    session_attendance,
)
from ecfhub.attendance.queries.progress import (  # noqa: F401
    KINDS,
    MissedEvent,
    Progress,
    missed_without_catch_up,
    progress_for,
)
from ecfhub.attendance.queries.registers import (  # noqa: F401
    RegisterRow,
    RegisterSummary,
    open_registers,
    register_history,
    register_rows,
    self_study_to_sign_off,
)
from ecfhub.attendance.queries.trends import (  # noqa: F401
    PROGRESS_COUNTS,
    MonthAttendance,
    MonthProgress,
    academic_year_of,
    attendance_by_month,
    first_recorded_day,
    progress_by_month,
)
