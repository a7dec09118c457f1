"""The SMART checker run over a stored or pending plan, its findings attached for templates.

A stored plan's findings are kept with it (``PlanFindings``: one row per review, the report as
JSON beside the fingerprint of everything the check read: ``smart.fingerprint``). They are
worked out when the plan changes, not on every page:

- every service that changes what the checker reads (writing, importing or revising a plan;
  a delivery move that changes an action's status, outcome, completion or target date) calls
  ``findings_refresh(review=...)``, which checks the plan again once the transaction commits,
  once per review however many changes it made (a meeting deciding twenty actions of one plan
  checks it once); nothing is checked for a change that is rolled back;
- the pages (the plan, the write page, the hints beside the fields) read them through
  ``findings_for``, which loads the stored row and compares its fingerprint with that of the
  plan as stored now: a digest of the plan's rows read as plain values (``plan_rows_digest``:
  four queries, no objects built, so a page of a long plan need not load the rest of it), its
  date, the partners, today for an undated plan, and the checker's and the conversion's code.
  The same fingerprint means the same findings, so they are shown as stored; a different one
  (a change no service told of, such as an agency renamed or linked to the partnership, a row
  changed behind the services' back, or a new checker) or none at all, and the plan is
  checked once, there, and the result stored for the next page.

So a page shows exactly what checking its plan would show, and checks nothing while the plan is
unchanged. A plan still in the import preview is checked as it is shown (``findings_for_parsed``).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from followthrough import interchange
from followthrough.partnerships.models import Partnership
from followthrough.plans.conversion import plan_from_review
from followthrough.plans.models import (
    Action,
    ActionLead,
    Milestone,
    PlanFindings,
    Recommendation,
    Review,
)
from followthrough.smart import PlanReport, check_plan
from followthrough.smart.checker import checker_version


def plan_date(review: Review):
    """The date a target must not precede: publication, else the decision to review, else
    the notification. None when the review records none of them."""
    return review.published_on or review.decided_on or review.notified_on


def partners_of(partnership: Partnership) -> set[str]:
    """The names a lead may give for a partner of the partnership (one query)."""
    partners = {partnership.name}
    for name, short_name in partnership.agencies.values_list("name", "short_name"):
        partners.update(n for n in (name, short_name) if n)
    return partners


def _summary(report: PlanReport) -> dict:
    return {
        "problem_count": report.problem_count,
        "warning_count": report.warning_count,
        "plan_level": report.findings,
    }


@functools.cache
def _conversion_version() -> str:
    """A digest of the code that turns the stored rows into the plan the checker reads (the
    conversion, the statuses' mapping, the models' partial dates): rows digested under other
    code may make another plan."""
    from followthrough.plans import conversion, lifecycle, models

    digest = hashlib.sha256()
    for module in (conversion, lifecycle, models):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


def plan_rows_digest(review: Review) -> str:
    """A digest of every stored value ``plan_from_review`` reads to make the review's plan: the
    review's own (the plan made with no recommendations), then each recommendation's, action's,
    lead's (with its agency's name) and milestone's, in order, with their parents' ids and
    their orders, read as plain rows in four queries (no objects built). The same rows make
    the same plan, so this stands for the plan in the fingerprint at a fraction of the cost of
    loading it."""
    recommendations = (
        Recommendation.objects.filter(review=review)
        .order_by("order", "pk")
        .values_list("pk", "order", "number", "theme_heading", "scope", "area", "text")
    )
    actions = (
        Action.objects.filter(recommendation__review=review)
        .order_by("recommendation_id", "order", "pk")
        .values_list(
            "recommendation_id",
            "pk",
            "order",
            "text",
            "target_date",
            "target_date_precision",
            "target_date_text",
            "completed_on",
            "completed_on_precision",
            "outcome",
            "status",
            "measure",
        )
    )
    leads = (
        ActionLead.objects.filter(action__recommendation__review=review)
        .order_by("action_id", "order", "pk")
        .values_list("action_id", "pk", "order", "person_name", "role", "agency__name")
    )
    milestones = (
        Milestone.objects.filter(action__recommendation__review=review)
        .order_by("action_id", "order", "pk")
        .values_list(
            "action_id",
            "pk",
            "order",
            "number",
            "text",
            "target_date",
            "target_date_precision",
            "target_date_text",
        )
    )
    digest = hashlib.sha256(_conversion_version().encode())
    digest.update(repr(plan_from_review(review, [])).encode())
    for rows in (recommendations, actions, leads, milestones):
        digest.update(b"\x01")
        for row in rows:
            digest.update(repr(row).encode())
    return digest.hexdigest()


def plan_report(review: Review, recommendations: list[Recommendation] | None = None) -> PlanReport:
    """The findings of a stored plan: those stored, when they are of this very plan (the same
    fingerprint); otherwise the plan checked now, and stored. The fingerprint is that of the
    plan's stored rows (``plan_rows_digest``), its date, the partners, today for an undated
    plan and the checker, so a page need not load the whole plan to know its findings are
    current. ``recommendations`` (from ``selectors.review_plan``) are loaded here when the plan
    must be checked and were not given. Six queries (the plan's rows, the partners, the stored
    findings) when they are stored; loading and storing them when not."""
    from followthrough.plans.selectors import review_plan

    start = plan_date(review)
    partners = partners_of(review.partnership)
    today = dt.date.today()  # read only by a plan with no date (far-off dates)
    digest = hashlib.sha256(
        "\x00".join(
            [
                checker_version(),
                plan_rows_digest(review),
                repr(start),
                repr(sorted(partners)),
                repr(today) if start is None else "",
            ]
        ).encode()
    ).hexdigest()
    stored = PlanFindings.objects.filter(review=review).values_list("fingerprint", "report").first()
    if stored is not None and stored[0] == digest:
        return PlanReport.from_dict(stored[1])
    if recommendations is None:
        recommendations = review_plan(review)
    report = check_plan(
        plan_from_review(review, recommendations), plan_date=start, partners=partners, today=today
    )
    # One statement that inserts or replaces the row, so two pages (or a page and a service)
    # storing at the same moment both succeed; whichever is last, a page that loads a plan
    # other than the one stored checks it again.
    PlanFindings.objects.bulk_create(
        [
            PlanFindings(
                review=review,
                fingerprint=digest,
                report=report.to_dict(),
                checked_at=timezone.now(),
            )
        ],
        update_conflicts=True,
        unique_fields=["review"],
        update_fields=["fingerprint", "report", "checked_at"],
    )
    return report


def findings_for(
    review: Review,
    recommendations: list[Recommendation],
    positions: list[int] | None = None,
) -> dict:
    """A stored plan's findings (``plan_report``), set as ``smart_findings`` on each
    recommendation and action. ``recommendations`` are the whole plan, or some of it (a page
    of the plan page) with ``positions``: the place of each in the plan. A constant number of
    queries whatever the size of the plan."""
    whole = positions is None
    report = plan_report(review, recommendations if whole else None)
    if whole:
        positions = list(range(len(recommendations)))
    placed = [
        (rec, report.recommendations[position])
        for rec, position in zip(recommendations, positions, strict=True)
        if position < len(report.recommendations)
    ]
    if len(placed) != len(recommendations) or any(
        len(rec.actions.all()) != len(rec_report.actions) for rec, rec_report in placed
    ):
        # The plan changed between the page's reads of it (another person's edit at that very
        # moment): its findings are those of the plan as it is now, found by id.
        from followthrough.plans.selectors import review_plan

        current = review_plan(review)
        report = plan_report(review, current)
        by_id = dict(zip((rec.pk for rec in current), report.recommendations, strict=True))
        for rec in recommendations:
            rec_report = by_id.get(rec.pk)
            actions = {
                action.pk: action_report.findings
                for action, action_report in zip(
                    next((r for r in current if r.pk == rec.pk), rec).actions.all(),
                    rec_report.actions if rec_report else [],
                    strict=False,
                )
            }
            rec.smart_findings = rec_report.findings if rec_report else []
            for action in rec.actions.all():
                action.smart_findings = actions.get(action.pk, [])
        return _summary(report)
    for rec, rec_report in placed:
        rec.smart_findings = rec_report.findings
        for action, action_report in zip(rec.actions.all(), rec_report.actions, strict=True):
            action.smart_findings = action_report.findings
    return _summary(report)


class _Refresh:
    """The work ``findings_refresh`` leaves until the commit: check one review's plan again."""

    def __init__(self, review_id: int) -> None:
        self.review_id = review_id

    def __call__(self) -> None:
        from followthrough.plans.selectors import review_plan

        review = Review.objects.select_related("partnership").filter(pk=self.review_id).first()
        if review is not None:  # deleted by the same transaction
            plan_report(review, review_plan(review))

    def __repr__(self) -> str:  # what a failure logs: ids only
        return f"<SMART findings of review {self.review_id}>"


def findings_refresh(*, review: Review) -> None:
    """Check the review's plan again and store its findings once the current transaction
    commits (at once outside one): called by every service that changes what the checker reads.
    Asked again for the same review in the same transaction, it does nothing more. A failure
    is logged and undoes nothing (the change is saved): the next page checks the plan itself."""
    connection = transaction.get_connection()
    # Django keeps the callbacks waiting for the commit (dropping those of a savepoint rolled
    # back) as (savepoint ids, callback, robust) in ``run_on_commit``.
    waiting = (entry[1] for entry in connection.run_on_commit)
    if any(isinstance(work, _Refresh) and work.review_id == review.pk for work in waiting):
        return
    transaction.on_commit(_Refresh(review.pk), robust=True)


def findings_for_parsed(plan: interchange.ActionPlan) -> dict:
    """Check a plan still in the import preview, setting ``smart_findings`` on its
    recommendations and actions as ``findings_for`` does for a stored one. Leads are not
    checked against the partners: saving the import makes every agency it names a partner."""
    report = check_plan(plan)
    for rec, rec_report in zip(plan.recommendations, report.recommendations, strict=True):
        rec.smart_findings = rec_report.findings
        for action, action_report in zip(rec.actions, rec_report.actions, strict=True):
            action.smart_findings = action_report.findings
    return _summary(report)
