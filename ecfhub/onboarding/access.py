"""Who may see which school's records: hub admins every school, induction tutors their own. Others get 404.

Which participants a person may see or change is decided in `ecfhub.people.access`, for every app."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from ecfhub.onboarding.models import CsvImport
from ecfhub.people.models import School, User


def can_manage_school(user: User, school_id: int) -> bool:
    return bool(user.is_authenticated and (user.is_hub_admin or user.is_induction_tutor_for(school_id)))


def get_school_for_user(user: User, school_id: int) -> School:
    if not can_manage_school(user, school_id):
        raise Http404("No such school")
    return get_object_or_404(School, pk=school_id)


def get_import_for_user(user: User, import_id: int) -> CsvImport:
    csv_import = get_object_or_404(CsvImport.objects.select_related("school"), pk=import_id)
    if not can_manage_school(user, csv_import.school_id):
        raise Http404("No such upload")
    return csv_import
