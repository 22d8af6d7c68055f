"""Which records are a person's, and which of their words: the one table the export and erasure both read.

Every model that points at a person is declared in RECORDS: whom each record is *about* (its
subject: an ECT's observation is about the ECT), who *wrote* which of its fields (the mentor wrote
the observation's notes, the ECT their response), and which actor's name it keeps as text (a place
change's `actor_label`). Following foreign keys blindly is what let a former mentor's export carry
the next mentor's step and notes (a step "set again" points at the old one): here only the declared
paths to the person count.

- A record they are the subject of is theirs whole: exported whole, and every free-text field of it
  (whoever wrote it: text about them identifies them) is emptied when they are anonymised.
- A record about someone else that they wrote part of gives them only those fields: the export
  shows those (and the record's dates and codes), erasure empties only those. Erasing a former
  mentor never touches the next mentor's text, nor the ECT's own.

`tests/test_collect.py` fails when a model pointing at an account or a participant, or any text field
of one, is not declared here, so a model added later cannot escape the export or the erasure. Copies
held by content rather than by a link (the outbox, the audit log, uploaded files' rows, the task
queue's results, sessions, sign-in logs) are privacy/stores.py's."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models import Q

from ecfhub.people.models import Participant, User

# Field names never exported: secrets, or hashes of secrets.
SECRET_FIELDS = ("password", "token_hash")


@dataclass(frozen=True)
class Parts:
    """How one kind of record relates to people. Paths are ORM lookups from the record to an account."""

    # Whom the record is about.
    subject: tuple[str, ...]
    # Free text in the record (about its subject, whoever wrote it): emptied when the subject is anonymised.
    text: tuple[str, ...] = ()
    # Path to an author → the fields of `text` that author wrote (theirs alone when the record is not about them).
    wrote: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Path to an actor → the field keeping that actor's name as text ("Max Mentor <max@…>").
    named: dict[str, str] = field(default_factory=dict)
    # Paths to accounts that acted on the record but wrote none of its text (who marked, who decided).
    actors: tuple[str, ...] = ()
    # The other text fields: codes, choices, ids — nothing a person wrote or that identifies them.
    plain: tuple[str, ...] = ()


RECORDS: dict[str, Parts] = {
    # The participation itself: its TRN becomes a placeholder and its weekdays are emptied (services.py);
    # the lead provider's participant_id stays (evidence already sent is kept under it).
    "people.participant": Parts(
        subject=("user",),
        plain=(
            "participant_type",
            "trn",
            "status",
            "status_reason",
            "schedule_identifier",
            "provider_participant_id",
            "mentor_training",
            "phase",
            "subject",
            "unavailable_weekdays",
        ),
    ),
    "people.trainingstatuschange": Parts(
        subject=("participant__user",),
        actors=("recorded_by",),
        plain=("from_status", "to_status", "reason", "source"),
    ),
    "people.mentorship": Parts(subject=("ect__user", "mentor__user")),
    "scheduling.assignment": Parts(
        subject=("participant__user",),
        text=("notice_waiver_reason",),
        actors=("created_by",),
        plain=("status", "source"),
    ),
    "scheduling.placechange": Parts(
        subject=("participant__user",),
        text=("reason",),
        named={"actor": "actor_label"},
        plain=("kind", "source"),
    ),
    "scheduling.changerequest": Parts(
        subject=("participant__user",),
        text=("details", "message", "closed_reason"),
        # Asked by the person or by their tutor on their behalf; answered by a hub admin.
        wrote={"asked_by": ("details",), "decided_by": ("message",)},
        plain=("reason", "status"),
    ),
    "scheduling.waitinglistentry": Parts(subject=("participant__user",), plain=("outcome",)),
    "attendance.attendancerecord": Parts(subject=("participant__user",), actors=("marked_by",), plain=("mark",)),
    "attendance.attendancechange": Parts(
        subject=("record__participant__user",),
        text=("reason",),
        named={"actor": "actor_label"},
        plain=("from_mark", "to_mark", "source"),
    ),
    "attendance.catchupstudy": Parts(
        subject=("participant__user",), actors=("chosen_by",), named={"signed_off_by": "signed_off_label"}
    ),
    # What the evidence file carried: the row stays (the provider was paid on it) under the provider's
    # participant_id; the name and TRN it was sent with are emptied (attendance/evidence.py).
    "attendance.sentdeclaration": Parts(
        subject=("participant__user",),
        text=("full_name", "teacher_reference_number"),
        actors=("recorded_by",),
        plain=("declaration_type", "evidence_held", "evidence_sessions", "state", "provider_participant_id"),
    ),
    "learning.modulecompletion": Parts(subject=("participant__user",)),
    "learning.observation": Parts(
        subject=("ect__user",),
        text=("class_or_year_group", "subject", "went_well", "to_work_on", "response"),
        wrote={
            "mentor__user": ("class_or_year_group", "subject", "went_well", "to_work_on"),
            "ect__user": ("response",),
        },
        plain=("areas",),
    ),
    "learning.meeting": Parts(
        subject=("ect__user",),
        text=("notes", "rehearsed"),
        wrote={"mentor__user": ("notes", "rehearsed")},
    ),
    "learning.actionstep": Parts(
        subject=("ect__user",),
        text=("step", "success_looks_like", "practice_task", "reflection"),
        # A step set again by the next mentor is a new row pointing at this one (`previous`): it is
        # that mentor's, never reached from this one.
        wrote={"mentor__user": ("step", "success_looks_like", "practice_task"), "ect__user": ("reflection",)},
        actors=("closed_by",),
        plain=("status",),
    ),
    "learning.digestchoice": Parts(subject=("user",)),
    "hubcalendar.calendarfeedtoken": Parts(subject=("user",)),
    "notifications.outboundmessage": Parts(
        subject=("user",),
        text=("subject", "body_text", "body_html", "attachments", "last_error"),
        plain=("to", "kind", "link_ref", "status", "dedupe_key", "task_id", "waiting_reason"),
    ),
    # An e-mail waiting for changes to stop (notifications/pace.py): ids and flags, no words.
    "notifications.heldmessage": Parts(subject=("user",), plain=("kind", "about", "told", "context")),
    "onboarding.invitation": Parts(subject=("user",), text=("reason",), actors=("created_by",)),
}

# Models that point at accounts only as the staff who made them (never a participant's record), or
# hold nothing about a person; what is said here is checked by tests/test_collect.py.
NOT_ABOUT_PARTICIPANTS: dict[str, str] = {
    "content.page": "the hub's pages, edited by hub admins",
    "events.session": "sessions; facilitators are staff (anonymising refuses staff)",
    "scheduling.schedulerun": "scheduler runs by hub admins; results hold ids and counts (also scanned: stores.py)",
    "attendance.progresssnapshot": "daily counts, no people",
    "onboarding.schoollistimport": "GIAS school lists uploaded by hub admins: schools, no people",
    "api.apitoken": "lead providers' API tokens, made by hub admins (staff; anonymising refuses staff)",
}

# Copies held by content (an address, a TRN, a name inside text), not by a link: stores.py walks them.
COPIES = (
    "audit.auditentry",
    "admin.logentry",
    "leadprovider.providerfile",
    "onboarding.csvimport",
    "django_tasks_database.dbtaskresult",
    "sessions.session",
    "axes.accessattempt",
    "axes.accessfailurelog",
    "axes.accesslog",
)


@dataclass
class Holdings:
    """What is held about one person: records about them, and their words in records about others."""

    user: User
    # Records about the person: label → {pk: object}.
    owned: dict[str, dict[object, models.Model]] = field(default_factory=lambda: defaultdict(dict))
    # Records about someone else that they wrote part of: label → {pk: (object, the fields they wrote)}.
    written: dict[str, dict[object, tuple[models.Model, tuple[str, ...]]]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    # Records naming them as the actor in a text field: label → {pk: (object, that field)}.
    named: dict[str, dict[object, tuple[models.Model, str]]] = field(default_factory=lambda: defaultdict(dict))
    # Records linked to their account many-to-many (sessions they facilitate, schools they tutor): shown, not erased.
    linked: dict[str, dict[object, models.Model]] = field(default_factory=lambda: defaultdict(dict))
    # Messages addressed to their e-mail address, whether or not linked to the account.
    addressed: dict[str, dict[object, models.Model]] = field(default_factory=lambda: defaultdict(dict))

    @property
    def participations(self) -> list[Participant]:
        return list(self.owned.get(Participant._meta.label_lower, {}).values())  # type: ignore[arg-type]

    def audit_filter(self) -> Q:
        """Audit entries about the person or any record about them, or made by them."""
        query = Q(actor=self.user) | Q(target_type=User._meta.label_lower, target_id=str(self.user.pk))
        for label, objects in self.owned.items():
            query |= Q(target_type=label, target_id__in=[str(pk) for pk in objects])
        return query


def parts_of(label: str) -> Parts:
    return RECORDS[label]


def _reached(model: type[models.Model], paths: tuple[str, ...] | list[str], user: User) -> models.QuerySet:
    query = Q()
    for path in paths:
        query |= Q(**{path: user})
    return model._base_manager.filter(query).order_by("pk")


def collect(user: User) -> Holdings:
    """Everything RECORDS says is the person's: a few queries per declared model, whatever the size of the hub."""
    holdings = Holdings(user=user)
    for label, parts in RECORDS.items():
        model = apps.get_model(label)
        for item in _reached(model, parts.subject, user):
            holdings.owned[label][item.pk] = item
        for path, fields in parts.wrote.items():
            for item in _reached(model, [path], user):
                if item.pk not in holdings.owned[label]:
                    previous = holdings.written[label].get(item.pk, (item, ()))[1]
                    holdings.written[label][item.pk] = (item, tuple(dict.fromkeys(previous + fields)))
        for path, name_field in parts.named.items():
            for item in _reached(model, [path], user):
                holdings.named[label][item.pk] = (item, name_field)
    for rel in User._meta.related_objects:
        if rel.many_to_many:
            related = rel.related_model
            assert not isinstance(related, str)
            for item in getattr(user, rel.get_accessor_name() or "").all():
                holdings.linked[related._meta.label_lower][item.pk] = item
    for model in apps.get_models():
        if not model.__module__.startswith("ecfhub.") or model is User:
            continue
        email_fields = [f.name for f in model._meta.get_fields() if isinstance(f, models.EmailField)]
        query = Q()
        for name in email_fields:
            query |= Q(**{f"{name}__iexact": user.email})
        if email_fields:
            for item in model._base_manager.filter(query).order_by("pk"):
                holdings.addressed[model._meta.label_lower][item.pk] = item
    return holdings


def public_fields(obj: models.Model, only: tuple[str, ...] | None = None) -> dict[str, object]:
    """The object's concrete fields, without secrets; foreign keys as ids. With `only` (the fields a person
    wrote in someone else's record), the record's other free text is left out: it is not theirs."""
    others: set[str] = set()
    if only is not None:
        others = set(RECORDS[obj._meta.label_lower].text) - set(only)
    data: dict[str, object] = {}
    for f in obj._meta.concrete_fields:
        if f.name in SECRET_FIELDS or f.name in others:
            continue
        data[f.attname] = getattr(obj, f.attname)
    return data
