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
  plan the page has loaded. The same fingerprint means the same findings, so they are shown as
  stored; a different one (a change no service told of, such as an agency renamed or linked
  to the partnership, or a new checker) or none at all, and the plan is checked once, there,
  and the result stored for the next page.

So a page shows exactly what checking its plan would show, and checks nothing while the plan is
unchanged. A plan still in the import preview is checked as it is shown (``findings_for_parsed``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from followthrough import interchange
from followthrough.partnerships.models import Partnership
from followthrough.plans.conversion import plan_from_review
from followthrough.plans.models import PlanFindings, Recommendation, Review
from followthrough.smart import PlanReport, check_plan, fingerprint


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


def plan_report(review: Review, recommendations: list[Recommendation]) -> PlanReport:
    """The findings of a stored plan: those stored, when they are of this very plan (the same
    fingerprint); otherwise the plan checked now, and stored. ``recommendations`` come from
    ``selectors.review_plan``. Two queries (the partners, the stored findings) when they are
    stored, one more to store them."""
    inputs = {
        "plan": plan_from_review(review, recommendations),
        "plan_date": plan_date(review),
        "partners": partners_of(review.partnership),
        "today": dt.date.today(),  # read only by a plan with no date (far-off dates)
    }
    digest = fingerprint(**inputs)
    stored = PlanFindings.objects.filter(review=review).values_list("fingerprint", "report").first()
    if stored is not None and stored[0] == digest:
        return PlanReport.from_dict(stored[1])
    report = check_plan(**inputs)
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


def findings_for(review: Review, recommendations: list[Recommendation]) -> dict:
    """A stored plan's findings (``plan_report``), set as ``smart_findings`` on each
    recommendation and action. A constant number of queries whatever the size of the plan."""
    report = plan_report(review, recommendations)
    for rec, rec_report in zip(recommendations, report.recommendations, strict=True):
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
