"""The hub admins' API token page (mounted at /manage/api-tokens/)."""

from django.urls import path

from ecfhub.api import manage_views

app_name = "apitokens"

urlpatterns = [
    path("", manage_views.tokens, name="tokens"),
    path("<id:token_id>/rotate/", manage_views.rotate, name="rotate"),
    path("<id:token_id>/revoke/", manage_views.revoke, name="revoke"),
]
