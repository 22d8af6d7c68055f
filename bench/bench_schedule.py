"""How long does the scheduler take for a hub of 10,000 participants (two cohorts, full programme)?

Seeds the demo hub without its schedule (calendar, people, events), then times
plan_schedule() for everything: both cohorts, every event, as of the first day
of the older cohort's first year, so every session from mid-October on has
enough notice. Prints the time (reading + solving + preview), how many
(person, event) pairs were placed against the upper bound (what people need,
and the most the open sessions can seat), and what the solver proved.
Target (issue 16): under 60 seconds at 100,000, placements proven optimal. With --commit, the commit (writes and one notice
e-mail each) is timed too, for information.

Usage: .venv/bin/python bench/bench_schedule.py [--participants N] [--schools N] [--commit]
(uses DATABASE_URL when set, otherwise a fresh SQLite file under var/bench/).
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import setup_django, write_result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--schools", type=int, default=400)
    parser.add_argument("--commit", action="store_true", help="Also time the commit (writes and notice e-mails).")
    parser.add_argument("--label", default="", help="appended to the result file's name")
    parser.add_argument(
        "--no-nearness", action="store_true", help="Schedule without preferring the venue nearest each school."
    )
    args = parser.parse_args()

    setup_django("schedule")

    from django.core.management import call_command

    from ecfhub.events.models import TrainingEvent
    from ecfhub.people.models import Participant
    from ecfhub.programme.models import Cohort
    from ecfhub.scheduling.services import commit_schedule, plan_schedule
    from ecfhub.terms.models import HalfTerm

    started = time.perf_counter()
    call_command(
        "seed_demo",
        today=datetime.date(2026, 11, 28),
        participants=args.participants,
        schools=args.schools,
        only="calendar,people,events",
        stdout=open(os.devnull, "w"),  # noqa: SIM115
    )
    seeded = round(time.perf_counter() - started, 1)
    print(f"seeded {Participant.objects.count()} participants in {seeded:.1f} s")

    # The older of the cohorts with a programme (the demo also keeps two older cohorts open for ECTs on
    # extended inductions, with no events of their own).
    oldest = Cohort.objects.filter(pk__in=TrainingEvent.objects.values("cohort_id")).order_by("start_year").first()
    assert oldest is not None
    as_of = HalfTerm.objects.filter(academic_year__start_year=oldest.start_year).order_by("starts_on").first().starts_on  # type: ignore[union-attr]

    stages: list[tuple[float, str]] = []
    load_before = os.getloadavg()
    started, cpu_started = time.perf_counter(), time.process_time()
    plan = plan_schedule(
        as_of=as_of,
        progress=lambda p, stage: stages.append((time.perf_counter(), stage)),
        nearness=not args.no_nearness,
    )
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    s = plan.stats
    steps = [f"{stage.lower()}: {b - a:.1f} s" for (a, stage), (b, _) in itertools.pairwise(stages)]
    print(f"as of {as_of}: first date with notice {plan.earliest_day}")
    print(f"scheduling time: {elapsed:.1f} s, {cpu:.1f} s CPU (target < 60 s at 100,000) [{'; '.join(steps)}]")
    print(f"people needing dates: {s['people_needing_dates']}, placed at least once: {s['people_placed']}")
    print(f"placed: {s['placed']} (person, event) pairs")
    print(f"upper bound: {s['wanted']} needed; {s['upper_bound']} after capping each event at its open seats")
    print(
        f"share placed: {100 * s['placed'] / max(1, s['wanted']):.2f}% of needed, {100 * s['placed'] / max(1, s['upper_bound']):.2f}% of the capped bound"
    )
    print(f"placements proven optimal: {s['placements_optimal']}")
    print(
        f"school-day excess (staff over {s['max_staff_per_school_day']}/school/day): {s['school_excess']} on "
        f"{len(plan.clashes)} school-days; proven optimal: {s['school_excess_optimal']}; even fill proven: {s['evenness_optimal']}"
    )
    travel = s.get("travel")
    if travel:
        for label, figures_of in (("with nearness", travel["with"]), ("without nearness", travel["without"])):
            if figures_of:
                print(
                    f"travel {label}: {figures_of['trips']} in-person dates, {figures_of['total_km']:,.0f} km in all, "
                    f"mean {figures_of['total_km'] / max(1, figures_of['trips']):.1f} km, longest "
                    f"{figures_of['longest_km']:.1f} km, {figures_of['over_cap']} over {travel['max_km']} km"
                )
    for block in s["blocks"]:
        print(f"  block {block}")
    for reason, count in plan.reasons:
        print(f"  not placed, {reason}: {count}")
    if elapsed >= 60:
        print("SLOWER THAN THE 60 s TARGET")
    figures: dict[str, object] = {
        "load_average_before": load_before,
        "seed_seconds": seeded,
        "schedule": {
            "seconds": round(elapsed, 1),
            "cpu_seconds": round(cpu, 1),
            "stages": steps,
            "placed": s["placed"],
            "wanted": s["wanted"],
            "upper_bound": s["upper_bound"],
            "placements_optimal": s["placements_optimal"],
            "school_excess": s["school_excess"],
            "blocks": s["blocks"],
            "not_placed": dict(plan.reasons),
            "nearness": not args.no_nearness,
            "travel": s.get("travel"),
        },
    }
    if args.commit:
        started, cpu_started = time.perf_counter(), time.process_time()
        result = commit_schedule(plan=plan, actor=None)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        print(
            f"commit: {result.created} assignments, {result.notices} notice e-mails queued in {elapsed:.1f} s"
            f" ({cpu:.1f} s CPU in this process)"
        )
        figures["commit"] = {
            "seconds": round(elapsed, 1),
            "cpu_seconds": round(cpu, 1),
            "assignments": result.created,
            "notices": result.notices,
        }
    write_result("schedule", args.participants, figures, label=args.label)


if __name__ == "__main__":
    main()
