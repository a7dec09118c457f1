"""Exports: the seed review, a plan written in the app and under way, and helpers to read the
files back.

PDF tests need WeasyPrint's system libraries (Pango). Outside CI they skip when it cannot load
them; with CI=true they fail instead, so CI can never pass without making a PDF.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re

import pytest

from followthrough.delivery import services as delivery
from followthrough.interchange import PartialDate
from tests.factories import (
    ActionFactory,
    ActionLeadFactory,
    AgencyFactory,
    MembershipFactory,
    MilestoneFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)

TODAY = dt.date.today()


@pytest.fixture
def pdf_available():
    try:
        import weasyprint  # noqa: F401
    except OSError as exc:
        reason = f"WeasyPrint cannot load its system libraries (Pango): {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must make PDFs (.ci/run installs Pango)")
        pytest.skip(reason)


def pdf_text(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def normalised(value):
    """Text with its whitespace made single spaces, all through a plan's dict."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, dict):
        return {k: normalised(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalised(v) for v in value]
    return value


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def published_review(seed_review):
    seed_review.published_on = dt.date(2014, 9, 30)
    seed_review.published_on_precision = "month"
    seed_review.save()
    return seed_review


@pytest.fixture
def live(db):
    """A review written in the app and under way: numbered recommendations, leads with names
    and roles, day-precision dates, one action overdue, one at risk, one completed and signed
    off, one with its target date revised."""
    review = ReviewFactory(
        title="Domestic Abuse Related Death Review into the death of Adult K",
        review_type="DARDR",
        subject_pseudonym="Adult K",
        reference="NM-DARDR-2025-02",
        partnership__name="Northmoor CSP",
    )
    partnership = review.partnership
    police = AgencyFactory(name="Northmoor Police")
    health = AgencyFactory(name="Northmoor NHS Foundation Trust")
    police.partnerships.add(partnership)
    health.partnerships.add(partnership)
    coordinator = UserFactory(username="nm-coordinator", first_name="Robin", last_name="Marsh")
    MembershipFactory(user=coordinator, partnership=partnership, role="coordinator")
    lead = UserFactory(username="nm-police-lead", first_name="Kit", last_name="Moss")
    MembershipFactory(user=lead, partnership=partnership, role="agency_lead", agency=police)

    rec1 = RecommendationFactory(
        review=review,
        number="1",
        theme_heading="Risk assessment and management",
        scope="local",
        area="Northmoor",
        text="Northmoor Police will complete a DASH risk assessment at every domestic abuse "
        "incident and audit completion each quarter.",
        order=1,
    )
    overdue = ActionFactory(
        recommendation=rec1,
        text="Audit DASH completion in 60 incidents",
        target_date=TODAY - dt.timedelta(days=20),
        target_date_precision="day",
        status="on_track",
        order=1,
    )
    ActionLeadFactory(action=overdue, agency=police, person_name="Kit Moss", role="Inspector")
    MilestoneFactory(
        action=overdue,
        number=1,
        text="Audit tool agreed",
        target_date=TODAY - dt.timedelta(days=80),
        target_date_precision="day",
        order=1,
    )
    MilestoneFactory(
        action=overdue,
        number=2,
        text="Audit completed",
        target_date=TODAY - dt.timedelta(days=20),
        target_date_precision="day",
        order=2,
    )
    at_risk = ActionFactory(
        recommendation=rec1,
        text="Train response officers in the DASH questions",
        target_date=dt.date(TODAY.year + 1, 3, 31),
        target_date_precision="month",
        status="at_risk",
        order=2,
    )
    ActionLeadFactory(action=at_risk, agency=police, person_name="Kit Moss", role="Inspector")

    rec2 = RecommendationFactory(
        review=review,
        number="2",
        theme_heading="Health services (GP, acute, maternity)",
        scope="regional",
        area="Westshire wide",
        text="Northmoor NHS Foundation Trust will ask about domestic abuse at every maternity "
        "booking appointment.",
        order=2,
    )
    done = ActionFactory(
        recommendation=rec2,
        text="Add the routine enquiry question to the booking template",
        target_date=TODAY + dt.timedelta(days=40),
        target_date_precision="day",
        status="on_track",
        order=1,
    )
    ActionLeadFactory(action=done, agency=health, person_name="Dr Ana Silva", role="Named Midwife")
    revised = ActionFactory(
        recommendation=rec2,
        text="Report the enquiry rate to the CSP board",
        target_date=dt.date(TODAY.year + 1, 6, 30),
        target_date_precision="month",
        status="on_track",
        order=2,
    )
    ActionLeadFactory(action=revised, agency=health, person_name="", role="")
    return {
        "review": review,
        "partnership": partnership,
        "coordinator": coordinator,
        "lead": lead,
        "overdue": overdue,
        "at_risk": at_risk,
        "done": done,
        "revised": revised,
        "police": police,
    }


def deliver(live) -> dict:
    """What happens at and since the last board: a progress update, a completion signed off,
    a revised target date approved."""
    coordinator, lead = live["coordinator"], live["lead"]
    overdue = live["overdue"]
    update = delivery.progress_update_add(
        action=overdue,
        actor=lead,
        expected_version=overdue.version,
        narrative="Forty of the sixty incidents audited; the rest by the end of the month.",
        status="on_track",
    )
    done = live["done"]
    delivery.action_mark_completed(
        action=done,
        actor=coordinator,
        expected_version=done.version,
        outcome="Question live in the booking template from 1 March.",
        completed_on=TODAY - dt.timedelta(days=2),
    )
    done.refresh_from_db()
    delivery.action_sign_off(
        action=done,
        actor=coordinator,
        expected_version=done.version,
        meeting_date=TODAY - dt.timedelta(days=1),
        minutes_reference="7.3",
        comment="Evidence seen by the board.",
    )
    revised = live["revised"]
    revision = delivery.target_date_revision_propose(
        action=revised,
        actor=coordinator,
        proposed=PartialDate(TODAY.year + 1, 12),
        reason="Waiting for the new maternity system.",
    )
    delivery.target_date_revision_decide(revision=revision, actor=coordinator, approve=True)
    for name in ("overdue", "done", "revised"):
        live[name].refresh_from_db()
    return {"update": update}
