"""Delivery of actions: progress updates with evidence, sign-off decisions, revised dates."""

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from followthrough.delivery.evidence import EXTENSIONS, TYPES, download_name
from followthrough.interchange import PartialDate
from followthrough.plans.models import PrecisionChoices, partial_date


class ProgressUpdate(models.Model):
    """A dated note from an agency lead (or the coordinator) on how an action is going."""

    action = models.ForeignKey(
        "plans.Action", on_delete=models.CASCADE, related_name="progress_updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="progress_updates"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    narrative = models.TextField()
    status = models.CharField(max_length=30, help_text="The action's status after this update.")
    marks_completed = models.BooleanField(
        default=False, help_text="This update marked the action completed, for sign-off."
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        # An action's last update read from the index, newest first, with no sort: the
        # dashboards, My actions and the reminders ask it of every action they show
        # (delivery.selectors.last_update_at; docs/benchmarks.md has the EXPLAIN).
        indexes = [
            models.Index(fields=["action", "created_at", "id"], name="delivery_update_latest")
        ]

    def __str__(self) -> str:
        return f"Update on action #{self.action_id} at {self.created_at:%Y-%m-%d}"


def evidence_path(instance, filename: str) -> str:
    """A random name, with the extension of the type found in the file's content (the
    service saves it as "evidence.<extension>"). The name the person gave is kept in the
    database to show, never on disk."""
    extension = filename.rpartition(".")[2].lower() if "." in filename else ""
    suffix = f".{extension}" if extension in EXTENSIONS else ""
    return f"evidence/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    """A file that evidences progress or completion, checked by opening it
    (``delivery.evidence``). Served only through a permission-checked view, as an attachment,
    with the type found from its content. ``original_name`` is the name the person gave,
    cleaned to show (``evidence.display_name``)."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    action = models.ForeignKey("plans.Action", on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.original_name

    @property
    def download_name(self) -> str:
        """The name to download as: the name shown, with the extension of its real type."""
        kind = next((t for t in TYPES.values() if t.content_type == self.content_type), None)
        return download_name(self.original_name, kind) if kind else f"evidence-{self.pk}"


class SignOffDecision(models.Model):
    class Decision(models.TextChoices):
        SIGNED_OFF = "signed_off", "Signed off"
        CLOSED = "closed", "Closure accepted"
        RETURNED = "returned", "Returned to the lead"

    action = models.ForeignKey(
        "plans.Action", on_delete=models.CASCADE, related_name="sign_off_decisions"
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    meeting_date = models.DateField(null=True, blank=True)
    minutes_reference = models.CharField(max_length=100, blank=True)
    comment = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_at", "-id"]
        # An action's last return at sign-off, read as its last update is (above).
        indexes = [
            models.Index(fields=["action", "decided_at", "id"], name="delivery_decision_latest")
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} (action #{self.action_id})"


class TargetDateRevision(models.Model):
    """A proposed new target date: it needs a reason, and a coordinator's approval."""

    class State(models.TextChoices):
        PENDING = "pending", "Awaiting approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Not approved"

    action = models.ForeignKey(
        "plans.Action", on_delete=models.CASCADE, related_name="date_revisions"
    )
    previous_date = models.DateField(null=True, blank=True)
    previous_date_precision = models.CharField(
        max_length=5, choices=PrecisionChoices.choices, default=PrecisionChoices.DAY
    )
    proposed_date = models.DateField()
    proposed_date_precision = models.CharField(
        max_length=5, choices=PrecisionChoices.choices, default=PrecisionChoices.DAY
    )
    reason = models.TextField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["action"],
                condition=models.Q(state="pending"),
                name="one_pending_revision_per_action",
            ),
        ]

    def __str__(self) -> str:
        return f"Revised date for action #{self.action_id}: {self.get_state_display()}"

    @property
    def previous(self) -> PartialDate | None:
        return partial_date(self.previous_date, self.previous_date_precision)

    @property
    def proposed(self) -> PartialDate | None:
        return partial_date(self.proposed_date, self.proposed_date_precision)


class ActionComment(models.Model):
    """A message on an action's thread, between its leads and the partnership (coordinators,
    board members). Kept as it was written: a comment is never changed or deleted, so the
    thread stays a record of what was said. Internal: no public export carries it."""

    action = models.ForeignKey("plans.Action", on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment on action #{self.action_id} at {self.created_at:%Y-%m-%d}"
