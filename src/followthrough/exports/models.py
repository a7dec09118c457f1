"""An export made in the background: a board pack (and its Excel appendix) asked for on a page,
or the download of a long action plan (more than ``FOLLOWTHROUGH_EXPORT_IN_REQUEST_ACTIONS``
actions), built by the worker (``exports.tasks``), and downloaded by whoever asked for it.

The files are kept in Django's default storage (under ``MEDIA_ROOT``, as evidence files are),
where the web server's processes and the worker both reach them, under a random name that is
never shown, and are deleted ``FOLLOWTHROUGH_EXPORT_KEEP_HOURS`` after they were made
(``services.export_jobs_purge``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


def export_path(job: ExportJob, filename: str) -> str:
    """A random name under exports/: the name to download as is kept apart (``filename``)."""
    extension = filename.rpartition(".")[2].lower()
    return f"exports/{uuid.uuid4().hex}.{extension}"


class ExportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be made"
        EXPIRED = "expired", "Deleted after its time"

    class Kind(models.TextChoices):
        BOARD_PACK = "board_pack", "Board pack"
        PLAN = "plan", "Action plan"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.BOARD_PACK)
    # The partnership is always set: the permission to download is checked against it (or
    # against the review, for a review's pack) at every download.
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="export_jobs"
    )
    review = models.ForeignKey(
        "plans.Review", null=True, blank=True, on_delete=models.CASCADE, related_name="export_jobs"
    )
    fmt = models.CharField("format", max_length=10)
    profile = models.CharField(max_length=10)
    since = models.DateField(null=True, blank=True)  # a board pack's; none for a plan
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.CharField(max_length=200, blank=True, default="")
    message = models.CharField(max_length=500, blank=True, default="")
    file = models.FileField(upload_to=export_path, blank=True, max_length=200)
    filename = models.CharField(max_length=200, blank=True, default="")
    size = models.PositiveBigIntegerField(null=True, blank=True)
    appendix = models.FileField(upload_to=export_path, blank=True, max_length=200)
    appendix_filename = models.CharField(max_length=200, blank=True, default="")
    appendix_size = models.PositiveBigIntegerField(null=True, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["status", "finished_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_waiting(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}
