"""The demo hub: the right shape, alive on its day, and the same every time for the same day."""

import datetime
import io
import re

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from ecfhub.demo.context import DEMO_LOGINS, DEMO_PASSWORD
from ecfhub.people.models import Mentorship, Participant, School, User
from ecfhub.programme.models import Cohort
from ecfhub.terms.models import AcademicYear

# The scheduler's refinement does little work: the demo is still the same every time (test_demo_schedule).
QUICK_SOLVER = "--solver-seconds=0.1"
# What these tests look at (people, schools, logins) is made by the first two parts.
PEOPLE_ONLY = "--only=calendar,people"


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", "--today=2026-11-28", *args, stdout=out)
    return out.getvalue()


def snapshot() -> list[tuple]:
    return sorted(
        Participant.objects.values_list(
            "user__email",
            "user__full_name",
            "school__urn",
            "cohort__start_year",
            "participant_type",
            "trn",
            "unavailable_weekdays",
        )
    )


@pytest.mark.django_db
def test_the_default_demo_is_a_norwich_hub_of_forty_schools_and_five_hundred_people():
    output = seed(QUICK_SOLVER)
    assert School.objects.count() == 40
    assert Participant.objects.filter(participant_type="ect").count() == 300
    assert Participant.objects.filter(participant_type="mentor").count() == 200
    # The two cohorts now in their programme started the last two Septembers; the two before stay open
    # for ECTs on extended inductions (DfE keeps four cohorts open since 2025).
    assert sorted(Cohort.objects.values_list("start_year", flat=True)) == [2023, 2024, 2025, 2026]
    assert (
        Participant.objects.filter(cohort__start_year__lt=2025, schedule_identifier="ecf-extended-september").count()
        == 12
    )
    # Starts through the year: September 2025 and 2026, and the January and April 2027 intakes registered ahead.
    starts = set(Participant.objects.values_list("schedule_identifier", "cohort__start_year"))
    assert {("ecf-standard-september", 2025), ("ecf-standard-september", 2026)} <= starts
    assert {("ecf-standard-january", 2026), ("ecf-standard-april", 2026)} <= starts
    assert sorted(AcademicYear.objects.values_list("start_year", flat=True)) == [2025, 2026, 2027, 2028]
    assert all(school.induction_tutors.exists() for school in School.objects.all())
    assert Mentorship.objects.filter(ended_on__isnull=True).count() == 300
    for mentorship in Mentorship.objects.select_related("mentor", "ect"):
        assert mentorship.mentor.school_id == mentorship.ect.school_id
    for _role, email, _note in DEMO_LOGINS:
        assert email in output
    assert "Norwich" in output or School.objects.filter(town="Norwich").exists()


@pytest.mark.django_db
def test_no_two_people_in_the_demo_share_a_name():
    seed(QUICK_SOLVER)
    names = list(User.objects.values_list("full_name", flat=True))
    assert len(names) == len(set(names)), [n for n in set(names) if names.count(n) > 1][:5]


@pytest.mark.django_db
def test_every_demo_login_signs_in_with_the_printed_password():
    seed("--participants=40", "--schools=4", PEOPLE_ONLY)
    request = RequestFactory().post("/account/login/")
    for role, email, _note in DEMO_LOGINS:
        user = authenticate(request, username=email, password=DEMO_PASSWORD)
        assert user is not None, role
        expected = {
            "Hub admin": "hub_admin",
            "Facilitator": "facilitator",
            "Induction tutor": "induction_tutor",
            "Mentor": "mentor",
            "ECT": "ect",
        }[role]
        assert expected in user.roles


@pytest.mark.django_db(transaction=True)
def test_the_same_day_gives_the_same_hub():
    seed("--participants=60", "--schools=5", PEOPLE_ONLY)
    first = snapshot()
    call_command("flush", "--noinput", verbosity=0)
    seed("--participants=60", "--schools=5", PEOPLE_ONLY)
    assert snapshot() == first
    assert len(first) == 60


@pytest.mark.django_db
def test_it_scales_with_participants_and_schools():
    seed("--participants=1000", "--schools=50", PEOPLE_ONLY)
    assert Participant.objects.count() == 1000
    assert School.objects.count() == 50


@pytest.mark.django_db
def test_it_refuses_to_seed_over_existing_data_unless_asked_to_skip(school):
    with pytest.raises(CommandError):
        seed()
    assert "already loaded" in seed("--if-empty")


def _englands_clock(moment: datetime.datetime) -> datetime.datetime:
    """The Summer Time Order's rule, not zoneinfo's: BST (UTC+1) from 01:00 UTC on the last Sunday of
    March to 01:00 UTC on the last Sunday of October, GMT otherwise."""

    def last_sunday(month: int) -> datetime.datetime:
        day = datetime.date(moment.year, month, 31)
        day -= datetime.timedelta(days=(day.weekday() + 1) % 7)
        return datetime.datetime(day.year, day.month, day.day, 1, tzinfo=datetime.UTC)

    summer = last_sunday(3) <= moment < last_sunday(10)
    return (moment + datetime.timedelta(hours=1 if summer else 0)).replace(tzinfo=None)


@pytest.mark.django_db
def test_the_demo_outbox_gives_every_session_in_englands_time_summer_and_winter():
    from ecfhub.events.models import Session
    from ecfhub.notifications.models import OutboundMessage

    seed(QUICK_SOLVER)
    messages = list(OutboundMessage.objects.filter(kind__in=["new_dates", "session_reminder"]))
    assert {m.kind for m in messages} >= {"new_dates"}
    told = {m.to for m in messages}
    assert told == {"ect@demo.ecfhub.test", "mentor@demo.ecfhub.test"}
    seen_summer = seen_winter = False
    for message in messages:
        for title, line in re.findall(r"^(.+) \((?:clinic|conference)\)\nWhen: (.+)$", message.body_text, re.M):
            session = Session.objects.get(event__title=title, assignments__participant__user__email=message.to)
            local = _englands_clock(session.starts_at.astimezone(datetime.UTC))
            ends = _englands_clock(session.ends_at.astimezone(datetime.UTC))
            day = f"{local:%A} {local.day} {local:%B %Y}"
            assert line == f"{day}, {local:%H:%M} to {ends:%H:%M}", (message.to, title)
            seen_summer |= local.month in (4, 5, 6, 7)
            seen_winter |= local.month in (11, 12, 1, 2)
    assert seen_summer and seen_winter
