"""Reading an evidence file is recorded: evidence holds special category data, so who opened
which file, and when, is in the audit trail (by the evidence's id, never its name).

Kept beside ``delivery/services.py``, whose services write progress and its evidence."""

from __future__ import annotations

from django.core.files import File
from django.db import transaction

from followthrough.audit import events
from followthrough.audit.services import audit_event_record
from followthrough.delivery.models import Evidence


class EvidenceMissing(Exception):
    """The record is there but its file is not (a database restored without its files)."""


def evidence_download(*, evidence: Evidence, actor) -> File:
    """The evidence's file, open for reading, once the download is recorded."""
    try:
        file = evidence.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise EvidenceMissing(
            "This evidence file is missing from the server's file storage: ask the site "
            "administrator to restore it from the last backup."
        ) from None
    try:
        with transaction.atomic():
            audit_event_record(
                actor=actor,
                event_type=events.EVIDENCE_DOWNLOADED,
                target=evidence,
                partnership=evidence.action.recommendation.review.partnership,
                summary=f"Evidence #{evidence.pk} downloaded",
                after={
                    "evidence": evidence.pk,
                    "action": evidence.action_id,
                    "content_type": evidence.content_type,
                    "sha256": evidence.sha256,
                },
            )
    except BaseException:
        file.close()
        raise
    return file
