from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class NationalAccess(models.Model):
    """A person's national role: they see the pooled, anonymised figures of every partnership
    and the published reviews behind them, for a national body (the Domestic Abuse
    Commissioner's Office, the Home Office, a regional lead). It gives no membership of any
    partnership: every partnership page stays closed to them.

    Granted and revoked by the site administrator through ``services`` (audited); a revoked
    access keeps its row (``revoked_at``) and the row's history keeps every grant before."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="national_access"
    )
    body = models.CharField(
        max_length=200,
        help_text="Whom they see the figures for: the Domestic Abuse Commissioner's Office, "
        "the Home Office, a regional lead for the North West.",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField()
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-granted_at", "-id"]
        verbose_name = "national access"
        verbose_name_plural = "national access"

    def __str__(self) -> str:
        state = "revoked" if self.revoked_at else "active"
        return f"National access for {self.user} ({self.body}, {state})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
