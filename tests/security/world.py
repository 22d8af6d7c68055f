"""A small hub with one person per role and one object of each kind, on both sides of a school boundary.

The "home" side is Riverside (tess the induction tutor, max the mentor, erin the ECT);
the "other" side is Oakfield (otto, olga, ed). Object-level tests point a home-side
person at the other side's objects and expect a refusal.

Parts for apps that are not installed (yet) are skipped, so this file grows with the site.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.utils import timezone

from ecfhub.conftest import make_participant, make_user
from ecfhub.people.models import Mentorship, Participant, School, User
from ecfhub.programme.services import get_or_create_cohort
from ecfhub.terms.services import create_standard_year

ANONYMOUS = "anonymous"
ECT = "ect"
MENTOR = "mentor"
OTHER_MENTOR = "other_mentor"
TUTOR = "tutor"
OTHER_TUTOR = "other_tutor"
FACILITATOR = "facilitator"
HUB_ADMIN = "hub_admin"
ROLES: tuple[str, ...] = (ANONYMOUS, ECT, MENTOR, OTHER_MENTOR, TUTOR, OTHER_TUTOR, FACILITATOR, HUB_ADMIN)


@dataclass
class World:
    users: dict[str, User | None]
    school: School
    other_school: School
    ect: Participant
    mentor: Participant
    other_ect: Participant
    other_mentor: Participant
    # Filled by the optional parts below: name -> object (e.g. "session", "other_session").
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def build_world() -> World:
    create_standard_year(start_year=2025)
    create_standard_year(start_year=2026)
    cohort = get_or_create_cohort(start_year=2025)
    school = School.objects.create(urn="100001", name="Riverside Primary", town="Norwich")
    other_school = School.objects.create(urn="100002", name="Oakfield Academy", town="Thetford")
    hub_admin = make_user("hana@hub.test", "Hana Admin", is_hub_admin=True)
    facilitator = make_user("fred@hub.test", "Fred Facilitator", is_facilitator=True)
    tutor = make_user("tess@riverside.test", "Tess Tutor")
    school.induction_tutors.add(tutor)
    other_tutor = make_user("otto@oakfield.test", "Otto Tutor")
    other_school.induction_tutors.add(other_tutor)
    mentor = make_participant(
        email="max@riverside.test", name="Max Mentor", school=school, cohort=cohort, kind="mentor", trn="2000001"
    )
    ect = make_participant(
        email="erin@riverside.test", name="Erin Ect", school=school, cohort=cohort, kind="ect", trn="1000001"
    )
    Mentorship.objects.create(mentor=mentor, ect=ect, started_on=ect.induction_start_date)
    other_mentor = make_participant(
        email="olga@oakfield.test", name="Olga Mentor", school=other_school, cohort=cohort, kind="mentor", trn="2000002"
    )
    other_ect = make_participant(
        email="ed@oakfield.test", name="Ed Ect", school=other_school, cohort=cohort, kind="ect", trn="1000002"
    )
    Mentorship.objects.create(mentor=other_mentor, ect=other_ect, started_on=other_ect.induction_start_date)
    world = World(
        users={
            ANONYMOUS: None,
            ECT: ect.user,
            MENTOR: mentor.user,
            OTHER_MENTOR: other_mentor.user,
            TUTOR: tutor,
            OTHER_TUTOR: other_tutor,
            FACILITATOR: facilitator,
            HUB_ADMIN: hub_admin,
        },
        school=school,
        other_school=other_school,
        ect=ect,
        mentor=mentor,
        other_ect=other_ect,
        other_mentor=other_mentor,
    )
    world.objects["cohort"] = cohort
    for part in (
        _events,
        _notifications,
        _calendar,
        _onboarding,
        _leadprovider,
        _api,
        _scheduling,
        _date_changes,
        _learning,
        _catch_up,
    ):
        part(world)
    return world


def _events(world: World) -> None:
    from ecfhub.events.models import Session, TrainingEvent
    from ecfhub.scheduling.models import Assignment

    tz = timezone.get_current_timezone()
    event = TrainingEvent.objects.create(
        cohort=world.cohort, kind="clinic", audience="ect", programme_year=1, order=1, title="Managing behaviour clinic"
    )
    mentor_event = TrainingEvent.objects.create(
        cohort=world.cohort, kind="conference", audience="mentor", programme_year=1, order=1, title="Mentor conference"
    )
    starts = datetime.datetime(2026, 3, 3, 15, 30, tzinfo=tz)
    session = Session.objects.create(
        event=event, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1), mode="online", capacity=30
    )
    session.facilitators.add(world.users[FACILITATOR])
    other_session = Session.objects.create(
        event=event,
        starts_at=starts + datetime.timedelta(days=7),
        ends_at=starts + datetime.timedelta(days=7, hours=1),
        mode="online",
        capacity=30,
    )
    mentor_session = Session.objects.create(
        event=mentor_event,
        starts_at=starts + datetime.timedelta(days=1, hours=-6),
        ends_at=starts + datetime.timedelta(days=1),
        mode="in_person",
        capacity=60,
    )
    world.objects.update(
        event=event,
        mentor_event=mentor_event,
        session=session,
        other_session=other_session,
        mentor_session=mentor_session,
    )
    world.objects["assignment"] = Assignment.objects.create(participant=world.ect, event=event, session=session)
    world.objects["mentor_assignment"] = Assignment.objects.create(
        participant=world.mentor, event=mentor_event, session=mentor_session
    )
    world.objects["other_assignment"] = Assignment.objects.create(
        participant=world.other_ect, event=event, session=other_session
    )
    world.objects["other_mentor_assignment"] = Assignment.objects.create(
        participant=world.other_mentor, event=mentor_event, session=mentor_session
    )


def _notifications(world: World) -> None:
    if not apps.is_installed("ecfhub.notifications"):
        return
    from ecfhub.notifications.models import OutboundMessage

    world.objects["message"] = OutboundMessage.objects.create(
        to=world.ect.user.email, user=world.ect.user, kind="test", subject="Your dates", body_text="Hello Erin"
    )
    world.objects["failed_message"] = OutboundMessage.objects.create(
        to=world.other_ect.user.email,
        user=world.other_ect.user,
        kind="test",
        subject="Your dates",
        body_text="Hello Ed",
        status="failed",
    )


def _calendar(world: World) -> None:
    if not apps.is_installed("ecfhub.calendar"):
        return
    from ecfhub.calendar.services import create_feed_token

    world.objects["feed_token"] = create_feed_token(user=world.ect.user, actor=world.ect.user)
    world.objects["other_feed_token"] = create_feed_token(user=world.other_ect.user, actor=world.other_ect.user)


def _onboarding(world: World) -> None:
    if not apps.is_installed("ecfhub.onboarding"):
        return
    from ecfhub.onboarding.models import CsvImport, Invitation, hash_token

    newcomer = make_user("nia@riverside.test", "Nia Newcomer")
    raw = "world-invitation-token-0123456789abcdef"
    world.objects["invitation_token"] = raw
    world.objects["invitation"] = Invitation.objects.create(
        user=newcomer,
        token_hash=hash_token(raw),
        reason="Tess Tutor registered you as an ECT at Riverside Primary",
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )
    world.objects["csv_import"] = CsvImport.objects.create(
        school=world.school, uploaded_by=world.users[TUTOR], filename="riverside.csv", sha256="0" * 64
    )
    world.objects["other_csv_import"] = CsvImport.objects.create(
        school=world.other_school, uploaded_by=world.users[OTHER_TUTOR], filename="oakfield.csv", sha256="1" * 64
    )


def _leadprovider(world: World) -> None:
    if not apps.is_installed("ecfhub.leadprovider"):
        return
    from ecfhub.leadprovider.models import ProviderFile

    world.objects["provider_file"] = ProviderFile.objects.create(
        uploaded_by=world.users[HUB_ADMIN], filename="provider.csv", sha256="2" * 64, digest="3" * 64
    )


def _api(world: World) -> None:
    if not apps.is_installed("ecfhub.api"):
        return
    from ecfhub.api.services import create_token

    made = create_token(name="Provider", scope="read", expires_at=None, actor=world.users[HUB_ADMIN])
    world.objects["api_token"] = made.token


def _scheduling(world: World) -> None:
    from ecfhub.scheduling import models as scheduling_models

    if hasattr(scheduling_models, "ScheduleRun"):
        world.objects["schedule_run"] = scheduling_models.ScheduleRun.objects.create(
            cohort=world.cohort, as_of=datetime.date(2025, 11, 3), created_by=world.users[HUB_ADMIN]
        )


def _date_changes(world: World) -> None:
    from ecfhub.events.models import Session, TrainingEvent
    from ecfhub.scheduling import models as scheduling_models

    if not hasattr(scheduling_models, "ChangeRequest"):
        return
    # Dates still to come (the others above are in the past), so they can be changed.
    event = TrainingEvent.objects.create(
        cohort=world.cohort, kind="clinic", audience="ect", programme_year=2, order=1, title="Adaptive teaching clinic"
    )
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=90)
    future = [
        Session.objects.create(
            event=event,
            starts_at=starts + datetime.timedelta(days=7 * n),
            ends_at=starts + datetime.timedelta(days=7 * n, hours=1),
            mode="online",
            capacity=30,
        )
        for n in range(2)
    ]
    Assignment = scheduling_models.Assignment
    ChangeRequest = scheduling_models.ChangeRequest
    world.objects["future_assignment"] = Assignment.objects.create(
        participant=world.ect, event=event, session=future[0]
    )
    world.objects["other_future_assignment"] = Assignment.objects.create(
        participant=world.other_ect, event=event, session=future[0]
    )
    world.objects["change_request"] = ChangeRequest.objects.create(
        participant=world.ect, event=event, from_session=future[0], to_session=future[1], reason="school"
    )
    world.objects["other_change_request"] = ChangeRequest.objects.create(
        participant=world.other_ect, event=event, from_session=future[0], to_session=future[1], reason="school"
    )


def _learning(world: World) -> None:
    if not apps.is_installed("ecfhub.learning"):
        return
    from ecfhub.learning.models import ActionStep, Module, Observation

    world.objects["module"] = Module.objects.create(
        participant_type="ect", programme_year=1, week=1, title="Routines that free up attention", content="Read."
    )
    world.objects["unreleased_module"] = Module.objects.create(
        participant_type="ect", programme_year=2, week=45, title="Beyond the calendar", content="Read."
    )
    for prefix, ect, mentor in (("", world.ect, world.mentor), ("other_", world.other_ect, world.other_mentor)):
        observation = Observation.objects.create(
            ect=ect,
            mentor=mentor,
            observed_on=datetime.date(2025, 10, 1),
            class_or_year_group="Year 4",
            went_well="Routines.",
            to_work_on="Wait for silence.",
        )
        world.objects[f"{prefix}observation"] = observation
        world.objects[f"{prefix}action_step"] = ActionStep.objects.create(
            ect=ect,
            mentor=mentor,
            observation=observation,
            step="Wait for silence",
            success_looks_like="All eyes on you",
            check_back_on=datetime.date(2025, 10, 8),
        )


def _catch_up(world: World) -> None:
    """Erin and Ed were marked absent at their clinic (their places are in the past): each may choose a
    catch-up. Ed chose self-study for it (the facilitator runs a session of that clinic); Erin chose
    self-study for another clinic, whose sessions the facilitator does not run."""
    from ecfhub.attendance.models import AttendanceRecord, CatchUpStudy
    from ecfhub.events.models import Session, TrainingEvent
    from ecfhub.scheduling.models import Assignment

    now = timezone.now()
    for place in (world.assignment, world.other_assignment):
        AttendanceRecord.objects.create(
            assignment=place, session=place.session, participant=place.participant, mark="absent", marked_at=now
        )
    world.objects["study"] = CatchUpStudy.objects.create(
        assignment=world.other_assignment, participant=world.other_ect, event=world.event, chosen_at=now
    )
    event = TrainingEvent.objects.create(
        cohort=world.cohort, kind="clinic", audience="ect", programme_year=1, order=2, title="Assessment clinic"
    )
    starts = world.session.starts_at + datetime.timedelta(days=14)
    session = Session.objects.create(
        event=event, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1), mode="online", capacity=30
    )
    place = Assignment.objects.create(participant=world.ect, event=event, session=session)
    AttendanceRecord.objects.create(
        assignment=place, session=session, participant=world.ect, mark="absent", marked_at=now
    )
    world.objects["other_study"] = CatchUpStudy.objects.create(
        assignment=place, participant=world.ect, event=event, chosen_at=now
    )
