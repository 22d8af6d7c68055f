"""The site's map. Each app owns its own urls.py; this file only mounts them."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from ecfhub.hub import views as hub_views
from ecfhub.lib.params import IdConverter, YearConverter
from ecfhub.people import views as people_views

# `<id:pk>` and `<year:year>` in every app's urls: ASCII digits that fit the database and the calendar
# (lib/params.py). Registered before the apps' urls are included, because include() imports them.
register_converter(IdConverter, "id")
register_converter(YearConverter, "year")
handler400 = "ecfhub.lib.params.bad_request"

admin.site.site_header = "ECF Hub records"
admin.site.site_title = "ECF Hub records"

urlpatterns = [
    path("", hub_views.home, name="home"),
    path("my/", hub_views.dashboard, name="dashboard"),
    path("healthz", hub_views.healthz, name="healthz"),
    path("about/", include("ecfhub.content.urls")),
    path("manage/", include("ecfhub.hub.urls")),
    path("manage/terms/", include("ecfhub.terms.urls")),
    path("manage/requirements/", include("ecfhub.programme.urls")),
    path("manage/scheduling/", include("ecfhub.scheduling.urls")),
    path("manage/audit/", include("ecfhub.audit.urls")),
    path("manage/provider-file/", include("ecfhub.leadprovider.urls")),
    path("manage/api-tokens/", include("ecfhub.api.manage_urls")),
    path("api/", include("ecfhub.api.urls")),
    path("", include("ecfhub.privacy.urls")),
    path("manage/outbox/", include("ecfhub.notifications.urls")),
    path("", include("ecfhub.onboarding.urls")),
    path("account/login/", people_views.LoginView.as_view(), name="login"),
    path("account/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password-reset/", people_views.PasswordResetView.as_view(), name="password_reset"),
    path("account/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "account/reset/<uidb64>/<token>/",
        people_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("account/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("", include("ecfhub.events.urls")),
    path("", include("ecfhub.scheduling.date_urls")),
    path("", include("ecfhub.calendar.urls")),
    path("", include("ecfhub.attendance.urls")),
    path("learning/", include("ecfhub.learning.urls")),
    path("admin/", admin.site.urls),
]
