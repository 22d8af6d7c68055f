"""Signing in and resetting a password, with GOV.UK forms."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from ecfhub.people.forms import LoginForm, NewPasswordForm, ResetForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    # Django sends nothing for an unknown address and shows the same page either way,
    # so the form never reveals whether someone has an account.
    form_class = ResetForm


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
