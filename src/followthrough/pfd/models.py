"""Prevention of Future Deaths reports: each addressee of a coroner's report, with its own
56-day clock and its response.

A PFD is a ``plans.Review`` of type PFD; its matters of concern are the review's
``Recommendation`` rows (shown as "Concerns"), and the actions a response promises are the
plan's ``Action`` rows, tracked like any other. What is PFD's own is here: who the report was
sent to, when, any extension the coroner granted, and when and how each one answered.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from simple_history.models import HistoricalRecords


class Addressee(models.Model):
    review = models.ForeignKey(
        "plans.Review", on_delete=models.CASCADE, related_name="pfd_addressees"
    )
    name = models.CharField(
        max_length=300, help_text="As the coroner wrote it: a post, an organisation, or both."
    )
    # The partnership's agency, when the addressee is one of its partners: the actions its
    # response promises are led by it.
    agency = models.ForeignKey(
        "partnerships.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pfd_addressees",
    )
    order = models.PositiveSmallIntegerField()
    sent_on = models.DateField(
        "date of the report", help_text="The date of the report: the 56 days run from it."
    )
    # An extension the coroner granted: the new due date, why, and when it was granted.
    extended_to = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    extension_granted_on = models.DateField(null=True, blank=True)
    response_on = models.DateField("response sent on", null=True, blank=True)
    response_summary = models.TextField(blank=True)
    # The plan's actions this addressee's response promised (created with it).
    promised_actions = models.ManyToManyField(
        "plans.Action", blank=True, related_name="pfd_promised_by"
    )
    # Raised by every change, so that an edit made on a stale page is refused (concurrency.py).
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review_id", "order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(extended_to__isnull=True) | ~models.Q(extension_reason=""),
                name="pfd_addressee_extension_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def due_on(self, within) -> dt.date:
        """The day the response is due: the extension's date, else ``within`` (the PFD
        response stage's period, ``clocks.rules.Period``) after the report's date."""
        return self.extended_to or within.after(self.sent_on)

    @property
    def has_responded(self) -> bool:
        return self.response_on is not None
