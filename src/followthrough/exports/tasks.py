"""Background work on exports, run by the worker (``followthrough worker``, django-tasks with
its database backend): making a board pack and its Excel appendix, or a long action plan's
download, outside the web request.

The PDF is laid out by WeasyPrint in a child process held to ``FOLLOWTHROUGH_PDF_SECONDS`` and
``FOLLOWTHROUGH_PDF_MEMORY_MB`` (``exports.pdf``); the appendix is written row by row. The job
is safe to run twice: only the run that claims the queued job makes it. Each run first deletes
the files kept past their time (``services.export_jobs_purge``).
"""

from __future__ import annotations

import logging

from django_tasks import task

from followthrough.exports import services
from followthrough.exports.pdf import PdfTooCostly, PdfUnavailable
from followthrough.exports.profiles import ProfileRefused

logger = logging.getLogger("followthrough.exports")

FAILED_BY_US = (
    "The {what} could not be made because of an error in Followthrough, not in your "
    "data. Ask for it again; if it happens again, tell your site administrator the time it "
    "happened."
)


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


@task()
def build_export(job_id: int) -> str:
    """Make a queued export: "ready", "failed", or "skipped" when it was not queued any more."""
    services.export_jobs_purge()
    job = services.export_job_start(pk=job_id)
    if job is None:
        return "skipped"
    try:
        services.export_job_build(job=job)
    except PdfTooCostly as exc:
        services.export_job_fail(
            job=job,
            message=f"The PDF could not be made: {exc.reason}. Something in it, such as a very "
            "long piece of text, takes too long to lay out. Ask for the Word version: it has "
            "the same content.",
        )
        logger.info("export #%s: PDF stopped at its ceiling", job_id)
        return "failed"
    except (PdfUnavailable, ProfileRefused) as exc:
        services.export_job_fail(job=job, message=_sentence(str(exc)))
        logger.info("export #%s refused (%s)", job_id, exc.__class__.__name__)
        return "failed"
    except services.JobGone:
        return "skipped"
    except Exception as exc:  # a bug: say so rather than leave it "being made"
        logger.error("export #%s failed: %s", job_id, exc.__class__.__name__)
        what = "action plan" if job.kind == job.Kind.PLAN else "board pack"
        services.export_job_fail(job=job, message=FAILED_BY_US.format(what=what))
        return "failed"
    logger.info("export #%s ready", job_id)
    return "ready"
