"""Reviews of other partnerships and years, so that learning across reviews has something real
to show: search, themes, the same recommendation made again in other words (and what became
of it each time), the national figures and the public pages.

Invented throughout: the partnerships beyond the two of the demo, the agencies, the people
who lead and record, and every review's pseudonym. Each review is imported as a published plan
is (``plan_import``, from the interchange dataclasses), its themes set as a person would set
them (``recommendation_themes_set``), and what became of each action recorded through the
delivery services by the partnership's coordinator, so everything is audited and consistent.

Two recurring lessons run through them, each asked in other words by reviews of different
partnerships and years, with different outcomes:

- GPs asking about domestic abuse at routine appointments (Eden Valley 2019: implemented;
  Harrowdale 2021: no information; Westshire 2023: under way).
- Housing staff trained to refer to MARAC (Westshire 2020: not met; Eden Valley 2023: partly
  implemented; Harrowdale 2026: under way).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone

from followthrough import interchange
from followthrough.delivery import services as delivery
from followthrough.interchange import PartialDate
from followthrough.partnerships.models import Agency, Role
from followthrough.partnerships.services import (
    agency_get_or_create_for_partnership,
    membership_create,
    partnership_get_or_create,
)
from followthrough.plans.lifecycle import ActionStatus
from followthrough.plans.models import PlanStatus, Review
from followthrough.plans.services import plan_import, recommendation_themes_set

S = ActionStatus
Sector = Agency.Sector

EDEN = "Eden Valley CSP"
WESTSHIRE_SAB = "Westshire Safeguarding Adults Board"
WESTSHIRE_CHILDREN = "Westshire Safeguarding Children Partnership"
HARROWDALE = "Harrowdale CSP"

# The themes of docs/domain.md, by a short name.
RISK = "Risk assessment and management"
SHARING = "Information sharing"
MULTI = "Multi-agency working (MARAC, MAPPA, MASH)"
TRAINING = "Training and awareness (professionals)"
PUBLIC = "Public and community awareness"
POLICY = "Policies and procedures"
RECORDS = "Record keeping and IT systems"
CURIOSITY = "Professional curiosity and routine enquiry"
COERCION = "Coercive control and economic abuse"
MENTAL = "Mental health"
SUBSTANCE = "Substance misuse"
SUICIDE = "Suicide"
CHILDREN = "Children and young people"
ADULTS = "Adult safeguarding and older or familial victims"
JUSTICE = "Criminal justice (police, CPS, courts, probation)"
HEALTH = "Health services (GP, acute, maternity)"
HOUSING = "Housing and homelessness"
WELFARE = "Welfare and benefits"
PERPETRATORS = "Perpetrator management"
EQUALITY = "Equality and diversity (including honour-based abuse, disability, male victims)"
SPECIALIST = "Specialist domestic abuse services"
FAMILY = "Family and community involvement"
PROCESS = "The review process itself"
NATIONAL = "National policy and legislation"


@dataclass(frozen=True)
class Recorder:
    """The partnership's coordinator who recorded its reviews' delivery. Cannot sign in (no
    password): a demo user to sign in as is one of the loader's personas."""

    username: str
    first_name: str
    last_name: str


# Each partnership: who recorded its delivery, and its agencies with their sectors.
PARTNERSHIPS: dict[str, tuple[Recorder, list[tuple[str, str]]]] = {
    EDEN: (
        Recorder("demo-eden-valley", "Casey", "Marsh"),
        [
            ("Cumbria Police", Sector.POLICE),
            ("Eden Valley Primary Care Network", Sector.HEALTH),
            ("Eden and Fells NHS Trust", Sector.HEALTH),
            ("Eden Valley Council", Sector.LOCAL_AUTHORITY),
            ("Eden Valley Housing", Sector.HOUSING),
            ("Eden Valley Probation Unit", Sector.PROBATION),
            ("Eden Valley Drug and Alcohol Service", Sector.HEALTH),
            ("Fellside Refuge", Sector.SPECIALIST),
            ("Home Office", Sector.NATIONAL),
        ],
    ),
    WESTSHIRE_SAB: (
        Recorder("demo-westshire-sab", "Robin", "Tarn"),
        [
            ("Westshire Police", Sector.POLICE),
            ("Westshire County Council", Sector.LOCAL_AUTHORITY),
            ("Westshire NHS Foundation Trust", Sector.HEALTH),
            ("Westshire Integrated Care Board", Sector.HEALTH),
            ("Harrowdale Homes", Sector.HOUSING),
            ("Westshire Recovery Partnership", Sector.VOLUNTARY),
            ("Department of Health and Social Care", Sector.NATIONAL),
        ],
    ),
    WESTSHIRE_CHILDREN: (
        Recorder("demo-westshire-children", "Jamie", "Wold"),
        [
            ("Westshire Police", Sector.POLICE),
            ("Westshire County Council", Sector.LOCAL_AUTHORITY),
            ("Westshire NHS Foundation Trust", Sector.HEALTH),
        ],
    ),
    HARROWDALE: (
        Recorder("demo-harrowdale", "Kit", "Ellery"),
        [
            ("Westshire Police", Sector.POLICE),
            ("Harrowdale Primary Care Network", Sector.HEALTH),
            ("Westshire NHS Foundation Trust", Sector.HEALTH),
            ("Harrowdale Borough Council", Sector.LOCAL_AUTHORITY),
            ("Westshire County Council", Sector.LOCAL_AUTHORITY),
            ("Harrowdale Homes", Sector.HOUSING),
            ("Westshire Probation Delivery Unit", Sector.PROBATION),
            ("Harbour Domestic Abuse Service", Sector.SPECIALIST),
            ("Department for Work and Pensions", Sector.NATIONAL),
        ],
    ),
}


@dataclass(frozen=True)
class Act:
    """An action, its lead, and what became of it: ``end`` is a status it reaches through the
    delivery services (no information: nothing was ever reported), ``note`` the outcome, the
    reason it ended or the latest progress, ``on`` the day it was completed."""

    text: str
    agency: str
    lead: tuple[str, str]  # (invented name, role)
    target: PartialDate | int  # an int: days from today
    end: str
    note: str = ""
    on: dt.date | None = None
    measure: str = ""


@dataclass(frozen=True)
class Rec:
    text: str
    themes: tuple[str, ...]
    actions: tuple[Act, ...]
    scope: str = "local"


@dataclass(frozen=True)
class DemoReview:
    partnership: str
    review_type: str
    reference: str
    title: str
    pseudonym: str
    # When it was (or will be) published: a date, days from today (the future: not yet
    # published), or None (not yet known).
    published: PartialDate | int | None
    agreed: dt.date | int  # an int: days from today
    recommendations: tuple[Rec, ...] = field(default_factory=tuple)


def _d(year: int, month: int, day: int | None = None) -> PartialDate:
    return PartialDate(year, month, day)


REVIEWS: list[DemoReview] = [
    DemoReview(
        EDEN,
        "DHR",
        "EV-DHR-2019-01",
        "Domestic Homicide Review into the death of Ann",
        "Ann",
        _d(2019, 11, 14),
        dt.date(2019, 9, 30),
        (
            Rec(
                # Recurring lesson 1: implemented.
                "Every GP in Eden Valley should ask patients about domestic abuse as a routine "
                "part of appointments for anxiety, low mood or repeated minor injuries, and "
                "record the answer.",
                (HEALTH, CURIOSITY, TRAINING),
                (
                    Act(
                        "Add a domestic abuse prompt to the clinical system template used in "
                        "consultations for anxiety and depression",
                        "Eden Valley Primary Care Network",
                        ("Dr Nia Corran", "Safeguarding Lead GP"),
                        _d(2020, 6),
                        S.SIGNED_OFF,
                        "Prompt live in all nine practices; a records audit found it completed "
                        "in 71% of eligible consultations.",
                        dt.date(2020, 6, 19),
                        "Audit of 100 consultations shows the question asked and recorded",
                    ),
                    Act(
                        "Train every GP and practice nurse in asking about domestic abuse and "
                        "in the local referral route",
                        "Eden Valley Primary Care Network",
                        ("Dr Nia Corran", "Safeguarding Lead GP"),
                        _d(2020, 12),
                        S.SIGNED_OFF,
                        "86 of 92 clinicians trained by December 2020; new starters trained at "
                        "induction.",
                        dt.date(2020, 12, 4),
                    ),
                ),
            ),
            Rec(
                "Cumbria Police should make sure that a supervisor reviews every domestic abuse "
                "risk assessment within 24 hours of the incident.",
                (RISK, JUSTICE),
                (
                    Act(
                        "Confirm supervisory review of DASH risk assessments in force policy "
                        "and audit compliance",
                        "Cumbria Police",
                        ("Alexis Brant", "Detective Chief Inspector, Public Protection"),
                        _d(2020, 3),
                        S.ALREADY_IN_PLACE,
                        "Force policy already required review within 24 hours; the 2020 audit "
                        "found 94% compliance.",
                    ),
                ),
            ),
            Rec(
                "Eden Valley Drug and Alcohol Service should screen every client for domestic "
                "abuse at assessment and offer a referral to Fellside Refuge.",
                (SUBSTANCE, SPECIALIST, CURIOSITY),
                (
                    Act(
                        "Add domestic abuse screening questions to the assessment and agree a "
                        "referral pathway with Fellside Refuge",
                        "Eden Valley Drug and Alcohol Service",
                        ("Toni Reade", "Service Manager"),
                        _d(2020, 9),
                        S.SIGNED_OFF,
                        "Screening in place since September 2020; 38 referrals to the refuge "
                        "in its first year.",
                        dt.date(2020, 9, 30),
                    ),
                ),
            ),
            Rec(
                "The Home Office should amend the statutory guidance so that a review panel is "
                "told when the perpetrator has been the subject of an earlier review.",
                (PROCESS, NATIONAL),
                (
                    Act(
                        "Write to the Home Office with the recommendation and ask for a reply",
                        "Home Office",
                        ("", "DHR Policy Team"),
                        _d(2020, 5),
                        S.NO_INFORMATION,
                    ),
                ),
                scope="national",
            ),
        ),
    ),
    DemoReview(
        WESTSHIRE_SAB,
        "SAR",
        "WS-SAR-2020-01",
        "Safeguarding Adults Review: Daniel",
        "Daniel",
        _d(2020, 9, 8),
        dt.date(2020, 7, 21),
        (
            Rec(
                # Recurring lesson 2: not met.
                "Harrowdale Homes must ensure that its housing officers know how to make a "
                "referral to the MARAC when they suspect a tenant is experiencing domestic "
                "abuse, and receive training to do so.",
                (HOUSING, MULTI, TRAINING),
                (
                    Act(
                        "Include MARAC referral in the induction and refresher training of all "
                        "housing officers",
                        "Harrowdale Homes",
                        ("Sol Garner", "Head of Tenancy Services"),
                        _d(2021, 3),
                        S.NOT_MET,
                        "The training budget was withdrawn in 2021 and no sessions were "
                        "delivered; the board was told in March 2022.",
                    ),
                ),
            ),
            Rec(
                "Westshire County Council adult social care should use the multi-agency "
                "self-neglect procedure whenever a person refuses care and lives with someone "
                "who may be harming them.",
                (ADULTS, POLICY),
                (
                    Act(
                        "Revise the self-neglect procedure and brief every adult social care team",
                        "Westshire County Council",
                        ("Ari Benn", "Principal Social Worker"),
                        _d(2021, 1),
                        S.SIGNED_OFF,
                        "Procedure revised and briefed to all 11 teams; used in 24 cases in 2021.",
                        dt.date(2021, 1, 27),
                    ),
                ),
            ),
            Rec(
                "Safeguarding concerns recorded in one Westshire hospital should be visible to "
                "staff in every other hospital of the trust.",
                (RECORDS, HEALTH, SHARING),
                (
                    Act(
                        "Add a safeguarding alert to the trust's patient administration system",
                        "Westshire NHS Foundation Trust",
                        ("Lou Fennick", "Named Nurse for Safeguarding Adults"),
                        _d(2021, 6),
                        S.SUPERSEDED,
                        "Superseded by the county shared care record, which shows the alert "
                        "in every hospital and practice.",
                    ),
                ),
            ),
            Rec(
                "The Board should check that easy-read information about abuse and how to get "
                "help is available in every day centre for adults with a learning disability.",
                (EQUALITY, PUBLIC),
                (
                    Act(
                        "Visit every day centre and check the easy-read leaflets",
                        "Westshire County Council",
                        ("Ari Benn", "Principal Social Worker"),
                        _d(2020, 12),
                        S.ALREADY_IN_PLACE,
                        "All 14 centres already displayed the easy-read leaflet produced in 2019.",
                    ),
                ),
            ),
            Rec(
                "Westshire County Council should train its social workers in the Care Act duty "
                "to make safeguarding enquiries where a person with care needs may be abused "
                "by a partner.",
                (TRAINING, ADULTS, SPECIALIST),
                (
                    Act(
                        "Deliver training on safeguarding enquiries into domestic abuse, with "
                        "the county's specialist service",
                        "Westshire County Council",
                        ("Ari Benn", "Principal Social Worker"),
                        _d(2021, 4),
                        S.SIGNED_OFF,
                        "Every adult social care team trained by April 2021.",
                        dt.date(2021, 4, 30),
                    ),
                ),
            ),
            Rec(
                "Westshire Recovery Partnership should follow up, within a week, any client who "
                "misses two appointments and is known to be at risk of abuse at home.",
                (SUBSTANCE, ADULTS, RISK),
                (
                    Act(
                        "Add a missed-appointment follow-up to the case management procedure",
                        "Westshire Recovery Partnership",
                        ("Ellis Mayhew", "Operations Director"),
                        _d(2021, 2),
                        S.NO_INFORMATION,
                    ),
                ),
            ),
        ),
    ),
    DemoReview(
        HARROWDALE,
        "DHR",
        "HD-DHR-2021-01",
        "Domestic Homicide Review into the death of Grace",
        "Grace",
        _d(2021, 6, 17),
        dt.date(2021, 4, 30),
        (
            Rec(
                # Recurring lesson 1: no information.
                "GP practices in Harrowdale should make enquiry about domestic abuse a routine "
                "part of consultations with women, especially at antenatal and postnatal "
                "appointments, and record that they asked.",
                (HEALTH, CURIOSITY),
                (
                    Act(
                        "Agree a routine enquiry standard with every Harrowdale practice",
                        "Harrowdale Primary Care Network",
                        ("Dr Remi Saltash", "Clinical Director"),
                        _d(2022, 3),
                        S.NO_INFORMATION,
                    ),
                ),
            ),
            Rec(
                "Harrowdale Borough Council should publicise local domestic abuse services in "
                "community venues, GP surgeries and pharmacies.",
                (PUBLIC, SPECIALIST),
                (
                    Act(
                        "Place posters and help cards in every community venue, surgery and "
                        "pharmacy in the borough",
                        "Harrowdale Borough Council",
                        ("Mo Kettering", "Community Safety Manager"),
                        _d(2021, 11),
                        S.SIGNED_OFF,
                        "Cards in 62 venues; calls to the helpline from Harrowdale up by a "
                        "third in the following year.",
                        dt.date(2021, 11, 12),
                    ),
                ),
            ),
            Rec(
                "Westshire Police should train every response officer to recognise coercive "
                "control, with a refresher each year.",
                (TRAINING, COERCION, JUSTICE),
                (
                    Act(
                        "Add coercive control to response officers' training and yearly refreshers",
                        "Westshire Police",
                        ("Sam Idris", "Detective Superintendent, Safeguarding"),
                        _d(2022, 3),
                        S.SIGNED_OFF,
                        "1,140 of 1,210 response officers trained by March 2022; the refresher "
                        "runs each autumn.",
                        dt.date(2022, 3, 25),
                    ),
                ),
            ),
            Rec(
                "Westshire Police should review how officers respond to reports of stalking by "
                "a former partner, including the use of stalking protection orders.",
                (RISK, JUSTICE),
                (
                    Act(
                        "Review the stalking response and report to the CSP",
                        "Westshire Police",
                        ("Sam Idris", "Detective Superintendent, Safeguarding"),
                        _d(2021, 12),
                        S.ALREADY_IN_PLACE,
                        "A force-wide review of stalking had been completed in early 2021; its "
                        "actions were already being delivered.",
                    ),
                ),
            ),
            Rec(
                "Harbour's helpline and outreach should be made accessible to male victims and "
                "to deaf people.",
                (EQUALITY, SPECIALIST),
                (
                    Act(
                        "Add a text and video relay route to the helpline and train staff in "
                        "supporting male victims",
                        "Harbour Domestic Abuse Service",
                        ("Jess Oakley", "Chief Executive"),
                        _d(2022, 2),
                        S.SIGNED_OFF,
                        "Video relay live in January 2022; all helpline staff trained.",
                        dt.date(2022, 1, 28),
                    ),
                ),
            ),
            Rec(
                "The Department for Work and Pensions should let Universal Credit claimants who "
                "disclose domestic abuse ask for payment to be split without a further "
                "interview.",
                (WELFARE, COERCION, NATIONAL),
                (
                    Act(
                        "Send the recommendation to the Department and ask for its response",
                        "Department for Work and Pensions",
                        ("", "Universal Credit Policy"),
                        _d(2021, 10),
                        S.NOT_MET,
                        "The Department replied that split payments would stay as they are.",
                    ),
                ),
                scope="national",
            ),
        ),
    ),
    DemoReview(
        WESTSHIRE_CHILDREN,
        "CSPR",
        "WSCP-CSPR-2022-01",
        "Child Safeguarding Practice Review: Child F",
        "Child F",
        _d(2022, 10, 4),
        dt.date(2022, 8, 15),
        (
            Rec(
                "Westshire County Council should commission a recovery service for children and "
                "young people who have lived with domestic abuse.",
                (CHILDREN, SPECIALIST),
                (
                    Act(
                        "Commission a children's domestic abuse recovery service",
                        "Westshire County Council",
                        ("Cam Holloway", "Head of Education Safeguarding"),
                        _d(2023, 6),
                        S.SIGNED_OFF,
                        "Service running since June 2023; 148 children supported in its first "
                        "year.",
                        dt.date(2023, 6, 1),
                    ),
                ),
            ),
            Rec(
                "Westshire Police should tell a child's school by the start of the next school "
                "day whenever officers attend a domestic abuse incident where the child lives.",
                (CHILDREN, SHARING, JUSTICE),
                (
                    Act(
                        "Extend the school notification scheme to every Westshire school, "
                        "nursery and college",
                        "Westshire Police",
                        ("Sam Idris", "Detective Superintendent, Safeguarding"),
                        _d(2023, 4),
                        S.SIGNED_OFF,
                        "All 312 schools and colleges receive notifications; 96% sent before "
                        "9am in the 2023 audit.",
                        dt.date(2023, 4, 21),
                    ),
                ),
            ),
            Rec(
                "Designated safeguarding leads should log each pupil's disclosure about their "
                "home life on the safeguarding system and pass it to children's social care "
                "that day.",
                (CHILDREN, RECORDS),
                (
                    Act(
                        "Issue guidance to designated safeguarding leads and check it in the "
                        "annual safeguarding audit",
                        "Westshire County Council",
                        ("Cam Holloway", "Head of Education Safeguarding"),
                        _d(2023, 7),
                        S.COMPLETED,
                        "Guidance issued; 2023 audit returns show same-day sharing in 88% of "
                        "schools.",
                        dt.date(2023, 7, 14),
                    ),
                ),
            ),
            Rec(
                "Social workers should see the father, or any man who cares for the child, in "
                "every assessment where domestic abuse is known.",
                (CHILDREN, PERPETRATORS, FAMILY),
                (
                    Act(
                        "Add the father or male carer to the assessment template",
                        "Westshire County Council",
                        ("Cam Holloway", "Head of Education Safeguarding"),
                        _d(2023, 3),
                        S.SIGNED_OFF,
                        "Template changed in March 2023.",
                        dt.date(2023, 3, 10),
                    ),
                    Act(
                        "Audit how often fathers and male carers are seen during assessments",
                        "Westshire County Council",
                        ("Cam Holloway", "Head of Education Safeguarding"),
                        _d(2023, 9),
                        S.NO_INFORMATION,
                    ),
                ),
            ),
        ),
    ),
    DemoReview(
        EDEN,
        "DHR",
        "EV-DHR-2022-02",
        "Domestic Homicide Review into the death of Beth",
        "Beth",
        _d(2023, 3, 2),
        dt.date(2023, 1, 16),
        (
            Rec(
                # Recurring lesson 2: partly implemented.
                "Eden Valley Housing should train its tenancy officers to recognise domestic "
                "abuse, complete a risk assessment with the tenant and refer high-risk cases "
                "to MARAC.",
                (HOUSING, TRAINING, MULTI),
                (
                    Act(
                        "Deliver risk assessment and MARAC referral training to all tenancy "
                        "officers",
                        "Eden Valley Housing",
                        ("Lee Armitage", "Housing Services Manager"),
                        _d(2023, 10),
                        S.SIGNED_OFF,
                        "All 23 tenancy officers trained; 9 MARAC referrals from housing in "
                        "the following six months, none before.",
                        dt.date(2023, 10, 6),
                    ),
                    Act(
                        "Add a MARAC referral step to the housing management system",
                        "Eden Valley Housing",
                        ("Lee Armitage", "Housing Services Manager"),
                        _d(2024, 3),
                        S.NOT_MET,
                        "The system supplier could not make the change; referrals are made "
                        "by e-mail instead.",
                    ),
                ),
            ),
            Rec(
                "Eden and Fells NHS Trust should include coercive and controlling behaviour, "
                "with examples of economic abuse, in its adult safeguarding training.",
                (COERCION, TRAINING, HEALTH),
                (
                    Act(
                        "Rewrite the level 3 adult safeguarding course with a module on coercive "
                        "control and economic abuse",
                        "Eden and Fells NHS Trust",
                        ("Bryn Callow", "Head of Safeguarding"),
                        _d(2023, 9),
                        S.SIGNED_OFF,
                        "Module added in September 2023; 640 staff completed it by March 2024.",
                        dt.date(2023, 9, 29),
                    ),
                ),
            ),
            Rec(
                "Eden and Fells NHS Trust mental health services should ask about domestic abuse "
                "whenever a patient is seen after self-harm, and share any concern with the GP.",
                (MENTAL, SUICIDE, SHARING),
                (
                    Act(
                        "Add domestic abuse to the self-harm assessment and the letter to the GP",
                        "Eden and Fells NHS Trust",
                        ("Bryn Callow", "Head of Safeguarding"),
                        _d(2023, 12),
                        S.NO_INFORMATION,
                    ),
                ),
            ),
            Rec(
                "Outreach should be offered to victims in the rural parts of Eden Valley who "
                "cannot travel into town for support.",
                (SPECIALIST, EQUALITY),
                (
                    Act(
                        "Fund an outreach worker for the rural parishes",
                        "Fellside Refuge",
                        ("Morwenna Tate", "Refuge Manager"),
                        _d(2023, 12),
                        S.SIGNED_OFF,
                        "Outreach worker in post from December 2023, holding clinics in six "
                        "villages.",
                        dt.date(2023, 12, 1),
                    ),
                ),
            ),
            Rec(
                "Eden Valley CSP should offer the family of every victim a named contact and "
                "independent advocacy throughout a review.",
                (FAMILY, PROCESS),
                (
                    Act(
                        "Confirm that families are offered a named contact and an advocate",
                        "Eden Valley Council",
                        ("Dana Rigg", "Community Safety Partnership Manager"),
                        _d(2023, 6),
                        S.ALREADY_IN_PLACE,
                        "Every family since 2021 has had a named contact and has been offered "
                        "an advocate.",
                    ),
                ),
            ),
        ),
    ),
    DemoReview(
        WESTSHIRE_SAB,
        "SAR",
        "WS-SAR-2023-02",
        "Safeguarding Adults Review: Edith",
        "Edith",
        _d(2024, 2, 12),
        dt.date(2023, 12, 4),
        (
            Rec(
                # Recurring lesson 1: under way.
                "Westshire Integrated Care Board should commission a programme so that GP "
                "practices ask patients about domestic abuse at routine appointments, record "
                "it, and can refer them straight to a specialist advocate.",
                (HEALTH, CURIOSITY, SPECIALIST),
                (
                    Act(
                        "Commission a general practice domestic abuse training and referral "
                        "programme for 20 practices",
                        "Westshire Integrated Care Board",
                        ("Pip Lowther", "Designated Nurse, Adult Safeguarding"),
                        _d(2025, 3),
                        S.ON_TRACK,
                        "Programme commissioned for 11 of the 20 practices; funding for the "
                        "rest is awaited.",
                    ),
                    Act(
                        "Report each practice's enquiry and referral rates to the Board",
                        "Westshire Integrated Care Board",
                        ("Pip Lowther", "Designated Nurse, Adult Safeguarding"),
                        _d(2027, 3),
                        S.ON_TRACK,
                        "Eleven practices trained so far; the first rates go to the Board in "
                        "the spring.",
                        measure="Referrals to the advocate from each practice, reported quarterly",
                    ),
                ),
            ),
            Rec(
                "Westshire County Council should make sure that carers' assessments give the "
                "carer and the person cared for a chance to speak about abuse separately.",
                (ADULTS, CURIOSITY),
                (
                    Act(
                        "Revise the carers' assessment so that each person is seen alone",
                        "Westshire County Council",
                        ("Ari Benn", "Principal Social Worker"),
                        _d(2024, 9),
                        S.PARTLY_MET,
                        "The assessment was revised, but audit found people seen alone in about "
                        "half of the cases.",
                    ),
                ),
            ),
            Rec(
                "Westshire NHS Foundation Trust and Westshire Recovery Partnership should agree a "
                "joint pathway for people with both a mental illness and alcohol dependence.",
                (MENTAL, SUBSTANCE, MULTI),
                (
                    Act(
                        "Agree and publish a joint dual diagnosis pathway",
                        "Westshire Recovery Partnership",
                        ("Ellis Mayhew", "Operations Director"),
                        _d(2024, 12),
                        S.NO_INFORMATION,
                    ),
                ),
            ),
            Rec(
                "The Department of Health and Social Care should issue guidance that a "
                "Safeguarding Adults Review is shared with the coroner before the inquest.",
                (PROCESS, NATIONAL),
                (
                    Act(
                        "Send the recommendation to the Department",
                        "Department of Health and Social Care",
                        ("", "Adult Social Care Policy"),
                        _d(2024, 6),
                        S.NO_INFORMATION,
                    ),
                ),
                scope="national",
            ),
        ),
    ),
    DemoReview(
        HARROWDALE,
        "PFD",
        "HD-PFD-2024-01",
        "Prevention of Future Deaths report: the response on the death of Ian",
        "Ian",
        _d(2024, 5, 20),
        dt.date(2024, 4, 2),
        (
            Rec(
                "Westshire NHS Foundation Trust should follow up every patient discharged from "
                "the emergency department after an attempt to take their own life within 72 "
                "hours.",
                (SUICIDE, MENTAL, HEALTH),
                (
                    Act(
                        "Set up a 72-hour follow-up call by the liaison psychiatry team",
                        "Westshire NHS Foundation Trust",
                        ("Dr Kai Pennant", "Clinical Lead, Liaison Psychiatry"),
                        _d(2024, 9),
                        S.SIGNED_OFF,
                        "Follow-up calls made for 93% of discharges from October 2024.",
                        dt.date(2024, 9, 30),
                    ),
                ),
            ),
            Rec(
                "Westshire Police should tell mental health services the same day about any "
                "call in which a person threatens to take their own life after a domestic "
                "incident.",
                (SUICIDE, SHARING, JUSTICE),
                (
                    Act(
                        "Agree a same-day notification with the mental health crisis team",
                        "Westshire Police",
                        ("Sam Idris", "Detective Superintendent, Safeguarding"),
                        _d(2025, 6),
                        S.AT_RISK,
                        "The information sharing agreement is still with both legal teams.",
                    ),
                ),
            ),
            Rec(
                "Harrowdale CSP should ask the county suicide prevention partnership to include "
                "deaths that follow domestic abuse in its real-time surveillance.",
                (SUICIDE, MULTI),
                (
                    Act(
                        "Raise the recommendation at the suicide prevention partnership",
                        "Harrowdale Borough Council",
                        ("Mo Kettering", "Community Safety Manager"),
                        _d(2024, 7),
                        S.ALREADY_IN_PLACE,
                        "Real-time surveillance has recorded domestic abuse as a factor since "
                        "2023.",
                    ),
                ),
            ),
            Rec(
                "Westshire County Council should staff its out-of-hours approved mental health "
                "professional service so that no request for an assessment waits overnight.",
                (MENTAL, POLICY),
                (
                    Act(
                        "Review out-of-hours cover for approved mental health professionals and "
                        "report to the CSP",
                        "Westshire County Council",
                        ("Ari Benn", "Principal Social Worker"),
                        _d(2024, 11),
                        S.NO_INFORMATION,
                    ),
                ),
            ),
        ),
    ),
    DemoReview(
        HARROWDALE,
        "DARDR",
        "HD-DARDR-2025-01",
        "Domestic Abuse Related Death Review into the death of Jade",
        "Jade",
        _d(2026, 1, 22),
        dt.date(2025, 11, 10),
        (
            Rec(
                # Recurring lesson 2: under way.
                "Harrowdale Homes should train every housing officer and repairs supervisor to "
                "spot the signs of domestic abuse in a home and to refer to MARAC when the risk "
                "is high.",
                (HOUSING, TRAINING, MULTI),
                (
                    Act(
                        "Train housing officers and repairs supervisors in spotting abuse and in "
                        "MARAC referral",
                        "Harrowdale Homes",
                        ("Sol Garner", "Head of Tenancy Services"),
                        _d(2027, 1),
                        S.ON_TRACK,
                        "Four of nine sessions delivered; repairs supervisors booked for February.",
                        measure="Every housing officer and repairs supervisor trained; MARAC "
                        "referrals from housing reported to the CSP",
                    ),
                ),
            ),
            Rec(
                "Harrowdale Borough Council's housing options team should check, before placing "
                "a victim in temporary accommodation, that the perpetrator does not know the "
                "address.",
                (HOUSING, RISK),
                (
                    Act(
                        "Add an address safety check to the temporary accommodation procedure",
                        "Harrowdale Borough Council",
                        ("Mo Kettering", "Community Safety Manager"),
                        _d(2026, 6),
                        S.AT_RISK,
                        "Waiting for the new housing system; an interim paper check is in use.",
                    ),
                ),
            ),
            Rec(
                "Westshire Probation Delivery Unit should check police call-out records before "
                "writing a pre-sentence report on anyone charged with a domestic abuse offence.",
                (PERPETRATORS, JUSTICE, SHARING),
                (
                    Act(
                        "Make the police call-out check part of every pre-sentence report",
                        "Westshire Probation Delivery Unit",
                        ("Frankie Hale", "Head of Probation Delivery Unit"),
                        _d(2026, 4),
                        S.SIGNED_OFF,
                        "Checks recorded on 98% of reports sampled in April 2026.",
                        dt.date(2026, 4, 17),
                    ),
                ),
            ),
            Rec(
                "Harbour Domestic Abuse Service should offer victims of economic abuse a "
                "specialist adviser on debt and benefits.",
                (COERCION, SPECIALIST, WELFARE),
                (
                    Act(
                        "Seek funding for an economic abuse adviser",
                        "Harbour Domestic Abuse Service",
                        ("Jess Oakley", "Chief Executive"),
                        _d(2027, 3),
                        S.NOT_STARTED,
                    ),
                ),
            ),
        ),
    ),
    # Not yet published: a plan under way, the report still with quality assurance.
    DemoReview(
        EDEN,
        "DARDR",
        "EV-DARDR-2026-01",
        "Domestic Abuse Related Death Review into the death of Adult C",
        "Adult C",
        None,
        -90,
        (
            Rec(
                "Cumbria Police and Eden Valley Probation Unit should agree a joint plan for "
                "every perpetrator of domestic abuse released from custody into Eden Valley.",
                (PERPETRATORS, JUSTICE, MULTI),
                (
                    Act(
                        "Agree the joint release planning protocol",
                        "Eden Valley Probation Unit",
                        ("Jordan Mead", "Senior Probation Officer"),
                        45,
                        S.ON_TRACK,
                        "Draft protocol with both agencies' managers.",
                    ),
                    Act(
                        "Hold a joint planning meeting before each release",
                        "Cumbria Police",
                        ("Alexis Brant", "Detective Chief Inspector, Public Protection"),
                        120,
                        S.AT_RISK,
                        "Release dates reach the police too late for a meeting.",
                    ),
                ),
            ),
            Rec(
                "Eden Valley Council's benefits team should recognise economic abuse and refer "
                "the person to specialist support.",
                (COERCION, WELFARE),
                (
                    Act(
                        "Train the benefits team in economic abuse and the referral route",
                        "Eden Valley Council",
                        ("Dana Rigg", "Community Safety Partnership Manager"),
                        150,
                        S.NOT_STARTED,
                    ),
                ),
            ),
            Rec(
                "Eden and Fells NHS Trust should train district nurses to recognise when an "
                "older patient is being harmed by the relative who looks after them.",
                (ADULTS, TRAINING, HEALTH),
                (
                    Act(
                        "Add abuse by family carers to district nurses' safeguarding training",
                        "Eden and Fells NHS Trust",
                        ("Bryn Callow", "Head of Safeguarding"),
                        60,
                        S.ON_TRACK,
                        "Training material drafted with the older people's team.",
                    ),
                ),
            ),
        ),
    ),
    # Published in a few weeks' time: not public until then.
    DemoReview(
        WESTSHIRE_SAB,
        "SAR",
        "WS-SAR-2026-03",
        "Safeguarding Adults Review: Karl",
        "Karl",
        75,
        -40,
        (
            Rec(
                "Westshire Police should refer to adult social care every adult reported more "
                "than once as the victim of financial abuse by a member of their family.",
                (ADULTS, COERCION, JUSTICE),
                (
                    Act(
                        "Add a repeat financial abuse flag and referral to adult social care",
                        "Westshire Police",
                        ("Sam Idris", "Detective Superintendent, Safeguarding"),
                        90,
                        S.ON_TRACK,
                        "Flag designed; testing in the control room.",
                    ),
                ),
            ),
            Rec(
                "The Board should audit, a year after publication, whether this review's "
                "actions changed practice.",
                (PROCESS,),
                (
                    Act(
                        "Audit the review's actions a year after publication",
                        "Westshire County Council",
                        ("Ari Benn", "Principal Social Worker"),
                        400,
                        S.NOT_STARTED,
                    ),
                ),
            ),
        ),
    ),
]

# The recurring lessons above: each the same recommendation asked in other words by reviews
# of different partnerships and years, as (reference, recommendation number).
RECURRING = {
    "GPs ask about domestic abuse at routine appointments": [
        ("EV-DHR-2019-01", "1"),
        ("HD-DHR-2021-01", "1"),
        ("WS-SAR-2023-02", "1"),
    ],
    "Housing staff trained to refer to MARAC": [
        ("WS-SAR-2020-01", "1"),
        ("EV-DHR-2022-02", "1"),
        ("HD-DARDR-2025-01", "1"),
    ],
}

# How each ending is reached: completion (and sign-off), a closure with its reason, progress.
_CLOSINGS = {S.ALREADY_IN_PLACE, S.PARTLY_MET, S.NOT_MET, S.CLOSED_NOT_IMPLEMENTED, S.SUPERSEDED}
_PROGRESS = {S.ON_TRACK, S.AT_RISK}


def _day(value: dt.date | int, today: dt.date) -> dt.date:
    return today + dt.timedelta(days=value) if isinstance(value, int) else value


def _partial(value: PartialDate | int | None, today: dt.date) -> PartialDate | None:
    if isinstance(value, int):
        day = today + dt.timedelta(days=value)
        return PartialDate(day.year, day.month, day.day)
    return value


def _as_written(act: Act) -> dict:
    """The status, completion and outcome of an action as its published plan gives them: a
    completion the plan reports (the partnership signs it off after), or not started; nothing
    for the others, whose delivery is recorded after."""
    if act.end in (S.COMPLETED, S.SIGNED_OFF):
        on = PartialDate(act.on.year, act.on.month, act.on.day)
        return {"status": "completed", "completed_on": on, "outcome": act.note}
    if act.end == S.NOT_STARTED:
        return {"status": "not_started"}
    return {}


def _plan(spec: DemoReview, today: dt.date) -> interchange.ActionPlan:
    """The review as a published plan would be read: leads, dates and measures, and the
    completions the plan reports (``_as_written``)."""
    return interchange.ActionPlan(
        review=interchange.ReviewInfo(
            title=spec.title,
            review_type=spec.review_type,
            subject_pseudonym=spec.pseudonym,
            partnership=spec.partnership,
            reference=spec.reference,
            published_on=_partial(spec.published, today),
        ),
        recommendations=[
            interchange.Recommendation(
                number=str(number),
                scope=rec.scope,
                text=rec.text,
                actions=[
                    interchange.Action(
                        text=act.text,
                        leads=[
                            interchange.Lead(
                                name=act.lead[0] or None, role=act.lead[1], agency=act.agency
                            )
                        ],
                        target_date=_partial(act.target, today),
                        measure=act.measure or None,
                        **_as_written(act),
                    )
                    for act in rec.actions
                ],
            )
            for number, rec in enumerate(spec.recommendations, start=1)
        ],
    )


def _recorder(partnership):
    """The partnership's coordinator who records its delivery (made when missing)."""
    recorder = PARTNERSHIPS[partnership.name][0]
    User = get_user_model()
    user = User.objects.filter(username=recorder.username).first()
    if user is None:
        user = User(
            username=recorder.username,
            first_name=recorder.first_name,
            last_name=recorder.last_name,
            email=f"{recorder.username}@example.invalid",
        )
        user.set_unusable_password()
        user.save()
    membership_create(user=user, partnership=partnership, role=Role.COORDINATOR, actor=None)
    return User.objects.get(pk=user.pk)  # fresh: no permissions cached from before


def _deliver(action, act: Act, actor, today: dt.date) -> None:
    """What became of the action, through the delivery services."""
    if act.end in (S.NO_INFORMATION, S.NOT_STARTED, S.COMPLETED):
        return  # as the plan gives it
    action.refresh_from_db()
    if act.end in _PROGRESS:
        delivery.progress_update_add(
            action=action,
            actor=actor,
            expected_version=action.version,
            narrative=act.note,
            status=act.end,
        )
    elif act.end in _CLOSINGS:
        delivery.action_close(
            action=action,
            actor=actor,
            expected_version=action.version,
            status=act.end,
            reason=act.note,
        )
    elif act.end == S.SIGNED_OFF:
        # Completed as the plan reports; the partnership signed it off at its next meeting.
        meeting = min(act.on + dt.timedelta(days=28), today - dt.timedelta(days=1))
        delivery.action_sign_off(
            action=action,
            actor=actor,
            expected_version=action.version,
            meeting_date=meeting,
            minutes_reference=f"Board minutes {meeting:%Y-%m-%d}",
        )
    else:  # a programming error in the data above
        raise ValueError(f"no way to reach {act.end!r}")


def learning_reviews_load(*, today: dt.date | None = None) -> list[Review]:
    """Load each review above that its partnership does not have yet (by reference): nothing
    is added twice, and a review that is there is left as it is."""
    today = today or timezone.localdate()
    reviews = []
    agencies_done: set[str] = set()
    for spec in REVIEWS:
        partnership = partnership_get_or_create(name=spec.partnership, actor=None)
        existing = Review.objects.filter(
            partnership=partnership, reference__iexact=spec.reference
        ).first()
        if existing is not None:
            reviews.append(existing)
            continue
        actor = _recorder(partnership)
        if partnership.name not in agencies_done:
            for name, sector in PARTNERSHIPS[partnership.name][1]:
                agency_get_or_create_for_partnership(
                    name=name, partnership=partnership, actor=actor, sector=sector
                )
            agencies_done.add(partnership.name)
        plan = _plan(spec, today)
        source = json.dumps(interchange.plan_to_dict(plan), indent=2).encode()
        review = plan_import(
            plan=plan,
            partnership=partnership,
            source=source,
            filename=f"{spec.reference}.json",
            actor=actor,
            plan_status=PlanStatus.AGREED,
            agreed_on=_day(spec.agreed, today),
        ).review
        recommendations = list(review.recommendations.order_by("order"))
        for recommendation, rec in zip(recommendations, spec.recommendations, strict=True):
            recommendation_themes_set(recommendation=recommendation, themes=rec.themes, actor=actor)
            actions = list(recommendation.actions.order_by("order"))
            for action, act in zip(actions, rec.actions, strict=True):
                _deliver(action, act, actor, today)
        reviews.append(review)
    return reviews
