"""The hub's own settings: one row, edited by hub admins."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class HubSettings(models.Model):
    """Site-wide settings. There is exactly one row (pk=1); read it with ecfhub.hub.settings.current_hub_settings()."""

    class DateChangePolicy(models.TextChoices):
        INSTANT = "instant", "Instant: a free seat moves the person at once"
        APPROVAL = "approval", "Approval: the hub decides each request"

    name = models.CharField(max_length=120, default="ECF Hub")
    venue_address = models.TextField(blank=True, help_text="Where in-person conferences are held.")
    contact_email = models.EmailField(blank=True)
    lead_provider_name = models.CharField(max_length=120, blank=True)
    learning_platform_name = models.CharField(max_length=80, blank=True, default="the learning platform")
    learning_platform_url = models.URLField(blank=True, help_text="Shown as a button on participants' home page.")
    minimum_notice_school_days = models.PositiveSmallIntegerField(
        default=30,
        validators=[MaxValueValidator(200)],
        help_text="School days that must lie between telling someone their date and the session (half a term is about 30).",
    )
    max_staff_out_per_school_per_day = models.PositiveSmallIntegerField(
        default=2,
        validators=[MinValueValidator(1)],
        help_text="The scheduler avoids taking more staff than this from one school on one day.",
    )
    first_reminder_days = models.PositiveSmallIntegerField(default=7)
    second_reminder_days = models.PositiveSmallIntegerField(default=1)
    invitation_valid_days = models.PositiveSmallIntegerField(default=14, validators=[MinValueValidator(1)])
    date_change_policy = models.CharField(
        max_length=10,
        choices=DateChangePolicy.choices,
        default=DateChangePolicy.INSTANT,
        verbose_name="When someone asks to change a date",
        help_text="A full session always offers its waiting list, whichever you choose.",
    )
    trained_mentors_may_book = models.BooleanField(
        default=False,
        verbose_name="Mentors already trained may book sessions themselves",
        help_text="Mentor training is once in a career: a mentor already trained is never given dates. With this "
        "on, they may choose a date for any of their cohort's mentor sessions that has a seat.",
    )
    cancellation_choice_days = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        verbose_name="Days to choose a new date after a cancellation",
        help_text="People on a cancelled session who have not chosen another date by then are given one by the scheduler's rules.",
    )
    register_open_days = models.PositiveSmallIntegerField(
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        verbose_name="Days a register stays open",
        help_text="Counted from the day of the session. After that only hub admins can correct it, with a reason.",
    )
    left_early_share = models.PositiveSmallIntegerField(
        default=75,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        verbose_name="Share of an online session someone must stay for (per cent)",
        help_text="When you import a meeting's attendance report, anyone who stayed for less is marked as having left early.",
    )
    catch_up_self_study = models.BooleanField(
        default=False,
        verbose_name="Catch-up self-study for missed clinics",
        help_text="Someone who missed a clinic may choose self-study instead of another date; "
        "a facilitator of the clinic or a hub admin signs it off, and it then counts as attended.",
    )
    local_authorities = models.TextField(
        blank=True,
        verbose_name="The hub's local authorities",
        help_text="One a line, as Get Information about Schools names them (for example “Norfolk”). "
        "Importing its school list keeps the schools of these local authorities.",
    )
    max_travel_km = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        verbose_name="Furthest distance to send someone (km)",
        help_text="The scheduler sends nobody to a venue further than this from their school while a nearer "
        "session has a seat. Distances are in a straight line. Leave empty for no limit.",
    )
    retention_years = models.PositiveSmallIntegerField(
        default=6, help_text="Years after a participant leaves before their personal data is anonymised."
    )

    class Meta:
        verbose_name = "hub settings"
        verbose_name_plural = "hub settings"

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = 1
        super().save(*args, **kwargs)

    @property
    def local_authority_names(self) -> list[str]:
        """The hub's local authorities, one per non-empty line, as written."""
        return [line.strip() for line in self.local_authorities.splitlines() if line.strip()]

    @classmethod
    def load(cls) -> HubSettings:
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj
