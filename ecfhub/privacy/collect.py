"""Finding every record held about one person, by following the models' own relations.

Walking the relations (rather than listing models by hand) means a feature added later —
attendance, observations, change requests — is included in exports and erasure the day
its model lands, as long as it points (directly or through a participant, assignment or
mentorship) at the person."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models import Q

from ecfhub.people.models import Participant, User

# Below User: Participant (1) → Assignment / Mentorship (2) → attendance, observations… (3).
MAX_DEPTH = 3
# Field names never exported: secrets, or hashes of secrets.
SECRET_FIELD = re.compile(r"password|token|secret|hash", re.IGNORECASE)
# Models that are not "about" the person even when they point at them.
SKIPPED_MODELS = {"admin.logentry", "audit.auditentry", "auth.group", "auth.permission"}


@dataclass
class Holdings:
    """What is held about one person: their own records, and records that merely mention them."""

    user: User
    # Records that belong to the person (reached through foreign keys): label → {pk: object}.
    owned: dict[str, dict[object, models.Model]] = field(default_factory=lambda: defaultdict(dict))
    # Records linked many-to-many (sessions they facilitate, schools they tutor): shown, not erased.
    linked: dict[str, dict[object, models.Model]] = field(default_factory=lambda: defaultdict(dict))
    # Records addressed to their e-mail address (the outbox).
    addressed: dict[str, dict[object, models.Model]] = field(default_factory=lambda: defaultdict(dict))

    @property
    def participations(self) -> list[Participant]:
        return list(self.owned.get(Participant._meta.label_lower, {}).values())  # type: ignore[arg-type]

    def audit_filter(self) -> Q:
        """Audit entries about the person or any of their records, or made by them."""
        query = Q(actor=self.user) | Q(target_type=User._meta.label_lower, target_id=str(self.user.pk))
        for label, objects in self.owned.items():
            query |= Q(target_type=label, target_id__in=[str(pk) for pk in objects])
        return query


def _related_model(rel: models.ForeignObjectRel) -> type[models.Model]:
    model = rel.related_model
    assert not isinstance(model, str)  # resolved once the app registry is ready
    return model


def _reverse_relations(model: type[models.Model]) -> list[models.ForeignObjectRel]:
    return [rel for rel in model._meta.related_objects if _related_model(rel)._meta.label_lower not in SKIPPED_MODELS]


def collect(user: User) -> Holdings:
    holdings = Holdings(user=user)
    frontier: list[tuple[models.Model, int]] = [(user, 0)]
    while frontier:
        obj, depth = frontier.pop()
        if depth >= MAX_DEPTH:
            continue
        for rel in _reverse_relations(obj._meta.model):
            related_model = _related_model(rel)
            label = related_model._meta.label_lower
            if rel.many_to_many:
                for item in getattr(obj, rel.get_accessor_name()).all():  # type: ignore[arg-type]
                    holdings.linked[label][item.pk] = item
                continue
            for item in related_model._base_manager.filter(**{rel.field.name: obj}):
                if item.pk not in holdings.owned[label]:
                    holdings.owned[label][item.pk] = item
                    frontier.append((item, depth + 1))
    for model in apps.get_models():
        if not model.__module__.startswith("ecfhub.") or model is User:
            continue
        email_fields = [f.name for f in model._meta.get_fields() if isinstance(f, models.EmailField)]
        if not email_fields:
            continue
        query = Q()
        for name in email_fields:
            query |= Q(**{f"{name}__iexact": user.email})
        for item in model._base_manager.filter(query):
            holdings.addressed[model._meta.label_lower][item.pk] = item
    return holdings


def public_fields(obj: models.Model) -> dict[str, object]:
    """The object's concrete fields, without secrets; foreign keys as ids."""
    data: dict[str, object] = {}
    for f in obj._meta.concrete_fields:
        if SECRET_FIELD.search(f.name):
            continue
        data[f.attname] = getattr(obj, f.attname)
    return data
