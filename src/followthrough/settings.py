"""Django settings, all from environment variables with safe local defaults.

Every variable is listed, with its default, in ``.env.example`` at the top of the repository.
"""

from __future__ import annotations

import datetime as dt
import secrets

import dj_database_url
from csp.constants import NONE, SELF

from followthrough.config import (
    PACKAGE_DIR,
    env_bool,
    env_float,
    env_int,
    env_list,
    env_path,
    env_str,
    sqlite_path_absolute,
)

# Absolute, whatever directory a command runs in (config.py): cron's send-reminders and the
# server use the same database and key.
VAR_DIR = env_path("FOLLOWTHROUGH_VAR_DIR", "var")


def _local_secret_key() -> str:
    """A random key kept under var/, so a local install needs no configuration.
    Production sets FOLLOWTHROUGH_SECRET_KEY instead."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = env_bool("FOLLOWTHROUGH_DEBUG")
SECRET_KEY = env_str("FOLLOWTHROUGH_SECRET_KEY") or _local_secret_key()
ALLOWED_HOSTS = env_list("FOLLOWTHROUGH_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("FOLLOWTHROUGH_CSRF_TRUSTED_ORIGINS", "")

DATABASES = {
    "default": sqlite_path_absolute(
        dj_database_url.parse(
            env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'followthrough.sqlite3'}",
            conn_max_age=env_int("FOLLOWTHROUGH_DB_CONN_MAX_AGE", 60),
        )
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Writes are short (no document is read inside a transaction), so a write waits at most
    # this many seconds for another; past it the page says the service is busy (a 503).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_float("FOLLOWTHROUGH_SQLITE_TIMEOUT", 20),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "followthrough.audit",
    "followthrough.partnerships",
    "followthrough.plans",
    "followthrough.imports",
    "followthrough.delivery",
    "followthrough.exports",
    "followthrough.dashboards",
    "followthrough.notifications",
    "followthrough.web",
    "followthrough.people",
    "followthrough.search",
    "followthrough.lessons",
    "followthrough.oversight",
    "followthrough.public",
    "followthrough.stages",
    "followthrough.bodies",
    "followthrough.pfd",
    "followthrough.trackers",
    "ninja",  # django-ninja: its Swagger UI served from our own static files, no CDN
    "followthrough.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Static files (above) keep their caching; every other response is Cache-Control: no-store.
    "followthrough.web.security.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # The idle and absolute session limits, then the second factor before any other page.
    "followthrough.web.security.SessionLimitsMiddleware",
    "followthrough.web.security.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Innermost, so it sees a view's exception first: a busy database is a 503, not a 500.
    "followthrough.web.middleware.BusyDatabaseMiddleware",
    # Last, as django-axes requires: turns a refused sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses every sign-in attempt, right password or not, while locked out.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "followthrough.urls"
WSGI_APPLICATION = "followthrough.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "plans:review_list"
LOGOUT_REDIRECT_URL = "web:login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("FOLLOWTHROUGH_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("FOLLOWTHROUGH_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Sessions: signed out after FOLLOWTHROUGH_SESSION_IDLE_MINUTES without a request, after
# FOLLOWTHROUGH_SESSION_MAX_HOURS however busy, and when the browser closes
# (followthrough.web.security.SessionLimitsMiddleware keeps the idle expiry moving).
SESSION_COOKIE_AGE = env_int("FOLLOWTHROUGH_SESSION_IDLE_MINUTES", 120) * 60
FOLLOWTHROUGH_SESSION_MAX_SECONDS = env_int("FOLLOWTHROUGH_SESSION_MAX_HOURS", 12) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("FOLLOWTHROUGH_SESSION_EXPIRE_AT_BROWSER_CLOSE", True)

# HTTPS, behind the organisation's reverse proxy. All off for a local install.
SECURE_SSL_REDIRECT = env_bool("FOLLOWTHROUGH_HTTPS_REDIRECT")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's health check may use plain HTTP
SECURE_HSTS_SECONDS = env_int("FOLLOWTHROUGH_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("FOLLOWTHROUGH_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("FOLLOWTHROUGH_HSTS_PRELOAD")
# The header the proxy sets to say the request came over HTTPS, e.g. X-Forwarded-Proto.
# Only set it when the proxy always sets (or strips) that header itself.
_PROXY_SSL_HEADER = env_str("FOLLOWTHROUGH_PROXY_SSL_HEADER")
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _PROXY_SSL_HEADER.upper().replace("-", "_"), "https") if _PROXY_SSL_HEADER else None
)

# Content-Security-Policy (django-csp): nothing from elsewhere, no inline style, and no inline
# script but GOV.UK Frontend's one-line class switch at the top of base.html, allowed by its
# hash (tests/web/test_security.py checks the hash still matches the script).
GOVUK_FRONTEND_SCRIPT_HASH = "'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, GOVUK_FRONTEND_SCRIPT_HASH],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Sign-in throttling and lock-out (django-axes): after FAILURE_LIMIT failed attempts for one
# username, or from one address, every further attempt is refused, right password or not,
# until LOCKOUT_MINUTES pass without another. `followthrough manage signin_unlock USERNAME`
# unlocks early.
AXES_FAILURE_LIMIT = env_int("FOLLOWTHROUGH_SIGNIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("FOLLOWTHROUGH_SIGNIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "followthrough.web.security.client_address"
AXES_LOCKOUT_CALLABLE = "followthrough.web.views.locked_out"
AXES_RESET_ON_SUCCESS = False  # a success would also clear others' failures from its address
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False  # lock-outs are in the audit trail; unlocking is audited too
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken"]
# Addresses (or networks, e.g. 10.0.0.0/24) of the reverse proxies in front of the app. Only a
# request from one of them has its X-Forwarded-For believed; without any, it is ignored.
FOLLOWTHROUGH_TRUSTED_PROXIES = env_list("FOLLOWTHROUGH_TRUSTED_PROXIES", "")

# Two-factor sign-in (django-otp): an authenticator app (TOTP) and backup codes. Required for
# coordinators and site administrators; anyone may set it up.
OTP_TOTP_ISSUER = "Followthrough"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# A password reset link works once, for this many minutes.
PASSWORD_RESET_TIMEOUT = env_int("FOLLOWTHROUGH_PASSWORD_RESET_MINUTES", 60) * 60
# An invitation to join a partnership works once, for this many days (sending it again
# starts the days afresh).
FOLLOWTHROUGH_INVITATION_DAYS = env_int("FOLLOWTHROUGH_INVITATION_DAYS", 7, minimum=1)

# Background work (django-tasks), kept in the database: no other server. `followthrough serve`
# runs a worker beside the web server; production runs `followthrough worker` on its own.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# An uploaded plan is read by the worker in a child process held to these ceilings
# (followthrough.sandbox); past either, the document is refused with one line.
FOLLOWTHROUGH_PARSE_SECONDS = env_float("FOLLOWTHROUGH_PARSE_SECONDS", 60)
FOLLOWTHROUGH_PARSE_MEMORY_MB = env_int("FOLLOWTHROUGH_PARSE_MEMORY_MB", 1024)
# A document still waiting for the worker after this many seconds is taken to be lost (the
# worker is not running): the person is told, and may try again.
FOLLOWTHROUGH_IMPORT_WAIT_SECONDS = env_int("FOLLOWTHROUGH_IMPORT_WAIT_SECONDS", 300)

# Maximum size of an uploaded plan or evidence file.
FOLLOWTHROUGH_MAX_UPLOAD_BYTES = env_int(
    "FOLLOWTHROUGH_MAX_UPLOAD_BYTES", 20 * 1024 * 1024, minimum=1
)
# A plan pasted into the import page arrives as a form field, not a file: Django's own cap on a
# request's form data (2.5 MB) would refuse it with a bare 400 before the form could say why.
DATA_UPLOAD_MAX_MEMORY_SIZE = FOLLOWTHROUGH_MAX_UPLOAD_BYTES + 1024 * 1024
# How many days ahead an action counts as "due soon".
FOLLOWTHROUGH_DUE_SOON_DAYS = env_int("FOLLOWTHROUGH_DUE_SOON_DAYS", 30)
FOLLOWTHROUGH_NATIONAL_RESPONSE_DAYS = env_int("FOLLOWTHROUGH_NATIONAL_RESPONSE_DAYS", 56)
# The REST API (docs/api.md): requests per token per minute; the longest a token may last.
FOLLOWTHROUGH_API_PER_MINUTE = env_int("FOLLOWTHROUGH_API_PER_MINUTE", 120, minimum=1)
FOLLOWTHROUGH_API_TOKEN_MAX_DAYS = env_int("FOLLOWTHROUGH_API_TOKEN_MAX_DAYS", 366, minimum=1)
FOLLOWTHROUGH_STAGES_FILE = env_str("FOLLOWTHROUGH_STAGES_FILE") or None  # None: clocks/stages.toml
# Ceilings for laying out one PDF export (in a child process), and for opening one evidence
# file to check it is what it claims to be: wall-clock seconds and megabytes of memory.
FOLLOWTHROUGH_PDF_SECONDS = env_float("FOLLOWTHROUGH_PDF_SECONDS", 30)
FOLLOWTHROUGH_PDF_MEMORY_MB = env_int("FOLLOWTHROUGH_PDF_MEMORY_MB", 768)
# A board pack made by the worker (and its appendix) is kept this many hours for whoever asked
# for it to download, then deleted (exports.services.export_jobs_purge).
FOLLOWTHROUGH_EXPORT_KEEP_HOURS = env_int("FOLLOWTHROUGH_EXPORT_KEEP_HOURS", 72, minimum=1)
# A review's plan download of more actions than this is made by the worker, as a board pack is
# (its page offers the file when ready); a smaller plan downloads at once, made in the request.
FOLLOWTHROUGH_EXPORT_IN_REQUEST_ACTIONS = env_int(
    "FOLLOWTHROUGH_EXPORT_IN_REQUEST_ACTIONS", 100, minimum=0
)
FOLLOWTHROUGH_EVIDENCE_CHECK_SECONDS = env_float("FOLLOWTHROUGH_EVIDENCE_CHECK_SECONDS", 20)
FOLLOWTHROUGH_EVIDENCE_CHECK_MEMORY_MB = env_int("FOLLOWTHROUGH_EVIDENCE_CHECK_MEMORY_MB", 512)

# The address users reach the app at: links in reminder e-mails and calendar feeds.
FOLLOWTHROUGH_BASE_URL = (env_str("FOLLOWTHROUGH_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")

# Reminders (`followthrough send-reminders`): an action is "due soon" in a lead's digest this
# many days ahead; it waits for its lead's update when it has had none for this many days; a
# coordinator is asked to escalate it when it is overdue by more than this many days.
FOLLOWTHROUGH_REMINDER_DUE_DAYS = env_int("FOLLOWTHROUGH_REMINDER_DUE_DAYS", 14)
FOLLOWTHROUGH_AWAITING_UPDATE_DAYS = env_int("FOLLOWTHROUGH_AWAITING_UPDATE_DAYS", 30)
FOLLOWTHROUGH_ESCALATE_AFTER_DAYS = env_int("FOLLOWTHROUGH_ESCALATE_AFTER_DAYS", 30)

# Mail. With FOLLOWTHROUGH_EMAIL_HOST set, mail goes out over SMTP; without it (a local
# install) each message is written as a file under var/mail/, so nothing leaves the machine
# and the command's own output stays readable.
EMAIL_HOST = env_str("FOLLOWTHROUGH_EMAIL_HOST", "")
EMAIL_BACKEND = env_str("FOLLOWTHROUGH_EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_USE_SSL = env_bool("FOLLOWTHROUGH_EMAIL_USE_SSL")
EMAIL_USE_TLS = env_bool("FOLLOWTHROUGH_EMAIL_USE_TLS", not EMAIL_USE_SSL)
EMAIL_PORT = env_int("FOLLOWTHROUGH_EMAIL_PORT", 465 if EMAIL_USE_SSL else 587, minimum=1)
EMAIL_HOST_USER = env_str("FOLLOWTHROUGH_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("FOLLOWTHROUGH_EMAIL_HOST_PASSWORD", "")
EMAIL_TIMEOUT = env_int("FOLLOWTHROUGH_EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = (
    env_str("FOLLOWTHROUGH_FROM_EMAIL") or "Followthrough <followthrough@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Logs carry event types and record ids, never names or plan text.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("FOLLOWTHROUGH_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
