"""Background work on uploads, run by the worker (``followthrough worker``, django-tasks with its
database backend): reading an uploaded document outside the web request.

The reader runs in a sandboxed child process (``parsing.isolated``), with no transaction open,
held to ``FOLLOWTHROUGH_PARSE_SECONDS`` and ``FOLLOWTHROUGH_PARSE_MEMORY_MB``: a hostile document
costs a child process its ceiling, never the worker or the web server its memory. The job is
safe to run twice: only the run that claims the queued document reads it.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django_tasks import task

from followthrough.imports import services
from followthrough.parsing import ParseError
from followthrough.parsing.isolated import Ceilings, read_plan_isolated

logger = logging.getLogger("followthrough.imports")


def ceilings() -> Ceilings:
    return Ceilings(
        seconds=settings.FOLLOWTHROUGH_PARSE_SECONDS,
        memory_bytes=settings.FOLLOWTHROUGH_PARSE_MEMORY_MB << 20,
    )


@task()
def read_pending_import(pending_id: int) -> str:
    """Read a queued upload into its pending import: "ready", "refused", or "skipped" when it
    was not queued any more (cancelled, or read by another run)."""
    pending = services.pending_import_start(pk=pending_id)
    if pending is None:
        return "skipped"
    try:
        plan = read_plan_isolated(
            bytes(pending.content), filename=pending.filename, ceilings=ceilings()
        )
    except ParseError as exc:
        services.pending_import_refuse(pending=pending, message=str(exc))
        logger.info("import #%s refused", pending_id)  # ids only: the message names the file
        return "refused"
    except Exception as exc:  # a bug, not the document: say so rather than leave it "reading"
        logger.error("import #%s failed: %s", pending_id, exc.__class__.__name__)
        services.pending_import_refuse(
            pending=pending,
            message=f"{pending.filename}: the document could not be read because of an error in "
            "Followthrough, not in the document: try again later, and if it happens again, tell "
            "your site administrator the time it happened",
        )
        return "failed"
    services.pending_import_read(pending=pending, plan=plan)
    return "ready"
