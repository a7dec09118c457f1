import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords


class Partnership(models.Model):
    """A Community Safety Partnership, or a safeguarding board: the body that owns reviews."""

    name = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="partnership_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    """An organisation that leads actions: police force, NHS trust, council service, charity.
    One agency may serve several partnerships."""

    class Sector(models.TextChoices):
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        PROBATION = "probation", "Probation"
        HOUSING = "housing", "Housing"
        EDUCATION = "education", "Education"
        SPECIALIST = "specialist", "Specialist domestic abuse service"
        VOLUNTARY = "voluntary", "Voluntary and community sector"
        PARTNERSHIP = "partnership", "Partnership or board"
        NATIONAL = "national", "Government department or national body"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    sector = models.CharField(max_length=20, choices=Sector.choices, default=Sector.OTHER)
    partnerships = models.ManyToManyField(Partnership, related_name="agencies", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(Lower("name"), name="agency_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "Coordinator"
    PANEL_CHAIR = "panel_chair", "Panel chair"
    AGENCY_LEAD = "agency_lead", "Agency lead"
    BOARD_MEMBER = "board_member", "Board member"
    VIEWER = "viewer", "Viewer"


class Membership(models.Model):
    """A user's place in a partnership: a role, and for agency leads the agency they speak for.

    The partnership decides its memberships: a lead reaches the actions their agency leads only
    in the partnerships that made them a lead for it (partnerships/selectors.lead_agencies)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    # Raised by every change made on a page (plans.concurrency.claim): a stale page is refused.
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership__name", "role"]
        constraints = [
            # One of each role in a partnership; a lead may lead for several agencies there.
            models.UniqueConstraint(
                fields=["user", "partnership", "role"],
                condition=models.Q(agency__isnull=True),
                name="membership_one_role_per_partnership",
            ),
            models.UniqueConstraint(
                fields=["user", "partnership", "role", "agency"],
                condition=models.Q(agency__isnull=False),
                name="membership_one_role_per_partnership_and_agency",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="agency_lead") | models.Q(agency__isnull=False),
                name="membership_agency_lead_has_agency",
            ),
        ]

    def __str__(self) -> str:
        agency = f" for {self.agency}" if self.agency_id else ""
        return f"{self.user} - {self.get_role_display()} of {self.partnership}{agency}"

    @property
    def role_display(self) -> str:
        role = self.get_role_display()
        return f"{role} for {self.agency.name}" if self.agency_id else role


class AgencyAlias(models.Model):
    """Another name an agency goes by: the names of an agency merged into it, kept so that a
    plan that writes them still finds the agency on import (selectors.agency_matches)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agency aliases"
        constraints = [
            models.UniqueConstraint(Lower("name"), name="agency_alias_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (now {self.agency})"


class Invitation(models.Model):
    """A person asked by e-mail to join a partnership with a role (and, for an agency lead, the
    agency they lead for). The link carries a random token; only its SHA-256 is kept, so the
    database alone cannot be used to accept it. It works once, until ``expires_at``, and not
    after it is withdrawn; resending makes a new token and the old link stops working."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting"
        EXPIRED = "expired", "Expired"
        ACCEPTED = "accepted", "Accepted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(max_length=254)
    role = models.CharField(max_length=20, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField()
    send_count = models.PositiveSmallIntegerField(default=1)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_accepted",
        help_text="The account that accepted it.",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="agency_lead") | models.Q(agency__isnull=False),
                name="invitation_agency_lead_has_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation #{self.pk} to {self.partnership} as {self.get_role_display()}"

    def state(self, now: dt.datetime) -> str:
        if self.accepted_at is not None:
            return self.State.ACCEPTED
        if self.withdrawn_at is not None:
            return self.State.WITHDRAWN
        if self.expires_at <= now:
            return self.State.EXPIRED
        return self.State.PENDING

    @property
    def role_display(self) -> str:
        role = self.get_role_display()
        return f"{role} for {self.agency.name}" if self.agency_id else role
