"""The hub's term calendar: academic years, their six half terms, and closure days."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from ecfhub.lib import when


class AcademicYear(models.Model):
    start_year = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["start_year"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"


class HalfTerm(models.Model):
    class Number(models.IntegerChoices):
        AUTUMN_1 = 1, "Autumn 1"
        AUTUMN_2 = 2, "Autumn 2"
        SPRING_1 = 3, "Spring 1"
        SPRING_2 = 4, "Spring 2"
        SUMMER_1 = 5, "Summer 1"
        SUMMER_2 = 6, "Summer 2"

    academic_year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="half_terms")
    number = models.PositiveSmallIntegerField(choices=Number.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["academic_year", "number"], name="halfterm_unique_number"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="halfterm_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_number_display()} {self.academic_year.label}"

    @property
    def name(self) -> str:
        return self.get_number_display()

    def clean(self) -> None:
        if self.starts_on and self.ends_on:
            if self.ends_on < self.starts_on:
                raise ValidationError({"ends_on": "A half term must end on or after the day it starts."})
            overlapping = HalfTerm.objects.filter(starts_on__lte=self.ends_on, ends_on__gte=self.starts_on).exclude(
                pk=self.pk
            )
            if overlapping.exists():
                raise ValidationError(f"These dates overlap {overlapping.first()}.")


class ClosureDay(models.Model):
    """A weekday inside a half term on which the hub's schools are closed (for example a training day)."""

    date = models.DateField(unique=True)
    reason = models.CharField(max_length=200, default="Staff training day")

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{when.short_day(self.date)}: {self.reason}"
