"""Pages of the learning side: modules, coaching between a mentor and an ECT, engagement, the library.

Thin views: authorise through access.py (participants via people/access.py), call one service,
redirect with a message or render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone

from ecfhub.learning import access, queries, services
from ecfhub.learning.forms import (
    DigestForm,
    LearningSettingsForm,
    LibraryStepForm,
    MeetingForm,
    ModuleForm,
    ObservationForm,
    PractisedForm,
    ResponseForm,
    SetAgainForm,
    StepForm,
)
from ecfhub.learning.models import (
    ActionStep,
    DigestChoice,
    LearningSettings,
    LibraryStep,
    Meeting,
    Module,
    Observation,
    Strand,
)
from ecfhub.learning.weeks import calendar_for, monday_of
from ecfhub.lib.access import hub_admin_required, role_required
from ecfhub.lib.concurrency import version_of
from ecfhub.lib.errors import DomainError
from ecfhub.lib.http import AuthenticatedRequest
from ecfhub.lib.params import get_id
from ecfhub.lib.text import one_line
from ecfhub.onboarding.access import get_school_for_user
from ecfhub.people.models import Participant, Role, School

ENGAGEMENT_WEEKS = 6
TIMELINE_SHOWN = 30  # the latest records; the rest one link away, so a phone is not sent two years at once

participant_required = role_required(Role.ECT, Role.MENTOR)


# --- participants ----------------------------------------------------------------------------


@participant_required
def index(request: AuthenticatedRequest) -> HttpResponse:
    """Learning: this week's modules, the ECT's open steps, the mentor's ECTs and missed weeks."""
    today = timezone.localdate()
    learners = access.learners_of(request.user)
    calendar = calendar_for(learners)
    listings = [queries.modules_for(p, today=today, calendar=calendar) for p in learners]
    own_ects = [p for p in learners if p.is_ect]
    mentees = list(access.mentees_of(request.user, today).select_related("user", "cohort").order_by("user__full_name"))
    former = list(access.former_mentees_of(request.user, today).select_related("user").order_by("user__full_name"))
    settings = LearningSettings.load()
    steps = queries.open_steps_for(request.user, own_ects + mentees)
    missed = queries.missed_weeks_for(own_ects + mentees, today=today, settings=settings)
    for ect in mentees:
        ect.open_steps = [s for s in steps if s.ect_id == ect.pk]  # type: ignore[attr-defined]
        ect.overdue = len([s for s in ect.open_steps if s.is_overdue(today)])  # type: ignore[attr-defined]
    for ect in own_ects + mentees:
        ect.missed = missed[ect.pk]  # type: ignore[attr-defined]
    return render(
        request,
        "learning/index.html",
        {
            "listings": listings,
            "own_ects": own_ects,
            "own_steps": [s for s in steps if any(s.ect_id == p.pk for p in own_ects)],
            "mentees": mentees,
            "former_mentees": former,
            "today": today,
        },
    )


@participant_required
def modules(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    learners = access.learners_of(request.user)
    calendar = calendar_for(learners)
    listings = [queries.modules_for(p, today=today, calendar=calendar) for p in learners]
    return render(request, "learning/modules.html", {"listings": listings})


@login_required
def module(request: AuthenticatedRequest, module_id: int) -> HttpResponse:
    """One module: open to participants it is released to, and to hub admins (to check it)."""
    found, participant = access.get_module_for(request.user, module_id)
    if request.method == "POST":
        if participant is None:
            raise Http404("Only participants mark modules done")
        services.mark_module_done(participant=participant, module=found, actor=request.user)
        messages.success(request, f"“{found.title}” marked done.")
        return redirect("learning:modules")
    done = participant is not None and found.completions.filter(participant=participant).exists()
    return render(request, "learning/module.html", {"module": found, "participant": participant, "done": done})


@role_required(Role.ECT, Role.MENTOR, Role.HUB_ADMIN)
def ect_timeline(request: AuthenticatedRequest, participant_id: int) -> HttpResponse:
    """One ECT's coaching, newest first: observations, steps and meetings mixed."""
    ect = access.get_coached_ect_for(request.user, participant_id)
    today = timezone.localdate()
    settings = LearningSettings.load()
    is_mentor = access.is_current_mentor(request.user, ect)
    is_pair = is_mentor or ect.user_id == request.user.pk
    # Neither the ECT, their mentor now nor the hub: a former mentor, reading what they wrote.
    is_former_mentor = not is_pair and not request.user.is_hub_admin
    items = queries.timeline_for(request.user, ect, settings=settings)
    return render(
        request,
        "learning/timeline.html",
        {
            "ect": ect,
            "items": items if request.GET.get("all") else items[:TIMELINE_SHOWN],
            "hidden": 0 if request.GET.get("all") else max(0, len(items) - TIMELINE_SHOWN),
            "is_mentor": is_mentor,
            "is_former_mentor": is_former_mentor,
            "missed": queries.missed_weeks(ect, today=today, settings=settings) if is_pair else [],
            "today": today,
        },
    )


@role_required(Role.MENTOR)
def observation_new(request: AuthenticatedRequest, participant_id: int) -> HttpResponse:
    ect, mentor = access.get_mentee_for(request.user, participant_id)
    form = ObservationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            observation = services.record_observation(
                ect=ect, mentor=mentor, values=form.cleaned_data, actor=request.user
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Observation saved. Now set an action step from it.")
            return redirect(f"{_url('learning:step_new', ect.pk)}?observation={observation.pk}")
    return render(request, "learning/observation_form.html", {"form": form, "ect": ect})


@role_required(Role.MENTOR)
def meeting_new(request: AuthenticatedRequest, participant_id: int) -> HttpResponse:
    ect, mentor = access.get_mentee_for(request.user, participant_id)
    # Only steps this mentor may read: an earlier mentor's are offered only when the hub's setting allows.
    steps = access.steps_visible_to(request.user, ect=ect).filter(
        status__in=[ActionStep.Status.OPEN, ActionStep.Status.PRACTISED]
    )
    form = MeetingForm(request.POST or None, steps=steps)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.record_meeting(
                ect=ect,
                mentor=mentor,
                values=form.cleaned_data,
                steps_reviewed=form.cleaned_data["steps_reviewed"],
                steps_closed=form.cleaned_data.get("steps_closed") or [],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            closed = len(form.cleaned_data.get("steps_closed") or [])
            messages.success(
                request, f"Meeting saved; {closed} step{pluralize(closed)} closed." if closed else "Meeting saved."
            )
            return redirect(f"{_url('learning:step_new', ect.pk)}?meeting={meeting.pk}")
    return render(request, "learning/meeting_form.html", {"form": form, "ect": ect})


@role_required(Role.MENTOR)
def step_new(request: AuthenticatedRequest, participant_id: int) -> HttpResponse:
    ect, mentor = access.get_mentee_for(request.user, participant_id)
    source = request.POST if request.method == "POST" else request.GET
    observation = _source(access.observations_visible_to(request.user, ect=ect), get_id(source, "observation"))
    meeting = _source(access.meetings_visible_to(request.user, ect=ect), get_id(source, "meeting"))
    # The library is browsed strand → goal → step with each step's success criteria in view; "Use this
    # step" comes back here with ?library=<id>, which fills the form with its words to adjust.
    search = one_line(request.GET.get("q", ""))[:100].strip()
    library_id = get_id(request.GET, "library")
    chosen = get_object_or_404(LibraryStep, pk=library_id) if library_id is not None else None
    form = StepForm(request.POST or None, chosen=chosen)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_action_step(
                ect=ect,
                mentor=mentor,
                values=form.cleaned_data,
                observation=observation,
                meeting=meeting,
                library_step=form.cleaned_data.get("library_step"),
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Action step set for {ect.user.full_name}.")
            return redirect("learning:ect", participant_id=ect.pk)
    return render(
        request,
        "learning/step_form.html",
        {
            "form": form,
            "ect": ect,
            "observation": observation,
            "meeting": meeting,
            "chosen": chosen,
            "search": search,
            "library": queries.library_tree(search=search),
        },
    )


def _source(records: QuerySet[Observation] | QuerySet[Meeting], pk: int | None):  # type: ignore[no-untyped-def]
    """The observation or meeting a step is set from: one of this ECT's that the mentor may read, else 404."""
    return get_object_or_404(records, pk=pk) if pk is not None else None


def _url(name: str, pk: int) -> str:
    return reverse(name, kwargs={"participant_id": pk})


@role_required(Role.ECT, Role.MENTOR, Role.HUB_ADMIN)
def observation(request: AuthenticatedRequest, observation_id: int) -> HttpResponse:
    found = access.get_observation_for(request.user, observation_id)
    is_ect = found.ect.user_id == request.user.pk
    form = ResponseForm(request.POST or None, initial={"response": found.response}) if is_ect else None
    if request.method == "POST":
        if form is None:
            raise Http404("Only the ECT responds")
        if form.is_valid():
            services.respond_to_observation(
                observation=found, response=form.cleaned_data["response"], actor=request.user
            )
            messages.success(request, "Your response is saved. Your mentor can read it.")
            return redirect("learning:observation", observation_id=found.pk)
    return render(
        request,
        "learning/observation.html",
        # Steps set from it by a later mentor are not a former mentor's to read.
        {
            "observation": found,
            "form": form,
            "steps": access.steps_visible_to(request.user, ect=found.ect).filter(observation=found),
        },
    )


@role_required(Role.ECT, Role.MENTOR, Role.HUB_ADMIN)
def step(request: AuthenticatedRequest, step_id: int) -> HttpResponse:
    found = access.get_step_for(request.user, step_id)
    is_ect = found.ect.user_id == request.user.pk
    is_mentor = access.is_current_mentor(request.user, found.ect)
    practised_form = PractisedForm(request.POST if request.POST.get("action") == "practised" else None)
    again_form = SetAgainForm(request.POST if request.POST.get("action") == "again" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "practised" and is_ect:
                if practised_form.is_valid():
                    services.mark_practised(
                        step=found, reflection=practised_form.cleaned_data["reflection"], actor=request.user
                    )
                    messages.success(request, "Marked practised. Your mentor will look at it with you.")
                    return redirect("learning:step", step_id=found.pk)
            elif action == "close" and is_mentor:
                services.close_step(step=found, actor=request.user)
                messages.success(request, "Step closed.")
                return redirect("learning:ect", participant_id=found.ect_id)
            elif action == "again" and is_mentor:
                if again_form.is_valid():
                    _, mentor = access.get_mentee_for(request.user, found.ect_id)
                    again = services.set_step_again(
                        step=found,
                        mentor=mentor,
                        check_back_on=again_form.cleaned_data["check_back_on"],
                        actor=request.user,
                    )
                    messages.success(request, "Step set again.")
                    return redirect("learning:step", step_id=again.pk)
            else:
                raise Http404("Nothing to do here")
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("learning:step", step_id=found.pk)
    # What it was set from, or set again from, is shown (and linked) only if it is the reader's to read.
    observations = access.observations_visible_to(request.user, ect=found.ect).only("pk", "observed_on")
    steps = access.steps_visible_to(request.user, ect=found.ect).only("pk", "check_back_on")
    meetings = access.meetings_visible_to(request.user, ect=found.ect).only("pk", "met_on")
    return render(
        request,
        "learning/step.html",
        {
            "step": found,
            "set_from_observation": observations.filter(pk=found.observation_id).first()
            if found.observation_id
            else None,
            "set_from_meeting": meetings.filter(pk=found.meeting_id).first() if found.meeting_id else None,
            "set_before": steps.filter(pk=found.previous_id).first() if found.previous_id else None,
            "is_ect": is_ect,
            "is_mentor": is_mentor,
            "practised_form": practised_form,
            "again_form": again_form,
            "overdue": found.is_overdue(timezone.localdate()),
        },
    )


@participant_required
def digest(request: AuthenticatedRequest) -> HttpResponse:
    choice = DigestChoice.objects.filter(user=request.user).first()
    form = DigestForm(
        request.POST if request.method == "POST" else None,
        initial={"weekly_digest": choice.weekly_digest if choice else True},
    )
    if request.method == "POST" and form.is_valid():
        services.set_digest_choice(user=request.user, weekly_digest=form.cleaned_data["weekly_digest"])
        messages.success(request, "Your choice is saved.")
        return redirect("learning:index")
    return render(request, "learning/digest.html", {"form": form})


# --- engagement: induction tutors and the hub ------------------------------------------------


@role_required(Role.INDUCTION_TUTOR, Role.HUB_ADMIN)
def engagement(request: AuthenticatedRequest) -> HttpResponse:
    schools = list(
        (School.objects.all() if request.user.is_hub_admin else request.user.tutored_schools.all()).order_by("name")
    )
    week_of = monday_of(timezone.localdate())
    counts = queries.engaged_by_school([s.pk for s in schools], week_of=week_of)
    rows = [(school, *counts[school.pk]) for school in schools]
    return render(request, "learning/engagement_index.html", {"rows": rows, "week_of": week_of})


@role_required(Role.INDUCTION_TUTOR, Role.HUB_ADMIN)
def engagement_school(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    """Per ECT and mentor, per week: the module done, meetings and observations held — counts and dates only."""
    school = get_school_for_user(request.user, school_id)
    today = timezone.localdate()
    people = list(
        access.engagement_participants_for(request.user)
        .filter(school=school, status=Participant.Status.ACTIVE)
        .select_related("user", "cohort")
        .order_by("participant_type", "user__full_name")
    )
    weeks = queries.recent_weeks(today, ENGAGEMENT_WEEKS)
    found = queries.engagement_weeks(people, weeks=weeks)
    rows = [(p, found[p.pk]) for p in people]
    engaged = [sum(1 for _, w in rows if w[i].engaged) for i in range(len(weeks))]
    return render(
        request,
        "learning/engagement.html",
        {
            "school": school,
            "rows": rows,
            "weeks": weeks,
            "week_counts": list(zip(weeks, engaged, strict=True)),
            "total": len(people),
        },
    )


# --- the hub's library and settings ----------------------------------------------------------


@hub_admin_required
def admin_modules(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "learning/admin_modules.html", {"modules": Module.objects.all()})


@hub_admin_required
def admin_module_edit(request: AuthenticatedRequest, module_id: int | None = None) -> HttpResponse:
    instance = get_object_or_404(Module, pk=module_id) if module_id else None
    form = ModuleForm(request.POST or None, instance=instance, version=version_of(instance) if instance else "")
    preview = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.MODULE_FIELDS}
        if "preview" in request.POST:
            preview = form.instance.content_html
        else:
            try:
                if instance is None:
                    saved = services.create_module(values=values, actor=request.user)
                else:
                    saved = services.change_module(
                        module=instance, changes=values, expected_version=form.expected_version, actor=request.user
                    )
            except DomainError as error:
                if error.code == "edit_conflict" and instance is not None:
                    form.show_conflict_with(error, instance)
                else:
                    form.add_error(None, error.message)
            else:
                messages.success(request, f"“{saved.title}” saved.")
                return redirect("learning:admin_modules")
    return render(request, "learning/admin_module_form.html", {"form": form, "module": instance, "preview": preview})


@hub_admin_required
def admin_library(request: AuthenticatedRequest) -> HttpResponse:
    form = LibraryStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.add_library_step(strand_title=data["strand"], goal_title=data["goal"], values=data, actor=request.user)
        messages.success(request, "Step added to the library.")
        return redirect("learning:admin_library")
    strands = Strand.objects.prefetch_related("goals__steps")
    return render(
        request, "learning/admin_library.html", {"form": form, "strands": strands, "count": LibraryStep.objects.count()}
    )


@hub_admin_required
def admin_settings(request: AuthenticatedRequest) -> HttpResponse:
    row = LearningSettings.load()
    form = LearningSettingsForm(request.POST or None, instance=row, version=version_of(row))
    if request.method == "POST" and form.is_valid():
        try:
            services.change_learning_settings(
                changes={name: form.cleaned_data[name] for name in form.Meta.fields},
                expected_version=form.expected_version,
                actor=request.user,
            )
        except DomainError as error:
            form.show_conflict_with(error, row)
        else:
            messages.success(request, "Learning settings saved.")
            return redirect("learning:admin_settings")
    return render(request, "learning/admin_settings.html", {"form": form})
