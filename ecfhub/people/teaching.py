"""What a participant teaches: their phase of education and, where it applies, their subject.

Modules can be for one phase or subject (learning.models.Module); a participant sees those that
match theirs, and the modules for everyone.

Phases follow DfE's "phase of education" (Get Information about Schools, `PhaseOfEducation`),
for the person rather than the school (an all-through school has teachers of both): GIAS's
Nursery is *early years*; Primary and Middle deemed primary are *primary*; Secondary, Middle
deemed secondary and 16 plus are *secondary*. Special schools and alternative provision, which GIAS
gives no phase ("Not applicable"), are their own.

Subjects are the secondary subject names DfE uses for teacher training (Find teacher training,
Get Into Teaching), plus Science (the combined science many secondary teachers teach), stored as the
name itself so a hub's module and a participant match exactly.
"""

from __future__ import annotations

from django.db import models


class Phase(models.TextChoices):
    EARLY_YEARS = "early-years", "Early years"
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"
    SPECIAL = "special", "Special and alternative provision"


SUBJECTS = (
    "Ancient Greek",
    "Art and design",
    "Biology",
    "Business studies",
    "Chemistry",
    "Citizenship",
    "Communication and media studies",
    "Computing",
    "Dance",
    "Design and technology",
    "Drama",
    "Economics",
    "English",
    "French",
    "Geography",
    "German",
    "Health and social care",
    "History",
    "Italian",
    "Japanese",
    "Latin",
    "Mandarin",
    "Mathematics",
    "Modern languages (other)",
    "Music",
    "Philosophy",
    "Physical education",
    "Physics",
    "Psychology",
    "Religious education",
    "Russian",
    "Science",
    "Social sciences",
    "Spanish",
)
SUBJECT_CHOICES = [(name, name) for name in SUBJECTS]
