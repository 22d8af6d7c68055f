"""The demo programme: adds up for both cohorts, sits on school days in one half term per event,
has seats for everyone, is alive in the current year, and is the same for the same day."""

import io
import math
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from ecfhub.events.models import Session, TrainingEvent, Venue
from ecfhub.events.queries import participants_needing, requirement_problems
from ecfhub.programme.models import Cohort
from ecfhub.terms.models import HalfTerm
from ecfhub.terms.schooldays import SchoolCalendar

TODAY = "2026-11-28"


def seed(*args: str) -> None:
    call_command("seed_demo", f"--today={TODAY}", "--only=calendar,people,events", *args, stdout=io.StringIO())


def snapshot() -> list[tuple]:
    return sorted(
        Session.objects.values_list(
            "event__cohort__start_year", "event__audience", "event__programme_year", "event__order", "event__title",
            "starts_at", "ends_at", "mode", "venue", "capacity", "joining_url",
        )
    )  # fmt: skip


@pytest.mark.django_db
def test_both_cohorts_programmes_add_up_and_fit_the_calendar():
    seed("--participants=120", "--schools=6")
    # Four open cohorts; the 2023 and 2024 ones hold a few ECTs on extended schedules, with no events of their own.
    assert list(Cohort.objects.order_by("start_year").values_list("start_year", flat=True)) == [2023, 2024, 2025, 2026]
    cohorts = list(Cohort.objects.filter(training_events__isnull=False).distinct().order_by("start_year"))
    assert [c.start_year for c in cohorts] == [2025, 2026]
    calendar = SchoolCalendar.load()
    terms = list(HalfTerm.objects.select_related("academic_year"))
    for cohort in cohorts:
        assert requirement_problems(cohort) == []
        people = participants_needing(cohort)
        for event in TrainingEvent.objects.filter(cohort=cohort).prefetch_related("sessions", "sessions__facilitators"):
            sessions = list(event.sessions.all())
            assert 3 <= len(sessions) <= 6, event
            assert all(calendar.is_school_day(s.date) for s in sessions)
            (term,) = {t for t in terms for s in sessions if t.starts_on <= s.date <= t.ends_on}  # one half term
            assert term.academic_year.start_year == cohort.start_year + event.programme_year - 1
            assert sum(s.capacity for s in sessions) >= math.floor(1.2 * people.get(event.audience, 0))
            assert all(s.facilitators.exists() for s in sessions)
            for s in sessions:
                local = timezone.localtime(s.starts_at)
                if event.kind == "clinic":
                    assert (local.hour, local.minute, s.mode) == (16, 0, "online") and s.joining_url
                else:
                    assert (local.hour, local.minute, s.mode) == (9, 30, "in_person")
    # Some conferences are at a satellite venue, most at the hub's (Norwich); every venue is located.
    venues = Counter(Session.objects.filter(mode="in_person").values_list("venue_place__name", flat=True))
    assert venues.most_common(1)[0][0] == "Norwich" and len(venues) >= 3 and None not in venues
    assert not Venue.objects.filter(easting__isnull=True).exists()


@pytest.mark.django_db
def test_the_current_year_has_both_cohorts_sessions_with_more_to_come():
    seed("--participants=40", "--schools=4")
    year_start = timezone.make_aware(timezone.datetime(2026, 9, 1))
    year_end = timezone.make_aware(timezone.datetime(2027, 9, 1))
    in_year = Session.objects.filter(starts_at__gte=year_start, starts_at__lt=year_end)
    assert in_year.filter(event__cohort__start_year=2026, event__programme_year=1).exists()
    assert in_year.filter(event__cohort__start_year=2025, event__programme_year=2).exists()
    now = timezone.make_aware(timezone.datetime(2026, 11, 28, 12))
    later_terms = HalfTerm.objects.filter(academic_year__start_year=2026, number__gte=3)
    for term in later_terms:
        if in_year.filter(starts_at__date__gte=term.starts_on, starts_at__date__lte=term.ends_on).exists():
            assert in_year.filter(starts_at__date__gte=term.starts_on, starts_at__gt=now).exists()
    assert in_year.filter(starts_at__gt=now).count() > 20


@pytest.mark.django_db(transaction=True)
def test_the_same_day_gives_the_same_programme():
    seed("--participants=60", "--schools=5")
    first = snapshot()
    call_command("flush", "--noinput", verbosity=0)
    seed("--participants=60", "--schools=5")
    assert snapshot() == first
    assert len(first) > 50
