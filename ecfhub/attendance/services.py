"""Taking a register: marking people present, late, left early or absent on a started session;
catch-up self-study for a missed clinic, chosen and then signed off; the lead provider's evidence file
recorded as sent.

The one writer of `AttendanceRecord`, `AttendanceChange`, `CatchUpStudy` and `SentDeclaration`."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from ecfhub.attendance.models import AttendanceChange, AttendanceRecord, CatchUpStudy, Mark, SentDeclaration
from ecfhub.attendance.queries.evidence import evidence_file, evidence_people, evidence_version
from ecfhub.attendance.rules import RegisterState, may_take_register, register_state
from ecfhub.audit.services import record
from ecfhub.events.models import Session, TrainingEvent
from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib.errors import DomainError
from ecfhub.lib.text import has_control_characters
from ecfhub.people.models import Participant, User
from ecfhub.scheduling.models import Assignment
from ecfhub.scheduling.queries import open_requests
from ecfhub.scheduling.services.places import check_missed

REASON_MAX = 300


def _lock_register(session_id: int, actor: User, *, now: datetime.datetime) -> tuple[Session, RegisterState]:
    # The session row is locked for the rest of the transaction: marks on one register are written
    # one at a time, so two people marking at once both land (in order) and neither is lost.
    session = Session.objects.select_for_update(of=("self",)).select_related("event").get(pk=session_id)
    facilitator_ids = set(session.facilitators.values_list("pk", flat=True))
    if not may_take_register(actor, session, facilitator_ids=facilitator_ids):
        raise DomainError("not_your_register", "Only the session's facilitators and hub admins can take its register.")
    state = register_state(session, now=now, open_days=current_hub_settings().register_open_days)
    if state is RegisterState.CANCELLED:
        raise DomainError("session_cancelled", "This session was cancelled, so it has no register.")
    if state is RegisterState.NOT_STARTED:
        raise DomainError("not_started", "The register opens when the session starts.")
    return session, state


def _clean_reason(reason: str, state: RegisterState, actor: User) -> str:
    reason = (reason or "").strip()
    if state is RegisterState.CLOSED:
        if not actor.is_hub_admin:
            raise DomainError("register_closed", "This register has closed. Ask the hub to correct it.")
        if not reason:
            raise DomainError("reason_missing", "Say why you are correcting a closed register.")
    if len(reason) > REASON_MAX:
        raise DomainError("reason_too_long", f"Keep the reason to {REASON_MAX} characters or fewer.")
    if has_control_characters(reason):
        raise DomainError("reason_not_one_line", "Write the reason on one line.")
    return reason


def _places(session: Session, assignment_ids: set[int] | None) -> list[Assignment]:
    # A missed place replaced by a catch-up date stays on its register (docs/places.md).
    places = Assignment.objects.filter(session=session, status__in=Assignment.ON_REGISTER).select_related(
        "participant__user"
    )
    if assignment_ids is not None:
        places = places.filter(pk__in=assignment_ids)
    return list(places)


def _write(
    places: list[Assignment],
    marks: Mapping[int, str],
    *,
    actor: User,
    now: datetime.datetime,
    source: str,
    reason: str,
    only_unmarked: bool = False,
) -> list[AttendanceRecord]:
    existing = {r.assignment_id: r for r in AttendanceRecord.objects.select_for_update().filter(assignment__in=places)}
    changed: list[AttendanceRecord] = []
    history: list[AttendanceChange] = []
    for place in places:
        mark = marks[place.pk]
        current = existing.get(place.pk)
        if current is not None and (only_unmarked or current.mark == mark):
            continue
        before = current.mark if current is not None else ""
        if current is None:
            current = AttendanceRecord.objects.create(
                assignment=place,
                session_id=place.session_id,
                participant_id=place.participant_id,
                mark=mark,
                marked_at=now,
                marked_by=actor,
            )
        else:
            current.mark, current.marked_at, current.marked_by = mark, now, actor
            current.save(update_fields=["mark", "marked_at", "marked_by"])
        history.append(
            AttendanceChange(
                record=current,
                from_mark=before,
                to_mark=mark,
                source=source,
                reason=reason,
                at=now,
                actor=actor,
                actor_label=actor.full_name,
            )
        )
        changed.append(current)
    AttendanceChange.objects.bulk_create(history)
    return changed


@transaction.atomic
def mark_attendance(
    *,
    session: Session,
    assignment_id: int,
    mark: str,
    actor: User,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> AttendanceRecord | None:
    """Mark one person on a session's register.

    Guarantees, with the session row locked (marks on one register are written one by one, none
    lost): the actor is one of the session's facilitators or a hub admin (`not_your_register`); the
    session has started and was not cancelled (`not_started`, `session_cancelled`); the mark is one
    of present, late, left early, absent (`unknown_mark`); the place is an active place on this
    session (`not_on_register`). While the register is open anyone who may take it marks freely;
    once closed only a hub admin may, with a one-line reason (`register_closed`, `reason_missing`),
    and the correction is written to the audit log. Every change appends a history row; marking
    what is already marked changes nothing and returns None."""
    now = now or timezone.now()
    if mark not in Mark.values:
        raise DomainError("unknown_mark", "Choose present, late, left early or absent.")
    session, state = _lock_register(session.pk, actor, now=now)
    reason = _clean_reason(reason, state, actor)
    places = _places(session, {assignment_id})
    if not places:
        raise DomainError("not_on_register", "That person is not on this session's register.")
    source = AttendanceChange.Source.CORRECTION if state is RegisterState.CLOSED else AttendanceChange.Source.REGISTER
    changed = _write(places, {places[0].pk: mark}, actor=actor, now=now, source=source, reason=reason)
    if not changed:
        return None
    if state is RegisterState.CLOSED:
        person = places[0].participant
        record(
            actor=actor,
            action="attendance.corrected",
            summary=f"Corrected {person.user.full_name}'s attendance at {session} to {Mark(mark).label}: {reason}",
            target=changed[0],
            details={"session": session.pk, "assignment": places[0].pk, "mark": mark, "reason": reason},
            people=[person.user_id],
        )
    return changed[0]


@transaction.atomic
def mark_everyone_present(*, session: Session, actor: User, now: datetime.datetime | None = None) -> int:
    """Start a register by marking everyone not yet marked as present; returns how many were marked.

    Guarantees: the same checks as `mark_attendance`, and it works only while the register is open
    (`register_closed`: a closed register is corrected one person at a time, with a reason); marks
    already made are kept, never overwritten; one history row per person marked."""
    now = now or timezone.now()
    session, state = _lock_register(session.pk, actor, now=now)
    if state is RegisterState.CLOSED:
        raise DomainError(
            "register_closed", "This register has closed. Correct it one person at a time, with a reason."
        )
    places = _places(session, None)
    changed = _write(
        places,
        dict.fromkeys((p.pk for p in places), Mark.PRESENT.value),
        actor=actor,
        now=now,
        source=AttendanceChange.Source.EVERYONE_PRESENT,
        reason="",
        only_unmarked=True,
    )
    return len(changed)


@transaction.atomic
def take_register(
    *,
    session: Session,
    marks: Mapping[int, str],
    actor: User,
    source: str = AttendanceChange.Source.REGISTER,
    now: datetime.datetime | None = None,
) -> int:
    """Mark many people on one register at once (a meeting's attendance report, the demo); returns
    how many marks changed.

    Guarantees: the same checks as `mark_attendance`, for the whole register, while it is open
    (`register_closed`); every key is an active place on this session (`not_on_register`, and then
    nothing is written); one history row per mark changed, none for a mark that is already so."""
    now = now or timezone.now()
    if any(mark not in Mark.values for mark in marks.values()):
        raise DomainError("unknown_mark", "Choose present, late, left early or absent.")
    session, state = _lock_register(session.pk, actor, now=now)
    if state is RegisterState.CLOSED:
        raise DomainError(
            "register_closed", "This register has closed. Correct it one person at a time, with a reason."
        )
    places = _places(session, set(marks))
    if len(places) != len(marks):
        raise DomainError("not_on_register", "Someone in the list is not on this session's register.")
    return len(_write(places, marks, actor=actor, now=now, source=source, reason=""))


@transaction.atomic
def choose_self_study(*, place: Assignment, actor: User, now: datetime.datetime | None = None) -> CatchUpStudy:
    """Choose catch-up self-study, instead of another date, for a clinic the person missed.

    Guarantees, with the participation locked (as the places service locks it, so a catch-up date and
    self-study cannot both be chosen at once): the hub allows it (`self_study_off`, the hub setting
    *catch-up self-study for missed clinics*); the event is a clinic (`not_a_clinic`); the place may
    be caught up (`scheduling.services.places.check_missed`: their active place, on a started session,
    marked absent, so not already replaced by a catch-up date: `catch_up_taken`; not chosen twice:
    `self_study_chosen`); no request for a catch-up date is open (`request_open`: withdraw it first).
    The place stays their active place for the event. One audit entry."""
    now = now or timezone.now()
    if not current_hub_settings().catch_up_self_study:
        raise DomainError("self_study_off", "The hub does not offer catch-up self-study. Choose a catch-up date.")
    Participant.objects.select_for_update().filter(pk=place.participant_id).first()
    place = Assignment.objects.select_related("event", "session", "participant__user").get(pk=place.pk)
    if place.event.kind != TrainingEvent.Kind.CLINIC:
        raise DomainError("not_a_clinic", "Catch-up self-study is for clinics. Choose a catch-up date instead.")
    check_missed(place, now=now)
    if open_requests([place.participant_id]).filter(event_id=place.event_id).exists():
        raise DomainError(
            "request_open",
            "A catch-up date has been asked for this clinic. Withdraw that request to choose self-study.",
        )
    study = CatchUpStudy.objects.create(
        assignment=place, participant_id=place.participant_id, event_id=place.event_id, chosen_at=now, chosen_by=actor
    )
    record(
        actor=actor,
        action="catch_up.self_study_chosen",
        summary=f"Catch-up self-study chosen for {place.participant.user.full_name}: {place.event.title} "
        f"(missed {place.session})",
        target=study,
        details={"place": place.pk, "session": place.session_id, "event": place.event_id},
        people=[place.participant.user_id],
    )
    return study


def may_sign_off(user: User, event_id: int) -> bool:
    """Hub admins, and facilitators of any session of the event, sign off its catch-up self-study."""
    if user.is_hub_admin:
        return True
    return bool(user.is_facilitator) and Session.objects.filter(event_id=event_id, facilitators=user).exists()


@transaction.atomic
def sign_off_self_study(*, study: CatchUpStudy, actor: User, now: datetime.datetime | None = None) -> CatchUpStudy:
    """Sign off a person's catch-up self-study: from now on the clinic counts as attended (docs/progress.md).

    Guarantees, with the row locked: the actor is a hub admin or a facilitator of a session of the
    clinic (`not_yours`); it is signed off once (`already_signed_off`); who and when are kept; one
    audit entry."""
    now = now or timezone.now()
    study = (
        CatchUpStudy.objects.select_for_update(of=("self",))
        .select_related("participant__user", "event")
        .get(pk=study.pk)
    )
    if not may_sign_off(actor, study.event_id):
        raise DomainError("not_yours", "Only the clinic's facilitators and hub admins can sign off its self-study.")
    if study.signed_off_at is not None:
        raise DomainError("already_signed_off", "This self-study has already been signed off.")
    study.signed_off_at, study.signed_off_by, study.signed_off_label = now, actor, actor.full_name[:200]
    study.save(update_fields=["signed_off_at", "signed_off_by", "signed_off_label"])
    record(
        actor=actor,
        action="catch_up.self_study_signed_off",
        summary=f"Signed off {study.participant.user.full_name}'s catch-up self-study for {study.event.title}",
        target=study,
        details={"place": study.assignment_id, "event": study.event_id},
        people=[study.participant.user_id],
    )
    return study


# --- the lead provider's evidence file, recorded as sent ------------------------------------------


@transaction.atomic
def record_evidence_sent(
    *, cohort: int | None, expected_version: str, actor: User, now: datetime.datetime | None = None
) -> int:
    """Record the lead provider's evidence file (one cohort's, or every cohort's when `cohort` is None)
    as sent: one `SentDeclaration` for each row the file carries that is not recorded yet — each new
    declaration as `submitted`, each void of a declaration sent before as `voided`. Returns how many.

    Guarantees: the people behind those rows are locked and the file is worked out again inside the
    transaction; if it is no longer the file the hub admin saw (`expected_version`, from
    `evidence_version`), DomainError `evidence_changed` and nothing is recorded, so nothing is marked
    sent that was not in the file they sent. Recording the same file twice adds nothing; rows already
    recorded are never changed (append-only). One audit entry, naming nobody."""
    now = now or timezone.now()
    people = evidence_people(cohort)
    first = evidence_file(people, now=now)
    # Two hub admins recording at once: the second waits here, then finds the rows already recorded.
    list(Participant.objects.select_for_update().filter(pk__in={r.participant.pk for r in first.to_record}))
    file = evidence_file(people, now=now)
    if evidence_version(file) != expected_version:
        raise DomainError(
            "evidence_changed",
            "The evidence has changed since the page was shown (a register or a record was changed, or someone "
            "else recorded it as sent). Download the file again, send that one, then record it as sent.",
        )
    rows = file.to_record
    SentDeclaration.objects.bulk_create(
        [
            SentDeclaration(
                participant=row.participant,
                declaration_type=row.line.declaration_type,
                declaration_date=row.line.declaration_date,
                evidence_held=row.line.evidence_held,
                evidence_sessions=row.line.evidence_sessions,
                state=row.line.state,
                provider_participant_id=row.participant.provider_participant_id,
                teacher_reference_number="" if row.anonymised else row.participant.trn,
                full_name="" if row.anonymised else row.participant.user.full_name,
                recorded_at=now,
                recorded_by=actor,
            )
            for row in rows
        ]
    )
    voids = sum(1 for row in rows if row.line.state == SentDeclaration.State.VOIDED)
    scope = f"the {cohort} cohort" if cohort is not None else "every cohort"
    record(
        actor=actor,
        action="attendance.evidence_sent",
        summary=f"Recorded the lead provider's evidence file for {scope} as sent: "
        f"{len(rows) - voids} declaration{'s' if len(rows) - voids != 1 else ''} and {voids} void{'s' if voids != 1 else ''}",
        details={"cohort": cohort, "declarations": len(rows) - voids, "voids": voids},
    )
    return len(rows)
