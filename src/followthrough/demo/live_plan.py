"""A second demo review, written in the app and under way, so that the dashboards, reminders
and board pack have something to show. Invented throughout; dates count from today, so some
actions are always overdue, some due soon and one waiting for sign-off."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from followthrough.delivery import services as delivery
from followthrough.interchange import PartialDate
from followthrough.partnerships.services import agency_get_or_create_for_partnership
from followthrough.plans import services as plans
from followthrough.plans.models import Review

REFERENCE = "SL-DARDR-2025-01"
TITLE = "Domestic Abuse Related Death Review into the death of Adult M"

# (recommendation, scope, theme, [(action, lead agency, lead name, role, days from today to the
#  target date, what has happened: "on_track", "at_risk", "overdue", "completed", "not_started",
#  and, where the plan says, how the partnership will know it worked)])
PLAN = [
    (
        "CADAS will introduce routine enquiry about domestic abuse at every substance misuse "
        "assessment, and report the rate of enquiry to the CSP board each quarter.",
        "local",
        "Professional curiosity and routine enquiry",
        [
            (
                "Add a routine enquiry question to the CADAS assessment form",
                "CADAS",
                "Sam Rowe",
                "Service Manager",
                -20,
                "overdue",
            ),
            (
                "Train all CADAS assessors in routine enquiry and safe follow-up",
                "CADAS",
                "Sam Rowe",
                "Service Manager",
                12,
                "at_risk",
                "Audit of 20 assessments shows the routine enquiry asked in at least 90%",
            ),
        ],
    ),
    (
        "Cumbria Police will flag repeat callers at the same address to the MARAC coordinator "
        "within 24 hours.",
        "regional",
        "Multi-agency working (MARAC, MAPPA, MASH)",
        [
            (
                "Configure the call-handling system to flag third repeat calls",
                "Cumbria Police",
                "Jordan Pike",
                "Inspector",
                75,
                "on_track",
                "MARAC coordinator notified within 24 hours for every flagged address in a "
                "quarter's audit",
            ),
            (
                "Audit 50 flagged calls and report the findings to the board",
                "Cumbria Police",
                "Jordan Pike",
                "Inspector",
                160,
                "not_started",
            ),
        ],
    ),
    (
        "GP services will record coercive control concerns with the agreed SNOMED code so that "
        "practices can audit follow-up.",
        "local",
        "Health services (GP, acute, maternity)",
        [
            (
                "Issue the coding guidance to all South Lakeland practices",
                "GP services",
                "Dr Ash Lee",
                "Safeguarding Lead GP",
                -5,
                "completed",
                "Coding audit: coercive control concerns coded in all 14 practices",
            )
        ],
    ),
]


# The themes of each recommendation above beside the one its heading names.
MORE_THEMES = [
    ["Substance misuse", "Training and awareness (professionals)"],
    ["Criminal justice (police, CPS, courts, probation)", "Risk assessment and management"],
    ["Coercive control and economic abuse", "Record keeping and IT systems"],
]


def _partial(days: int) -> PartialDate:
    day = dt.date.today() + dt.timedelta(days=days)
    return PartialDate(day.year, day.month, day.day)


@transaction.atomic
def live_plan_load(*, partnership, coordinator, lead_for) -> Review:
    """Write the review through the same services a coordinator and the leads use."""
    existing = Review.objects.filter(partnership=partnership, reference=REFERENCE).first()
    if existing:
        return existing
    review = plans.review_create(
        partnership=partnership,
        actor=coordinator,
        review_type="DARDR",
        title=TITLE,
        subject_pseudonym="Adult M",
        reference=REFERENCE,
        decided_on=dt.date.today() - dt.timedelta(days=400),
    )
    for (text, scope, theme, actions), more_themes in zip(PLAN, MORE_THEMES, strict=True):
        rec = plans.recommendation_create(
            review=review,
            actor=coordinator,
            text=text,
            scope=scope,
            theme_heading=theme,
            area="",
            number="",
        )
        rec = plans.recommendation_themes_set(
            recommendation=rec, themes=[theme, *more_themes], actor=coordinator
        )
        for action_text, agency_name, person, role, days, state, *measure in actions:
            agency = agency_get_or_create_for_partnership(
                name=agency_name, partnership=partnership, actor=coordinator
            )
            action = plans.action_create(
                recommendation=rec,
                text=action_text,
                target_date=_partial(days),
                measure=measure[0] if measure else "",
                actor=coordinator,
            )
            plans.action_lead_add(
                action=action, agency=agency, person_name=person, role=role, actor=coordinator
            )
            plans.milestone_create(
                action=action,
                text="Plan agreed with the lead agency",
                target_date=_partial(days - 60),
                number=1,
                actor=coordinator,
            )
            plans.milestone_create(
                action=action,
                text="Change in place and evidenced",
                target_date=_partial(days),
                number=2,
                actor=coordinator,
            )
            _progress(action, state, lead_for(agency_name) or coordinator)
    plans.plan_agree(review=review, actor=coordinator)
    return review


def _progress(action, state: str, actor) -> None:
    if state == "not_started":
        return
    action.refresh_from_db()
    if state == "completed":
        delivery.action_mark_completed(
            action=action,
            actor=actor,
            expected_version=action.version,
            outcome="Guidance issued to all 14 practices; coding audit due next quarter.",
            completed_on=dt.date.today() - dt.timedelta(days=7),
        )
        return
    status = {"on_track": "on_track", "at_risk": "at_risk", "overdue": "on_track"}[state]
    narrative = {
        "on_track": "Work is under way with the system supplier.",
        "at_risk": "Two trainers are off sick; sessions may slip.",
        "overdue": "Form redesign waiting for the clinical governance group.",
    }[state]
    delivery.progress_update_add(
        action=action,
        actor=actor,
        expected_version=action.version,
        narrative=narrative,
        status=status,
    )
