"""The learning side of the demo hub: modules for both ECT years and the mentors' year, a small
action-step library, and a realistic trail of coaching (observations, steps, meetings) and module
completions for the demo pair and the pairs at the first schools (every school of the default demo).

Most people keep up (the engagement figure counts modules and coaching, so a demo where few did
would show a hub of people behind); a few in twenty fall behind, so the at-risk lists show
something true. Written with bulk inserts: the trail covers at most TRAIL_SCHOOLS schools, so a
demo of 100,000 participants loads no slower than one of a few thousand. The current week is left open for the demo pair,
so a visitor can record this week's observation."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.utils import timezone

from ecfhub.demo.context import DEMO_DOMAIN, DemoContext
from ecfhub.learning.models import ActionStep, Goal, LibraryStep, Meeting, Module, ModuleCompletion, Observation, Strand
from ecfhub.learning.weeks import calendar_for, monday_of, programme_year_for, programme_years_of
from ecfhub.people.models import Mentorship, Participant, ParticipantType
from ecfhub.programme.areas import EcfArea as A
from ecfhub.terms.schooldays import SchoolCalendar

TRAIL_SCHOOLS = 40
# How often someone keeps up (a coaching week held, a module done), and the share who struggle.
KEEPS_UP, STRUGGLES, STRUGGLING_SHARE = 0.93, 0.55, 0.06
WEEKS_IN_A_YEAR = 39

# (title, areas) per term of each sequence; our own words after the usual lead-provider themes.
ECT_YEAR_1 = {
    "Creating the conditions for learning": [
        ("First days: routines that free up attention", [A.MANAGING_BEHAVIOUR]),
        ("Entering and leaving the room calmly", [A.MANAGING_BEHAVIOUR]),
        ("High expectations from the first lesson", [A.HIGH_EXPECTATIONS]),
        ("Giving instructions pupils can follow", [A.CLASSROOM_PRACTICE]),
        ("Positive relationships without losing authority", [A.MANAGING_BEHAVIOUR]),
        ("How memory works: working and long-term memory", [A.HOW_PUPILS_LEARN]),
        ("Reducing cognitive load in a task", [A.HOW_PUPILS_LEARN]),
        ("Using the school's behaviour policy consistently", [A.MANAGING_BEHAVIOUR]),
        ("Seating plans and the layout of the room", [A.CLASSROOM_PRACTICE]),
        ("Praise that is specific and sincere", [A.HIGH_EXPECTATIONS]),
        ("Low-level disruption: noticing early", [A.MANAGING_BEHAVIOUR]),
        ("Working with teaching assistants", [A.PROFESSIONAL_BEHAVIOURS]),
        ("Looking after your own workload", [A.PROFESSIONAL_BEHAVIOURS]),
        ("Reviewing the term's routines", [A.MANAGING_BEHAVIOUR]),
        ("What went well this term", [A.PROFESSIONAL_BEHAVIOURS]),
    ],
    "Introducing new knowledge": [
        ("Explaining clearly: concrete examples first", [A.CLASSROOM_PRACTICE]),
        ("Modelling with worked examples", [A.CLASSROOM_PRACTICE]),
        ("Questioning to check understanding", [A.ASSESSMENT]),
        ("Cold calling and everyone answering", [A.CLASSROOM_PRACTICE]),
        ("Sequencing a unit of work", [A.SUBJECT_AND_CURRICULUM]),
        ("Common misconceptions in your subject", [A.SUBJECT_AND_CURRICULUM]),
        ("Retrieval practice at the start of lessons", [A.HOW_PUPILS_LEARN]),
        ("Vocabulary: teaching the words of the subject", [A.SUBJECT_AND_CURRICULUM]),
        ("Scaffolds, and taking them away", [A.ADAPTIVE_TEACHING]),
        ("Feedback that moves learning on", [A.ASSESSMENT]),
        ("Reading in every subject", [A.SUBJECT_AND_CURRICULUM]),
        ("Reviewing the spring term", [A.PROFESSIONAL_BEHAVIOURS]),
    ],
    "Practice and independence": [
        ("Guided practice before independent practice", [A.CLASSROOM_PRACTICE]),
        ("Pupils with special educational needs", [A.ADAPTIVE_TEACHING]),
        ("Grouping pupils without fixing their ceiling", [A.ADAPTIVE_TEACHING]),
        ("Homework that helps", [A.HOW_PUPILS_LEARN]),
        ("Marking less, assessing more", [A.ASSESSMENT]),
        ("Talking with parents and carers", [A.PROFESSIONAL_BEHAVIOURS]),
        ("Using data about your class", [A.ASSESSMENT]),
        ("Pair and group work that stays on task", [A.CLASSROOM_PRACTICE]),
        ("Metacognition: planning, monitoring, evaluating", [A.HOW_PUPILS_LEARN]),
        ("Your development as a teacher", [A.PROFESSIONAL_BEHAVIOURS]),
        ("Looking back on year 1", [A.PROFESSIONAL_BEHAVIOURS]),
        ("Preparing for next year", [A.PROFESSIONAL_BEHAVIOURS]),
    ],
}
ECT_YEAR_2 = {
    "Increasing challenge": [
        ("Setting a new class up well", [A.MANAGING_BEHAVIOUR]),
        ("Stretch for every pupil", [A.HIGH_EXPECTATIONS]),
        ("Harder questions, more thinking", [A.CLASSROOM_PRACTICE]),
        ("Disciplinary knowledge in your subject", [A.SUBJECT_AND_CURRICULUM]),
        ("Interleaving and spacing", [A.HOW_PUPILS_LEARN]),
        ("Extended writing and talk", [A.SUBJECT_AND_CURRICULUM]),
        ("Hinge questions", [A.ASSESSMENT]),
        ("Responding to what pupils cannot yet do", [A.ADAPTIVE_TEACHING]),
        ("Persistent behaviour: working with colleagues", [A.MANAGING_BEHAVIOUR]),
        ("Pupils who find school hard", [A.ADAPTIVE_TEACHING]),
        ("Curriculum coherence across years", [A.SUBJECT_AND_CURRICULUM]),
        ("Reviewing the autumn term", [A.PROFESSIONAL_BEHAVIOURS]),
        ("Taking part in professional development", [A.PROFESSIONAL_BEHAVIOURS]),
        ("Using research in the classroom", [A.PROFESSIONAL_BEHAVIOURS]),
        ("What went well this term", [A.PROFESSIONAL_BEHAVIOURS]),
    ],
    "Reflecting and embedding": [
        ("Looking hard at your own practice", [A.PROFESSIONAL_BEHAVIOURS]),
        ("Assessment that tells you something", [A.ASSESSMENT]),
        ("Summative tests and what to do with them", [A.ASSESSMENT]),
        ("Revisiting routines that slipped", [A.MANAGING_BEHAVIOUR]),
        ("Independent learners", [A.HOW_PUPILS_LEARN]),
        ("Planning with colleagues", [A.PROFESSIONAL_BEHAVIOURS]),
        ("Adapting without lowering expectations", [A.ADAPTIVE_TEACHING]),
        ("Explaining abstract ideas", [A.CLASSROOM_PRACTICE]),
        ("Your subject beyond the classroom", [A.SUBJECT_AND_CURRICULUM]),
        ("Wellbeing and boundaries", [A.PROFESSIONAL_BEHAVIOURS]),
        ("Reviewing the spring term", [A.PROFESSIONAL_BEHAVIOURS]),
        ("Mentoring conversations from the other side", [A.PROFESSIONAL_BEHAVIOURS]),
    ],
    "Looking ahead": [
        ("Leading a small project", [A.PROFESSIONAL_BEHAVIOURS]),
        ("Transition between phases", [A.SUBJECT_AND_CURRICULUM]),
        ("End-of-year assessment", [A.ASSESSMENT]),
        ("Keeping high expectations in the summer term", [A.HIGH_EXPECTATIONS]),
        ("Sharing what works with colleagues", [A.PROFESSIONAL_BEHAVIOURS]),
        ("Reflecting on two years", [A.PROFESSIONAL_BEHAVIOURS]),
    ],
}
MENTOR_YEAR = {
    "Mentoring well": [
        ("The mentor's role in induction", [A.PROFESSIONAL_BEHAVIOURS]),
        ("A 15-minute drop-in: what to look for", [A.CLASSROOM_PRACTICE]),
        ("Feedback that agrees one action step", [A.PROFESSIONAL_BEHAVIOURS]),
        ("Modelling and rehearsing a step", [A.CLASSROOM_PRACTICE]),
        ("Choosing steps from the library", [A.PROFESSIONAL_BEHAVIOURS]),
        ("Mentoring for behaviour routines", [A.MANAGING_BEHAVIOUR]),
        ("When an ECT is struggling", [A.PROFESSIONAL_BEHAVIOURS]),
    ],
    "Deepening practice": [
        ("Subject-specific mentoring", [A.SUBJECT_AND_CURRICULUM]),
        ("Mentoring for explanation and modelling", [A.CLASSROOM_PRACTICE]),
        ("Mentoring for adaptive teaching", [A.ADAPTIVE_TEACHING]),
        ("Mentoring for assessment", [A.ASSESSMENT]),
        ("Wellbeing and workload in mentoring", [A.PROFESSIONAL_BEHAVIOURS]),
    ],
    "Looking back": [
        ("Evidence of progress without tick-boxes", [A.PROFESSIONAL_BEHAVIOURS]),
        ("Handing over to a new mentor", [A.PROFESSIONAL_BEHAVIOURS]),
        ("Your own development as a mentor", [A.PROFESSIONAL_BEHAVIOURS]),
    ],
}
LIBRARY = {
    "Behaviour": {
        "Establish routines": [
            (
                "Stand at the door and greet pupils with the first task ready",
                "Every pupil starts the task within a minute of arriving.",
                "Rehearse the greeting and the words for the first task with your mentor; use them at every lesson start this week.",
            ),
            (
                "Use a consistent signal for attention and wait for silence",
                "All pupils stop, face you and are silent before you speak.",
                "Choose your signal; practise it three times with your mentor, including what you do when one pupil carries on.",
            ),
        ],
        "Respond to low-level disruption": [
            (
                "Use the least invasive correction first",
                "Most corrections are non-verbal or a quiet word, and learning carries on.",
                "Script three corrections from least to most invasive and rehearse them.",
            ),
            (
                "Narrate the positive before correcting",
                "You name pupils who are doing the right thing, and others follow.",
                "Plan two positive narrations for the start of a lesson and try them in period 1.",
            ),
        ],
    },
    "Instruction": {
        "Explain and model clearly": [
            (
                "Use a worked example before independent practice",
                "Pupils can describe each step of the example back to you.",
                "Write one worked example for next week's lesson and talk it through with your mentor.",
            ),
            (
                "Break a complex task into smaller steps",
                "Pupils complete each step accurately before moving on.",
                "Take one task from your planning and divide it into three to five steps.",
            ),
        ],
        "Check for understanding": [
            (
                "Ask everyone to answer on mini-whiteboards",
                "You see every pupil's answer and adapt the next step of the lesson.",
                "Plan two whiteboard questions with a clear success answer for one lesson.",
            ),
            (
                "Cold call after thinking time",
                "Pupils answer without hands up, and nobody opts out.",
                "Rehearse the words: question, pause, name.",
            ),
        ],
    },
    "Curriculum and assessment": {
        "Plan for misconceptions": [
            (
                "Name the likely misconception before the lesson",
                "You address it explicitly and check that it has gone.",
                "List the two most common misconceptions in your next unit with your mentor.",
            ),
        ],
        "Give feedback that moves learning on": [
            (
                "Give whole-class feedback from a quick look at books",
                "Pupils act on the feedback in the next lesson.",
                "Read ten books, note three common errors, and plan a five-minute reteach.",
            ),
        ],
    },
    "Professional practice": {
        "Manage workload": [
            (
                "Plan the week's marking in advance",
                "Marking fits the time you set aside for it.",
                "Block two marking slots in your timetable and keep to them.",
            ),
        ],
    },
}
OBSERVED = [
    ("Year 3", "English"), ("Year 5", "Maths"), ("Year 1", "Phonics"), ("Year 7", "Science"),
    ("9B", "History"), ("Year 8", "Geography"), ("Year 10", "English"), ("Year 4", "Science"),
]  # fmt: skip
WENT_WELL = [
    "Clear start: the first task was on the board and most pupils began at once.",
    "Warm, calm manner; pupils answered questions willingly.",
    "The worked example was well chosen and pupils followed it.",
    "Good use of names when asking questions.",
]
TO_WORK_ON = [
    "Wait for full silence before giving instructions.",
    "Check understanding of everyone before moving to independent work.",
    "Keep the pace up in the middle of the lesson.",
    "Plan what to do when a pupil finishes early.",
]


def _sequence(themes: dict[str, list[tuple[str, list[A]]]]) -> list[tuple[str, str, list[str]]]:
    """39 weeks of (theme, title, area codes): each theme's topics, then short reviews to fill its term."""
    weeks: list[tuple[str, str, list[str]]] = []
    spans = [15, 12, 12]
    for (theme, topics), span in zip(themes.items(), spans, strict=True):
        for n in range(span):
            if n < len(topics):
                title, areas = topics[n]
            else:
                title, areas = f"Consolidation: {topics[n % len(topics)][0]}", topics[n % len(topics)][1]
            weeks.append((theme, title, [str(a) for a in areas]))
    return weeks


def _content(theme: str, title: str, areas: list[str]) -> str:
    labels = ", ".join(A.labels_of(areas)).lower()
    return (
        f"Part of **{theme.lower()}**. This week looks at {title[0].lower()}{title[1:]}, "
        f"in the area of {labels}.\n\n"
        "## Read\n\nA short summary of what the evidence says, with one example from a primary "
        "and one from a secondary classroom.\n\n"
        "## Try this week\n\n- Pick one lesson where this matters most.\n"
        "- Plan exactly what you will say and do.\n- Note what the pupils did differently.\n\n"
        "## Talk about it\n\nBring what you noticed to your next mentor meeting."
    )


def _modules() -> int:
    rows = []
    for kind, year, themes in (
        (ParticipantType.ECT, 1, ECT_YEAR_1),
        (ParticipantType.ECT, 2, ECT_YEAR_2),
        (ParticipantType.MENTOR, 1, MENTOR_YEAR),
    ):
        for week, (theme, title, areas) in enumerate(_sequence(themes), start=1):
            rows.append(
                Module(
                    participant_type=kind,
                    programme_year=year,
                    week=week,
                    title=title,
                    areas=areas,
                    expected_minutes=45 if kind == ParticipantType.ECT else 30,
                    content=_content(theme, title, areas),
                    resource_links="https://educationendowmentfoundation.org.uk/ Education Endowment Foundation",
                )
            )
    Module.objects.bulk_create(rows)
    return len(rows)


def _library() -> list[LibraryStep]:
    steps = []
    for strand_order, (strand_title, goals) in enumerate(LIBRARY.items()):
        strand = Strand.objects.create(title=strand_title, order=strand_order)
        for goal_order, (goal_title, items) in enumerate(goals.items()):
            goal = Goal.objects.create(strand=strand, title=goal_title, order=goal_order)
            for order, (title, success, task) in enumerate(items):
                steps.append(
                    LibraryStep(goal=goal, title=title, success_criteria=success, practice_task=task, order=order)
                )
    return LibraryStep.objects.bulk_create(steps)


def seed(ctx: DemoContext) -> None:
    modules = _modules()
    library = _library()
    rng = ctx.rng
    today = ctx.today
    this_monday = monday_of(today)
    years = sorted({ctx.current_start_year - 1, ctx.current_start_year})
    days = SchoolCalendar.load(datetime.date(years[0], 9, 1), today)
    schools = ctx.school_ids[:TRAIL_SCHOOLS]
    pairs = list(
        Mentorship.objects.filter(ended_on__isnull=True, ect__school_id__in=schools)
        .select_related("ect__cohort", "ect__user", "mentor__user")
        .order_by("pk")
    )
    demo_ect = f"ect@{DEMO_DOMAIN}"

    def school_day_in(monday: datetime.date, weekday: int) -> datetime.date | None:
        for offset in [weekday, *range(5)]:
            day = monday + datetime.timedelta(days=offset)
            if days.is_school_day(day) and day < today:
                return day
        return None

    observations: list[Observation] = []
    meetings: list[Meeting] = []
    plans: list[tuple[int, int, dict[str, object]]] = []  # (observation index, meeting index or -1, step fields)
    ects_calendar = calendar_for([pairing.ect for pairing in pairs])  # their own programme years
    struggling = {
        p.pk
        for p in Participant.objects.filter(school_id__in=schools)
        .exclude(user__email__in=[demo_ect, f"mentor@{DEMO_DOMAIN}"])
        .order_by("pk")
        if rng.random() < STRUGGLING_SHARE
    }
    for pairing in pairs:
        ect = pairing.ect
        is_demo = ect.user.email == demo_ect
        keeps_up = 0.95 if is_demo else STRUGGLES if ect.pk in struggling else KEEPS_UP
        for year in (1, 2):
            every = 1 if year == 1 else 2
            weeks = [
                w
                for w in ects_calendar.weeks(programme_year_for(ect, year))
                if w < this_monday and w + datetime.timedelta(days=7) > pairing.started_on
            ]
            for i in range(0, len(weeks), every):
                if rng.random() < keeps_up:
                    seen = school_day_in(weeks[i], 1)
                    met = school_day_in(weeks[i], 3)
                    if seen is None or met is None or seen < pairing.started_on:
                        continue
                    where, subject = OBSERVED[rng.randrange(len(OBSERVED))]
                    responded = rng.random() < 0.5
                    observations.append(
                        Observation(
                            ect=ect,
                            mentor=pairing.mentor,
                            observed_on=seen,
                            class_or_year_group=where,
                            subject=subject,
                            areas=[str(A.MANAGING_BEHAVIOUR) if year == 1 else str(A.CLASSROOM_PRACTICE)],
                            went_well=WENT_WELL[rng.randrange(len(WENT_WELL))],
                            to_work_on=TO_WORK_ON[rng.randrange(len(TO_WORK_ON))],
                            response="Thank you, I will try this next week." if responded else "",
                            responded_at=timezone.make_aware(datetime.datetime.combine(seen, datetime.time(18)))
                            if responded
                            else None,
                        )
                    )
                    meetings.append(
                        Meeting(
                            ect=ect,
                            mentor=pairing.mentor,
                            met_on=met,
                            notes="Talked through the observation and agreed one step.",
                            rehearsed="Rehearsed the step twice, with the mentor playing the class.",
                        )
                    )
                    chosen = library[rng.randrange(len(library))]
                    check_back = met + datetime.timedelta(days=7 * every)
                    recent = check_back >= today - datetime.timedelta(days=3)
                    status = (
                        ActionStep.Status.OPEN
                        if recent and rng.random() < 0.6
                        else ActionStep.Status.PRACTISED
                        if recent
                        else ActionStep.Status.CLOSED
                    )
                    plans.append(
                        (
                            len(observations) - 1,
                            len(meetings) - 1,
                            {
                                "step": chosen.title,
                                "success_looks_like": chosen.success_criteria,
                                "practice_task": chosen.practice_task,
                                "library_step": chosen,
                                "check_back_on": check_back,
                                "set_on": met,
                                "status": status,
                                "reflection": ""
                                if status == ActionStep.Status.OPEN
                                else "Tried it twice; the second time went better.",
                            },
                        )
                    )
    Observation.objects.bulk_create(observations, batch_size=2000)
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    steps = [
        ActionStep(ect=observations[o].ect, mentor=observations[o].mentor, observation=observations[o], **fields)  # type: ignore[arg-type]
        for o, _m, fields in plans
    ]
    ActionStep.objects.bulk_create(steps, batch_size=2000)
    # Each meeting reviewed the step set the time before.
    Through = Meeting.steps_reviewed.through
    reviewed = []
    last_step_by_ect: dict[int, ActionStep] = {}
    for (_o, m, _fields), step in zip(plans, steps, strict=True):
        previous = last_step_by_ect.get(step.ect_id)
        if previous is not None:
            reviewed.append(Through(meeting_id=meetings[m].pk, actionstep_id=previous.pk))
        last_step_by_ect[step.ect_id] = step
    Through.objects.bulk_create(reviewed, batch_size=2000)

    # Module completions: most released modules done, in their week or soon after.
    learners = list(
        Participant.objects.filter(school_id__in=schools, status=Participant.Status.ACTIVE).select_related("cohort")
    )
    by_key: dict[tuple[str, int, int], list[int]] = defaultdict(list)
    for pk, kind, year, week in Module.objects.values_list("pk", "participant_type", "programme_year", "week"):
        by_key[(kind, year, week)].append(pk)
    tz = timezone.get_current_timezone()
    done = []
    own_calendar = calendar_for(learners)  # each person's own programme years (January and April starters)
    for person in learners:
        for year in programme_years_of(person):
            for week, monday in enumerate(own_calendar.weeks(programme_year_for(person, year)), start=1):
                if monday >= this_monday or rng.random() > (STRUGGLES if person.pk in struggling else KEEPS_UP):
                    continue
                at = datetime.datetime.combine(
                    monday + datetime.timedelta(days=rng.randrange(0, 5)), datetime.time(19, 0), tzinfo=tz
                )
                done += [
                    ModuleCompletion(participant=person, module_id=pk, completed_at=min(at, timezone.now()))
                    for pk in by_key.get((person.participant_type, year, week), [])
                ]
    ModuleCompletion.objects.bulk_create(done, batch_size=5000)
    ctx.log(
        f"Learning: {modules} modules, {len(library)} library steps; for {len(pairs)} pairs at {len(schools)} schools "
        f"{len(observations)} observations, {len(steps)} steps, {len(meetings)} meetings; {len(done)} modules done"
    )
