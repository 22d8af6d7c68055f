"""What needs a hub admin's attention now, for the top of "Manage the programme" and their "My programme";
and what needs doing at an induction tutor's schools, for theirs.

Each item is a count with a link to the page where it is dealt with; only non-zero items are shown.
A fixed number of queries (twelve), whatever the size of the hub: the people the scheduler could not
place as its latest runs recorded them, and missed sessions by the same rule as everyone's progress
(`attendance.queries.missed_without_catch_up`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, QuerySet
from django.urls import reverse

from ecfhub.attendance.progress import Status
from ecfhub.attendance.queries import missed_without_catch_up, progress_for
from ecfhub.events.models import Session, TrainingEvent
from ecfhub.events.queries import required_q
from ecfhub.leadprovider.models import ProviderFile
from ecfhub.notifications.models import OutboundMessage
from ecfhub.people.models import Mentorship, Participant, ParticipantType, School
from ecfhub.scheduling.models import Assignment, ChangeRequest, ScheduleRun

# An invitation unanswered for this long is worth a nudge (it expires after the hub's validity).
INVITATION_NUDGE = datetime.timedelta(days=7)
FACILITATOR_HORIZON = datetime.timedelta(days=21)
# Enough of the newest confirmed runs to find the latest for each cohort (four run at once).
RUNS_READ = 50


@dataclass(frozen=True)
class AttentionItem:
    count: int
    text: str  # follows the count: "dates still to give …"
    link_text: str
    url: str


def attention_items(*, now: datetime.datetime) -> list[AttentionItem]:
    """The hub's open loose ends, most pressing first, each with where to deal with it."""
    items = [
        *_date_changes(),
        _not_placed(),
        _missed(now),
        _provider_files(),
        _dates_to_give(now),
        _failed_messages(),
        _sessions_without_facilitator(now),
        _ects_without_mentor(),
        _accounts_not_set_up(now),
    ]
    return [item for item in items if item.count]


def _dates_to_give(now: datetime.datetime) -> AttentionItem:
    # Only events that still have a session ahead: an event whose dates are all over cannot be given.
    open_events = TrainingEvent.objects.filter(
        required_q(), sessions__status=Session.Status.SCHEDULED, sessions__starts_at__gt=now
    ).distinct()
    events = {
        (row["cohort_id"], row["audience"]): row["n"]
        for row in TrainingEvent.objects.filter(pk__in=open_events)
        .values("cohort_id", "audience")
        .annotate(n=Count("id"))
    }
    people = (
        Participant.objects.filter(status=Participant.Status.ACTIVE)
        .values("cohort_id", "participant_type")
        .annotate(n=Count("id"))
    )
    wanted = sum(row["n"] * events.get((row["cohort_id"], row["participant_type"]), 0) for row in people)
    given = Assignment.objects.filter(
        status=Assignment.Status.ASSIGNED,
        participant__status=Participant.Status.ACTIVE,
        event__in=open_events,
        event__cohort_id=F("participant__cohort_id"),
        event__audience=F("participant__participant_type"),
    ).count()
    return AttentionItem(
        max(wanted - given, 0),
        _say(wanted - given, "date", "dates")
        + " still to give for events with sessions ahead (new registrations, cancellations, people back from a break)",
        "Run the scheduler",
        reverse("scheduling:index"),
    )


def _not_placed() -> AttentionItem:
    """The people the scheduler's latest confirmed runs could not place, from what each run recorded
    (one query on a few rows, whatever the size of the hub): the newest run for each cohort, or one
    newer for every cohort at once. Runs limited to some events or dates are left out."""
    rows = (
        ScheduleRun.objects.filter(status=ScheduleRun.Status.COMMITTED)
        .order_by("-committed_at", "-pk")
        .values("pk", "cohort_id", "event_ids", "until", "result__stats__people_unplaced")[:RUNS_READ]
    )
    counted: dict[int | None, tuple[int, int]] = {}
    for row in rows:
        if row["event_ids"] or row["until"] or row["cohort_id"] in counted:
            continue
        if row["cohort_id"] is None and counted:
            break  # older than the cohorts' own runs already counted
        counted[row["cohort_id"]] = (row["pk"], int(row["result__stats__people_unplaced"] or 0))
        if row["cohort_id"] is None:
            break  # a run for every cohort: nothing older counts
    people = sum(n for _, n in counted.values())
    runs_with_people = [pk for pk, n in counted.values() if n]
    url = (
        reverse("scheduling:run", args=[runs_with_people[0]]) + "#unplaced"
        if len(runs_with_people) == 1
        else reverse("scheduling:index")
    )
    return AttentionItem(
        people,
        _say(people, "person", "people") + " could not be placed by the scheduler's latest runs",
        "See who and why",
        url,
    )


def _missed(now: datetime.datetime) -> AttentionItem:
    count = missed_without_catch_up(Participant.objects.filter(status=Participant.Status.ACTIVE), now=now)
    return AttentionItem(
        count,
        _say(count, "missed session has", "missed sessions have") + " no catch-up yet",
        "See who missed what",
        reverse("attendance:hub") + "#missed",
    )


def _provider_files() -> AttentionItem:
    # A file waits from its upload until the hub confirms its decisions; one with no differences has none to make.
    waiting = [
        (pk, len(differences))
        for pk, differences in ProviderFile.objects.filter(status=ProviderFile.Status.CHECKED).values_list(
            "pk", "differences"
        )
        if differences
    ]
    count = sum(n for _, n in waiting)
    url = reverse("leadprovider:review", args=[waiting[0][0]]) if len(waiting) == 1 else reverse("leadprovider:upload")
    return AttentionItem(
        count,
        _say(count, "difference", "differences")
        + " between the lead provider's file and our records "
        + _say(count, "waits", "wait")
        + " for your decision",
        "Review the provider's file" if len(waiting) == 1 else "Review the provider's files",
        url,
    )


def _date_changes() -> list[AttentionItem]:
    # Requests waiting for the hub's decision, and people queued for a full session; one query.
    counts = {
        row["status"]: row["n"]
        for row in ChangeRequest.objects.filter(status__in=[ChangeRequest.Status.PENDING, ChangeRequest.Status.WAITING])
        .values("status")
        .annotate(n=Count("id"))
    }
    pending, waiting = counts.get(ChangeRequest.Status.PENDING, 0), counts.get(ChangeRequest.Status.WAITING, 0)
    url = reverse("dates:hub")
    return [
        AttentionItem(
            pending,
            _say(pending, "request", "requests")
            + " to change a date "
            + _say(pending, "waits", "wait")
            + " for your decision",
            "Decide on date changes",
            url,
        ),
        AttentionItem(
            waiting,
            _say(waiting, "person is", "people are") + " on a waiting list for a full session",
            "See the waiting lists",
            url,
        ),
    ]


def _failed_messages() -> AttentionItem:
    failed = OutboundMessage.objects.filter(status=OutboundMessage.Status.FAILED).count()
    return AttentionItem(
        failed,
        _say(failed, "e-mail", "e-mails") + " could not be sent",
        "See them in the outbox",
        reverse("notifications:outbox") + "?status=failed",
    )


def _sessions_without_facilitator(now: datetime.datetime) -> AttentionItem:
    count = Session.objects.filter(
        status=Session.Status.SCHEDULED,
        starts_at__gt=now,
        starts_at__lte=now + FACILITATOR_HORIZON,
        facilitators__isnull=True,
    ).count()
    return AttentionItem(
        count,
        _say(count, "session", "sessions")
        + f" in the next {FACILITATOR_HORIZON.days} days "
        + _say(count, "has", "have")
        + " no facilitator",
        "See the training events",
        reverse("events:admin_list"),
    )


def _ects_without_mentor() -> AttentionItem:
    paired = Mentorship.objects.filter(ended_on__isnull=True).values("ect_id")
    count = (
        Participant.objects.filter(participant_type=ParticipantType.ECT, status=Participant.Status.ACTIVE)
        .exclude(pk__in=paired)
        .count()
    )
    return AttentionItem(
        count,
        _say(count, "ECT has", "ECTs have") + " no mentor (their induction tutor pairs them)",
        "See the schools",
        reverse("onboarding:admin_schools"),
    )


def _accounts_not_set_up(now: datetime.datetime) -> AttentionItem:
    # Django marks a password that was never set with a leading "!" (an unusable password).
    count = (
        Participant.objects.filter(
            status=Participant.Status.ACTIVE,
            user__password__startswith="!",
            created_at__lt=now - INVITATION_NUDGE,
        )
        .values("user_id")
        .distinct()
        .count()
    )
    return AttentionItem(
        count,
        _say(count, "person", "people")
        + f" registered over {INVITATION_NUDGE.days} days ago "
        + _say(count, "has", "have")
        + " not set up their account",
        "See the schools",
        reverse("onboarding:admin_schools"),
    )


@dataclass(frozen=True)
class SchoolAttention:
    school: School
    items: list[AttentionItem]


def school_attention(schools: list[School], *, now: datetime.datetime) -> list[SchoolAttention]:
    """What needs doing at each of an induction tutor's schools, for the top of their "My programme":
    absences without a catch-up, people behind or at risk, ECTs without a mentor, accounts not set up.
    A fixed number of queries whatever the number of schools and people (progress is computed once
    for all of them)."""
    if not schools:
        return []
    ids = [school.pk for school in schools]
    active = Participant.objects.filter(school_id__in=ids, status=Participant.Status.ACTIVE)
    progress = progress_for(active, now=now)
    missed: dict[int, int] = dict.fromkeys(ids, 0)
    behind: dict[int, int] = dict.fromkeys(ids, 0)
    for person in progress.values():
        school_id = person.participant.school_id
        missed[school_id] += len(person.missed)
        behind[school_id] += person.status in (Status.BEHIND, Status.AT_RISK)
    paired = Mentorship.objects.filter(ended_on__isnull=True).values("ect_id")
    unpaired = _count_by_school(active.filter(participant_type=ParticipantType.ECT).exclude(pk__in=paired))
    not_set_up = _count_by_school(
        active.filter(user__password__startswith="!", created_at__lt=now - INVITATION_NUDGE), distinct_users=True
    )
    result = []
    for school in schools:
        progress_url = reverse("attendance:school", args=[school.pk])
        school_url = reverse("onboarding:school", args=[school.pk])
        items = [
            AttentionItem(
                missed[school.pk],
                _say(missed[school.pk], "missed session has", "missed sessions have") + " no catch-up yet",
                "Choose catch-ups",
                progress_url,
            ),
            AttentionItem(
                behind[school.pk],
                _say(behind[school.pk], "person is", "people are") + " behind or at risk",
                "See attendance and progress",
                progress_url,
            ),
            AttentionItem(
                unpaired.get(school.pk, 0),
                _say(unpaired.get(school.pk, 0), "ECT has", "ECTs have") + " no mentor",
                "Pair them",
                school_url,
            ),
            AttentionItem(
                not_set_up.get(school.pk, 0),
                _say(not_set_up.get(school.pk, 0), "person", "people")
                + f" registered over {INVITATION_NUDGE.days} days ago "
                + _say(not_set_up.get(school.pk, 0), "has", "have")
                + " not set up their account",
                "Send a new link",
                school_url,
            ),
        ]
        result.append(SchoolAttention(school, [item for item in items if item.count]))
    return result


def _count_by_school(participants: QuerySet[Participant], *, distinct_users: bool = False) -> dict[int, int]:
    counted = Count("user_id", distinct=True) if distinct_users else Count("id")
    return {row["school_id"]: row["n"] for row in participants.values("school_id").annotate(n=counted)}


def _say(count: int, one: str, many: str) -> str:
    return one if count == 1 else many
