"""Making an export: build the plan or the board pack, apply the profile, write the file, and
record who exported what with which profile (exports of personal data must be traceable).

The web views and ``followthrough export`` both call these, so both are audited the same way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from followthrough.audit import events
from followthrough.audit.services import audit_event_record
from followthrough.exports import pdf, selectors
from followthrough.exports.model import Profile
from followthrough.exports.profiles import ProfileRefused, apply_profile
from followthrough.exports.writers import board_pack as pack_writer
from followthrough.exports.writers import csv as csv_writer
from followthrough.exports.writers import docx as docx_writer
from followthrough.exports.writers import json as json_writer
from followthrough.exports.writers import xlsx as xlsx_writer

__all__ = [
    "PACK_FORMATS",
    "PLAN_FORMATS",
    "ExportFile",
    "ProfileRefused",
    "board_pack_export",
    "review_export",
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
    export = apply_profile(selectors.plan_export(review, today=today), profile)
    content = kind.write(export)
    with transaction.atomic():
        _audit(
            actor=actor,
            event_type=events.REVIEW_EXPORTED,
            target=review,
            partnership=review.partnership,
            summary=f"Action plan exported as {kind.label}, {profile} profile",
            fmt=fmt,
            profile=profile,
            content=content,
            via=via,
        )
    suffix = "-public" if profile is Profile.PUBLIC else ""
    return ExportFile(
        content=content,
        content_type=kind.content_type,
        filename=f"{review_slug(review)}-action-plan{suffix}.{fmt}",
    )


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
