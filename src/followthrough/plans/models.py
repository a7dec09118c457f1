"""Reviews and their action plans: single-row truth and small derived properties.

Dates that plans write at month or year precision ("July 2014") are stored as their due date
(the last day of the period) with the precision beside it, so "overdue" is a plain date
comparison in SQL and the date still displays as the plan wrote it.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Case, CharField, Q, Value, When
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from followthrough.interchange import PartialDate, Precision
from followthrough.plans import lifecycle
from followthrough.plans.lifecycle import ActionStatus
from followthrough.plans.rag import rag_of


class PrecisionChoices(models.TextChoices):
    YEAR = Precision.YEAR.value, "Year"
    MONTH = Precision.MONTH.value, "Month"
    DAY = Precision.DAY.value, "Day"


def partial_date(due_on: dt.date | None, precision: str) -> PartialDate | None:
    return PartialDate.from_due_date(due_on, precision) if due_on else None


class Theme(models.Model):
    """One entry of the fixed theme vocabulary used to pool learning across reviews.
    Loaded by a data migration; see docs/domain.md."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


def _saved(name: str, save_kwargs: dict) -> bool:
    """Whether a ``save`` called with ``save_kwargs`` writes the field ``name``."""
    fields = save_kwargs.get("update_fields")
    return fields is None or name in fields or f"{name}_id" in fields


class ReviewType(models.TextChoices):
    DHR = "DHR", "Domestic Homicide Review"
    DARDR = "DARDR", "Domestic Abuse Related Death Review"
    SAR = "SAR", "Safeguarding Adults Review"
    CSPR = "CSPR", "Child Safeguarding Practice Review"
    PFD = "PFD", "Prevention of Future Deaths report"
    INQUIRY = "inquiry", "Inquiry"
    OTHER = "other", "Other review"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AGREED = "agreed", "Agreed"


class Review(models.Model):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="reviews"
    )
    review_type = models.CharField(max_length=10, choices=ReviewType.choices)
    title = models.CharField(max_length=300)
    subject_pseudonym = models.CharField(
        max_length=100,
        blank=True,
        help_text="The pseudonym agreed with the family. Never a real name.",
    )
    reference = models.CharField(max_length=60, blank=True)
    preamble = models.TextField(blank=True)
    notified_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    qa_submitted_on = models.DateField("submitted for Home Office QA on", null=True, blank=True)
    qa_approved_on = models.DateField("approved by Home Office QA on", null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    published_on_precision = models.CharField(
        max_length=5, choices=PrecisionChoices.choices, default=PrecisionChoices.DAY
    )
    retention_until = models.DateField(
        null=True,
        blank=True,
        help_text="Set by the data controller: when this review's records are due for deletion.",
    )
    plan_status = models.CharField(
        max_length=10,
        choices=PlanStatus.choices,
        default=PlanStatus.DRAFT,
        help_text="A draft plan is written freely; once agreed, target dates change only "
        "through the revised-date flow and every structural change is recorded.",
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Raised by every change, so that an edit made on a stale page is refused (concurrency.py).
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                "partnership",
                Lower("reference"),
                condition=~models.Q(reference=""),
                name="review_reference_unique_in_partnership",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        """Saves the review; moved to another partnership (possible in the admin), it carries
        its actions' ``Action.partnership`` with it."""
        loaded = getattr(self, "_loaded_partnership_id", None)
        super().save(*args, **kwargs)
        if _saved("partnership", kwargs) and loaded is not None and loaded != self.partnership_id:
            Action.objects.filter(recommendation__review=self).update(
                partnership_id=self.partnership_id
            )
        self._loaded_partnership_id = self.partnership_id

    @classmethod
    def from_db(cls, db, field_names, values):
        review = super().from_db(db, field_names, values)
        review._loaded_partnership_id = review.__dict__.get("partnership_id")
        return review

    @property
    def published(self) -> PartialDate | None:
        return partial_date(self.published_on, self.published_on_precision)

    @property
    def is_agreed(self) -> bool:
        return self.plan_status == PlanStatus.AGREED


class ImportSourceQuerySet(models.QuerySet):
    def without_content(self):
        return self.defer("content")


class ImportSource(models.Model):
    """The document a review's plan was imported from, kept with its SHA-256 so that importing
    the same document twice is noticed."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="import_source")
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="import_sources"
    )
    sha256 = models.CharField(max_length=64)
    filename = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    # Kept in the database so that a failed import leaves nothing behind (files are not
    # transactional). Uploads are capped by FOLLOWTHROUGH_MAX_UPLOAD_BYTES.
    content = models.BinaryField(editable=False)
    imported_at = models.DateTimeField(auto_now_add=True)

    objects = ImportSourceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "sha256"], name="import_source_once_per_partnership"
            ),
        ]

    def __str__(self) -> str:
        return self.filename


class Scope(models.TextChoices):
    LOCAL = "local", "Local"
    REGIONAL = "regional", "Regional"
    NATIONAL = "national", "National"


class Recommendation(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    number = models.CharField(max_length=20, blank=True, help_text="As printed: '1', '3.2', 'R4'.")
    theme_heading = models.CharField(
        max_length=200, blank=True, help_text="The heading the plan groups it under."
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="recommendations")
    scope = models.CharField(max_length=10, choices=Scope.choices, blank=True)
    area = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    order = models.PositiveIntegerField()
    # Raised by every change, so that an edit made on a stale page is refused (concurrency.py).
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        # By the parent's id, never through the parent's fields: a default ordering that named
        # the parent ("review") sorted by its ordering, joining up the tree on every read
        # (Action, ActionLead and Milestone likewise; docs/benchmarks.md has the EXPLAIN).
        ordering = ["review_id", "order"]

    def __str__(self) -> str:
        label = f"Recommendation {self.number}" if self.number else f"Recommendation {self.order}"
        return label

    def save(self, *args, **kwargs):
        """Saves the recommendation; moved to another review (possible in the admin), it
        carries its actions' ``Action.partnership`` to that review's partnership."""
        loaded = getattr(self, "_loaded_review_id", None)
        super().save(*args, **kwargs)
        if _saved("review", kwargs) and loaded is not None and loaded != self.review_id:
            partnership_id = Review.objects.values_list("partnership_id", flat=True).get(
                pk=self.review_id
            )
            self.actions.update(partnership_id=partnership_id)
        self._loaded_review_id = self.review_id

    @classmethod
    def from_db(cls, db, field_names, values):
        recommendation = super().from_db(db, field_names, values)
        recommendation._loaded_review_id = recommendation.__dict__.get("review_id")
        return recommendation


def partnership_id_of_recommendation(recommendation_id: int, cached=None) -> int:
    """The id of the partnership a recommendation's actions belong to: from its review when
    that is already loaded (``cached``, the recommendation), else read in one query."""
    if cached is not None and "review" in cached._state.fields_cache:
        return cached.review.partnership_id
    return Recommendation.objects.values_list("review__partnership_id", flat=True).get(
        pk=recommendation_id
    )


class ActionState(models.TextChoices):
    """Where an action stands today, computed from status, dates and completion."""

    COMPLETED = "completed", "Completed"
    AWAITING_DECISION = "awaiting_decision", "Closure proposed"
    CLOSED = "closed", "Closed"
    OVERDUE = "overdue", "Overdue"
    DUE_SOON = "due_soon", "Due soon"
    OPEN = "open", "Open"
    NO_DATE = "no_date", "No target date"


class Action(models.Model):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="actions"
    )
    # The partnership of the action's review (recommendation.review.partnership), kept on the
    # action so that a partnership's actions are counted and listed from one indexed column
    # instead of through recommendation and review (docs/architecture.md). Filled by ``save``
    # when missing or when the action moves to another recommendation, and carried along when
    # a recommendation or review moves; permission decisions still go by the tree.
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.PROTECT,
        related_name="actions",
        editable=False,
        db_index=False,  # the indexes below lead with it
    )
    text = models.TextField()
    target_date = models.DateField(
        null=True, blank=True, help_text="The due date: the end of the period the plan gave."
    )
    target_date_precision = models.CharField(
        max_length=5, choices=PrecisionChoices.choices, default=PrecisionChoices.DAY
    )
    target_date_text = models.CharField(
        max_length=100,
        blank=True,
        help_text="The target as the plan wrote it, where the date alone does not say it all "
        "('Spring 2015', 'ongoing', 'TBC').",
    )
    completed_on = models.DateField(null=True, blank=True)
    completed_on_precision = models.CharField(
        max_length=5, choices=PrecisionChoices.choices, default=PrecisionChoices.DAY
    )
    outcome = models.TextField(blank=True)
    # How the plan says success will be measured: planned, never a result (that is outcome).
    measure = models.TextField(
        "measure of success",
        blank=True,
        default="",
        help_text="How you will know this action worked, as the plan states it.",
    )
    status = models.CharField(
        max_length=30, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    # While the status is "closure proposed": the ending the lead proposed, for the
    # partnership to accept or return (plans.lifecycle).
    proposed_closure = models.CharField(
        max_length=30,
        choices=[(s.value, s.label) for s in lifecycle.CLOSING],
        blank=True,
        default="",
    )
    # Kept from the first approved revision on: the date the plan first agreed.
    original_target_date = models.DateField(null=True, blank=True)
    original_target_date_precision = models.CharField(
        max_length=5, choices=PrecisionChoices.choices, default=PrecisionChoices.DAY
    )
    target_date_revisions = models.PositiveSmallIntegerField(
        default=0, help_text="How many times the target date has been revised."
    )
    # Raised by every change, authoring and delivery alike, so that an edit made on a stale
    # page is refused instead of overwriting someone else's change (concurrency.py).
    version = models.PositiveIntegerField(default=1)
    order = models.PositiveIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation_id", "order"]
        indexes = [
            # The dashboards' reads: a partnership's actions by target date, and by status.
            models.Index(fields=["partnership", "target_date"], name="action_partnership_target"),
            models.Index(fields=["partnership", "status"], name="action_partnership_status"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args, **kwargs):
        """Saves the action, first setting ``partnership`` from its recommendation's review
        when it is missing or the action has moved to another recommendation."""
        loaded = getattr(self, "_loaded_recommendation_id", None)
        moved = loaded is not None and loaded != self.recommendation_id
        if self.partnership_id is None or moved:
            cached = self._state.fields_cache.get("recommendation")
            self.partnership_id = partnership_id_of_recommendation(self.recommendation_id, cached)
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and moved:
                kwargs["update_fields"] = {*update_fields, "partnership"}
        super().save(*args, **kwargs)
        self._loaded_recommendation_id = self.recommendation_id

    @classmethod
    def from_db(cls, db, field_names, values):
        action = super().from_db(db, field_names, values)
        action._loaded_recommendation_id = action.__dict__.get("recommendation_id")
        return action

    @property
    def original_target(self) -> PartialDate | None:
        return partial_date(self.original_target_date, self.original_target_date_precision)

    def rag(self, today: dt.date, due_soon_days: int = 30):
        return rag_of(self, today, due_soon_days)

    @property
    def target(self) -> PartialDate | None:
        return partial_date(self.target_date, self.target_date_precision)

    @property
    def completed(self) -> PartialDate | None:
        return partial_date(self.completed_on, self.completed_on_precision)

    @property
    def is_open(self) -> bool:
        return lifecycle.is_open(self.status, self.completed_on)

    @property
    def is_finished(self) -> bool:
        """Ended, one way or another (a proposed closure is not, until it is accepted)."""
        return not self.is_open and self.status != ActionStatus.CLOSURE_PROPOSED

    def state(self, today: dt.date, due_soon_days: int = 30) -> ActionState:
        """Where the action stands today: the one rule, for pages, reminders and exports."""
        if lifecycle.is_done(self.status, self.completed_on):
            return ActionState.COMPLETED
        if self.status == ActionStatus.CLOSURE_PROPOSED:
            return ActionState.AWAITING_DECISION
        if not self.is_open:
            return ActionState.CLOSED
        if self.target_date is None:
            return ActionState.NO_DATE
        if self.target_date < today:
            return ActionState.OVERDUE
        if (self.target_date - today).days <= due_soon_days:
            return ActionState.DUE_SOON
        return ActionState.OPEN

    def standing(self, today: dt.date, due_soon_days: int = 30) -> tuple[str, str, str]:
        """Where the action stands, once: (tag colour, label, the sentence that explains it),
        so that a page never shows "Overdue", "On track" and "Red" side by side unexplained."""
        state = self.state(today, due_soon_days)
        status = self.get_status_display().lower()
        target = self.target.display() if self.target else ""
        if self.status == ActionStatus.COMPLETED:
            return (
                "blue",
                "Awaiting sign-off",
                (
                    "Its lead marked it completed; the partnership has still to sign it off or "
                    "return it."
                ),
            )
        if state == ActionState.AWAITING_DECISION:
            ending = lifecycle.label(self.proposed_closure).lower() or "closed"
            return (
                "purple",
                "Closure proposed",
                (
                    f"Its lead proposed closing it as {ending}; the partnership has still to "
                    "accept or return that."
                ),
            )
        if self.status == ActionStatus.SIGNED_OFF:
            return "green", "Signed off", "Completed and signed off by the partnership."
        if state == ActionState.COMPLETED:
            if self.status == ActionStatus.ALREADY_IN_PLACE:
                return "green", "Already in place", "The partnership agreed it was already done."
            return "green", "Completed", "The plan records it as completed."
        if state == ActionState.CLOSED:
            return (
                "grey",
                self.get_status_display(),
                ("The partnership closed it without its being completed as planned."),
            )
        if state == ActionState.OVERDUE:
            days = (today - self.target_date).days
            return (
                "red",
                "Overdue",
                (
                    f"Its target date, {target}, passed {days} day{'s' if days != 1 else ''} ago; "
                    f"its lead last recorded it as {status}."
                ),
            )
        if state == ActionState.DUE_SOON:
            return "yellow", "Due soon", f"Due by {target}; its lead records it as {status}."
        if state == ActionState.NO_DATE:
            return (
                "orange",
                "No target date",
                (f"It has no target date to be measured against; its lead records it as {status}."),
            )
        return "turquoise", status.capitalize(), f"Due by {target}."


def state_q(state: ActionState, today: dt.date, due_soon_days: int = 30, prefix: str = "") -> Q:
    """The SQL twin of ``Action.state``: the actions whose state today is ``state`` (with
    ``prefix``, the rows that reach such an action through it). The states exclude each other,
    as the method's order makes them (``tests/plans/test_sql_twins.py`` checks they agree)."""
    p = prefix
    still_open = lifecycle.open_q(p)
    if state == ActionState.COMPLETED:
        return lifecycle.done_q(p)
    if state == ActionState.AWAITING_DECISION:
        return Q(**{f"{p}status": ActionStatus.CLOSURE_PROPOSED})
    if state == ActionState.CLOSED:
        return lifecycle.closed_q(p)
    if state == ActionState.NO_DATE:
        return still_open & Q(**{f"{p}target_date__isnull": True})
    if state == ActionState.OVERDUE:
        return still_open & Q(**{f"{p}target_date__lt": today})
    soon = today + dt.timedelta(days=due_soon_days)
    if state == ActionState.DUE_SOON:
        return still_open & Q(**{f"{p}target_date__gte": today, f"{p}target_date__lte": soon})
    return still_open & Q(**{f"{p}target_date__gt": soon})


def state_case(today: dt.date, due_soon_days: int = 30, prefix: str = "") -> Case:
    """``Action.state`` as an SQL expression (its value an ``ActionState``), to group by."""
    return Case(
        *(When(state_q(s, today, due_soon_days, prefix), then=Value(s.value)) for s in ActionState),
        output_field=CharField(),
    )


class ActionLead(models.Model):
    """Who leads an action: an agency, and where the plan names them a person and a role."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="leads")
    agency = models.ForeignKey(
        "partnerships.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_leads",
    )
    person_name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True)
    order = models.PositiveSmallIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["action_id", "order"]

    def __str__(self) -> str:
        parts = [self.person_name, self.role]
        who = " - ".join(p for p in parts if p)
        if self.agency_id:
            return f"{who} ({self.agency})" if who else str(self.agency)
        return who or "(no lead)"


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField()
    target_date = models.DateField(null=True, blank=True)
    target_date_precision = models.CharField(
        max_length=5, choices=PrecisionChoices.choices, default=PrecisionChoices.DAY
    )
    target_date_text = models.CharField(max_length=100, blank=True)
    done_on = models.DateField(null=True, blank=True)
    order = models.PositiveSmallIntegerField()
    # Raised by every change, so that an edit made on a stale page is refused (concurrency.py).
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["action_id", "order"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def target(self) -> PartialDate | None:
        return partial_date(self.target_date, self.target_date_precision)

    @property
    def due_on(self) -> dt.date | None:
        return self.target_date


class PlanFindings(models.Model):
    """The SMART findings of a review's plan as last checked (``plans/smart.py``), with the
    fingerprint of everything the check read. Derived, never edited: the services that change a
    plan check it again once they commit, and a page shows these findings only while the plan
    it loaded has the same fingerprint (otherwise it checks the plan once and stores them)."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="stored_findings")
    fingerprint = models.CharField(max_length=64)  # smart.fingerprint: SHA-256, hex
    report = models.JSONField()  # smart.PlanReport.to_dict(): the findings by position
    checked_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"SMART findings of review {self.review_id}"
