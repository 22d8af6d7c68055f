"""Registering participants and schools, pairing, and reporting status changes.

Split by subject (registration, schools, participants); every public name stays importable
from ``ecfhub.onboarding.services``."""

from ecfhub.onboarding.services.participants import change_mentor, change_status, today
from ecfhub.onboarding.services.registration import (
    Problems,
    Registration,
    RegistrationRejected,
    check_registrations,
    register_participants,
)
from ecfhub.onboarding.services.schools import add_induction_tutor, add_school

__all__ = [
    "Problems",
    "Registration",
    "RegistrationRejected",
    "add_induction_tutor",
    "add_school",
    "change_mentor",
    "change_status",
    "check_registrations",
    "register_participants",
    "today",
]
