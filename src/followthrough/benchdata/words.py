"""The invented vocabulary the benchmark data is made from (plain Python).

Places are made of invented syllables; people of common first names and surnames paired at
random; every review's subject is a pseudonym ("Adult K", "Child R", or a first name the way
published reviews choose one). Plan text is assembled from the kinds of sentence real plans
use, so that the SMART checker, the duplicate checks and the pages get text of a realistic
length and variety, never text from a real plan.
"""

from __future__ import annotations

import random

PLACE_HEADS = [
    "Brack", "Elver", "Fenn", "Gorm", "Hallow", "Kettle", "Lark", "Marrow", "Nether", "Orm",
    "Pell", "Quill", "Raven", "Sorrel", "Thorn", "Umber", "Wick", "Yarrow", "Ashen", "Bram",
    "Cold", "Dun", "Emble", "Frith", "Glede", "Harrow", "Ivel", "Kes", "Lorn", "Mick",
]  # fmt: skip
PLACE_TAILS = [
    "dale", "mere", "ford", "ham", "by", "stow", "moor", "wick", "ton", "field", "wold",
    "bridge", "cote", "holm", "leigh",
]  # fmt: skip
COUNTY_TAILS = ["shire", "land", "vale", "march"]

PARTNERSHIP_FORMS = [
    "{place} Community Safety Partnership",
    "Safer {place} Partnership",
    "{place} CSP",
    "{place} Safeguarding Partnership",
]

FIRST_NAMES = [
    "Alex", "Amira", "Ben", "Bola", "Cara", "Chris", "Dana", "Dev", "Eli", "Esme", "Farah",
    "Finn", "Gita", "Hal", "Hana", "Ivo", "Jade", "Jo", "Kai", "Kemi", "Lee", "Lena", "Mal",
    "Mina", "Nat", "Noor", "Olu", "Pat", "Priya", "Remi", "Rosa", "Sam", "Sana", "Tam", "Tess",
    "Uma", "Vic", "Wren", "Yara", "Zac",
]  # fmt: skip
SURNAMES = [
    "Abbot", "Birch", "Carver", "Dale", "Eames", "Fairley", "Garner", "Hale", "Irwin",
    "Jessop", "Keane", "Lyle", "Marsh", "Nolan", "Orton", "Pryce", "Quayle", "Rudd", "Sykes",
    "Tarrant", "Upton", "Vance", "Wade", "Yates", "Ashdown", "Brough", "Crewe", "Dunmore",
    "Ellery", "Fenwick", "Gale", "Hurst", "Ince", "Kirby", "Lowe", "Moss", "Noble", "Pike",
    "Rowe", "Stone",
]  # fmt: skip
ROLES = [
    "Head of Safeguarding", "Detective Inspector", "Service Manager", "Named Nurse",
    "Safeguarding Lead", "Head of Service", "Practice Manager", "Team Manager",
    "Designated Nurse", "Chief Inspector", "Housing Manager", "Operations Manager",
    "Training Lead", "Quality Assurance Manager", "Assistant Director",
]  # fmt: skip
PSEUDONYMS = [
    "Adult A", "Adult B", "Adult D", "Adult F", "Adult K", "Adult M", "Adult P", "Adult T",
    "Child C", "Child J", "Child L", "Child R", "Child W", "Anna", "Bea", "Carys", "Della",
    "Edie", "Freya", "Greta", "Hattie", "Ines", "Joan", "Kit", "Lottie", "Maud", "Nell",
    "Olive", "Peggy", "Ruth", "Stella", "Tilly", "Vera", "Winnie", "Arthur", "Bill", "Cyril",
    "Dennis", "Frank", "George", "Harold", "Len", "Ron", "Stan", "Walter",
]  # fmt: skip

REVIEW_TITLES = {
    "DHR": "Domestic Homicide Review into the death of {who}",
    "DARDR": "Domestic Abuse Related Death Review: {who}",
    "SAR": "Safeguarding Adults Review: {who}",
    "CSPR": "Child Safeguarding Practice Review: {who}",
    "PFD": "Response to the Prevention of Future Deaths report: {who}",
    "other": "Multi-agency learning review: {who}",
}

THEME_HEADINGS = [
    "Information sharing",
    "Risk assessment and MARAC",
    "Professional curiosity and routine enquiry",
    "Training and workforce development",
    "Multi-agency working",
    "Mental health and substance misuse",
    "Housing and homelessness",
    "Children and young people",
    "Health services",
    "Policy and procedure",
    "Carers and families",
    "Governance and assurance",
]

# Recommendations: "{agency} should {verb} {object}, {purpose}."
REC_VERBS = [
    "review", "strengthen", "introduce", "audit", "update", "embed", "develop", "evaluate",
    "clarify", "extend", "publish", "monitor",
]  # fmt: skip
REC_OBJECTS = [
    "how repeat calls to the same address are flagged",
    "its guidance on coercive and controlling behaviour",
    "the referral pathway into MARAC",
    "routine enquiry about domestic abuse at assessment",
    "the way risk is recorded when a victim declines support",
    "information sharing between GP practices and the police",
    "its training for front-line staff on economic abuse",
    "the escalation policy for professional disagreement",
    "how carers' assessments consider risk from family members",
    "the discharge planning of patients with a history of self-neglect",
    "the response to older victims of domestic abuse",
    "the use of the DASH risk checklist by housing officers",
    "joint working between adult social care and mental health services",
    "the recording of the voice of the child in assessments",
    "access to specialist support for people with no recourse to public funds",
    "its approach to missed appointments and disengagement",
    "the handover of cases between teams when staff leave",
    "the support offered to people who use alcohol and drugs",
    "how concerns raised by neighbours and family are followed up",
    "its safeguarding supervision arrangements",
]  # fmt: skip
REC_PURPOSES = [
    "so that risk is judged by someone who sees the whole history",
    "so that practitioners ask the question and act on the answer",
    "and report progress to the partnership board every quarter",
    "so that families know where to turn for help",
    "and assure the partnership that the change is in place",
    "so that no referral waits more than five working days",
    "taking account of the learning from this review",
    "so that the person's own wishes are recorded and respected",
    "and share the findings with partner agencies",
    "so that cases are not closed without a plan",
]  # fmt: skip

ACTION_VERBS = [
    "Deliver", "Issue", "Audit", "Update", "Introduce", "Publish", "Agree", "Commission",
    "Design", "Run", "Pilot", "Review",
]  # fmt: skip
ACTION_OBJECTS = [
    "training on coercive control",
    "revised guidance on routine enquiry",
    "a seven-minute briefing on the review's learning",
    "a flag on the case management system for repeat callers",
    "a protocol for sharing information with GP practices",
    "a dip sample of 30 closed cases",
    "the safeguarding policy with an escalation route",
    "a multi-agency workshop on self-neglect",
    "a leaflet for families about support after a death",
    "the referral form to include economic abuse",
    "a quarterly report on MARAC referrals",
    "supervision sessions that include domestic abuse",
    "an audit of DASH checklists completed by housing officers",
    "a pathway between substance misuse and mental health services",
    "awareness sessions for neighbourhood teams",
    "the carers' assessment template",
]  # fmt: skip
ACTION_AUDIENCES = [
    "for all front-line staff",
    "for duty and assessment teams",
    "across the partnership",
    "for GP practices in the area",
    "for housing officers and tenancy staff",
    "for call handlers and response officers",
    "for hospital discharge teams",
    "for safeguarding leads",
    "with the voluntary sector",
    "for new starters",
]  # fmt: skip

MILESTONE_STEPS = [
    "Scope agreed with the lead agency",
    "Draft shared with partners for comment",
    "Approved by the safeguarding board",
    "Sessions booked and staff invited",
    "First round delivered",
    "Change live on the system",
    "Audit sample drawn",
    "Findings reported to the partnership",
    "Guidance published on the intranet",
    "Evaluation completed",
    "Managers briefed",
    "Follow-up audit completed",
]  # fmt: skip

MEASURES = [
    "An audit of {n} cases shows the change in at least {p}% of them",
    "{p}% of staff in scope complete the training within six months",
    "Referrals recorded within five working days in {p}% of cases",
    "A dip sample of {n} records finds the question asked and answered",
    "Feedback from {n} families shows they knew where to turn",
]  # fmt: skip

NARRATIVES = [
    "Work is under way with the system supplier.",
    "The first sessions were well attended; more are booked.",
    "Draft guidance is with the legal team for comment.",
    "Staff shortages have delayed the audit by a month.",
    "The working group met and agreed the scope.",
    "Waiting for the clinical governance group to approve the change.",
    "Sessions moved online to reach the night shift.",
    "The audit found gaps in two teams; a follow-up is planned.",
    "Funding confirmed for the next quarter.",
    "The change is live in one locality and rolling out.",
    "Progress reported to the board, who asked for an update in three months.",
    "A new lead has taken this over after the previous one left.",
]  # fmt: skip
OUTCOMES = [
    "Guidance issued to all teams; the audit found it followed in {p}% of {n} cases.",
    "Training delivered to {n} staff; attendance {p}% of those in scope.",
    "Flag live on the system since the spring; {n} addresses flagged so far.",
    "Protocol signed by every partner agency and in use.",
    "Dip sample of {n} cases completed and reported to the board.",
]  # fmt: skip
CLOSURE_REASONS = [
    "Superseded by the partnership's new domestic abuse strategy.",
    "The service was recommissioned and the new provider does this already.",
    "Partly delivered: training done, the audit could not be resourced.",
    "Not taken forward: the national guidance changed.",
]  # fmt: skip
COMMENTS = [
    "Can you attach the audit findings before the next board?",
    "Evidence uploaded to the shared folder; please check it is enough.",
    "The board asked whether this covers the night teams too.",
    "Agreed at the practitioners' forum; thanks for the update.",
    "Could the next update say how many staff are still to attend?",
]  # fmt: skip
REVISION_REASONS = [
    "The system supplier moved the release to the next quarter.",
    "Training had to wait for the new policy to be agreed.",
    "Staff sickness in the team delayed the audit.",
]  # fmt: skip
TARGET_TEXTS = ["Ongoing", "TBC", "Quarterly review", "By the end of the review period"]


def place_names(rng: random.Random, count: int, *, tails=PLACE_TAILS) -> list[str]:
    """``count`` distinct invented place names."""
    names = sorted({head + tail for head in PLACE_HEADS for tail in tails})
    if count > len(names):
        raise ValueError(f"only {len(names)} invented place names, {count} asked for")
    return rng.sample(names, count)


def person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(SURNAMES)


def recommendation_text(rng: random.Random, agency: str) -> str:
    return (
        f"{agency} should {rng.choice(REC_VERBS)} {rng.choice(REC_OBJECTS)}, "
        f"{rng.choice(REC_PURPOSES)}."
    )


def action_text(rng: random.Random) -> str:
    return f"{rng.choice(ACTION_VERBS)} {rng.choice(ACTION_OBJECTS)} {rng.choice(ACTION_AUDIENCES)}"


def measure_text(rng: random.Random) -> str:
    return rng.choice(MEASURES).format(n=rng.choice([10, 20, 30, 50]), p=rng.choice([80, 90, 95]))


def outcome_text(rng: random.Random) -> str:
    return rng.choice(OUTCOMES).format(n=rng.randint(12, 400), p=rng.randint(70, 100))
