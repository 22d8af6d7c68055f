"""The Early Career Framework's areas: what events, modules, observations and action steps are about.

They live with the programme (not with any one feature) so that every feature
that tags its records by area uses the same codes and labels."""

from __future__ import annotations

from django.db import models


class EcfArea(models.TextChoices):
    HIGH_EXPECTATIONS = "high-expectations", "High expectations"
    HOW_PUPILS_LEARN = "how-pupils-learn", "How pupils learn"
    SUBJECT_AND_CURRICULUM = "subject-and-curriculum", "Subject and curriculum"
    CLASSROOM_PRACTICE = "classroom-practice", "Classroom practice"
    ADAPTIVE_TEACHING = "adaptive-teaching", "Adaptive teaching"
    ASSESSMENT = "assessment", "Assessment"
    MANAGING_BEHAVIOUR = "managing-behaviour", "Managing behaviour"
    PROFESSIONAL_BEHAVIOURS = "professional-behaviours", "Professional behaviours"

    @classmethod
    def labels_of(cls, codes: list[str]) -> list[str]:
        """The labels of the known codes among `codes`, in their order (an unknown code is skipped)."""
        return [cls(code).label for code in codes if code in cls.values]
