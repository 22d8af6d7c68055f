"""Hub admins read every programme requirement row, who it applies to, and change its figures."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from ecfhub.lib.access import hub_admin_required
from ecfhub.lib.errors import DomainError
from ecfhub.programme import services
from ecfhub.programme.forms import RequirementForm
from ecfhub.programme.models import ProgrammeRequirement
from ecfhub.programme.queries import requirement_rows


@hub_admin_required
def requirements(request: HttpRequest) -> HttpResponse:
    return render(request, "programme/requirements.html", {"rows": requirement_rows()})


@hub_admin_required
def change_requirement(request: HttpRequest, pk: int) -> HttpResponse:
    requirement = get_object_or_404(ProgrammeRequirement.objects.select_related("cohort"), pk=pk)
    form = RequirementForm(
        request.POST or None, initial={"clinics": requirement.clinics, "conferences": requirement.conferences}
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.change_requirement(
                requirement=requirement,
                clinics=form.cleaned_data["clinics"],
                conferences=form.cleaned_data["conferences"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                f"{changed.cohort.label}, {changed.who}: {changed.clinics} clinics and {changed.conferences} "
                "conferences.",
            )
            return redirect("programme:requirements")
    return render(request, "programme/requirement_form.html", {"form": form, "requirement": requirement})
