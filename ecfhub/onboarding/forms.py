"""Forms for tutors, hub admins and people setting up their account. Messages are written for teachers."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from ecfhub.lib import when
from ecfhub.lib.forms import DateField, EditVersionMixin, GovukForm
from ecfhub.onboarding.invitations import account_is_set_up
from ecfhub.onboarding.services import Registration, current_details, details_version
from ecfhub.people import schedules
from ecfhub.people.models import WORKING_DAYS, Participant, ParticipantType, School, trn_validator, urn_validator
from ecfhub.people.schedules import Intake, ScheduleKind
from ecfhub.people.teaching import SUBJECT_CHOICES, Phase

EMAIL_ERRORS = {
    "required": "Enter their e-mail address.",
    "invalid": "Enter an e-mail address in the right format, like name@school.org.uk.",
}
EARLIEST_START = datetime.date(2020, 9, 1)


TRN_PLACEHOLDER_MESSAGE = (
    "This looks like a placeholder, not a real TRN. Enter their own 7-digit TRN: "
    "it is on their payslip or teacher's certificate, or they can find it through DfE's “Find a lost TRN”."
)


def clean_trn_value(value: str) -> str:
    """TRNs are often copied with spaces or a leading "RP12/"-style prefix missing; we take digits only as typed.
    Seven digits that no teacher holds (one digit repeated: 0000000, 1111111) are refused too."""
    trn = "".join(value.split())
    trn_validator(trn)
    if len(set(trn)) == 1:
        raise ValidationError(TRN_PLACEHOLDER_MESSAGE, code="placeholder_trn")
    return trn


class RegistrationForm(GovukForm):
    """One participant. The CSV upload checks each row with this same form (a file has no phase or
    subject column: those are set here or later on *Correct details*)."""

    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter their full name."}
    )
    email = forms.EmailField(label="E-mail address", max_length=254, error_messages=EMAIL_ERRORS)
    trn = forms.CharField(
        label="Teacher reference number (TRN)",
        help_text="7 digits, for example 1234567.",
        max_length=20,
        error_messages={"required": "Enter their TRN."},
    )
    induction_start_date = DateField(
        label="Start date",
        help_text="For an ECT, the day their induction starts; for a mentor, the day their mentor training starts. "
        "The cohort follows from this date.",
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"],
        error_messages={
            "required": "Enter the date they start.",
            "invalid": "Enter the start date as a real date, for example 3 9 2025 (in a file: 03/09/2025).",
        },
    )
    participant_type = forms.ChoiceField(
        label="They are",
        choices=ParticipantType.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose ECT or mentor.",
            "invalid_choice": "Choose ECT or mentor.",
        },
    )

    unavailable_weekdays = forms.TypedMultipleChoiceField(
        coerce=int,
        choices=list(enumerate(WORKING_DAYS)),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Days they do not work (optional)",
        help_text="For part-time staff. They are never given a training date on these days.",
        error_messages={"invalid_choice": "Choose days from Monday to Friday."},
    )

    phase = forms.ChoiceField(
        label="Phase they teach (optional)",
        choices=[("", "Not recorded"), *Phase.choices],
        required=False,
        help_text="They see the modules for their phase as well as those for everyone.",
        error_messages={"invalid_choice": "Choose a phase from the list."},
    )
    subject = forms.ChoiceField(
        label="Subject they mainly teach (optional)",
        choices=[("", "Not recorded, or no one subject"), *SUBJECT_CHOICES],
        required=False,
        help_text="Usually for secondary teachers. They see the modules for their subject as well as those for everyone.",
        error_messages={"invalid_choice": "Choose a subject from the list."},
    )

    mentor_email = forms.EmailField(
        label="Their mentor's e-mail address (optional)",
        help_text="For an ECT: a mentor at this school who is already registered. You can also choose one later.",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter the mentor's e-mail address in the right format, like name@school.org.uk."},
    )

    def __init__(self, *args: Any, with_mentor: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_mentor:
            # Only the CSV names a mentor; the form registers one person and pairs on its own page.
            del self.fields["mentor_email"]

    def clean_mentor_email(self) -> str:
        return str(self.cleaned_data.get("mentor_email") or "").lower()

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_unavailable_weekdays(self) -> list[int]:
        days = sorted(set(self.cleaned_data["unavailable_weekdays"]))
        if len(days) == len(WORKING_DAYS):
            raise ValidationError("They must work at least one day a week to take part. Untick a day.")
        return days

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def clean_trn(self) -> str:
        return clean_trn_value(self.cleaned_data["trn"])

    def clean_induction_start_date(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["induction_start_date"]
        latest = timezone.localdate() + datetime.timedelta(days=366)
        if day < EARLIEST_START:
            raise ValidationError("The start date must be in September 2020 or later.")
        if day > latest:
            raise ValidationError("The start date must be within the next 12 months.")
        return day

    def check_row(self, data: dict[str, Any]) -> bool:
        """Bind this form to another CSV row and check it; True when the row is valid.

        The CSV check binds one form to each row in turn: building a form deep-copies every field,
        which was over half of a row's time (a 5,000-row file took more than 10 s). Validating
        changes no field, and binding again clears the errors and cleaned data of the last row."""
        self.data = data
        self.is_bound = True
        self._errors = None  # type: ignore[assignment]  # Django's "not cleaned yet", as in __init__
        return self.is_valid()

    def registration(self) -> Registration:
        data = dict(self.cleaned_data)
        data["unavailable_weekdays"] = tuple(data.get("unavailable_weekdays") or ())
        return Registration(**data)


class DetailsForm(EditVersionMixin, RegistrationForm):
    """Correcting a registered participant's details, checked as at registration. ECT or mentor stays."""

    def __init__(self, *args: Any, participant: Participant, **kwargs: Any) -> None:
        kwargs.setdefault("initial", current_details(participant))
        super().__init__(*args, **kwargs)
        del self.fields["participant_type"]
        self.fields["unavailable_weekdays"].label = "Days they do not work"
        start = self.fields["induction_start_date"]
        start.label = "Induction start date" if participant.is_ect else "Mentor training start date"
        start.help_text = (
            "The cohort follows from this date. It cannot move them to another cohort once they have training dates."
        )
        if account_is_set_up(participant.user):
            email = self.fields["email"]
            email.disabled = True
            email.help_text = (
                "They have set up their account and sign in with this address, so only the hub can change it."
            )
        else:
            self.fields[
                "email"
            ].help_text = "Changing it sends a new set-up link to the new address; the old link stops working."

    def initial_from(self, record: Any) -> dict[str, Any]:
        return current_details(record)

    def version_from(self, record: Any) -> str:
        return details_version(record)

    def details(self) -> dict[str, Any]:
        names = ("full_name", "email", "trn", "induction_start_date", "unavailable_weekdays", "phase", "subject")
        return {name: self.cleaned_data[name] for name in names}


def too_large_message(size: int) -> str:
    limit = settings.ECFHUB_MAX_UPLOAD_BYTES
    return (
        f"The file is {size / 1024 / 1024:.0f} MB. Upload a file of {limit // 1024 // 1024} MB or less "
        "(a school's registrations fit in far less; check you chose the right file)."
    )


class CsvUploadForm(GovukForm):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="Save your spreadsheet as CSV (comma-separated values). Up to 10 MB.",
        error_messages={"required": "Choose a CSV file to upload.", "empty": "The file is empty."},
    )

    def __init__(self, *args: Any, refused_size: int | None = None, **kwargs: Any) -> None:
        """`refused_size`: the upload was stopped while arriving because it passed the limit (its size, roughly)."""
        super().__init__(*args, **kwargs)
        self.refused_size = refused_size
        if refused_size is not None:
            self.fields["file"].required = False  # there is no file; clean_file says why

    def clean_file(self) -> Any:
        if self.refused_size is not None:
            raise ValidationError(too_large_message(self.refused_size))
        upload = self.cleaned_data["file"]
        if upload.size > settings.ECFHUB_MAX_UPLOAD_BYTES:
            raise ValidationError(too_large_message(upload.size))
        name = (upload.name or "").lower()
        if name.endswith((".xlsx", ".xls", ".ods", ".numbers")):
            raise ValidationError(
                "The file is a spreadsheet, not a CSV. In your spreadsheet program, save it as CSV first."
            )
        if not name.endswith((".csv", ".txt", ".tsv")):
            raise ValidationError("The file must be a CSV file (ending .csv).")
        return upload


class PairingForm(GovukForm):
    mentor = forms.ModelChoiceField(
        label="Mentor",
        queryset=Participant.objects.none(),
        empty_label="Choose a mentor",
        error_messages={"required": "Choose a mentor.", "invalid_choice": "Choose one of the school's mentors."},
    )
    starts_on = DateField(
        label="Mentoring starts on",
        error_messages={"required": "Enter the date they start mentoring.", "invalid": "Enter a real date."},
    )

    def __init__(self, *args: Any, ect: Participant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.ModelChoiceField = self.fields["mentor"]  # type: ignore[assignment]
        field.queryset = Participant.objects.filter(
            school_id=ect.school_id, participant_type=ParticipantType.MENTOR, status=Participant.Status.ACTIVE
        ).select_related("user")
        field.label_from_instance = lambda p: p.user.full_name  # type: ignore[method-assign,assignment]
        # A first mentor mentors from the start of induction; a new mentor in place of one, from today.
        first = ect.current_mentorship() is None and not ect.mentorships_as_ect.exists()
        self.fields["starts_on"].initial = ect.induction_start_date if first else timezone.localdate()
        self.ect = ect

    def clean_starts_on(self) -> datetime.date:
        starts_on: datetime.date = self.cleaned_data["starts_on"]
        # Mentoring starts with induction at the earliest (a term's grace for paperwork done early),
        # and not more than a year ahead: six years before induction is a typing slip.
        earliest = self.ect.induction_start_date - datetime.timedelta(days=92)
        latest = timezone.localdate() + datetime.timedelta(days=366)
        if starts_on < earliest:
            started = self.ect.induction_start_date
            raise ValidationError(
                f"Mentoring cannot start long before their induction, which starts on {when.plain_date(started)}. "
                f"Enter a date from {when.plain_date(earliest)}."
            )
        if starts_on > latest:
            raise ValidationError(f"Enter a date within the next year (before {when.plain_date(latest)}).")
        return starts_on

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        mentor = data.get("mentor")
        current = self.ect.current_mentorship() if mentor is not None else None
        if mentor is not None and current is not None and current.mentor_id == mentor.pk:
            self.add_error(
                "mentor", f"{mentor.user.full_name} already mentors {self.ect.user.full_name}: nothing to change."
            )
        return data


class StatusForm(GovukForm):
    """Report a withdrawal or a deferral; the reason codes are DfE's."""

    on = DateField(
        label="From which date?",
        help_text="Their training dates from this day on are released.",
        error_messages={"required": "Enter the date.", "invalid": "Enter a real date."},
    )
    reason = forms.ChoiceField(
        label="Reason", widget=forms.RadioSelect, error_messages={"required": "Choose a reason."}
    )

    def __init__(self, *args: Any, status: str, participant: Participant | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.participant = participant
        reasons = Participant.WithdrawalReason if status == Participant.Status.WITHDRAWN else Participant.DeferralReason
        self.fields["reason"].choices = reasons.choices  # type: ignore[attr-defined]
        self.fields["on"].initial = timezone.localdate()

    def clean_on(self) -> datetime.date:
        on: datetime.date = self.cleaned_data["on"]
        latest = timezone.localdate() + datetime.timedelta(days=366)
        if self.participant is not None and on < self.participant.induction_start_date:
            started = self.participant.induction_start_date
            raise ValidationError(f"The date must be on or after their induction started ({when.plain_date(started)}).")
        if on > latest:
            raise ValidationError(f"The date must be within the next year (before {when.plain_date(latest)}).")
        if on.year < 2000:
            raise ValidationError("Enter a date from this programme, for example 1 April 2026.")
        return on


class SchoolForm(GovukForm):
    urn = forms.CharField(
        label="URN",
        help_text="The school's 6-digit Unique Reference Number.",
        max_length=6,
        validators=[urn_validator],
        error_messages={"required": "Enter the school's URN."},
    )
    name = forms.CharField(
        label="School name",
        max_length=200,
        required=False,
        help_text="Leave empty for a school in the hub's list from GIAS: we use its name there.",
    )
    town = forms.CharField(label="Town", max_length=100, required=False)
    tutor_name = forms.CharField(
        label="Induction tutor's full name",
        max_length=150,
        error_messages={"required": "Enter the induction tutor's name."},
    )
    tutor_email = forms.EmailField(label="Induction tutor's e-mail address", error_messages=EMAIL_ERRORS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The schools imported from GIAS that are not in the programme yet, offered as the URN is typed.
        self.listed = list(
            School.objects.filter(closed=False, induction_tutors__isnull=True, participants__isnull=True)
            .exclude(local_authority="")
            .order_by("name")
            .values_list("urn", "name", "town")[:5000]
        )
        self.fields["urn"].widget.attrs.update(
            {"list": "gias-schools", "inputmode": "numeric", "class": "govuk-input govuk-input--width-10"}
        )

    def clean_urn(self) -> str:
        urn = self.cleaned_data["urn"].strip()
        school = School.objects.filter(urn=urn).first()
        if school is not None and school.closed:
            raise ValidationError(f"{school.name} is closed in Get Information about Schools.")
        if school is not None and not school.only_listed():
            raise ValidationError("A school with this URN is already in the programme.")
        return urn

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        urn = data.get("urn")
        if urn and not data.get("name", "").strip() and not School.objects.filter(urn=urn).exists():
            self.add_error("name", "Enter the school's name. This URN is not in the hub's list from GIAS.")
        return data


class TutorForm(GovukForm):
    """A hub admin adds another induction tutor to an existing school."""

    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter the induction tutor's full name."}
    )
    email = forms.EmailField(label="E-mail address", max_length=254, error_messages=EMAIL_ERRORS)

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.school = school

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        if self.school.induction_tutors.filter(email__iexact=email).exists():
            raise ValidationError(f"This e-mail address already belongs to an induction tutor for {self.school.name}.")
        return email


class SetUpAccountForm(GovukForm):
    full_name = forms.CharField(
        label="Your full name",
        help_text="As it should appear on your records. Correct it if we have it wrong.",
        max_length=150,
        error_messages={"required": "Enter your full name."},
    )
    password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters. Avoid common passwords and anything that is only numbers.",
        error_messages={"required": "Choose a password."},
    )
    password2 = forms.CharField(
        label="Type the password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Type the password again."},
    )
    accept_privacy = forms.BooleanField(
        label="I have read the privacy notice",
        error_messages={"required": "Confirm you have read the privacy notice."},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["full_name"].initial = user.full_name

    def clean_password2(self) -> str:
        first, second = self.cleaned_data.get("password1"), self.cleaned_data["password2"]
        if first and first != second:
            raise ValidationError("The two passwords are different. Type the same password twice.")
        return str(second)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password1")
        if password:
            self.user.full_name = data.get("full_name") or self.user.full_name
            try:
                validate_password(password, self.user)
            except ValidationError as error:
                self.add_error("password1", error)
        return data


class NewLinkForm(GovukForm):
    email = forms.EmailField(
        label="Your e-mail address",
        max_length=254,
        error_messages={
            "required": "Enter your e-mail address.",
            "invalid": "Enter an e-mail address in the right format, like name@school.org.uk.",
        },
    )


class RouteForm(GovukForm):
    """A participant's DfE schedule (kind and intake) and, for a mentor, their mentor training status."""

    schedule_kind = forms.ChoiceField(
        label="Schedule",
        widget=forms.RadioSelect,
        choices=ScheduleKind.choices,
        help_text="Standard for a two-year induction; reduced or extended when DfE agreed a shorter or longer one.",
        error_messages={"required": "Choose their schedule."},
    )
    intake = forms.ChoiceField(
        label="Intake",
        widget=forms.RadioSelect,
        choices=Intake.choices,
        help_text="From their start date: 1 June to 31 October is September, November to February is January, "
        "March to May is April.",
        error_messages={"required": "Choose their intake."},
    )
    mentor_training = forms.ChoiceField(
        label="Mentor training",
        widget=forms.RadioSelect,
        choices=Participant.MentorTraining.choices,
        help_text="Mentor training is done once in a career: a mentor already trained is given no dates.",
        error_messages={"required": "Choose where they stand with mentor training."},
    )

    def __init__(self, *args: Any, participant: Participant, **kwargs: Any) -> None:
        if participant.schedule_identifier in schedules.SCHEDULE_IDENTIFIERS:
            kind, intake = schedules.parts(participant.schedule_identifier)
        else:
            kind, intake = ScheduleKind.STANDARD.value, schedules.intake_for(participant.induction_start_date).value
        kwargs.setdefault(
            "initial", {"schedule_kind": kind, "intake": intake, "mentor_training": participant.mentor_training}
        )
        super().__init__(*args, **kwargs)
        if not participant.is_mentor:
            del self.fields["mentor_training"]
            self.fields["schedule_kind"].choices = [c for c in ScheduleKind.choices if c[0] != ScheduleKind.REPLACEMENT]  # type: ignore[attr-defined]

    def route(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            "schedule_identifier": schedules.identifier(data["schedule_kind"], data["intake"]),
            "mentor_training": data.get("mentor_training", ""),
        }
