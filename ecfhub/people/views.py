"""Signing in and resetting a password, with GOV.UK forms."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpResponse, HttpResponseRedirect

from ecfhub.lib import ratelimits
from ecfhub.people.forms import LoginForm, NewPasswordForm, ResetForm
from ecfhub.people.tasks import send_password_reset


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link. The page never reveals whether someone has an account: it answers
    the same either way, and does the same work (one background task that looks the address up).
    Limited per address typed and per client (lib/ratelimits.py)."""

    form_class = ResetForm

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"].strip().lower()
        limit = ratelimits.first_exceeded(
            self.request,
            [
                (ratelimits.RESET_PER_CLIENT, ratelimits.client_address(self.request)),
                (ratelimits.RESET_PER_ADDRESS, email),
            ],
        )
        if limit is not None:
            form.add_error("email", limit.message)
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        send_password_reset.enqueue(email)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
