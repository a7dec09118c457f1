"""Reminder digests sent and calendar feeds handed out."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models


class ReminderDigest(models.Model):
    """One reminder e-mail to one person on one day. The row is created before the mail is
    sent and is unique per person and day, so that of two runs at once only one sends."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_digests"
    )
    sent_on = models.DateField(help_text="The day the reminders were run for.")
    created_at = models.DateTimeField(auto_now_add=True)
    item_count = models.PositiveIntegerField(
        default=0, help_text="How many actions the digest listed (never what they were)."
    )

    class Meta:
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "sent_on"], name="one_reminder_digest_per_user_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder digest for user #{self.user_id} on {self.sent_on:%Y-%m-%d}"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    """A private calendar link. Only the SHA-256 of its token is kept: the link itself is
    shown once, when it is made. A user has at most one live link; revoking it stops it at
    once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_live_calendar_feed_per_user",
            ),
        ]

    def __str__(self) -> str:
        state = "revoked" if self.revoked_at else "live"
        return f"Calendar feed #{self.pk} of user #{self.user_id} ({state})"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None
