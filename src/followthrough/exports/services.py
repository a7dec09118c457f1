"""Making an export: build the plan or the board pack, apply the profile, write the file, and
record who exported what with which profile (exports of personal data must be traceable).

The web views and ``followthrough export`` both call these, so both are audited the same way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from followthrough.audit import events
from followthrough.audit.services import audit_event_record
from followthrough.exports import pdf, selectors
from followthrough.exports.model import Profile
from followthrough.exports.models import ExportJob
from followthrough.exports.profiles import UNPUBLISHED, ProfileRefused, apply_profile
from followthrough.exports.writers import appendix as appendix_writer
from followthrough.exports.writers import board_pack as pack_writer
from followthrough.exports.writers import csv as csv_writer
from followthrough.exports.writers import docx as docx_writer
from followthrough.exports.writers import json as json_writer
from followthrough.exports.writers import xlsx as xlsx_writer
from followthrough.exports.writers.appendix import CONTENT_TYPE as XLSX_CONTENT_TYPE

__all__ = [
    "PACK_FORMATS",
    "PLAN_FORMATS",
    "ExportFile",
    "ProfileRefused",
    "board_pack_export",
    "plan_export_job_request",
    "review_export",
    "review_export_in_request",
]


@dataclass(frozen=True)
class Format:
    label: str
    content_type: str
    write: Callable


PLAN_FORMATS: dict[str, Format] = {
    "docx": Format("Word (Home Office template)", docx_writer.CONTENT_TYPE, docx_writer.plan_docx),
    "pdf": Format("PDF (Home Office template)", pdf.CONTENT_TYPE, pdf.plan_pdf),
    "xlsx": Format("Excel", xlsx_writer.CONTENT_TYPE, xlsx_writer.plan_xlsx),
    "csv": Format("CSV", csv_writer.CONTENT_TYPE, csv_writer.plan_csv),
    "json": Format("JSON (interchange format)", json_writer.CONTENT_TYPE, json_writer.plan_json),
}
PACK_FORMATS: dict[str, Format] = {
    "docx": Format("Word", docx_writer.CONTENT_TYPE, pack_writer.board_pack_docx),
    "pdf": Format("PDF", pdf.CONTENT_TYPE, pdf.board_pack_pdf),
}


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


def review_slug(review) -> str:
    """'dhr-sarah' from the kind of review and its pseudonym; else from its reference or
    title."""
    if review.subject_pseudonym:
        slug = slugify(f"{review.review_type} {review.subject_pseudonym}")
    else:
        slug = slugify(review.reference or review.title)
    return slug[:60].strip("-") or f"review-{review.pk}"


def _audit(*, actor, event_type, target, partnership, summary, fmt, profile, content, via, **more):
    audit_event_record(
        actor=actor,
        event_type=event_type,
        target=target,
        partnership=partnership,
        summary=summary,
        after={
            "format": fmt,
            "profile": str(profile),
            "via": via,
            "bytes": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
            **more,
        },
    )


def review_export(
    *,
    review,
    fmt: str,
    profile: Profile | str = Profile.INTERNAL,
    actor,
    via: str = "web",
    today: dt.date | None = None,
) -> ExportFile:
    """The review's action plan in ``fmt`` (one of ``PLAN_FORMATS``). ``ProfileRefused`` if
    the profile does not allow it (a public export of an unpublished review). ``via`` says
    where it was asked for ("web", or "command line by <user>") for the audit trail."""
    profile = Profile(profile)
    kind = PLAN_FORMATS[fmt]
    # Read and write the file outside the transaction: on SQLite a write transaction locks
    # the database, and a PDF takes seconds to lay out. Only the audit row is written.
    file = _plan_file(review, fmt=fmt, profile=profile, today=today)
    with transaction.atomic():
        _audit(
            actor=actor,
            event_type=events.REVIEW_EXPORTED,
            target=review,
            partnership=review.partnership,
            summary=f"Action plan exported as {kind.label}, {profile} profile",
            fmt=fmt,
            profile=profile,
            content=file.content,
            via=via,
        )
    return file


def _plan_file(review, *, fmt: str, profile: Profile, today: dt.date | None) -> ExportFile:
    """The review's plan written in ``fmt`` with ``profile`` applied (not audited)."""
    kind = PLAN_FORMATS[fmt]
    export = apply_profile(selectors.plan_export(review, today=today), profile)
    suffix = "-public" if profile is Profile.PUBLIC else ""
    return ExportFile(
        content=kind.write(export),
        content_type=kind.content_type,
        filename=f"{review_slug(review)}-action-plan{suffix}.{fmt}",
    )


def review_export_in_request(review) -> bool:
    """Whether the review's plan is small enough to download at once, made in the request
    (``FOLLOWTHROUGH_EXPORT_IN_REQUEST_ACTIONS`` actions or fewer; one query). A longer one is
    made by the worker (``plan_export_job_request``): its spreadsheet alone took 0.9 s for 300
    actions in the request (docs/benchmarks.md)."""
    return selectors.plan_action_count(review) <= settings.FOLLOWTHROUGH_EXPORT_IN_REQUEST_ACTIONS


def board_pack_export(
    *,
    partnership=None,
    review=None,
    since: dt.date,
    fmt: str,
    profile: Profile | str = Profile.INTERNAL,
    actor,
    via: str = "web",
    today: dt.date | None = None,
) -> ExportFile:
    """The board pack of a partnership, or of one review, in ``fmt`` (one of
    ``PACK_FORMATS``), counting changes since ``since``."""
    profile = Profile(profile)
    kind = PACK_FORMATS[fmt]
    today = today or timezone.localdate()
    pack = selectors.board_pack(
        partnership=partnership, review=review, since=since, today=today, profile=profile
    )
    content = kind.write(pack)
    target = review if review is not None else partnership
    with transaction.atomic():
        _audit(
            actor=actor,
            event_type=events.BOARD_PACK_EXPORTED,
            target=target,
            partnership=review.partnership if review is not None else partnership,
            summary=f"Board pack exported as {kind.label} (changes since {since:%-d %B %Y}), "
            f"{profile} profile",
            fmt=fmt,
            profile=profile,
            content=content,
            via=via,
            since=since.isoformat(),
        )
    slug = review_slug(review) if review is not None else slugify(partnership.name)[:60]
    suffix = "-public" if profile is Profile.PUBLIC else ""
    return ExportFile(
        content=content,
        content_type=kind.content_type,
        filename=f"{slug}-board-pack-{today.isoformat()}{suffix}.{fmt}",
    )


# Board packs made by the worker ------------------------------------------------------------

APPENDIX_LABEL = "Excel appendix"


class JobGone(Exception):
    """The export is no longer there to download: expired, or not made."""


def _pack_target(job: ExportJob):
    return job.review if job.review_id else job.partnership


def _pack_words(job: ExportJob) -> str:
    if job.kind == ExportJob.Kind.PLAN:
        return f"Action plan as {PLAN_FORMATS[job.fmt].label}, {job.profile} profile"
    kind = PACK_FORMATS[job.fmt]
    return (
        f"Board pack as {kind.label} (changes since {job.since:%-d %B %Y}), {job.profile} profile"
    )


@transaction.atomic
def export_job_request(
    *,
    partnership=None,
    review=None,
    since: dt.date,
    fmt: str,
    profile: Profile | str = Profile.INTERNAL,
    actor,
) -> ExportJob:
    """Ask for a board pack to be made by the worker (``exports.tasks``): the job, queued.
    ``ProfileRefused`` at once, and nothing queued, when the profile does not allow it (a
    public pack of reviews none of which is published)."""
    profile = Profile(profile)
    if fmt not in PACK_FORMATS:
        raise ValueError(f"no board pack format {fmt!r}")
    partnership, _reviews = selectors.pack_reviews(
        partnership=partnership, review=review, profile=profile
    )
    job = ExportJob.objects.create(
        requested_by=actor,
        partnership=partnership,
        review=review,
        fmt=fmt,
        profile=profile.value,
        since=since,
        progress="Waiting for the worker to start it",
    )
    audit_event_record(
        actor=actor,
        event_type=events.EXPORT_REQUESTED,
        target=job,
        partnership=partnership,
        summary=f"{_pack_words(job)} asked for",
        after={"format": fmt, "profile": profile.value, "since": since.isoformat()},
    )
    # The task is a row in the same database, written in the same transaction (as an upload's).
    from followthrough.exports.tasks import build_export

    build_export.enqueue(job.pk)
    return job


@transaction.atomic
def plan_export_job_request(
    *, review, fmt: str, profile: Profile | str = Profile.INTERNAL, actor
) -> ExportJob:
    """Ask the worker to make a long plan's download (``review_export_in_request`` is false):
    the job, queued, whose page offers the file when it is made. ``ProfileRefused`` at once,
    and nothing queued, when the profile does not allow it (a public export of an unpublished
    review), as the download made in the request says."""
    profile = Profile(profile)
    if fmt not in PLAN_FORMATS:
        raise ValueError(f"no action plan format {fmt!r}")
    if profile is Profile.PUBLIC and review.published_on is None:
        raise ProfileRefused(UNPUBLISHED)  # what the download made in the request says
    job = ExportJob.objects.create(
        requested_by=actor,
        kind=ExportJob.Kind.PLAN,
        partnership=review.partnership,
        review=review,
        fmt=fmt,
        profile=profile.value,
        since=None,
        progress="Waiting for the worker to start it",
    )
    audit_event_record(
        actor=actor,
        event_type=events.EXPORT_REQUESTED,
        target=job,
        partnership=review.partnership,
        summary=f"{_pack_words(job)} asked for",
        after={"format": fmt, "profile": profile.value, "kind": job.kind},
    )
    from followthrough.exports.tasks import build_export

    build_export.enqueue(job.pk)
    return job


def _plan_job_build(job: ExportJob, today: dt.date | None) -> ExportJob:
    """Make a plan's download, keep it in the storage and mark the job ready, audited as the
    download made in the request is (``REVIEW_EXPORTED``), with the job's number."""
    profile = Profile(job.profile)
    export_job_progress(job=job, text="Reading the plan and writing the file")
    file = _plan_file(job.review, fmt=job.fmt, profile=profile, today=today)
    job.file.save(file.filename, ContentFile(file.content), save=False)
    try:
        with transaction.atomic():
            done = ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING).update(
                status=ExportJob.Status.READY,
                progress="Ready",
                file=job.file.name,
                filename=file.filename,
                size=len(file.content),
                finished_at=timezone.now(),
            )
            if not done:
                raise JobGone("the job was no longer running")
            _audit(
                actor=job.requested_by,
                event_type=events.REVIEW_EXPORTED,
                target=job.review,
                partnership=job.partnership,
                summary=f"{_pack_words(job)} made",
                fmt=job.fmt,
                profile=profile,
                content=file.content,
                via="web, made by the worker",
                job=job.pk,
            )
    except BaseException:
        job.file.storage.delete(job.file.name)
        raise
    job.refresh_from_db()
    return job


def export_job_start(*, pk: int) -> ExportJob | None:
    """Claim a queued job: the job, now running, or None if it is not queued any more."""
    claimed = ExportJob.objects.filter(pk=pk, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, started_at=timezone.now(), progress="Started"
    )
    if not claimed:
        return None
    return ExportJob.objects.select_related("partnership", "review", "requested_by").get(pk=pk)


def export_job_progress(*, job: ExportJob, text: str) -> None:
    """Say how the job is going (what its page shows)."""
    ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING).update(progress=text)


def export_job_build(*, job: ExportJob, today: dt.date | None = None) -> ExportJob:
    """Make the pack and its appendix, keep them in the storage, and mark the job ready.
    Raises what making it raised (``PdfTooCostly``, ``ProfileRefused``...): the task says so
    with ``export_job_fail``. Reads outside any transaction, as ``board_pack_export``."""
    if job.kind == ExportJob.Kind.PLAN:
        return _plan_job_build(job, today)
    today = today or timezone.localdate()
    profile = Profile(job.profile)
    kind = PACK_FORMATS[job.fmt]
    scope = {"partnership": None if job.review_id else job.partnership, "review": job.review}
    export_job_progress(job=job, text="Reading the actions and what changed")
    pack = selectors.board_pack(since=job.since, today=today, profile=profile, **scope)
    export_job_progress(job=job, text=f"Writing the {kind.label} file and the Excel appendix")
    names = _pack_filenames(job, today)
    saved = []
    # The PDF is laid out in a child process (exports.pdf): the appendix is written from the
    # database meanwhile, so the two take the time of the longer rather than of both.
    with ThreadPoolExecutor(max_workers=1) as pool:
        written = pool.submit(kind.write, pack)
        try:
            _, reviews = selectors.pack_reviews(profile=profile, **scope)
            with tempfile.TemporaryFile() as out:
                appendix_writer.appendix_xlsx(
                    out,
                    title=pack.title,
                    profile=profile,
                    actions=selectors.appendix_actions(
                        reviews=reviews, today=today, profile=profile
                    ),
                    changes=selectors.appendix_changes(
                        reviews=reviews, since=job.since, profile=profile
                    ),
                    progress=lambda n: export_job_progress(
                        job=job, text=f"Writing the Excel appendix: {n:,} actions so far"
                    ),
                )
                appendix_size = out.tell()
                out.seek(0)
                job.appendix.save(names[1], File(out, name=names[1]), save=False)
                saved.append(job.appendix.name)
            content = written.result()
            job.file.save(names[0], ContentFile(content), save=False)
            saved.append(job.file.name)
            with transaction.atomic():
                done = ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING).update(
                    status=ExportJob.Status.READY,
                    progress="Ready",
                    file=job.file.name,
                    filename=names[0],
                    size=len(content),
                    appendix=job.appendix.name,
                    appendix_filename=names[1],
                    appendix_size=appendix_size,
                    finished_at=timezone.now(),
                )
                if not done:
                    raise JobGone("the job was no longer running")
                _audit(
                    actor=job.requested_by,
                    event_type=events.BOARD_PACK_EXPORTED,
                    target=_pack_target(job),
                    partnership=job.partnership,
                    summary=f"{_pack_words(job)} made, with its Excel appendix",
                    fmt=job.fmt,
                    profile=profile,
                    content=content,
                    via="web, made by the worker",
                    since=job.since.isoformat(),
                    job=job.pk,
                    appendix_bytes=appendix_size,
                )
        except BaseException:
            written.cancel()
            for name in saved:
                job.file.storage.delete(name)
            raise
    job.refresh_from_db()
    return job


def _pack_filenames(job: ExportJob, today: dt.date) -> tuple[str, str]:
    slug = review_slug(job.review) if job.review_id else slugify(job.partnership.name)[:60]
    suffix = "-public" if job.profile == Profile.PUBLIC else ""
    base = f"{slug}-board-pack-{today.isoformat()}{suffix}"
    return f"{base}.{job.fmt}", f"{base}-appendix.xlsx"


@transaction.atomic
def export_job_fail(*, job: ExportJob, message: str) -> None:
    """The job could not be made: ``message`` says why and what to do (no personal data)."""
    failed = ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING).update(
        status=ExportJob.Status.FAILED,
        progress="",
        message=message[:500],
        finished_at=timezone.now(),
    )
    if failed:
        audit_event_record(
            actor=None,
            event_type=events.EXPORT_FAILED,
            target=job,
            partnership=job.partnership,
            summary=f"{_pack_words(job)} could not be made",
        )


def export_job_download(*, job: ExportJob, part: str, actor):
    """The file of a ready job to send (``part``: "pack", which is a plan job's file too, or
    "appendix", which a plan job has not), opened, with the name
    to download it as and its type; the download is audited. ``JobGone`` if it is not there."""
    if job.status != ExportJob.Status.READY or (part != "pack" and not job.appendix):
        raise JobGone("not ready")
    field, name = (
        (job.file, job.filename) if part == "pack" else (job.appendix, job.appendix_filename)
    )
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise JobGone("the file is not in the storage") from None
    with transaction.atomic():
        audit_event_record(
            actor=actor,
            event_type=events.EXPORT_DOWNLOADED,
            target=job,
            partnership=job.partnership,
            summary=f"{_pack_words(job)} downloaded"
            + (f" ({APPENDIX_LABEL})" if part == "appendix" else ""),
            after={"part": part},
        )
    if part != "pack":
        content_type = XLSX_CONTENT_TYPE
    elif job.kind == ExportJob.Kind.PLAN:
        content_type = PLAN_FORMATS[job.fmt].content_type
    else:
        content_type = PACK_FORMATS[job.fmt].content_type
    return handle, name, content_type


def export_jobs_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the files of the jobs made more than ``FOLLOWTHROUGH_EXPORT_KEEP_HOURS`` ago (and
    of those that failed as long ago), each job marked expired and audited. Safe to run twice
    at once: each job is claimed with a conditional update. The number of jobs expired."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(hours=settings.FOLLOWTHROUGH_EXPORT_KEEP_HOURS)
    expired = 0
    for job in ExportJob.objects.filter(
        status__in=[ExportJob.Status.READY, ExportJob.Status.FAILED], finished_at__lt=cutoff
    ).select_related("partnership"):
        with transaction.atomic():
            claimed = ExportJob.objects.filter(pk=job.pk, status=job.status).update(
                status=ExportJob.Status.EXPIRED, file="", appendix="", progress=""
            )
            if not claimed:
                continue
            audit_event_record(
                actor=None,
                event_type=events.EXPORT_EXPIRED,
                target=job,
                partnership=job.partnership,
                summary=f"{_pack_words(job)}: files deleted after "
                f"{settings.FOLLOWTHROUGH_EXPORT_KEEP_HOURS} hours",
            )
        for name in (job.file.name, job.appendix.name):
            if name:
                job.file.storage.delete(name)
        expired += 1
    return expired
