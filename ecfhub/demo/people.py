"""Schools, cohorts, participants, mentorships, induction tutors, facilitators and a hub admin.

Built with bulk inserts so that 100,000 participants load in well under two
minutes; every account shares one password hash (hashing is deliberately slow,
and demo accounts need no secrecy)."""

from __future__ import annotations

import datetime
import random
import re
from collections import defaultdict

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from ecfhub.demo.context import DEMO_DOMAIN, DEMO_PASSWORD, DemoContext
from ecfhub.people.models import Mentorship, Participant, ParticipantType, School, TrainingStatusChange, User
from ecfhub.people.schedules import schedule_for
from ecfhub.programme.services import get_or_create_cohort

FIRST_NAMES = [
    "Aisha",
    "Alfie",
    "Amara",
    "Amelia",
    "Arjun",
    "Ava",
    "Bethany",
    "Caleb",
    "Chloe",
    "Daniel",
    "Dylan",
    "Ella",
    "Emily",
    "Ethan",
    "Evie",
    "Faith",
    "Finley",
    "Freya",
    "George",
    "Grace",
    "Hannah",
    "Harry",
    "Isla",
    "Isaac",
    "Jack",
    "Jacob",
    "Jasmine",
    "Joshua",
    "Kai",
    "Katie",
    "Leo",
    "Lily",
    "Lucas",
    "Maya",
    "Megan",
    "Mohammed",
    "Noah",
    "Nia",
    "Olivia",
    "Oscar",
    "Priya",
    "Rachel",
    "Reuben",
    "Rosie",
    "Ryan",
    "Sam",
    "Sophie",
    "Thomas",
    "Tom",
    "Zara",
    "Zainab",
    "Yusuf",
    "Wiktoria",
    "Oliwia",
    "Tobias",
    "Mei",
    "Kofi",
    "Niamh",
    "Rhys",
    "Imogen",
]
SURNAMES = [
    "Adams",
    "Ahmed",
    "Baker",
    "Barker",
    "Bennett",
    "Brown",
    "Campbell",
    "Carter",
    "Chapman",
    "Clarke",
    "Cole",
    "Cooper",
    "Davies",
    "Dawson",
    "Edwards",
    "Ellis",
    "Evans",
    "Fisher",
    "Fletcher",
    "Foster",
    "Gray",
    "Green",
    "Hall",
    "Harris",
    "Hughes",
    "Hussain",
    "Jackson",
    "James",
    "Johnson",
    "Jones",
    "Kaur",
    "Kelly",
    "Khan",
    "King",
    "Knight",
    "Lee",
    "Lewis",
    "Marshall",
    "Martin",
    "Mason",
    "Mills",
    "Moore",
    "Morgan",
    "Murphy",
    "Nowak",
    "Okafor",
    "Owen",
    "Palmer",
    "Parker",
    "Patel",
    "Phillips",
    "Price",
    "Reid",
    "Richards",
    "Roberts",
    "Robinson",
    "Russell",
    "Scott",
    "Shaw",
    "Singh",
    "Smith",
    "Spencer",
    "Taylor",
    "Thomas",
    "Thompson",
    "Turner",
    "Walker",
    "Ward",
    "Watson",
    "White",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
    "Young",
]
TOWNS = [
    "Norwich",
    "Norwich",
    "Norwich",
    "Norwich",
    "Dereham",
    "Wymondham",
    "Aylsham",
    "Thetford",
    "Great-Yarmouth",
    "Lowestoft",
    "Attleborough",
    "Diss",
    "Swaffham",
    "Fakenham",
    "North-Walsham",
    "Cromer",
    "Watton",
    "Hingham",
    "Acle",
    "Loddon",
    "Beccles",
    "Holt",
    "Reepham",
    "Sprowston",
    "Costessey",
    "Taverham",
    "Hethersett",
    "Long-Stratton",
    "Harleston",
    "Brundall",
]
# Each town's centre on the British National Grid (easting, northing in metres; Ordnance Survey, rounded to
# 100 m), and its local authority: the demo's schools sit within a couple of kilometres of these.
TOWN_GRID: dict[str, tuple[int, int]] = {
    "Norwich": (623_000, 308_500),
    "Dereham": (599_000, 313_000),
    "Wymondham": (610_800, 301_600),
    "Aylsham": (619_300, 326_900),
    "Thetford": (587_000, 283_000),
    "Great Yarmouth": (652_300, 307_800),
    "Lowestoft": (654_600, 293_300),
    "Attleborough": (604_800, 295_400),
    "Diss": (611_600, 279_900),
    "Swaffham": (581_800, 309_100),
    "Fakenham": (592_000, 329_800),
    "North Walsham": (628_200, 330_300),
    "Cromer": (621_900, 342_200),
    "Watton": (591_400, 301_000),
    "Hingham": (602_200, 302_200),
    "Acle": (640_100, 310_300),
    "Loddon": (636_200, 298_800),
    "Beccles": (642_200, 290_500),
    "Holt": (608_100, 338_900),
    "Reepham": (610_100, 322_900),
    "Sprowston": (625_400, 311_600),
    "Costessey": (617_500, 311_000),
    "Taverham": (616_200, 313_900),
    "Hethersett": (615_800, 304_800),
    "Long Stratton": (619_800, 292_500),
    "Harleston": (624_400, 283_200),
    "Brundall": (632_700, 308_300),
}
SUFFOLK = {"Lowestoft", "Beccles"}
KINDS = ("Primary School", "Academy", "High School", "Junior School", "Infant School", "CE Primary Academy")


def _school_place(index: int, town: str) -> dict[str, object]:
    """A school's GIAS fields for the demo: its town's grid reference moved up to ~2 km (fixed by
    `index`, not the demo's random numbers, so the rest of the demo stays as it was), its authority."""
    east, north = TOWN_GRID[town]
    return {
        "easting": east + (index * 733) % 4001 - 2000,
        "northing": north + (index * 1291) % 4001 - 2000,
        "local_authority": "Suffolk" if town in SUFFOLK else "Norfolk",
        "phase": "Secondary" if KINDS[index % len(KINDS)] == "High School" else "Primary",
        "gias_status": "Open",
    }


def _school_name(ctx: DemoContext, index: int) -> tuple[str, str]:
    town = TOWNS[index % len(TOWNS)].replace("-", " ")
    flavour = [
        "St Mary's",
        "Riverside",
        "Oak Tree",
        "Hillside",
        "Parkway",
        "Meadow",
        "Kingfisher",
        "Heron",
        "Broadland",
        "Willow",
        "Cathedral",
        "Victoria",
        "Greenfield",
        "Beacon",
        "Orchard",
    ]
    name = f"{town} {flavour[(index // len(TOWNS) + index) % len(flavour)]} {KINDS[index % len(KINDS)]}"
    return name, town


class NameBook:
    """Hands out each full name once, so a reviewer can tell people (and their roles) apart.

    Staff ask for a name by position (`take`); participants draw from the unused pairs in a
    shuffled order (`draw`). Once every first name and surname pair is used, a middle initial
    (then a number) makes more."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()
        self.pool: list[str] = []
        self.round = 0

    def take(self, first_index: int, last_index: int) -> str:
        first = FIRST_NAMES[first_index % len(FIRST_NAMES)]
        for step in range(len(SURNAMES)):
            name = f"{first} {SURNAMES[(last_index + step) % len(SURNAMES)]}"
            if name not in self.used:
                self.used.add(name)
                return name
        return self.draw()

    def draw(self) -> str:
        while True:
            if not self.pool:
                self._refill()
            name = self.pool.pop()
            if name not in self.used:
                self.used.add(name)
                return name

    def _refill(self) -> None:
        middle = "" if self.round == 0 else f" {chr(ord('A') + (self.round - 1) % 26)}."
        suffix = "" if self.round <= 26 else f" {self.round // 27 + 1}"
        self.pool = [f"{first}{middle} {last}{suffix}" for first in FIRST_NAMES for last in SURNAMES]
        self.rng.shuffle(self.pool)
        self.round += 1


def _email_name(full_name: str) -> str:
    return re.sub(r"[^a-z0-9]+", ".", full_name.lower()).strip(".")


def seed(ctx: DemoContext) -> None:
    password = make_password(DEMO_PASSWORD)
    now = timezone.now()
    rng = ctx.rng

    schools = School.objects.bulk_create(
        School(
            urn=f"{120000 + index * 7 + 1:06d}",
            name=_school_name(ctx, index)[0],
            town=_school_name(ctx, index)[1],
            **_school_place(index, _school_name(ctx, index)[1]),  # type: ignore[arg-type]
        )
        for index in range(ctx.schools)
    )
    schools = list(School.objects.order_by("urn"))
    ctx.school_ids = [s.pk for s in schools]

    cohorts = [get_or_create_cohort(start_year=year) for year in (ctx.current_start_year - 1, ctx.current_start_year)]
    ctx.cohort_ids = {c.start_year: c.pk for c in cohorts}
    # DfE keeps four cohorts open since 2025: the two before these still have ECTs on extended inductions.
    # They are a few people only, with no events of their own in the demo (their programme years are past).
    cohorts += [
        get_or_create_cohort(start_year=year) for year in (ctx.current_start_year - 3, ctx.current_start_year - 2)
    ]

    # 60% ECTs, 40% mentors, the two cohorts about equal; each school gets its share.
    total = ctx.participants
    n_mentors = max(len(schools), round(total * 0.4)) if total >= len(schools) else total // 2
    n_ects = total - n_mentors

    users: list[User] = []
    rows: list[tuple[str, int, int]] = []  # (type, school index, cohort index)

    # Staff are named first (by position, as before), then participants from what is left.
    names = NameBook(rng)
    admin_name = "Helen Marsh"  # neither name is in the lists the others are drawn from
    names.used.add(admin_name)
    facilitator_names = [names.take(n * 7, n * 11) for n in range(6)]
    tutor_names = [names.take(index * 5, index * 3) for index in range(len(schools))]

    def person(index: int, kind: str) -> User:
        full_name = names.draw()
        return User(
            email=f"{_email_name(full_name)}.{kind}{index}@{DEMO_DOMAIN}",
            full_name=full_name,
            password=password,
            date_joined=now,
            last_login=None,
            privacy_notice_accepted_at=now,
        )

    for index in range(n_mentors):
        # Every school has at least one mentor; the rest are spread at random.
        school_index = index if index < len(schools) else rng.randrange(len(schools))
        rows.append((ParticipantType.MENTOR, school_index, index % 2))
        users.append(person(index, "m"))
    for index in range(n_ects):
        # One ECT in 25 is still finishing an extended induction in one of the two older open cohorts.
        cohort_index = 2 + (index // 25) % 2 if index % 25 == 24 else index % 2
        rows.append((ParticipantType.ECT, rng.randrange(len(schools)), cohort_index))
        users.append(person(index, "e"))

    # The demo logins: the first mentor and the first ECT at the first school.
    first_mentor = 0
    first_ect = n_mentors
    users[first_mentor].email = f"mentor@{DEMO_DOMAIN}"
    rows[first_mentor] = (ParticipantType.MENTOR, 0, 1)
    if n_ects:
        users[first_ect].email = f"ect@{DEMO_DOMAIN}"
        rows[first_ect] = (ParticipantType.ECT, 0, 1)

    staff = [
        User(email=f"admin@{DEMO_DOMAIN}", full_name=admin_name, password=password, is_hub_admin=True, is_staff=True),
    ] + [
        User(
            email=f"facilitator{n or ''}@{DEMO_DOMAIN}",
            full_name=facilitator_names[n],
            password=password,
            is_facilitator=True,
        )
        for n in range(6)
    ]
    User.objects.bulk_create(users + staff, batch_size=5000)
    user_ids = dict(User.objects.filter(email__in=[u.email for u in users]).values_list("email", "id"))

    participants = []
    for index, ((kind, school_index, cohort_index), user) in enumerate(zip(rows, users, strict=True)):
        cohort = cohorts[cohort_index]
        start = datetime.date(cohort.start_year, 9, 1) + datetime.timedelta(days=rng.randrange(0, 10))
        part_time = rng.random() < 0.1
        # Since 2025 ECTs also start in January and April; mentor training is once in a career, so some
        # mentors have done it already. The demo logins stay September starters in training.
        intake_draw, trained_draw = rng.random(), rng.random()
        is_login = index in (first_mentor, first_ect)
        extended = cohort_index >= 2
        if kind == ParticipantType.ECT and not is_login and not extended and intake_draw < 0.12:
            start = (
                datetime.date(cohort.start_year + 1, 1, 6)
                if intake_draw < 0.08
                else datetime.date(cohort.start_year + 1, 4, 15)
            )
        training = ""
        if kind == ParticipantType.MENTOR:
            trained = not is_login and trained_draw < 0.12
            training = Participant.MentorTraining.TRAINED if trained else Participant.MentorTraining.IN_TRAINING
        participants.append(
            Participant(
                user_id=user_ids[user.email],
                school_id=schools[school_index].pk,
                cohort_id=cohort.pk,
                participant_type=kind,
                trn=f"{1000000 + index * 13 + (7 if kind == ParticipantType.ECT else 3):07d}"[-7:],
                induction_start_date=start,
                unavailable_weekdays=sorted(rng.sample(range(5), rng.choice([1, 2]))) if part_time else [],
                # bulk_create does not call save(), which fills these for one participant at a time.
                schedule_identifier=schedule_for(start, "extended" if extended else "standard"),
                mentor_training=training,
            )
        )
    Participant.objects.bulk_create(participants, batch_size=5000)

    # Two ECTs on a break (a deferral, with its history), who resume later in the year.
    deferred = list(
        Participant.objects.filter(participant_type=ParticipantType.ECT)
        .exclude(user__email=f"ect@{DEMO_DOMAIN}")
        .order_by("id")
        .values_list("id", flat=True)[1:3]
    )
    reasons = [Participant.DeferralReason.PARENTAL_LEAVE, Participant.DeferralReason.LONG_TERM_SICKNESS]
    for pid, reason in zip(deferred, reasons, strict=False):
        on = ctx.today - datetime.timedelta(days=20)
        Participant.objects.filter(pk=pid).update(status="deferred", status_reason=reason, status_changed_on=on)
        TrainingStatusChange.objects.create(
            participant_id=pid, from_status="active", to_status="deferred", reason=reason, on=on, source="school"
        )

    # Pair each ECT with a mentor at the same school, spreading ECTs across mentors.
    mentors_by_school: dict[int, list[int]] = defaultdict(list)
    for pid, school_id in (
        Participant.objects.filter(participant_type=ParticipantType.MENTOR)
        .values_list("id", "school_id")
        .order_by("id")
    ):
        mentors_by_school[school_id].append(pid)
    pairs = []
    load: dict[int, int] = defaultdict(int)
    ect_rows = (
        Participant.objects.filter(participant_type=ParticipantType.ECT)
        .values_list("id", "school_id", "induction_start_date")
        .order_by("id")
    )
    for ect_id, school_id, start in ect_rows:
        options = mentors_by_school.get(school_id)
        if not options:
            continue
        mentor_id = min(options, key=lambda m: (load[m], m))
        load[mentor_id] += 1
        pairs.append(Mentorship(ect_id=ect_id, mentor_id=mentor_id, started_on=start))
    Mentorship.objects.bulk_create(pairs, batch_size=5000)

    # One induction tutor per school; at every fifth school a mentor is the tutor too.
    tutors = []
    tutor_links = []
    Link = School.induction_tutors.through
    for index, school in enumerate(schools):
        if index % 5 == 4 and mentors_by_school.get(school.pk):
            mentor_user_id = Participant.objects.values_list("user_id", flat=True).get(
                pk=mentors_by_school[school.pk][0]
            )
            tutor_links.append(Link(school_id=school.pk, user_id=mentor_user_id))
            continue
        email = f"tutor@{DEMO_DOMAIN}" if index == 0 else f"tutor.{school.urn}@{DEMO_DOMAIN}"
        tutors.append(User(email=email, full_name=tutor_names[index], password=password))
        tutor_links.append(Link(school_id=school.pk, user_id=None))
    User.objects.bulk_create(tutors, batch_size=5000)
    tutor_ids_by_email = dict(User.objects.filter(email__in=[t.email for t in tutors]).values_list("email", "id"))
    tutor_iter = iter(tutors)
    for link in tutor_links:
        if link.user_id is None:
            link.user_id = tutor_ids_by_email[next(tutor_iter).email]
    Link.objects.bulk_create(tutor_links, batch_size=5000)

    ctx.logins += [
        ("Hub admin", f"admin@{DEMO_DOMAIN}", "runs the programme"),
        ("Facilitator", f"facilitator@{DEMO_DOMAIN}", "delivers sessions"),
        ("Induction tutor", f"tutor@{DEMO_DOMAIN}", f"for {schools[0].name}"),
        ("Mentor", f"mentor@{DEMO_DOMAIN}", f"at {schools[0].name}"),
    ]
    if n_ects:
        ctx.logins.append(("ECT", f"ect@{DEMO_DOMAIN}", f"at {schools[0].name}, mentored by the demo mentor"))
    ctx.log(
        f"People: {len(schools)} schools, {n_ects} ECTs, {n_mentors} mentors, {len(pairs)} mentorships, {len(staff)} hub staff"
    )
    ctx.log(
        "Intakes and training: "
        f"{Participant.objects.filter(schedule_identifier='ecf-standard-january').count()} January and "
        f"{Participant.objects.filter(schedule_identifier='ecf-standard-april').count()} April starters, "
        f"{Participant.objects.filter(mentor_training='trained').count()} mentors already trained, "
        f"{len(deferred)} ECTs deferred, "
        f"{Participant.objects.filter(cohort__start_year__lt=ctx.current_start_year - 1).count()} ECTs on extended "
        f"inductions in the {ctx.current_start_year - 3} and {ctx.current_start_year - 2} cohorts"
    )
