"""Registering participants and schools, correcting details, pairing, and reporting status changes.

Split by subject (registration, schools, details, participants); every public name stays importable
from ``ecfhub.onboarding.services``."""

from ecfhub.onboarding.services.details import (
    DetailsRejected,
    correct_details,
    current_details,
    details_version,
)
from ecfhub.onboarding.services.participants import change_mentor, change_status, today
from ecfhub.onboarding.services.registration import (
    Problems,
    Registration,
    RegistrationRejected,
    check_registrations,
    register_participants,
)
from ecfhub.onboarding.services.schools import add_induction_tutor, add_school, import_school_list, store_school_list

__all__ = [
    "DetailsRejected",
    "Problems",
    "Registration",
    "RegistrationRejected",
    "add_induction_tutor",
    "add_school",
    "change_mentor",
    "change_status",
    "check_registrations",
    "correct_details",
    "current_details",
    "details_version",
    "import_school_list",
    "register_participants",
    "store_school_list",
    "today",
]
