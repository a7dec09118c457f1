"""Personal API tokens and the per-token request counter behind the rate limit."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import models


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token. Only the SHA-256 of its secret is kept: the secret is shown once,
    when it is made. It acts as its user, with the user's roles as they are at each request,
    and reads only (``read``) or reads and writes (``write``). It stops at its expiry, when
    revoked, and while its user is deactivated."""

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Read and write"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, to recognise it.")
    scope = models.CharField(max_length=5, choices=Scope.choices, default=Scope.READ)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the secret (after the prefix), to tell tokens apart on the page.
    hint = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_on = models.DateField(help_text="The token stops working at the end of this day.")
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"API token #{self.pk} of user #{self.user_id} ({self.scope})"

    def is_live(self, today: dt.date) -> bool:
        return self.revoked_at is None and today <= self.expires_on

    @property
    def may_write(self) -> bool:
        return self.scope == self.Scope.WRITE


class ApiRequestCount(models.Model):
    """How many requests one token made in one minute: raised by a conditional update, so the
    limit holds across every process serving the API."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="request_counts")
    minute = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "minute"], name="api_request_count_once"),
        ]

    def __str__(self) -> str:
        return f"{self.count} request(s) of token #{self.token_id} at {self.minute:%H:%M}"
