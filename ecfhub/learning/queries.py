"""Read-only questions about learning: a participant's modules, an ECT's timeline, missed meetings,
open steps, and engagement (counts and dates, never text) for induction tutors, the hub and the
registers. Each answers in a fixed number of queries, whatever the number of records."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from ecfhub.learning.access import (
    meetings_visible_to,
    observations_visible_to,
    released_modules_q,
    steps_visible_to,
)
from ecfhub.learning.models import (
    ActionStep,
    Goal,
    LearningSettings,
    LibraryStep,
    Meeting,
    Module,
    ModuleCompletion,
    Observation,
    Strand,
)
from ecfhub.learning.weeks import (
    ReleaseCalendar,
    calendar_for,
    intake_of,
    monday_of,
    programme_year_for,
    programme_year_on,
    released_weeks,
    teaching_week_of,
)
from ecfhub.people.models import Mentorship, Participant

WEEK = datetime.timedelta(days=7)


# --- modules ---------------------------------------------------------------------------------


@dataclass
class ModuleList:
    participant: Participant
    this_week: list[Module]
    catch_up: list[Module]  # released before this week and not done
    done: list[Module]
    current_week: dict[int, int]  # programme year → teaching week released up to

    @property
    def released(self) -> int:
        return len(self.this_week) + len(self.catch_up) + len(self.done)


def modules_for(
    participant: Participant, *, today: datetime.date, calendar: ReleaseCalendar | None = None
) -> ModuleList:
    """The modules released to `participant` by `today`: this week's, those to catch up on, those done.

    "This week" is the latest released week's modules, also through a holiday (nothing new is released then)."""
    calendar = calendar or calendar_for([participant])
    weeks = released_weeks(calendar, participant, today)
    modules = list(
        Module.objects.filter(released_modules_q(calendar, participant, today)).order_by(
            "-programme_year", "-week", "title"
        )
    )
    done_ids = set(
        ModuleCompletion.objects.filter(participant=participant, module__in=[m.pk for m in modules]).values_list(
            "module_id", flat=True
        )
    )
    latest_year = max((y for y, w in weeks.items() if w), default=None)
    this_week, catch_up, done = [], [], []
    for module in modules:
        module.is_done = module.pk in done_ids  # type: ignore[attr-defined]
        if latest_year is not None and module.programme_year == latest_year and module.week == weeks[latest_year]:
            this_week.append(module)
        elif module.pk in done_ids:
            done.append(module)
        else:
            catch_up.append(module)
    return ModuleList(participant, this_week, catch_up, done, weeks)


# --- an ECT's timeline ------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineItem:
    kind: str  # "observation", "step", "meeting"
    day: datetime.date
    record: Any


def timeline_for(user: Any, ect: Participant, *, settings: LearningSettings | None = None) -> list[TimelineItem]:
    """`ect`'s observations, steps and meetings that `user` may read, newest first (four queries).

    Each kind through its access function, and a meeting's steps looked at too: a meeting the new
    mentor holds may have looked at an earlier mentor's step, whose words are not always theirs to read."""
    observations = observations_visible_to(user, ect=ect, settings=settings).select_related("mentor__user")
    steps = steps_visible_to(user, ect=ect, settings=settings).select_related("mentor__user")
    reviewed = steps_visible_to(user, ect=ect, settings=settings).only("pk", "step", "status")
    meetings = (
        meetings_visible_to(user, ect=ect, settings=settings)
        .select_related("mentor__user")
        .prefetch_related(Prefetch("steps_reviewed", queryset=reviewed))
    )
    items = [TimelineItem("observation", o.observed_on, o) for o in observations]
    items += [TimelineItem("step", s.set_on, s) for s in steps]
    items += [TimelineItem("meeting", m.met_on, m) for m in meetings]
    order = {"meeting": 0, "observation": 1, "step": 2}
    items.sort(key=lambda item: (item.day, -order[item.kind], item.record.pk), reverse=True)
    return items


def open_steps_for(user: Any, ects: Iterable[Participant]) -> list[ActionStep]:
    """Steps still open (to practise or practised, waiting for the mentor) of these ECTs that `user` may
    read, soonest check-back first."""
    return list(
        steps_visible_to(user, ects=ects)
        .filter(status__in=[ActionStep.Status.OPEN, ActionStep.Status.PRACTISED])
        .select_related("mentor__user", "ect__user")
    )


# --- cadence ---------------------------------------------------------------------------------


def missed_weeks(
    ect: Participant,
    *,
    today: datetime.date,
    settings: LearningSettings | None = None,
    calendar: ReleaseCalendar | None = None,
    held: Iterable[datetime.date] | None = None,
    paired_since: datetime.date | None = None,
) -> list[datetime.date]:
    """The Mondays that begin each stretch of teaching weeks (one week in year 1, two in year 2 by
    default: the hub's setting) that ended this programme year, since the current pairing began,
    with no meeting or observation. Holidays do not count; the current stretch is not judged yet.

    For a list of ECTs, pass what `missed_weeks_for` loads once: the calendar, the days held and
    when each current pairing began; otherwise each is read here."""
    year = programme_year_on(ect, today)  # their own: a January starter's year 1 begins in January
    if year is None:
        return []
    settings = settings or LearningSettings.load()
    every = settings.meeting_every_weeks(year)
    this_year = programme_year_for(ect, year)
    calendar = calendar or ReleaseCalendar.load([this_year])
    if paired_since is None:
        pairing = ect.current_mentorship(today)
        if pairing is None:
            return []
        paired_since = pairing.started_on
    weeks = [w for w in calendar.weeks(this_year) if w + WEEK > paired_since]
    if held is None:
        held = list(Observation.objects.filter(ect=ect).values_list("observed_on", flat=True)) + list(
            Meeting.objects.filter(ect=ect).values_list("met_on", flat=True)
        )
    held_mondays = {monday_of(day) for day in held if day >= paired_since}
    this_monday = monday_of(today)
    missed = []
    for i in range(0, len(weeks), every):
        stretch = weeks[i : i + every]
        if len(stretch) < every or stretch[-1] >= this_monday:
            break
        if not held_mondays.intersection(stretch):
            missed.append(stretch[0])
    return missed


def missed_weeks_for(
    ects: list[Participant], *, today: datetime.date, settings: LearningSettings | None = None
) -> dict[int, list[datetime.date]]:
    """ECT id → missed_weeks, for a list of ECTs in a fixed number of queries (five)."""
    if not ects:
        return {}
    settings = settings or LearningSettings.load()
    calendar = calendar_for(ects)
    ids = [e.pk for e in ects]
    since = dict(pairs_since(ids, today))
    held: dict[int, list[datetime.date]] = defaultdict(list)
    for ect_id, day in Observation.objects.filter(ect_id__in=ids).values_list("ect_id", "observed_on"):
        held[ect_id].append(day)
    for ect_id, day in Meeting.objects.filter(ect_id__in=ids).values_list("ect_id", "met_on"):
        held[ect_id].append(day)
    return {
        e.pk: missed_weeks(
            e, today=today, settings=settings, calendar=calendar, held=held[e.pk], paired_since=since[e.pk]
        )
        if e.pk in since
        else []
        for e in ects
    }


def pairs_since(ect_ids: list[int], today: datetime.date) -> list[tuple[int, datetime.date]]:
    """(ECT id, the day their current pairing began), one query."""
    return list(Mentorship.objects.current(today).filter(ect_id__in=ect_ids).values_list("ect_id", "started_on"))


# --- engagement: counts and dates, never text --------------------------------------------------


@dataclass
class WeekEngagement:
    """One participant's week: the week's module (if any) done or not, modules done that week,
    and the days of meetings and observations (never what they said)."""

    week_of: datetime.date
    teaching_week: int | None  # the week's number in the participant's programme year; None out of term
    module_due: bool = False
    module_done: bool = False
    modules_completed: int = 0
    coaching_days: list[datetime.date] = field(default_factory=list)

    @property
    def coaching_held(self) -> int:
        return len(self.coaching_days)

    @property
    def engaged(self) -> bool:
        return self.modules_completed > 0 or self.module_done or self.coaching_held > 0


def recent_weeks(today: datetime.date, count: int) -> list[datetime.date]:
    """The Mondays of the `count` calendar weeks ending with this one, oldest first."""
    this_monday = monday_of(today)
    return [this_monday - WEEK * n for n in range(count - 1, -1, -1)]


def engagement_weeks(
    participants: Iterable[Participant], *, weeks: list[datetime.date]
) -> dict[int, list[WeekEngagement]]:
    """Participant id → one WeekEngagement per Monday in `weeks`.

    For the engagement pages and the registers' engagement figure. Six queries whatever the number
    of participants (the calendar's two, modules, completions, observations, meetings); `participants`
    need their cohort loaded. Reads only ids and dates."""
    people = list(participants)
    if not people or not weeks:
        return {p.pk: [] for p in people}
    first, last = min(weeks), max(weeks) + WEEK - datetime.timedelta(days=1)
    calendar = calendar_for(people)
    ids = [p.pk for p in people]
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=tz)
    # The modules that could be due in these weeks, by (type, year, week).
    due: dict[tuple[str, int, int], list[Module]] = defaultdict(list)
    for module in Module.objects.only("pk", "participant_type", "programme_year", "week", "phase", "subject"):
        due[(module.participant_type, module.programme_year, module.week)].append(module)
    completions = list(
        ModuleCompletion.objects.filter(participant_id__in=ids).values_list(
            "participant_id", "module_id", "completed_at"
        )
    )
    done_by: dict[int, set[int]] = defaultdict(set)
    done_in_week: dict[tuple[int, datetime.date], int] = defaultdict(int)
    for pid, module_id, at in completions:
        done_by[pid].add(module_id)
        local = at.astimezone(tz).date()
        if start.date() <= local <= last:
            done_in_week[(pid, monday_of(local))] += 1
    coaching: dict[tuple[int, datetime.date], list[datetime.date]] = defaultdict(list)
    for model, day_field in ((Observation, "observed_on"), (Meeting, "met_on")):
        rows = model.objects.filter(
            Q(ect_id__in=ids) | Q(mentor_id__in=ids), **{f"{day_field}__range": (first, last)}
        ).values_list("ect_id", "mentor_id", day_field)
        for ect_id, mentor_id, day in rows:
            for pid in (ect_id, mentor_id):
                coaching[(pid, monday_of(day))].append(day)
    result: dict[int, list[WeekEngagement]] = {}
    # Which teaching week each Monday is, and which modules are due in it, depend only on the person's
    # type, cohort and intake (and their phase and subject): worked out once per such group, not once per
    # person and week (the daily progress snapshot of 10,000 people spent 80 % of its time here).
    weeks_by_programme: dict[tuple[str, int, str], list[tuple[int, int] | None]] = {}
    due_by_kind: dict[tuple[str, int, int, str, str], set[int]] = {}
    none_due: set[int] = set()
    for person in people:
        pid = person.pk
        done = done_by.get(pid, none_due)
        programme = (person.participant_type, person.cohort.start_year, intake_of(person))
        found_by_week = weeks_by_programme.get(programme)
        if found_by_week is None:
            # their own programme year's weeks
            found_by_week = [teaching_week_of(calendar, person, monday) for monday in weeks]
            weeks_by_programme[programme] = found_by_week
        rows_out = []
        for monday, found in zip(weeks, found_by_week, strict=True):
            number: int | None = None
            module_ids = none_due
            if found is not None:
                in_year, number = found
                kind = (person.participant_type, in_year, number, person.phase, person.subject)
                if kind not in due_by_kind:
                    candidates = due.get((person.participant_type, in_year, number), [])
                    due_by_kind[kind] = {m.pk for m in candidates if m.suits(person)}
                module_ids = due_by_kind[kind]
            held = coaching.get((pid, monday))
            rows_out.append(
                WeekEngagement(
                    week_of=monday,
                    teaching_week=number,
                    module_due=bool(module_ids),
                    module_done=bool(module_ids) and module_ids <= done,
                    modules_completed=done_in_week.get((pid, monday), 0),
                    coaching_days=sorted(held) if held else [],
                )
            )
        result[pid] = rows_out
    return result


def engaged_by_school(school_ids: list[int], *, week_of: datetime.date) -> dict[int, tuple[int, int]]:
    """School id → (active ECTs and mentors who engaged in the week of `week_of`, all active ones):
    a module done, or a meeting or observation held as ECT or mentor. Four queries, counted in the
    database, whatever the number of schools or people."""
    active = Participant.objects.filter(school_id__in=school_ids, status=Participant.Status.ACTIVE)
    totals = dict(active.values("school_id").annotate(n=Count("pk")).values_list("school_id", "n"))
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(week_of, datetime.time.min, tzinfo=tz)
    engaged: set[tuple[int, int]] = set(
        ModuleCompletion.objects.filter(
            participant__in=active, completed_at__gte=start, completed_at__lt=start + WEEK
        ).values_list("participant__school_id", "participant_id")
    )
    days = (week_of, week_of + WEEK - datetime.timedelta(days=1))
    for model, day_field in ((Observation, "observed_on"), (Meeting, "met_on")):
        rows = model.objects.filter(ect__school_id__in=school_ids, **{f"{day_field}__range": days}).values_list(
            "ect__school_id", "ect_id", "mentor__school_id", "mentor_id", "ect__status", "mentor__status"
        )
        for ect_school, ect_id, mentor_school, mentor_id, ect_status, mentor_status in rows:
            if ect_status == Participant.Status.ACTIVE:
                engaged.add((ect_school, ect_id))
            if mentor_status == Participant.Status.ACTIVE and mentor_school in totals:
                engaged.add((mentor_school, mentor_id))
    counts: dict[int, int] = defaultdict(int)
    for school_id, _pid in engaged:
        counts[school_id] += 1
    return {school_id: (counts.get(school_id, 0), totals.get(school_id, 0)) for school_id in school_ids}


def pairs_now(ects: Iterable[Participant], today: datetime.date) -> dict[int, Participant]:
    """ECT id → their current mentor (one query)."""
    ids = [p.pk for p in ects]
    pairs = Mentorship.objects.current(today).filter(ect_id__in=ids).select_related("mentor__user")
    return {m.ect_id: m.mentor for m in pairs}


__all__ = [
    "ModuleList",
    "TimelineItem",
    "WeekEngagement",
    "engaged_by_school",
    "engagement_weeks",
    "missed_weeks",
    "missed_weeks_for",
    "modules_for",
    "open_steps_for",
    "pairs_now",
    "recent_weeks",
    "timeline_for",
]


# --- the action-step library, for choosing a step --------------------------------------------


@dataclass
class LibraryGoal:
    goal: Goal
    steps: list[LibraryStep]


@dataclass
class LibraryStrand:
    strand: Strand
    goals: list[LibraryGoal]


def library_tree(*, search: str = "") -> list[LibraryStrand]:
    """The hub's action-step library as strand → goal → step, in the library's order (one query).
    With `search`, only the steps whose title, success criteria, practice task, goal or strand hold
    every word of it (case-insensitive); strands and goals left without a step are left out."""
    steps = LibraryStep.objects.select_related("goal__strand")
    for word in search.split()[:8]:
        steps = steps.filter(
            Q(title__icontains=word)
            | Q(success_criteria__icontains=word)
            | Q(practice_task__icontains=word)
            | Q(goal__title__icontains=word)
            | Q(goal__strand__title__icontains=word)
        )
    tree: list[LibraryStrand] = []
    for step in steps.order_by(
        "goal__strand__order", "goal__strand__title", "goal__order", "goal__title", "order", "title"
    ):
        goal, strand = step.goal, step.goal.strand
        if not tree or tree[-1].strand.pk != strand.pk:
            tree.append(LibraryStrand(strand, []))
        goals = tree[-1].goals
        if not goals or goals[-1].goal.pk != goal.pk:
            goals.append(LibraryGoal(goal, []))
        goals[-1].steps.append(step)
    return tree
