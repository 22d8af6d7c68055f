"""Participants' area pages: public to read, hub admins to edit."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from ecfhub.content.forms import PageForm
from ecfhub.content.models import Page
from ecfhub.content.services import PAGE_FIELDS, change_page, create_page
from ecfhub.lib.access import hub_admin_required
from ecfhub.lib.concurrency import version_of
from ecfhub.lib.errors import DomainError
from ecfhub.lib.http import AuthenticatedRequest


def index(request: HttpRequest) -> HttpResponse:
    pages = Page.objects.all()
    user = request.user
    if not (user.is_authenticated and user.is_hub_admin):
        pages = pages.filter(published=True)
    return render(request, "content/index.html", {"pages": pages})


def page(request: HttpRequest, slug: str) -> HttpResponse:
    pages = Page.objects.all()
    user = request.user
    if not (user.is_authenticated and user.is_hub_admin):
        pages = pages.filter(published=True)
    return render(request, "content/page.html", {"page": get_object_or_404(pages, slug=slug)})


@hub_admin_required
def edit(request: AuthenticatedRequest, slug: str | None = None) -> HttpResponse:
    instance = get_object_or_404(Page, slug=slug) if slug else None
    form = PageForm(request.POST or None, instance=instance, version=version_of(instance) if instance else "")
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = form.instance.body_html
        elif instance is None:
            saved = create_page(values=form.cleaned_data, actor=request.user)
            messages.success(request, f"“{saved.title}” saved.")
            return redirect(saved.get_absolute_url())
        else:
            try:
                saved = change_page(
                    page=instance,
                    changes={name: form.cleaned_data[name] for name in PAGE_FIELDS},
                    expected_version=form.expected_version,
                    actor=request.user,
                )
            except DomainError as error:
                form.show_conflict_with(error, instance)
            else:
                messages.success(request, f"“{saved.title}” saved.")
                return redirect(saved.get_absolute_url())
    return render(request, "content/edit.html", {"form": form, "page": instance, "preview": preview})
