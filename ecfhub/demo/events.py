"""The programme of both demo cohorts: training events and their repeat sessions.

ECTs attend 6 clinics and 3 conferences over two years, mentors 3 and 2. Each
event runs 3–6 times within one half term of its programme year, on school days
only, with enough seats for everyone it is for and a fifth to spare. Sessions
are left unassigned: giving people dates is the scheduler's work.

Everything goes through the events services, so the demo obeys the same rules
(school days, times, places) as a hub admin's pages.
"""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from ecfhub.demo.context import DEMO_DOMAIN, DemoContext
from ecfhub.events.models import Session, TrainingEvent
from ecfhub.events.services import DEFAULT_TIMES, add_sessions, create_training_event, save_venue
from ecfhub.people.models import Participant, ParticipantType, User
from ecfhub.programme.areas import EcfArea
from ecfhub.programme.models import Cohort
from ecfhub.terms.models import HalfTerm
from ecfhub.terms.schooldays import SchoolCalendar

CLINIC, CONFERENCE = TrainingEvent.Kind.CLINIC, TrainingEvent.Kind.CONFERENCE
A = EcfArea


@dataclass(frozen=True)
class Plan:
    audience: ParticipantType
    year: int
    half_term: int
    kind: str
    title: str
    focus: tuple[str, ...]
    description: str


PROGRAMME: tuple[Plan, ...] = (
    # ECTs, year 1: creating the conditions for learning, then introducing new knowledge.
    Plan(ParticipantType.ECT, 1, 2, CONFERENCE, "Creating the conditions for learning", (A.HIGH_EXPECTATIONS, A.MANAGING_BEHAVIOUR),
         "A day on the classroom climate that lets every pupil learn: clear expectations, calm routines, and relationships that hold when things get hard."),
    Plan(ParticipantType.ECT, 1, 3, CLINIC, "Routines that make the first five minutes count", (A.MANAGING_BEHAVIOUR, A.CLASSROOM_PRACTICE),
         "Bring one lesson start that is not working yet. We take it apart together and leave with a routine to try next week."),
    Plan(ParticipantType.ECT, 1, 4, CLINIC, "Introducing new knowledge in small steps", (A.HOW_PUPILS_LEARN, A.CLASSROOM_PRACTICE),
         "How to break new material into manageable steps, model it, and know when pupils are ready for the next one."),
    Plan(ParticipantType.ECT, 1, 5, CONFERENCE, "How pupils learn: memory, practice and attention", (A.HOW_PUPILS_LEARN, A.SUBJECT_AND_CURRICULUM),
         "What working memory and retrieval practice mean for planning a sequence of lessons in your own subject or phase."),
    Plan(ParticipantType.ECT, 1, 6, CLINIC, "Checking for understanding before moving on", (A.ASSESSMENT, A.CLASSROOM_PRACTICE),
         "Quick, whole-class ways to find out what pupils have understood, and what to do in the next minute when they have not."),
    # ECTs, year 2: increasing challenge, then reflecting and embedding.
    Plan(ParticipantType.ECT, 2, 1, CLINIC, "Increasing challenge without losing the class", (A.HIGH_EXPECTATIONS, A.ADAPTIVE_TEACHING),
         "Raising the level of challenge for everyone while keeping the pupils who find it hardest with you."),
    Plan(ParticipantType.ECT, 2, 2, CONFERENCE, "Adaptive teaching and putting ideas into practice", (A.ADAPTIVE_TEACHING, A.PROFESSIONAL_BEHAVIOURS),
         "Responding to what pupils need without lowering expectations, and making one change stick across a term."),
    Plan(ParticipantType.ECT, 2, 3, CLINIC, "Feedback pupils can act on", (A.ASSESSMENT,),
         "Making feedback short, specific and used: bring a set of books or a recent assessment."),
    Plan(ParticipantType.ECT, 2, 5, CLINIC, "Reflecting and embedding what works", (A.PROFESSIONAL_BEHAVIOURS, A.CLASSROOM_PRACTICE),
         "Looking back over two years of practice, choosing what to keep, and planning your next steps as a teacher."),
    # Mentors.
    Plan(ParticipantType.MENTOR, 1, 2, CONFERENCE, "Mentoring foundations: seeing a lesson and giving feedback", (A.PROFESSIONAL_BEHAVIOURS, A.CLASSROOM_PRACTICE),
         "Short, focused observations and feedback meetings that agree one action step and rehearse it."),
    Plan(ParticipantType.MENTOR, 1, 4, CLINIC, "Choosing the action step that matters most", (A.CLASSROOM_PRACTICE, A.MANAGING_BEHAVIOUR),
         "Bring a recent observation. Together we pick the one step that will make the biggest difference next."),
    Plan(ParticipantType.MENTOR, 1, 6, CLINIC, "Rehearsal that changes practice", (A.PROFESSIONAL_BEHAVIOURS,),
         "Making the practice part of a mentor meeting count: modelling, rehearsing, and checking it happened."),
    Plan(ParticipantType.MENTOR, 2, 2, CLINIC, "Stretching a second-year teacher", (A.HIGH_EXPECTATIONS, A.ADAPTIVE_TEACHING),
         "Moving from fixing problems to building expertise as your ECT grows in confidence."),
    Plan(ParticipantType.MENTOR, 2, 4, CONFERENCE, "Mentoring towards independence", (A.PROFESSIONAL_BEHAVIOURS, A.SUBJECT_AND_CURRICULUM),
         "Handing over the choice of action steps, and preparing your ECT for the end of induction."),
)  # fmt: skip

# The hub's venues: (name, address, postcode, easting, northing, accessibility). The first is the main one.
VENUES = (
    ("Norwich", "The Hub Conference Centre, 12 Cathedral Street, Norwich", "NR1 1LX", 623_400, 308_900,
     "Step-free entrance on Cathedral Street; lift to every floor; hearing loop in the main hall."),
    ("Thetford", "Brandon Road Learning Centre, Thetford", "IP24 3NB", 586_200, 283_300,
     "Ground floor only; free parking on site; accessible toilet."),
    ("Great Yarmouth", "Quayside Education Centre, Great Yarmouth", "NR30 2PF", 652_000, 307_300,
     "Step-free; the nearest parking is the Hall Quay car park, 200 m."),
    ("Lowestoft", "Kirkley Teaching Centre, Lowestoft", "NR33 0LT", 654_200, 291_700,
     "Ramp at the side entrance; lift; quiet room on request."),
)  # fmt: skip
SATELLITES = tuple(range(1, len(VENUES)))


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng
    cohorts = list(Cohort.objects.filter(pk__in=ctx.cohort_ids.values()).order_by("start_year"))
    facilitators = list(User.objects.filter(is_facilitator=True, email__endswith=f"@{DEMO_DOMAIN}").order_by("email"))
    terms = {
        (t.academic_year.start_year, t.number): t
        for t in HalfTerm.objects.select_related("academic_year").filter(
            academic_year__start_year__in=[c.start_year + y for c in cohorts for y in (0, 1)]
        )
    }
    calendar = SchoolCalendar.load()
    venues = [
        save_venue(
            name=name,
            address=address,
            postcode=postcode,
            easting=east,
            northing=north,
            accessibility=access,
            actor=None,
        )
        for name, address, postcode, east, north, access in VENUES
    ]
    people = {(cohort_id, kind): n for cohort_id, kind, n in _counts(cohorts)}
    events = sessions = 0
    for cohort in cohorts:
        # The hub set each cohort's programme up in the summer before it started (the demo builds a past).
        set_up = timezone.make_aware(datetime.datetime(cohort.start_year, 7, 1))
        order: dict[tuple[str, int], int] = {}
        for plan in PROGRAMME:
            term = terms.get((cohort.start_year + plan.year - 1, plan.half_term))
            if term is None:
                continue
            key = (plan.audience, plan.year)
            order[key] = order.get(key, 0) + 1
            event = create_training_event(
                cohort=cohort,
                kind=plan.kind,
                audience=plan.audience,
                programme_year=plan.year,
                order=order[key],
                title=plan.title,
                focus=[str(code) for code in plan.focus],
                description=plan.description,
                actor=None,
            )
            events += 1
            days = [d for d in calendar.days if term.starts_on <= d <= term.ends_on]
            count = rng.randint(3, 4) if plan.kind == CLINIC else rng.randint(4, 6)
            count = min(count, len(days))
            if count == 0:
                continue
            # One date in each of `count` equal stretches of the half term, so dates spread out.
            chunk = len(days) / count
            dates = [days[int(i * chunk) + rng.randrange(max(1, int(chunk)))] for i in range(count)]
            needed = people.get((cohort.pk, plan.audience), 0)
            capacity = max(10, 5 * math.ceil(1.2 * needed / count / 5))
            start, end = DEFAULT_TIMES[plan.kind]
            if plan.kind == CLINIC:
                created = add_sessions(
                    event=event, dates=dates, start_time=start, end_time=end, mode=Session.Mode.ONLINE,
                    capacity=capacity, joining_url=f"https://meet.{DEMO_DOMAIN}/{cohort.start_year}-{plan.audience}-{event.order}-y{plan.year}",
                    facilitators=_pick(rng, facilitators, 1), added_at=set_up, actor=None,
                )  # fmt: skip
                sessions += len(created)
                continue
            # Conferences: most at the hub's venue, one or two at a satellite for people far from Norwich.
            satellites = set(rng.sample(range(count), k=min(count - 1, rng.randint(1, 2))))
            for index, day in enumerate(sorted(dates)):
                venue = venues[rng.choice(SATELLITES) if index in satellites else 0]
                add_sessions(
                    event=event, dates=[day], start_time=start, end_time=end, mode=Session.Mode.IN_PERSON,
                    capacity=capacity, venue_place=venue, facilitators=_pick(rng, facilitators, 2), added_at=set_up,
                    actor=None,
                )  # fmt: skip
                sessions += 1
    ctx.log(f"Events: {events} training events with {sessions} repeat sessions, none assigned yet")


def _counts(cohorts: list[Cohort]) -> list[tuple[int, str, int]]:
    rows = (
        Participant.objects.filter(cohort__in=cohorts, status=Participant.Status.ACTIVE)
        .values_list("cohort_id", "participant_type")
        .annotate(n=Count("id"))
    )
    return [(cohort_id, kind, n) for cohort_id, kind, n in rows]


def _pick(rng: random.Random, people: list[User], most: int) -> list[User]:
    if not people:
        return []
    return rng.sample(people, k=min(most, len(people)))
