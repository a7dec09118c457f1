"""Demo data for pfd (called by loader.demo_load): a coroner's report to prevent future deaths
sent to two addressees, a partner agency that responded with two promised actions and NHS
England, whose response is late. Invented; the deceased is named only in the report's text,
which is read as an import reads it, so the name is left out of everything saved."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from followthrough.interchange import PartialDate
from followthrough.parsing.pfd import read_pfd_report
from followthrough.partnerships.models import Agency, Partnership
from followthrough.partnerships.services import agency_get_or_create_for_partnership
from followthrough.pfd import services
from followthrough.plans.models import Review, ReviewType
from followthrough.plans.services import recommendation_themes_set, review_update

PARTNERSHIP = "South Lakeland CSP"
TRUST = "Lakeland Hospitals NHS Foundation Trust"
REPORT_DAYS_AGO = 70  # the responses were due 56 days on: 14 days ago
# The pseudonym the partnership agreed with the family, added after the import (which keeps
# no name at all), as on every demo review.
PSEUDONYM = "Mrs Heron"
THEMES = [
    ["Health services (GP, acute, maternity)", "Policies and procedures"],
    ["Health services (GP, acute, maternity)", "Information sharing"],
    ["National policy and legislation", "Health services (GP, acute, maternity)"],
]

REPORT = """REGULATION 28 REPORT TO PREVENT FUTURE DEATHS

THIS REPORT IS BEING SENT TO:
1. Chief Executive, Lakeland Hospitals NHS Foundation Trust
2. NHS England

1 CORONER
I am Alder Quince, Area Coroner for the coroner area of Cumbria

3 INVESTIGATION and INQUEST
I commenced an investigation into the death of Morwen Tally, aged 71.

5 CORONER'S CONCERNS
The MATTERS OF CONCERN are as follows:
(1) The hospital had no written guidance on how often patients at high risk of falls should be
observed at night, and Mrs Tally's observations were not recorded.
(2) Nurses were not told at handover that a patient had already fallen on the ward.
(3) There is no national standard for the number of staff needed to observe patients at high
risk of falls at night.

7 YOUR RESPONSE
You are under a duty to respond to this report within 56 days of the date of this report,
namely by {due}.

9 Date {date}
"""


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


@transaction.atomic
def pfd_demo_load(*, users) -> None:
    """Add this area's demo records; safe to run again (nothing is added twice)."""
    partnership = Partnership.objects.get(name=PARTNERSHIP)
    if Review.objects.filter(partnership=partnership, review_type=ReviewType.PFD).exists():
        return
    actor = users["coordinator"]
    today = timezone.localdate()
    report_date = today - dt.timedelta(days=REPORT_DAYS_AGO)
    agency_get_or_create_for_partnership(
        name=TRUST, partnership=partnership, actor=None, sector=Agency.Sector.HEALTH
    )
    text = REPORT.format(date=_day(report_date), due=_day(report_date + dt.timedelta(days=56)))
    report = read_pfd_report(text)
    review = services.pfd_report_import(
        partnership=partnership, report=report, report_date=report_date, actor=actor, today=today
    )
    review = review_update(
        review=review,
        actor=actor,
        expected_version=review.version,
        subject_pseudonym=PSEUDONYM,
        title=f"{review.title}: {PSEUDONYM}",
    )
    concerns = list(review.recommendations.order_by("order"))
    for concern, themes in zip(concerns, THEMES, strict=True):
        recommendation_themes_set(recommendation=concern, themes=themes, actor=actor)
    trust, _ = review.pfd_addressees.order_by("order")
    first, second, _ = concerns
    in_three_months = today + dt.timedelta(days=91)
    in_six_months = today + dt.timedelta(days=182)
    services.addressee_response_record(
        addressee=trust,
        actor=actor,
        expected_version=trust.version,
        response_on=report_date + dt.timedelta(days=41),
        summary="The trust accepts both concerns about its wards. It will write guidance on "
        "night-time observation and add falls to the handover record.",
        promises=[
            services.Promise(
                first,
                "Write and publish guidance on observing patients at high risk of falls at night",
                PartialDate(in_six_months.year, in_six_months.month),
            ),
            services.Promise(
                second,
                "Add falls since admission to the ward handover record",
                PartialDate(in_three_months.year, in_three_months.month),
            ),
        ],
        today=today,
    )
