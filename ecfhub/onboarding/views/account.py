"""Setting up an account from an invitation link, and asking for a new link."""

from __future__ import annotations

from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from ecfhub.lib import ratelimits
from ecfhub.lib.errors import DomainError
from ecfhub.onboarding.forms import NewLinkForm, SetUpAccountForm
from ecfhub.onboarding.invitations import find_invitation, set_up_account
from ecfhub.onboarding.tasks import send_new_link


@never_cache
def set_up(request: HttpRequest, token: str) -> HttpResponse:
    invitation = find_invitation(token)
    if invitation is None or not invitation.is_usable():
        # A link we never sent (mistyped, cut short by a mail program) is not "already used": say so.
        state = "unknown" if invitation is None else "expired" if invitation.state == "expired" else "used"
        status = 404 if invitation is None else 410
        return render(request, "onboarding/link_invalid.html", {"state": state, "form": NewLinkForm()}, status=status)
    form = SetUpAccountForm(request.POST or None, user=invitation.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = set_up_account(
                invitation=invitation, full_name=form.cleaned_data["full_name"], password=form.cleaned_data["password1"]
            )
        except DomainError:
            return render(request, "onboarding/link_invalid.html", {"state": "used", "form": NewLinkForm()}, status=410)
        if request.user.is_authenticated:
            logout(request)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("dashboard")
    return render(request, "onboarding/set_up.html", {"form": form, "invitation": invitation})


def new_link(request: HttpRequest) -> HttpResponse:
    """Ask for a new set-up link: the same answer and the same work (one background task that
    decides) whether or not the address has an account; limited per address and per client."""
    form = NewLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        limit = ratelimits.first_exceeded(
            request,
            [
                (ratelimits.NEW_LINK_PER_CLIENT, ratelimits.client_address(request)),
                (ratelimits.NEW_LINK_PER_ADDRESS, email),
            ],
        )
        if limit is None:
            send_new_link.enqueue(email)
            return render(request, "onboarding/new_link_sent.html", {"email": form.cleaned_data["email"]})
        form.add_error("email", limit.message)
        return render(request, "onboarding/new_link.html", {"form": form}, status=429)
    return render(request, "onboarding/new_link.html", {"form": form})
