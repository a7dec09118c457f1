"""A review's stages as recorded: each stage's date in each round, and each due date moved.

Which stages a review type has, their order and their clocks are data
(``followthrough.clocks``, the stages file); these rows hold only what happened. The dates
the review's details page also shows (notified, decided, sent for and approved by quality
assurance, published) are kept in step with the review's own fields by the services
(``stages.services``, and ``plans.services.authoring.review_update``): one truth, two pages.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class StageEntry(models.Model):
    """A stage of a review done on a day, in a round (1, or 2 and on after quality assurance
    returned the report), with its outcome where the stage has outcomes."""

    review = models.ForeignKey(
        "plans.Review", on_delete=models.CASCADE, related_name="stage_entries"
    )
    stage = models.CharField(max_length=40)
    round = models.PositiveSmallIntegerField(default=1)
    on = models.DateField()
    outcome = models.CharField(max_length=40, blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Raised by every change, so that an edit made on a stale page is refused
    # (plans/concurrency.py).
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "stage entry"
        verbose_name_plural = "stage entries"
        ordering = ["review_id", "round", "on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "stage", "round"], name="stage_entry_once_per_round"
            ),
            models.CheckConstraint(condition=models.Q(round__gte=1), name="stage_entry_round"),
        ]

    def __str__(self) -> str:
        return f"{self.stage} (round {self.round}) on {self.on.isoformat()}"


class StageExtension(models.Model):
    """A stage's due date moved, with the reason. The latest for a stage and round counts;
    the earlier ones are kept."""

    review = models.ForeignKey(
        "plans.Review", on_delete=models.CASCADE, related_name="stage_extensions"
    )
    stage = models.CharField(max_length=40)
    round = models.PositiveSmallIntegerField(default=1)
    due_on = models.DateField()
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "stage extension"
        ordering = ["review_id", "round", "recorded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(round__gte=1), name="stage_extension_round"),
        ]

    def __str__(self) -> str:
        return f"{self.stage} (round {self.round}) due {self.due_on.isoformat()}"
