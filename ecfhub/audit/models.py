"""An append-only record of who changed what, and when."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from ecfhub.lib import when
from ecfhub.lib.history import AppendOnly


class AuditEntry(AppendOnly):
    """One thing that happened: who, when, what, to which record. Written once, never changed."""

    history_name = "Audit entries"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True, help_text="Kept when the actor's account is erased.")
    action = models.CharField(
        max_length=60, db_index=True, help_text="A dotted code, for example participant.registered."
    )
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=40, blank=True)
    summary = models.CharField(max_length=300)
    details = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    # The accounts the entry refers to (actor, target's person, anyone its summary names), written with
    # the entry as " 12 34 " so erasure finds every entry naming someone: mentions_person() below.
    people = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{when.stamp(self.at)} {self.actor_label or 'system'}: {self.summary}"

    @staticmethod
    def people_text(ids: Any) -> str:
        ordered = sorted({int(pk) for pk in ids if pk is not None})
        return f" {' '.join(str(pk) for pk in ordered)} " if ordered else ""

    @staticmethod
    def mentions_person(user_id: int) -> models.Q:
        return models.Q(people__contains=f" {user_id} ")
