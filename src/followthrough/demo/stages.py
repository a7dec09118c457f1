"""Demo data for stages (called by loader.demo_load): reviews of the demo partnership at
several stages of their lifecycle, dated from today so that their clocks always read the same
way: one late against its clock (decided eight months ago, its report not completed), one
returned by quality assurance and resubmitted, one closed, one just begun. Invented reviews,
pseudonyms only."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from followthrough.plans.models import Review
from followthrough.plans.services import review_create
from followthrough.stages.services import stage_record

# (type, title, pseudonym, reference, [(stage, days ago, outcome)])
REVIEWS = [
    (
        "DHR",
        "Domestic Homicide Review into the death of Adult D",
        "Adult D",
        "DEMO-DHR-D",
        [("notification", 270, ""), ("decision", 245, ""), ("home_office_told", 238, ""),
         ("panel", 200, "")],
    ),
    (
        "DARDR",
        "Domestic Abuse Related Death Review into the death of Adult E",
        "Adult E",
        "DEMO-DARDR-E",
        [("notification", 700, ""), ("decision", 680, ""), ("home_office_told", 675, ""),
         ("panel", 650, ""), ("report_completed", 500, ""), ("qa_submitted", 480, ""),
         ("qa_outcome", 400, "returned"), ("qa_submitted", 330, ""),
         ("qa_outcome", 250, "approved")],
    ),
    (
        "SAR",
        "Safeguarding Adults Review: Adult F",
        "Adult F",
        "DEMO-SAR-F",
        [("referral", 900, ""), ("decision", 880, ""), ("review", 700, ""),
         ("annual_report", 600, ""), ("closure", 400, "")],
    ),
    (
        "CSPR",
        "Child Safeguarding Practice Review: Child G",
        "Child G",
        "DEMO-CSPR-G",
        [("incident_known", 3, "")],
    ),
]  # fmt: skip


def stages_demo_load(*, users) -> None:
    """Add this area's demo records; safe to run again (nothing is added twice)."""
    coordinator = users["coordinator"]
    partnership = coordinator.memberships.order_by("pk").first().partnership
    today = timezone.localdate()
    for review_type, title, pseudonym, reference, stages in REVIEWS:
        if Review.objects.filter(partnership=partnership, title=title).exists():
            continue
        with transaction.atomic():
            review = review_create(
                partnership=partnership,
                actor=coordinator,
                review_type=review_type,
                title=title,
                subject_pseudonym=pseudonym,
                reference=reference,
            )
            for stage, days_ago, outcome in stages:
                review.refresh_from_db()
                stage_record(
                    review=review,
                    stage=stage,
                    on=today - dt.timedelta(days=days_ago),
                    outcome=outcome,
                    actor=coordinator,
                    expected_version=review.version,
                    today=today,
                )
