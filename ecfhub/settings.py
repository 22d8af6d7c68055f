"""ECF Hub settings.

Everything that differs between a laptop and production comes from environment
variables, with defaults that are safe for development (SQLite under var/,
e-mail to the console, DEBUG on). Production sets DEBUG=0, SECRET_KEY,
ALLOWED_HOSTS and DATABASE_URL; `manage.py check --deploy` then passes.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from ecfhub.lib.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("ECFHUB_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = envbool("DEBUG", True)
_DEV_SECRET = "dev-only-not-secret-ecfhub-0000000000000000000000000000000000000000"
SECRET_KEY = envstr("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG=0")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
# Every link the hub e-mails or shows for copying is built from SITE_URL, never from the request's
# Host header (which a client chooses). Production must say where it lives.
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").strip().rstrip("/")
if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("SITE_URL must be set to the hub's address, e.g. https://ecf.example.org, when DEBUG=0")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_ratelimit",
    # The lead-provider API (ecfhub/api, docs/api.md) and its generated OpenAPI document.
    "rest_framework",
    "drf_spectacular",
    # Our apps, in the order a programme is built: settings, people, calendar, programme.
    "ecfhub.hub",
    "ecfhub.people",
    "ecfhub.terms",
    "ecfhub.programme",
    "ecfhub.content",
    "ecfhub.audit",
    "ecfhub.events",
    "ecfhub.calendar",
    "ecfhub.scheduling",
    "ecfhub.notifications",
    "ecfhub.privacy",
    "ecfhub.onboarding",
    "ecfhub.attendance",
    "ecfhub.learning",
    "ecfhub.leadprovider",
    "ecfhub.api",
]

# The lead-provider API (docs/api.md): JSON only, bearer tokens only (no session, so no CSRF and no
# signed-in person's cookie can reach it), DfE's error shapes, 1,000 requests per 5 minutes per token.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["ecfhub.api.auth.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["ecfhub.api.auth.HasToken"],
    "DEFAULT_THROTTLE_CLASSES": ["ecfhub.api.auth.PerTokenThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": None,
    "EXCEPTION_HANDLER": "ecfhub.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
    "UNICODE_JSON": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ECF Hub lead-provider API",
    "DESCRIPTION": (
        "DfE's lead-provider API v3 shapes (JSON:API) for what a Teaching School Hub holds: participants in, "
        "the evidence for declarations out. ECF Hub's additions are under `ecf_hub`. See docs/api.md."
    ),
    "VERSION": "3.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v3",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per set of choices in the document (the JSON:API types, DfE's reason codes).
    "ENUM_NAME_OVERRIDES": {
        "WithdrawalReasonEnum": "ecfhub.people.models.Participant.WithdrawalReason",
        "DeferralReasonEnum": "ecfhub.people.models.Participant.DeferralReason",
        "ParticipantResourceTypeEnum": ["participant"],
        "DeclarationResourceTypeEnum": ["participant-declaration"],
        "SessionResourceTypeEnum": ["session"],
        "AttendanceResourceTypeEnum": ["attendance"],
        "DeliveryResourceTypeEnum": ["participant-delivery"],
        "WithdrawRequestTypeEnum": ["participant-withdraw"],
        "DeferRequestTypeEnum": ["participant-defer"],
        "ResumeRequestTypeEnum": ["participant-resume"],
    },
    "DISABLE_ERRORS_AND_WARNINGS": False,
}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Loads the hub settings and reference data at most once per request (ecfhub/lib/request_memo.py).
    "ecfhub.lib.request_memo.RequestMemoMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so it sees the outcome of authentication (django-axes' requirement).
    "axes.middleware.AxesMiddleware",
    # A number in the address or a form the site could not have sent: the 400 page (ecfhub/lib/params.py).
    "ecfhub.lib.params.BadParameterMiddleware",
]

ROOT_URLCONF = "ecfhub.urls"
WSGI_APPLICATION = "ecfhub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ecfhub" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ecfhub.hub.context_processors.hub",
            ],
            # lib/when.py's filters (on_day, at_clock, span_to, …) in every template: one way to write a time.
            "builtins": ["ecfhub.lib.when_tags", "ecfhub.lib.text_tags"],
        },
    },
]
FORM_RENDERER = "ecfhub.lib.forms.GovukFormRenderer"

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'ecfhub.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the task worker writes; the timeout
    # makes a writer wait for a lock instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Served as in production (DEBUG=0, gunicorn's sync workers: one request at a time per process), each
    # worker keeps its connection like PostgreSQL's: opening one runs the PRAGMAs above, about a third of a
    # small page's time (bench/README.md). The development server starts a thread per request, so it opens
    # a connection per request as before.
    DATABASES["default"]["CONN_MAX_AGE"] = envint("CONN_MAX_AGE", 60) if not DEBUG else 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"  # straight to what is theirs: My programme
LOGOUT_REDIRECT_URL = "home"

# Failed-login throttling (django-axes, ecfhub/people/throttling.py): lock the account-and-address
# pair after a few failures (not the whole school's shared IP address), and an address after many
# failures whatever accounts it names. The account is counted as sign-in reads it (case and spaces
# ignored), on our sign-in page and the Django admin's alike.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
ECFHUB_SIGNIN_ADDRESS_LIMIT = envint("ECFHUB_SIGNIN_ADDRESS_LIMIT", 30)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "ecfhub.people.throttling.throttle_username"
AXES_HANDLER = "ecfhub.people.throttling.SignInHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "ecfhub.lib.ratelimits.client_address"

# The client's address, for sign-in throttling and the e-mail limits (lib/ratelimits.client_address):
# REMOTE_ADDR, unless that is one of the installation's own reverse proxies. IPWARE_TRUSTED_PROXIES
# lists them (addresses or networks, comma-separated); empty, the default, trusts none, so
# X-Forwarded-For is never read. IPWARE_PROXY_COUNT is how many of them a request passes through.
# Both are ours, passed to django-ipware by that function (django-ipware reads neither name).
IPWARE_TRUSTED_PROXIES = envlist("IPWARE_TRUSTED_PROXIES", [])
IPWARE_PROXY_COUNT = envint("IPWARE_PROXY_COUNT", 1)
for _proxy in IPWARE_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"IPWARE_TRUSTED_PROXIES: {_proxy!r} is not an address or a network such as 10.0.0.5 or 10.0.0.0/24"
        ) from None
if IPWARE_PROXY_COUNT < 1:
    raise ImproperlyConfigured("IPWARE_PROXY_COUNT must be 1 or more: the number of proxies in front of the hub")

# django-ratelimit names memcached and django-redis as the caches it supports and warns about any
# other. Both of ours count atomically (CACHES["ratelimit"] below; tested in lib/tests/test_ratelimits.py),
# so its warning is silenced; its error for a cache that does not count atomically would still show.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [
    BASE_DIR / "ecfhub" / "static",
    # Built at set-up from assets/scss by the Makefile (never committed).
    BASE_DIR / "ecfhub" / "static_build",
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Uploads: CSV registrations are small; anything larger is refused with a message.
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
ECFHUB_MAX_UPLOAD_BYTES = envint("ECFHUB_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)

# E-mail: real SMTP when EMAIL_HOST is set, otherwise one line per message in the console
# (notifications/console.py; the full text is on the outbox page).
EMAIL_HOST = envstr("EMAIL_HOST", "")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 20)
EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "ecfhub.notifications.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "ECF Hub <no-reply@ecfhub.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# E-mail pace per recipient (notifications/pace.py, docs/deploy.md). An e-mail about how things stand
# (a date moved, new training dates, a session's new time) waits this many minutes for further
# changes, so the person gets one e-mail with the final state; and no address is sent more than
# ECFHUB_EMAIL_CAP_PER_HOUR e-mails in a clock hour (the rest wait for the next hour, never dropped).
ECFHUB_EMAIL_QUIET_MINUTES = envint("ECFHUB_EMAIL_QUIET_MINUTES", 10)
ECFHUB_EMAIL_CAP_PER_HOUR = envint("ECFHUB_EMAIL_CAP_PER_HOUR", 10)

# Background work: django-tasks with its database backend; `manage.py db_worker` runs it.
TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# The e-mail limits (lib/ratelimits.py) count in their own cache, shared by every gunicorn worker and
# app server and counted in one atomic step, so two requests at once can never both pass a limit:
# Redis when REDIS_URL is set (Django's RedisCache; INCR is atomic), otherwise the database
# (lib/dbcache.AtomicDatabaseCache; its table, the one the counts were kept in before, is created by
# every `migrate`: hub/apps.py).
REDIS_URL = envstr("REDIS_URL", "")
RATELIMIT_USE_CACHE = "ratelimit"
CACHES = {
    # Nothing that must be shared between processes is kept here.
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ecfhub-default"},
    "ratelimit": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "ecfhub"}
        if REDIS_URL
        else {"BACKEND": "ecfhub.lib.dbcache.AtomicDatabaseCache", "LOCATION": "ecfhub_cache"}
    ),
    # Rendered parts of public pages (the calendar's dates, its feed), each keyed on a fingerprint of
    # every value it shows (calendar.queries.fingerprint), so an entry can never show an old seat
    # count: a change makes a new key. In each process's memory, so a deploy starts empty.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "ecfhub-fragments",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
}

# Security headers. Strict by default; the development server relaxes only what
# cannot work over plain HTTP.
SESSION_COOKIE_HTTPONLY = True
# ECFHUB_INSECURE_LOCAL=1 lets `make serve` be tried over plain http://127.0.0.1 (browsers and curl
# do not send Secure cookies over HTTP, so sign-in would not stick). It relaxes only the cookie
# flags, never defaults on, and must never be set on a server (docs/deploy.md).
INSECURE_LOCAL = envbool("ECFHUB_INSECURE_LOCAL", False)
SESSION_COOKIE_SECURE = not DEBUG and not INSECURE_LOCAL
CSRF_COOKIE_SECURE = not DEBUG and not INSECURE_LOCAL
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_PROXY", False) else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Set-up, reset and feed links carry their secret in the path: no log line may keep it.
    "filters": {"redact_tokens": {"()": "ecfhub.lib.logredact.RedactTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Django's own handler for runserver's request lines has no filter; ours does.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
