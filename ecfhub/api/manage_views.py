"""The hub admins' page for API tokens: create (the secret shown once), rotate, revoke (/manage/api-tokens/)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ecfhub.api.forms import TokenForm
from ecfhub.api.models import ApiToken
from ecfhub.api.services import NewToken, create_token, revoke_token, rotate_token
from ecfhub.lib.access import hub_admin_required
from ecfhub.lib.errors import DomainError
from ecfhub.lib.when import hub_zone


def _shown_once(request: HttpRequest, made: NewToken, heading: str) -> HttpResponse:
    # Rendered in the POST's own response, never stored or redirected to: the secret exists only here.
    response = render(request, "api/token_created.html", {"made": made, "heading": heading})
    response["Cache-Control"] = "no-store"
    return response


@hub_admin_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["expires_on"]
        expires = datetime.datetime.combine(day, datetime.time(), tzinfo=hub_zone()) if day else None
        try:
            made = create_token(
                name=form.cleaned_data["name"], scope=form.cleaned_data["scope"], expires_at=expires, actor=request.user
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return _shown_once(request, made, "Token created")
    listed = ApiToken.objects.select_related("created_by")
    return render(request, "api/tokens.html", {"form": form, "tokens": listed}, status=422 if form.errors else 200)


@hub_admin_required
@require_POST
def rotate(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id)
    try:
        made = rotate_token(token=token, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("apitokens:tokens")
    return _shown_once(request, made, "Token rotated")


@hub_admin_required
@require_POST
def revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = revoke_token(token=get_object_or_404(ApiToken, pk=token_id), actor=request.user)
    messages.success(request, f"Revoked “{token.name}” ({token.prefix}…). It stops working at once.")
    return redirect("apitokens:tokens")
