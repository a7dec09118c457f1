"""``check_plan``: run every rule over a plan and collect the findings by position.
``fingerprint``: what a check of the same plan would read, as one digest."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Collection
from importlib import resources

from followthrough.interchange import ActionPlan
from followthrough.smart.agencies import Partners
from followthrough.smart.findings import (
    ActionReport,
    Finding,
    PlanReport,
    RecommendationReport,
)
from followthrough.smart.rules import (
    ACTION,
    PLAN,
    RECOMMENDATION,
    RULES,
    Context,
    Site,
    named_agencies,
)
from followthrough.smart.vocabulary import Vocabulary, default_vocabulary, phrase_regex


def check_plan(
    plan: ActionPlan,
    *,
    plan_date: dt.date | None = None,
    partners: Collection[str] | None = None,
    today: dt.date | None = None,
    vocabulary: Vocabulary | None = None,
) -> PlanReport:
    """Check a plan against the SMART rules.

    ``plan_date`` defaults to the start of ``plan.review.published_on``; when neither is known
    there is no "target date before the plan" check, and far-off dates are counted from
    ``today`` (default: the real today). ``partners`` are the names (and short names) of the
    partnership's agencies, the partnership itself counting as one; without them, leads are
    not checked against the partnership.
    """
    vocab = vocabulary or default_vocabulary()
    ctx = _context(plan, vocab, plan_date=plan_date, partners=partners, today=today)

    def run(target: str, item, site: Site) -> list[Finding]:
        return [
            Finding(rule.letter, rule.severity, rule.code, hit.message, hit.suggestion)
            for rule in RULES
            if target in rule.applies_to and (hit := rule.check(item, ctx, site)) is not None
        ]

    return PlanReport(
        findings=run(PLAN, plan, Site()),
        recommendations=[
            RecommendationReport(
                findings=run(RECOMMENDATION, rec, Site(r)),
                actions=[
                    ActionReport(run(ACTION, action, Site(r, a)))
                    for a, action in enumerate(rec.actions)
                ],
            )
            for r, rec in enumerate(plan.recommendations)
        ],
    )


def fingerprint(
    plan: ActionPlan,
    *,
    plan_date: dt.date | None = None,
    partners: Collection[str] | None = None,
    today: dt.date | None = None,
) -> str:
    """A digest of everything ``check_plan`` with these arguments reads: the plan, its date,
    the partners, today (only where the plan has no date, the one case a rule counts from
    today), and the checker itself (its code and word lists, and the interchange dataclasses).
    The same fingerprint means the same findings, so findings stored with it can be shown
    instead of checking the plan again."""
    start = _plan_date(plan, plan_date)
    inputs = [
        checker_version(),
        repr(plan),
        repr(start),
        repr(sorted(set(partners))) if partners is not None else "no partners",
        repr(today or dt.date.today()) if start is None else "",
    ]
    return hashlib.sha256("\x00".join(inputs).encode()).hexdigest()


@functools.cache
def checker_version() -> str:
    """A digest of the checker's code and word lists and of the dataclasses it reads: findings
    stored under another version are stale."""
    digest = hashlib.sha256()
    for package in ("followthrough.smart", "followthrough.interchange"):
        files = sorted(resources.files(package).iterdir(), key=lambda f: f.name)
        for file in files:
            if file.name.endswith((".py", ".toml")):
                digest.update(f"{package}/{file.name}\x00".encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


def _plan_date(plan: ActionPlan, plan_date: dt.date | None) -> dt.date | None:
    if plan_date is None and plan.review.published_on is not None:
        published = plan.review.published_on
        plan_date = dt.date(published.year, published.month or 1, published.day or 1)
    return plan_date


def _context(plan, vocab, *, plan_date, partners, today) -> Context:
    plan_date = _plan_date(plan, plan_date)
    if partners is not None and plan.review.partnership:
        partners = [*partners, plan.review.partnership]
    partner_set = Partners(partners) if partners is not None else None
    known = {a for action in plan.actions() for a in named_agencies(action.leads, vocab)}
    known |= set(partners or ())
    # "Northvale NHS Trust (NNT)" names the agency twice.
    names = {part.strip(" )") for name in known for part in name.split("(")} - {""}
    return Context(
        plan=plan,
        vocab=vocab,
        today=today or dt.date.today(),
        plan_date=plan_date,
        partners=partner_set,
        known_agencies=phrase_regex(sorted(names)) if names else None,
    )
