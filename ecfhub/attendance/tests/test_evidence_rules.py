"""The evidence file's rules at their edges, as plain functions (attendance/evidence.py): no database."""

from __future__ import annotations

import datetime

from ecfhub.attendance import evidence
from ecfhub.attendance.evidence import (
    ENGAGEMENT_MET,
    ENGAGEMENT_MET_REDUCED,
    SELF_STUDY_MATERIAL_COMPLETED,
    SUBMITTED,
    TRAINING_EVENT_ATTENDED,
    VOIDED,
    Facts,
    Piece,
    Sent,
)
from ecfhub.attendance.progress import STANDARD_DECLARATIONS, EngagementItem, schedule_windows

D = datetime.date
AFTER_YEAR_ONE = D(2026, 9, 15)  # summer 2026 has ended: retained-2 can be judged
SEPTEMBER = "ecf-standard-september"


def attended(on: datetime.date, label: str = "Clinic", event: int = 0) -> Piece:
    return Piece(on, TRAINING_EVENT_ATTENDED, label, event)


def items(on: datetime.date, done: int, due: int) -> list[EngagementItem]:
    return [EngagementItem(on=on, due=True, done=n < done) for n in range(due)]


def ect(*pieces: Piece, engagement: list[EngagementItem] | None = None, **kw: object) -> Facts:
    return Facts(
        participant_type="ect",
        cohort_start_year=kw.pop("cohort", 2025),  # type: ignore[arg-type]
        schedule_identifier=kw.pop("schedule", SEPTEMBER),  # type: ignore[arg-type]
        pieces=pieces,
        engagement=tuple(engagement if engagement is not None else []),
        **kw,  # type: ignore[arg-type]
    )


def year_one(done_in_summer: int = 4) -> list[EngagementItem]:
    """Engagement over year 1: all done in autumn and spring, `done_in_summer` of 4 in summer."""
    return items(D(2025, 10, 8), 4, 4) + items(D(2026, 2, 4), 4, 4) + items(D(2026, 6, 10), done_in_summer, 4)


def types(assessment: evidence.Assessment) -> list[str]:
    return [d.declaration_type for d in assessment.declarable]


# --- which declarations ---------------------------------------------------------------------------


def test_an_ect_has_started_retained_1_to_4_and_completed() -> None:
    assert evidence.declaration_types("ect", 2025, SEPTEMBER) == STANDARD_DECLARATIONS


def test_an_extended_schedule_adds_extended_1_to_3_for_ects_but_never_for_mentors() -> None:
    assert evidence.declaration_types("ect", 2025, "ecf-extended-september")[-3:] == (
        "extended-1",
        "extended-2",
        "extended-3",
    )
    assert "extended-1" not in evidence.declaration_types("mentor", 2024, "ecf-extended-september")


def test_a_mentor_of_the_2025_cohort_has_started_and_completed_only() -> None:
    assert evidence.declaration_types("mentor", 2025, SEPTEMBER, "in_training") == ("started", "completed")
    assert evidence.declaration_types("mentor", 2026, SEPTEMBER, "new") == ("started", "completed")


def test_a_mentor_of_the_2024_cohort_keeps_the_two_year_sequence() -> None:
    assert evidence.declaration_types("mentor", 2024, SEPTEMBER, "in_training") == STANDARD_DECLARATIONS


def test_a_mentor_already_trained_has_nothing_to_declare() -> None:
    assert evidence.declaration_types("mentor", 2025, SEPTEMBER, "trained") == ()
    assert evidence.declaration_types("mentor", 2025, SEPTEMBER, "not_eligible") == ()


def test_only_the_2025_rules_ask_for_75_percent_engagement() -> None:
    assert evidence.needs_engagement("retained-2", "ect", 2025)
    assert evidence.needs_engagement("completed", "ect", 2025)
    assert not evidence.needs_engagement("retained-1", "ect", 2025)
    assert evidence.needs_engagement("completed", "mentor", 2025)
    assert not evidence.needs_engagement("started", "mentor", 2025)
    assert not evidence.needs_engagement("retained-2", "ect", 2024)


# --- the windows, by intake ------------------------------------------------------------------------


def test_a_january_starters_first_window_is_the_spring_term() -> None:
    windows = schedule_windows("ecf-standard-january", 2025)
    assert (windows[0].declaration, windows[0].starts_on, windows[0].ends_on) == (
        "started",
        D(2026, 1, 1),
        D(2026, 4, 30),
    )
    assert (windows[-1].declaration, windows[-1].label) == ("completed", "Autumn 2027")


def test_an_april_starters_first_window_runs_from_1_april_to_the_end_of_summer() -> None:
    first = schedule_windows("ecf-standard-april", 2025)[0]
    assert (first.starts_on, first.ends_on) == (D(2026, 4, 1), D(2026, 8, 31))


def test_a_january_starter_is_started_by_a_january_session_not_held_back() -> None:
    found = evidence.assess(ect(attended(D(2026, 1, 14)), schedule="ecf-standard-january"), today=D(2026, 2, 1))
    assert types(found) == ["started"]
    assert not found.held_back


# --- the declaration date ----------------------------------------------------------------------------


def test_the_declaration_date_is_the_first_session_attended_in_the_window() -> None:
    found = evidence.assess(
        ect(attended(D(2025, 11, 5), "Clinic 2"), attended(D(2025, 10, 8), "Clinic 1")), today=D(2026, 1, 5)
    )
    started = found.declarable[0]
    assert started.declaration_date == D(2025, 10, 8)
    assert started.evidence_held == TRAINING_EVENT_ATTENDED
    assert started.evidence_sessions == "Clinic 1 2025-10-08; Clinic 2 2025-11-05"


def test_a_declaration_can_be_made_during_its_window_but_never_from_the_future() -> None:
    facts = ect(attended(D(2025, 10, 8)))
    assert types(evidence.assess(facts, today=D(2025, 10, 8))) == ["started"]
    assert types(evidence.assess(facts, today=D(2025, 10, 7))) == []


def test_a_session_on_the_last_day_of_the_window_counts_and_the_next_day_belongs_to_the_next() -> None:
    found = evidence.assess(ect(attended(D(2025, 12, 31)), attended(D(2026, 1, 1))), today=D(2026, 2, 1))
    assert [(d.declaration_type, d.declaration_date) for d in found.declarable] == [
        ("started", D(2025, 12, 31)),
        ("retained-1", D(2026, 1, 1)),
    ]


def test_registers_come_before_self_study_as_the_evidence_held() -> None:
    module = Piece(D(2025, 9, 10), SELF_STUDY_MATERIAL_COMPLETED, "Week 1")
    with_session = evidence.assess(ect(module, attended(D(2025, 10, 8))), today=D(2026, 1, 5))
    assert (with_session.declarable[0].evidence_held, with_session.declarable[0].declaration_date) == (
        TRAINING_EVENT_ATTENDED,
        D(2025, 10, 8),
    )
    alone = evidence.assess(ect(module), today=D(2026, 1, 5))
    assert alone.declarable[0].evidence_held == SELF_STUDY_MATERIAL_COMPLETED


def test_started_carries_no_evidence_held_before_the_2025_cohort() -> None:
    found = evidence.assess(ect(attended(D(2024, 10, 8)), cohort=2024), today=D(2025, 1, 5))
    assert found.declarable[0].evidence_held == ""


def test_nothing_after_the_day_someone_withdrew_evidences_a_declaration() -> None:
    facts = ect(attended(D(2025, 10, 8)), attended(D(2026, 2, 4)), last_day=D(2026, 1, 20))
    assert types(evidence.assess(facts, today=D(2026, 3, 1))) == ["started"]


# --- 75% engagement ---------------------------------------------------------------------------------


def year_one_ect(done_in_summer: int = 4, **kw: object) -> Facts:
    return ect(
        attended(D(2025, 10, 8)),
        attended(D(2026, 2, 4)),
        attended(D(2026, 6, 10), "Clinic 3"),
        engagement=year_one(done_in_summer),
        **kw,
    )


def test_retained_2_is_judged_only_once_its_window_has_ended() -> None:
    assert "retained-2" not in types(evidence.assess(year_one_ect(), today=D(2026, 8, 31)))
    assert "retained-2" in types(evidence.assess(year_one_ect(), today=D(2026, 9, 1)))


def test_exactly_75_percent_is_met_and_just_below_is_not() -> None:
    # 9 of 12 is exactly 75%; 8 of 12 is below.
    exactly = ect(attended(D(2025, 10, 8)), attended(D(2026, 2, 4)),
                  engagement=items(D(2025, 10, 8), 4, 4) + items(D(2026, 2, 4), 4, 4) + items(D(2026, 6, 10), 1, 4))  # fmt: skip
    below = ect(attended(D(2025, 10, 8)), attended(D(2026, 2, 4)),
                engagement=items(D(2025, 10, 8), 4, 4) + items(D(2026, 2, 4), 3, 4) + items(D(2026, 6, 10), 1, 4))  # fmt: skip
    met = evidence.assess(exactly, today=AFTER_YEAR_ONE)
    assert met.declarable[-1].declaration_type == "retained-2"
    assert met.declarable[-1].evidence_held == ENGAGEMENT_MET
    assert "retained-2" not in types(evidence.assess(below, today=AFTER_YEAR_ONE))


def test_the_75_percent_date_is_the_item_in_the_window_that_completed_it() -> None:
    # Engagement dips below 75% on 3 June (nothing done) and is back on 17 June: that is the date.
    engagement = items(D(2025, 10, 8), 4, 4) + items(D(2026, 6, 3), 0, 2) + items(D(2026, 6, 17), 3, 3)
    found = evidence.assess(
        ect(attended(D(2025, 10, 8)), attended(D(2026, 2, 4)), engagement=engagement), today=AFTER_YEAR_ONE
    )
    retained_2 = found.declarable[-1]
    assert (retained_2.declaration_type, retained_2.declaration_date) == ("retained-2", D(2026, 6, 17))
    assert retained_2.evidence_sessions == "Engagement 7 of 9 (78%) to 2026-08-31"


def test_a_reduced_schedule_declares_the_reduced_induction_evidence() -> None:
    found = evidence.assess(year_one_ect(schedule="ecf-reduced-september"), today=AFTER_YEAR_ONE)
    assert found.declarable[-1].evidence_held == ENGAGEMENT_MET_REDUCED


# --- gaps --------------------------------------------------------------------------------------------


def test_retained_1_without_started_is_held_back_with_the_reason() -> None:
    found = evidence.assess(ect(attended(D(2026, 2, 4))), today=D(2026, 3, 1))
    assert types(found) == []
    assert [d.declaration_type for d in found.held_back] == ["retained-1"]
    assert found.reason.startswith("retained-1 is evidenced (4 February 2026), but started is not:")
    assert "1 September 2025 to 31 December 2025" in found.reason


def test_retained_2_met_without_retained_1_keeps_started_and_holds_the_rest_back() -> None:
    facts = ect(attended(D(2025, 10, 8)), attended(D(2026, 6, 10)),
                engagement=items(D(2025, 10, 8), 4, 4) + items(D(2026, 6, 10), 4, 4))  # fmt: skip
    found = evidence.assess(facts, today=AFTER_YEAR_ONE)
    assert types(found) == ["started"]
    assert [d.declaration_type for d in found.held_back] == ["retained-2"]
    assert "but retained-1 is not" in found.reason


def test_retained_2_below_75_percent_holds_back_retained_3_and_says_the_figure() -> None:
    facts = year_one_ect(done_in_summer=0)
    facts = Facts(**{**facts.__dict__, "pieces": (*facts.pieces, attended(D(2026, 10, 7)))})
    found = evidence.assess(facts, today=D(2026, 11, 1))
    assert types(found) == ["started", "retained-1"]
    assert [d.declaration_type for d in found.held_back] == ["retained-3"]
    assert "engagement to 31 August 2026 was 8 of 12 (67%); 75% is needed" in found.reason


def test_the_declarations_in_the_file_are_always_a_valid_sequence() -> None:
    for facts in (year_one_ect(), ect(attended(D(2026, 2, 4))), year_one_ect(done_in_summer=0)):
        found = evidence.assess(facts, today=D(2026, 11, 1))
        allowed = evidence.declaration_types(facts.participant_type, 2025, SEPTEMBER)
        assert evidence.is_valid_sequence(types(found), [d.declaration_date for d in found.declarable], allowed)


def test_a_sequence_with_a_gap_or_dates_going_back_is_not_valid() -> None:
    assert not evidence.is_valid_sequence(
        ["started", "retained-2"], [D(2025, 10, 1), D(2026, 6, 1)], STANDARD_DECLARATIONS
    )
    assert not evidence.is_valid_sequence(["retained-1"], [D(2026, 2, 1)], STANDARD_DECLARATIONS)
    assert not evidence.is_valid_sequence(
        ["started", "retained-1"], [D(2026, 2, 1), D(2026, 1, 1)], STANDARD_DECLARATIONS
    )


# --- mentors of the 2025 cohort -------------------------------------------------------------------------


def mentor(*pieces: Piece, required: int = 3, engagement: list[EngagementItem] | None = None) -> Facts:
    return Facts(
        participant_type="mentor",
        cohort_start_year=2025,
        schedule_identifier=SEPTEMBER,
        mentor_training="in_training",
        pieces=pieces,
        engagement=tuple(engagement or []),
        events_required=required,
    )


def test_a_mentor_completes_on_the_day_of_the_last_event_their_training_requires() -> None:
    sessions = (
        attended(D(2025, 10, 8), "One", 1),
        attended(D(2026, 2, 4), "Two", 2),
        attended(D(2026, 3, 4), "Three", 3),
    )
    found = evidence.assess(mentor(*sessions, engagement=items(D(2025, 10, 8), 3, 3)), today=D(2026, 3, 10))
    assert [(d.declaration_type, d.declaration_date, d.evidence_held) for d in found.declarable] == [
        ("started", D(2025, 10, 8), TRAINING_EVENT_ATTENDED),
        ("completed", D(2026, 3, 4), ENGAGEMENT_MET),
    ]


def test_a_mentor_attending_one_event_twice_has_not_completed() -> None:
    sessions = (
        attended(D(2025, 10, 8), "One", 1),
        attended(D(2026, 2, 4), "One", 1),
        attended(D(2026, 3, 4), "Two", 2),
    )
    found = evidence.assess(mentor(*sessions, engagement=items(D(2025, 10, 8), 3, 3)), today=D(2026, 3, 10))
    assert types(found) == ["started"]


def test_a_mentor_with_every_event_but_engagement_below_75_percent_has_not_completed() -> None:
    sessions = (attended(D(2025, 10, 8), "One", 1), attended(D(2026, 2, 4), "Two", 2))
    found = evidence.assess(mentor(*sessions, required=2, engagement=items(D(2025, 10, 1), 2, 4)), today=D(2026, 3, 10))
    assert types(found) == ["started"]
    assert not found.held_back


def test_a_mentor_of_the_2025_cohort_is_never_declared_retained() -> None:
    sessions = tuple(attended(D(2025, 10, 8) + datetime.timedelta(weeks=8 * n), f"E{n}", n) for n in range(8))
    found = evidence.assess(mentor(*sessions, required=8, engagement=items(D(2025, 10, 8), 8, 8)), today=D(2027, 9, 1))
    assert {d.declaration_type for d in found.declarable + found.held_back} <= {"started", "completed"}


# --- what was sent, and voids ---------------------------------------------------------------------


def sent(kind: str, state: str = SUBMITTED) -> Sent:
    return Sent(kind, D(2025, 10, 8), TRAINING_EVENT_ATTENDED, "Clinic 2025-10-08", state, D(2026, 1, 10))


def test_a_declaration_sent_and_still_evidenced_is_repeated_as_sent() -> None:
    found = evidence.assess(ect(attended(D(2025, 11, 5))), today=D(2026, 1, 20))
    [line] = evidence.lines(found, {"started": sent("started")})
    # The evidence moved to another day (a correction): what was sent stands.
    assert (line.state, line.declaration_date, line.sent_on) == (SUBMITTED, D(2025, 10, 8), D(2026, 1, 10))


def test_a_declaration_sent_whose_evidence_has_gone_is_voided_as_a_new_row_to_send() -> None:
    found = evidence.assess(ect(), today=D(2026, 1, 20))
    [line] = evidence.lines(found, {"started": sent("started")})
    assert (line.declaration_type, line.state, line.declaration_date, line.sent_on) == (
        "started",
        VOIDED,
        D(2025, 10, 8),
        None,
    )


def test_a_void_already_sent_is_repeated_and_followed_by_the_declaration_when_its_evidence_is_back() -> None:
    found = evidence.assess(ect(attended(D(2025, 11, 5))), today=D(2026, 1, 20))
    void, again = evidence.lines(found, {"started": sent("started", VOIDED)})
    assert (void.state, void.sent_on) == (VOIDED, D(2026, 1, 10))
    assert (again.state, again.declaration_date, again.sent_on) == (SUBMITTED, D(2025, 11, 5), None)


def test_an_anonymised_person_keeps_only_what_was_sent() -> None:
    found = evidence.assess(ect(attended(D(2025, 10, 8)), attended(D(2026, 2, 4))), today=D(2026, 3, 1))
    assert [
        line.declaration_type for line in evidence.lines(found, {"started": sent("started")}, new_allowed=False)
    ] == ["started"]


# --- the file's name ---------------------------------------------------------------------------------


def test_the_file_name_says_hub_cohort_and_day() -> None:
    assert evidence.file_name("Norfolk Teaching Hub", 2025, D(2026, 12, 7)) == (
        "norfolk-teaching-hub-evidence-2025-2026-2026-12-07"
    )
    assert evidence.file_name("St. Mary's & Co", None, D(2026, 12, 7)) == "st-marys-co-evidence-all-cohorts-2026-12-07"
    assert evidence.file_name("!!!", None, D(2026, 12, 7)) == "ecf-hub-evidence-all-cohorts-2026-12-07"
