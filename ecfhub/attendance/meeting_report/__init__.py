"""Reading an online meeting's attendance report (Teams, Zoom, Meet: name, e-mail, join and leave
times) and matching it to a session's register.

Pure apart from reading the places: nothing is written here. The register is written by
`services.take_register` once the facilitator has seen the preview and fixed what did not match.

- `decoding`: bytes to text and a separator, found by the content (UTF-8, UTF-16; comma, tab, semicolon)
- `reading`: the file to a `Report` (its joins, and why each row not counted was not)
- `matching`: the report's people to the session's places, and their marks
"""

from ecfhub.attendance.meeting_report.matching import Attendee, Preview, match
from ecfhub.attendance.meeting_report.reading import read_report
from ecfhub.attendance.meeting_report.report import MAX_BYTES, Join, Report, ReportError, RowError

__all__ = ["MAX_BYTES", "Attendee", "Join", "Preview", "Report", "ReportError", "RowError", "match", "read_report"]
