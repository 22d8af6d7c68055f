from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

DEMO_PASSWORD = "ecfhub-demo-2026"
DEMO_DOMAIN = "demo.ecfhub.test"
DEMO_LOGINS = [
    ("Hub admin", f"admin@{DEMO_DOMAIN}", "runs the programme"),
    ("Facilitator", f"facilitator@{DEMO_DOMAIN}", "delivers sessions"),
    ("Induction tutor", f"tutor@{DEMO_DOMAIN}", "for the first school"),
    ("Mentor", f"mentor@{DEMO_DOMAIN}", "at the first school"),
    ("ECT", f"ect@{DEMO_DOMAIN}", "at the first school, mentored by the demo mentor"),
]


@dataclass
class DemoContext:
    today: datetime.date
    participants: int
    schools: int
    rng: random.Random
    log: Callable[[str], None] = print
    solver_seconds: float | None = None  # the scheduler's refinement work limit; None: the solver's default
    # Filled in by the parts as they run, for the parts after them.
    school_ids: list[int] = field(default_factory=list)
    cohort_ids: dict[int, int] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role, e-mail, note)

    @property
    def current_start_year(self) -> int:
        return self.today.year if self.today.month >= 9 else self.today.year - 1
