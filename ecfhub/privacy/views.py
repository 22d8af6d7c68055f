"""A person's own data download, and the hub admins' data-protection pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ecfhub.audit.queries import kind_words
from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib.access import hub_admin_required
from ecfhub.lib.errors import DomainError
from ecfhub.people.access import participants_changeable_by, participants_visible_to
from ecfhub.people.models import User
from ecfhub.privacy.access import get_person
from ecfhub.privacy.collect import collect
from ecfhub.privacy.forms import ConfirmAnonymiseForm, PersonSearchForm
from ecfhub.privacy.queries import is_anonymised
from ecfhub.privacy.services import FINISHED, anonymise_participant, due_for_erasure, export_json


def _download(user: User, actor: User) -> HttpResponse:
    response = HttpResponse(export_json(user=user, actor=actor), content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="ecfhub-data-{user.pk}-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """What the hub holds about the signed-in person; POST downloads it all as JSON."""
    user = get_person(int(request.user.pk or 0))  # the real row, not the request's lazy wrapper
    if request.method == "POST":
        return _download(user, user)
    return render(request, "privacy/mine.html", {"retention_years": current_hub_settings(request).retention_years})


@hub_admin_required
def index(request: HttpRequest) -> HttpResponse:
    """Finding a person, and who is due to be anonymised under the retention rule."""
    form = PersonSearchForm(request.GET or None)
    found: list[User] = []
    if form.is_bound and form.is_valid() and (q := form.cleaned_data["q"].strip()):
        found = list(User.objects.filter(Q(full_name__icontains=q) | Q(email__icontains=q)).order_by("full_name")[:50])
    due = due_for_erasure(timezone.localdate())
    return render(
        request,
        "privacy/index.html",
        {
            "form": form,
            "found": found,
            "due": due[:50],
            "due_count": due.count(),
            "retention_years": current_hub_settings(request).retention_years,
        },
    )


@hub_admin_required
def person(request: HttpRequest, user_id: int) -> HttpResponse:
    subject = get_person(user_id)
    holdings = collect(subject)
    counts = sorted(
        [(kind_words(label, plural=True), len(objects)) for label, objects in holdings.owned.items() if objects]
        + [
            (f"{kind_words(label, plural=True)} (their words only)", len(objects))
            for label, objects in holdings.written.items()
            if objects
        ]
    )
    participations = participants_visible_to(request.user).filter(user=subject).select_related("school", "cohort")
    can_anonymise = (
        participations.exists()
        and not participations.exclude(status__in=FINISHED).exists()
        and not is_anonymised(subject)
    )
    return render(
        request,
        "privacy/person.html",
        {
            "subject": subject,
            "counts": counts,
            "participations": participations,
            "can_anonymise": can_anonymise,
            "anonymised": is_anonymised(subject),
            "form": ConfirmAnonymiseForm(),
        },
    )


@hub_admin_required
@require_POST
def person_export(request: HttpRequest, user_id: int) -> HttpResponse:
    return _download(get_person(user_id), get_person(int(request.user.pk or 0)))


@hub_admin_required
@require_POST
def person_anonymise(request: HttpRequest, user_id: int) -> HttpResponse:
    subject = get_person(user_id)
    form = ConfirmAnonymiseForm(request.POST)
    participant = participants_changeable_by(request.user).filter(user=subject).first()
    if form.is_valid() and participant is not None:
        try:
            anonymise_participant(participant=participant, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Anonymised. Their attendance and assignments still count in the figures.")
        return redirect("privacy:person", user_id=subject.pk)
    if participant is None:
        messages.error(request, "Only programme participants can be anonymised here.")
        return redirect("privacy:person", user_id=subject.pk)
    return render(
        request,
        "privacy/person.html",
        {
            "subject": subject,
            "counts": [],
            "participations": participants_visible_to(request.user)
            .filter(user=subject)
            .select_related("school", "cohort"),
            "can_anonymise": True,
            "anonymised": False,
            "form": form,
        },
    )
