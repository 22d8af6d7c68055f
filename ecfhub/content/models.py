"""Pages of the participants' area, written by hub admins in Markdown."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.safestring import SafeString

from ecfhub.lib.markdown import render_markdown


class Page(models.Model):
    slug = models.SlugField(unique=True, help_text="The page's address: /about/<slug>/")
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=300, blank=True, help_text="One sentence shown in the list of pages.")
    body = models.TextField(
        help_text="Markdown. Links, lists, headings and emphasis are kept; anything else is removed."
    )
    order = models.PositiveSmallIntegerField(default=0)
    published = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:page", args=[self.slug])

    @property
    def body_html(self) -> SafeString:
        return render_markdown(self.body)
