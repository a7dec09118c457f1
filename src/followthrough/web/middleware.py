"""A busy database is a clear "try again", never a 500.

On SQLite one write waits for another for ``FOLLOWTHROUGH_SQLITE_TIMEOUT`` seconds, then fails
with "database is locked"; on PostgreSQL a statement can run into a lock timeout, a deadlock or a
serialisation failure. None of these is a fault of the service or of what the person entered:
the page says the service is busy, that nothing was saved (the transaction rolled back), and to
try again in a moment, with status 503 and ``Retry-After``. Any other database error is left
to Django (a 500).
"""

from __future__ import annotations

import logging

from django.db import OperationalError
from django.shortcuts import render

logger = logging.getLogger("followthrough.web")

RETRY_AFTER_SECONDS = 5
# PostgreSQL's codes: lock_not_available, query_canceled (lock_timeout, statement_timeout),
# serialization_failure, deadlock_detected.
_BUSY_SQLSTATES = {"55P03", "57014", "40001", "40P01"}
_BUSY_SQLITE = ("database is locked", "database table is locked", "database is busy")


def is_busy_database(exc: BaseException) -> bool:
    """Whether ``exc`` says the database was too busy to answer in time."""
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if getattr(cause, "sqlstate", None) in _BUSY_SQLSTATES:
        return True
    message = str(exc).lower()
    return any(words in message for words in _BUSY_SQLITE)


class BusyDatabaseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_busy_database(exception):
            return None
        # The method and the path (record ids at most), never what was posted.
        logger.warning("database busy: 503 for %s %s", request.method, request.path)
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
