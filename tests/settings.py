"""Settings for the test suite: the real settings, with what tests need changed.

DATABASE_URL chooses the database as in production (SQLite by default; CI also runs the suite
against PostgreSQL)."""

from followthrough.settings import *  # noqa: F403
from followthrough.settings import STORAGES, VAR_DIR

# Static files come from the finders, so tests need no collectstatic step.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {"version": 1, "disable_existing_loggers": False}

# Whitenoise serves from the finders in tests; give it an empty root so it does not warn.
STATIC_ROOT = VAR_DIR / "test-static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
