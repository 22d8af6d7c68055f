"""Setting up an account from an invitation link, and asking for a new link."""

from __future__ import annotations

from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from ecfhub.lib.errors import DomainError
from ecfhub.onboarding.forms import NewLinkForm, SetUpAccountForm
from ecfhub.onboarding.invitations import find_invitation, request_new_invitation, set_up_account


@never_cache
def set_up(request: HttpRequest, token: str) -> HttpResponse:
    invitation = find_invitation(token)
    if invitation is None or not invitation.is_usable():
        state = "expired" if invitation is not None and invitation.state == "expired" else "used"
        return render(request, "onboarding/link_invalid.html", {"state": state, "form": NewLinkForm()}, status=410)
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
    form = NewLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        request_new_invitation(email=form.cleaned_data["email"])
        return render(request, "onboarding/new_link_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "onboarding/new_link.html", {"form": form})
