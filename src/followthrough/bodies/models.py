"""National bodies, the people who act for them, and the recommendations addressed to them.

A recommendation of any partnership's review may be addressed to a national body (the Home
Office, DHSC, NHS England...). The body's users see every recommendation addressed to it,
acknowledge it and respond; the response shows on the plan where it was made. A body that has
not responded within its response period is overdue, to both sides.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

DEFAULT_RESPONSE_DAYS = 56


def default_response_days() -> int:
    """The response period of a body that sets none (FOLLOWTHROUGH_NATIONAL_RESPONSE_DAYS:
    56 days unless set, the period a coroner gives for a response to a Regulation 28 report,
    the one statutory period for a national body's answer in this field)."""
    return getattr(settings, "FOLLOWTHROUGH_NATIONAL_RESPONSE_DAYS", DEFAULT_RESPONSE_DAYS)


class NationalBody(models.Model):
    """A government department or national body a review may address a recommendation to.
    Added by the site administrator in the Django admin; the six most addressed are seeded."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True, help_text="As in 'DHSC'.")
    takes_article = models.BooleanField(
        "written with 'the'",
        default=True,
        help_text="Ticked: 'addressed to the Home Office'. Not ticked: 'addressed to NHS England'.",
    )
    aliases = models.TextField(
        blank=True,
        help_text="Other names to recognise it by in a recommendation's text, one a line "
        "(for example 'Department of Health'). A short one (five characters or fewer, like "
        "'DHSC') must match its capitals.",
    )
    response_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Days it has to respond to a recommendation addressed to it. Empty: the "
        "site's default (FOLLOWTHROUGH_NATIONAL_RESPONSE_DAYS).",
    )
    active = models.BooleanField(
        default=True, help_text="Not active: recommendations can no longer be addressed to it."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "national body"
        verbose_name_plural = "national bodies"

    def __str__(self) -> str:
        return self.name

    @property
    def in_sentence(self) -> str:
        """'the Home Office', 'NHS England'."""
        return f"the {self.name}" if self.takes_article else self.name

    @property
    def period_days(self) -> int:
        return self.response_days or default_response_days()

    @property
    def names(self) -> list[str]:
        """Every name it is known by: its name, short name and aliases."""
        names = [self.name, self.short_name, *self.aliases.splitlines()]
        return [n.strip() for n in names if n and n.strip()]


class BodyMembership(models.Model):
    """A user who acts for a national body: they see and answer what is addressed to it, and
    nothing of any partnership. Granted and revoked by the site administrator through
    ``services`` (audited); a revoked membership keeps its row and history."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="body_membership"
    )
    body = models.ForeignKey(NationalBody, on_delete=models.PROTECT, related_name="memberships")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField()
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-granted_at", "-id"]
        verbose_name = "national body user"
        verbose_name_plural = "national body users"

    def __str__(self) -> str:
        state = "revoked" if self.revoked_at else "active"
        return f"{self.user} for {self.body} ({state})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Response(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    ACCEPTED_IN_PART = "accepted_in_part", "Accepted in part"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


# Responses that must give their reasons.
REASONS_REQUIRED = frozenset({Response.ACCEPTED_IN_PART, Response.NOT_ACCEPTED})


class Addressing(models.Model):
    """A recommendation addressed to a national body, and the body's answer: acknowledged,
    then a response with its date (and reasons, for anything but 'accepted')."""

    recommendation = models.ForeignKey(
        "plans.Recommendation", on_delete=models.CASCADE, related_name="addressings"
    )
    body = models.ForeignKey(NationalBody, on_delete=models.PROTECT, related_name="addressings")
    addressed_at = models.DateTimeField()
    addressed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The day a response is due: the day addressed plus the body's period at that time (a
    # clock does not move when the period is changed later).
    due_on = models.DateField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    response = models.CharField(max_length=20, choices=Response.choices, blank=True)
    reasons = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Raised by every change, so that an answer given on a stale page is refused.
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-addressed_at", "-id"]
        verbose_name = "recommendation addressed to a national body"
        verbose_name_plural = "recommendations addressed to national bodies"
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "body"], name="addressing_once_per_body"
            ),
            models.CheckConstraint(
                condition=models.Q(response="") | models.Q(responded_on__isnull=False),
                name="addressing_response_has_its_date",
            ),
        ]
        indexes = [models.Index(fields=["body", "due_on"], name="addressing_body_due")]

    def __str__(self) -> str:
        return f"Recommendation {self.recommendation_id} addressed to {self.body_id}"

    @property
    def responded(self) -> bool:
        return bool(self.response)

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None

    def overdue_days(self, today: dt.date) -> int:
        """Days past its due date without a response (0: not overdue)."""
        if self.responded or today <= self.due_on:
            return 0
        return (today - self.due_on).days

    def state(self, today: dt.date) -> str:
        """One of the register's states: a response, else overdue, acknowledged or new."""
        if self.responded:
            return self.response
        if self.overdue_days(today):
            return "overdue"
        return "acknowledged" if self.acknowledged else "awaiting"
