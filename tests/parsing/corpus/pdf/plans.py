"""The invented plans of the PDF corpus: what each document says, before any layout.

Every name, partnership and agency here is made up. A cell is a string; a line break in it
("\\n") is a new line in the cell, as a plan's author would type it. A ``Theme`` is a row that
spans the whole table.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Theme:
    text: str


Row = list[str] | Theme


@dataclass
class Plan:
    name: str
    title: str
    before_table: list[str]  # paragraphs between the title and the table
    header: list[str]
    rows: list[Row]
    widths: list[float]  # column widths in points
    landscape: bool = True
    ruled: bool = True  # ruling lines round every cell
    repeat_header: bool = True  # the header row printed again at the top of every page
    running_head: str | None = None  # printed at the top of every page
    head_on_first_page: bool = True  # False: from the second page on ("different first page")
    # Rows whose recommendation cell runs down beside the next row (a vertically merged cell):
    # the index of the first row of each pair.
    merged_down: list[int] = field(default_factory=list)


HOME_OFFICE_HEADER = [
    "Recommendation",
    "Scope of recommendation (local or regional)",
    "Action to take",
    "Lead agency",
    "Key milestones achieved in enacting recommendation",
    "Target date",
    "Date of completion and outcome",
]

_ELENA_ROWS: list[Row] = [
    Theme("Theme 1 – Risk assessment – Eastmere"),
    [
        "That Eastmere Community Safety Partnership ensures that every agency completes the "
        "DASH risk checklist at each reported incident of domestic abuse, and refers every "
        "high-risk case to MARAC within five working days.",
        "Local",
        "Audit DASH completion across police, housing and health, and report the findings to "
        "the CSP board",
        "Priya Natarajan (Eastmere Borough Council)",
        "1. Audit tool agreed by partners\n2. Audit completed in three agencies\n"
        "3. Findings reported to the CSP board",
        "October 2024\nJanuary 2025\nMarch 2025",
        "Audit completed February 2025. Findings presented to the CSP board on 20 March 2025. "
        "Action completed.",
    ],
    [
        "That Eastmere Police and Harbourside Housing agree a protocol for sharing risk "
        "information when a tenant is the victim of domestic abuse.",
        "Local",
        "Draft and sign a joint information sharing protocol",
        "DI Tom Hargreaves (Eastmere Police) / Ruth Okafor (Harbourside Housing)",
        "1. Protocol drafted\n2. Protocol signed by both agencies",
        "December 2024\nFebruary 2025",
        "Protocol signed 14 February 2025 and in use. Action completed.",
    ],
    [
        "That Eastmere Borough Council's housing options team asks every applicant who is "
        "homeless or at risk of homelessness about domestic abuse, in private, and records "
        "the answer and any referral made.",
        "Local",
        "Change the housing options assessment so that the question is asked and recorded "
        "for every applicant",
        "Nadia Kowalczyk (Eastmere Borough Council)",
        "1. Assessment form changed\n2. Housing options staff briefed\n"
        "3. Audit of 40 assessments reported to the CSP",
        "January 2025\nMarch 2025\nSeptember 2025",
        "Form changed January 2025 and staff briefed in March 2025. The audit is under way.",
    ],
    Theme("Theme 2 – Information sharing – Westshire wide"),
    [
        "That the Westshire Safeguarding Adults Board reviews how GP practices record "
        "disclosures of domestic abuse, so that a disclosure made to one practice is visible "
        "to the next practice that registers the patient, and that the review considers the "
        "flags used in the clinical record systems of all practices in the county.",
        "Regional",
        "Commission a review of GP recording practice across Westshire and agree a common "
        "flag for the clinical record systems",
        "Dr Hannah Sutcliffe (Westshire ICB)",
        "1. Review commissioned\n2. Common flag agreed with the Local Medical Committee\n"
        "3. Flag switched on in all practices\n4. Audit of flag use reported to the board",
        "November 2024\nMarch 2025\nSeptember 2025\nDecember 2025",
        "Review commissioned November 2024. Flag agreed March 2025; switching it on is in "
        "progress.",
    ],
    [
        "That Westshire Probation Service shares the risk assessments of people on licence "
        "for domestic abuse offences with the MARAC coordinator before each meeting.",
        "Regional",
        "Add probation risk summaries to the MARAC research template",
        "Sam Whitlock (Westshire Probation Service)",
        "• Template changed\n• Practitioners briefed",
        "January 2025\nApril 2025",
        "",
    ],
    [
        "That the MARAC steering group agrees a written procedure for cases where a victim "
        "moves between Eastmere and a neighbouring partnership area while the case is open.",
        "Regional",
        "Write a transfer procedure with the neighbouring MARACs",
        "Joanne Pryce - Safeguarding Manager (Eastmere Borough Council)",
        "1. Procedure drafted\n2. Procedure agreed by the three MARAC chairs",
        "March 2025\nJune 2025",
        "Not started: waiting for the regional chairs' meeting.",
    ],
    Theme("Theme 3 – Substance misuse – Eastmere"),
    [
        "That Eastmere Recovery Service asks every person entering treatment about domestic "
        "abuse, as victim or as perpetrator, and refers them on when they disclose it; and "
        "that the service reports each quarter to the CSP how many people were asked, how "
        "many disclosed and how many were referred on to specialist support.",
        "Local",
        "Add routine enquiry about domestic abuse to the treatment assessment and train the "
        "recovery workers to ask",
        "Owen Pritchard (Eastmere Recovery Service)",
        "1. Assessment changed\n2. Recovery workers trained\n3. First quarterly report to the CSP",
        "February 2025\nApril 2025\nJuly 2025",
        "Assessment changed February 2025. 31 of 34 recovery workers trained by April 2025; "
        "first quarterly report presented in July 2025. Action completed.",
    ],
    Theme("Theme 4 – Training – Eastmere"),
    [
        "That all frontline staff of the partner agencies complete training on coercive and "
        "controlling behaviour, including economic abuse and the use of technology to "
        "monitor a partner, and that the training is refreshed every two years.",
        "Local",
        "Commission a coercive control course from Harbourside Women's Aid and run it for "
        "frontline staff of every partner agency",
        "Lena Fairbrother (Eastmere Borough Council)",
        "1. Course commissioned\n2. First cohort trained\n"
        "3. 80% of frontline staff trained\n4. Refresher cycle agreed",
        "September 2024\nDecember 2024\nJune 2025\nSeptember 2025",
        "Course commissioned September 2024 and 212 staff trained by May 2025, 74% of the "
        "frontline staff of the partner agencies. Training is ongoing, three sessions a "
        "month; the refresher cycle will be agreed at the September board.",
    ],
    [
        "",
        "",
        "Add the course to the induction of new frontline staff",
        "Mark Ellison (Eastmere Borough Council)",
        "1. Induction programme changed",
        "January 2025",
        "Induction changed January 2025. Action completed.",
    ],
    [
        "That Harbourside Women's Aid and Eastmere Police run joint briefings for call "
        "handlers on recognising repeat callers who are at high risk.",
        "Local",
        "Run four joint briefings for the call handling teams",
        "Insp Carla Benton (Eastmere Police)",
        "1. Briefing materials written\n2. Four briefings delivered",
        "November 2024\nFebruary 2025",
        "Four briefings delivered to 96 call handlers by February 2025. Action completed.",
    ],
    Theme("Theme 5 – National outcomes"),
    [
        "That the Home Office considers adding economic abuse to the list of prompts in the "
        "statutory guidance for domestic abuse related death reviews.",
        "",
        "Write to the Home Office with the recommendation and the findings of the review",
        "Graham Aldous - Chair (Eastmere Community Safety Partnership)",
        "1. Letter sent to the Home Office",
        "July 2025",
        "",
    ],
]

# Three pages of landscape A4 with a row cut by the second page break.
ELENA = Plan(
    name="home-office-template",
    title="Domestic Homicide Review into the death of Elena",
    before_table=[
        "Eastmere Community Safety Partnership",
        "Action Plan",
        "The review panel agreed this action plan with the partner agencies. Eastmere "
        "Community Safety Partnership monitors its delivery and reports progress to its board "
        "every quarter until every action is complete.",
    ],
    header=HOME_OFFICE_HEADER,
    rows=_ELENA_ROWS,
    widths=[160, 72, 122, 100, 143, 68, 105],
    running_head="OFFICIAL – Eastmere CSP",
)

# The same plan printed without ruling lines.
ELENA_UNRULED = Plan(
    name="home-office-template-unruled",
    title=ELENA.title,
    before_table=ELENA.before_table,
    header=ELENA.header,
    rows=ELENA.rows,
    widths=ELENA.widths,
    running_head=ELENA.running_head,
    ruled=False,
)

# The same plan with the header printed once only: rows cut by a page break carry on at the top
# of the next page with no header and no rule above them.
ELENA_HEADER_ONCE = Plan(
    name="home-office-template-header-once",
    title=ELENA.title,
    before_table=ELENA.before_table,
    header=ELENA.header,
    rows=ELENA.rows,
    widths=ELENA.widths,
    running_head=ELENA.running_head,
    repeat_header=False,
)

EXTRA_COLUMNS_HEADER = [
    "Ref",
    "Theme",
    "Recommendation",
    "Lead officer",
    "Action",
    "Due by",
    "RAG status",
    "Progress update",
]

# A Safeguarding Adults Review plan in portrait: numbered, a theme and a RAG status on every row,
# the lead before the action and the progress last.
OWEN = Plan(
    name="extra-columns",
    title="Safeguarding Adults Review concerning Owen",
    before_table=[
        "Northfold Safeguarding Adults Board",
        "This plan sets out how the partners will act on the learning from the review. The "
        "board's quality sub-group checks the evidence before an action is closed.",
    ],
    header=EXTRA_COLUMNS_HEADER,
    rows=[
        [
            "1.1",
            "Self-neglect",
            "That Northfold Adult Social Care reviews how it responds to repeated self-neglect "
            "referrals for the same person.",
            "Amira Haddad (Northfold Adult Social Care)",
            "Audit the last 50 self-neglect referrals",
            "March 2025",
            "Green",
            "Audit completed and reported to the board 12 March 2025.",
        ],
        [
            "",
            "",
            "",
            "Peter Lowry (Northfold Adult Social Care)",
            "Publish a self-neglect practice guide",
            "June 2025",
            "Amber",
            "Draft guide written; consultation in progress.",
        ],
        [
            "1.2",
            "Hospital discharge",
            "That Northfold Hospitals Trust includes a safeguarding check in its discharge "
            "checklist for patients who live alone.",
            "Grace Mbeki - Named Nurse (Northfold Hospitals Trust)",
            "Add the safeguarding check to the discharge checklist",
            "April 2025",
            "Green",
            "Checklist changed April 2025; audit shows it used in 9 of 10 discharges. Action "
            "completed.",
        ],
        [
            "2.1",
            "Escalation",
            "That the Northfold Safeguarding Adults Board publishes a multi-agency escalation "
            "procedure for cases where agencies disagree about risk.",
            "Dev Raman (Northfold Safeguarding Adults Board)",
            "Write and publish the escalation procedure",
            "September 2025",
            "Amber",
            "Procedure drafted; under way with partners.",
        ],
    ],
    widths=[28, 58, 111, 80, 79, 55, 38, 74],
    landscape=False,
    merged_down=[0],
)

CORPUS = [ELENA, ELENA_UNRULED, ELENA_HEADER_ONCE, OWEN]


@dataclass
class Export:
    """A plan as councils publish it: the closing pages of a review's report written in a word
    processor and exported to PDF. The report's last section on a portrait page, then the plan
    on landscape pages under its own heading, the table's header repeated on every page; a
    protective marking at the top of every page and a footer with the document's name, "Page X
    of Y" and the marking again.

    In a cell, "\\n" starts a new paragraph (spaced apart, as a word processor's paragraphs
    are) and a paragraph that starts with "• " is a bulleted one (the bullet hanging). A row
    whose first two cells are empty goes on with the recommendation above: those two cells are
    merged down beside its actions."""

    name: str
    report: list[str]  # the report's closing section, its heading first
    title: str  # the plan's title, straight above the partnership's name
    partnership: str
    before_table: list[str]  # the heading above the title, then the paragraphs under the title
    header: list[str]
    rows: list[Row]
    widths: list[float]  # column widths in points
    after_table: list[str]
    marking: str  # the protective marking at the top and bottom of every page
    footer: str  # left of "Page X of Y" in the footer
    ruled: bool = True  # ruling lines round every cell; else a rule under the header only


_HANA_ROWS: list[Row] = [
    Theme("Theme 1 – Risk assessment – Fernhill"),
    [
        "1. That Fernhill Community Safety Partnership ensures that every partner agency's "
        "domestic abuse training covers coercive control where the victim is dependent on "
        "alcohol.",
        "Local",
        "Review the partnership's training package to include:\n"
        "• coercive and controlling behaviour;\n"
        "• the risk checklist where the victim is intoxicated.",
        "Sam Patel (Fernhill Borough Council)",
        "Training package revised\nPackage signed off by the DHR sub-group\n"
        "First cohort of practitioners trained",
        "30.09.24\n31.12.24\n31.03.25",
        "Completed – training delivered to 84 staff by March 2025.",
    ],
    [
        "",
        "",
        "Deliver a 7-minute briefing on the learning from this review to frontline "
        "practitioners.\nThe briefing will be shared through the partners' newsletters.",
        "Lena Marsh - DHR Coordinator (Fernhill Community Safety Partnership)\n"
        "Sam Okoro - Named GP (Fernhill ICB)",
        "• Briefing drafted and agreed by the panel chair\n• Briefing circulated",
        "31.01.25\n31.03.25",
        "Briefing circulated to all partners on 12 February 2025.",
    ],
    [
        "",
        "",
        "Audit a sample of 20 multi-agency cases involving alcohol and domestic abuse to test "
        "whether the learning has been embedded.",
        "Fernhill Borough Council",
        "Audit completed and reported to the partnership's board",
        "Q4 2024/25",
        "Ongoing – the audit was delayed; now planned for the second quarter of 2025/26.",
    ],
    Theme("Theme 2 – Police and housing – Fernhill"),
    [
        "2. That Fernhill Police ensures that officers attending domestic abuse incidents "
        "complete a risk assessment in every case, including where the victim declines to "
        "engage or is intoxicated, that a supervisor reviews each assessment within 24 hours, "
        "that every high-risk case is referred to MARAC within five working days, and that "
        "the force reports to the partnership each quarter how many assessments were "
        "completed, reviewed and referred on, and how many of the victims were offered the "
        "support of an independent domestic violence adviser.",
        "Local",
        "Issue a force-wide briefing reminding officers of the risk assessment policy, with "
        "specific reference to intoxicated and non-engaging victims, and add the checks to "
        "the supervisors' daily review",
        "DI Jo Bloggs (Fernhill Police)",
        "1. Briefing issued on the force intranet\n"
        "2. Refresher included in the public protection training days\n"
        "3. First quarterly report to the partnership\n"
        "4. Second round of dip-sampling reported to the partnership",
        "September 2024\n31st March 2025\n30th June 2025\n30th September 2025",
        "Briefing issued September 2024. Refresher delivered to 212 officers by March 2025.\n"
        "Quarterly dip-sampling in place: 91% of incidents had a completed assessment and "
        "78% a supervisor's review within 24 hours; a second round of dip-sampling is planned "
        "for September 2025.\n"
        "In progress: first quarterly report presented in June 2025.",
    ],
    [
        "3. That Fernhill Borough Council asks every homeless applicant about domestic abuse, "
        "in private, and records the answer and any referral made.",
        "Local",
        "Change the housing assessment so that the question is asked and recorded",
        "Nadia Kowalczyk (Fernhill Borough Council)",
        "Assessment form changed\nHousing staff briefed",
        "January 2025\nMarch 2025",
        "Form changed in January 2025; phase 2 paused (COVID-19 outbreak in the team), "
        "restarted in April 2025.",
    ],
    Theme("Theme 3 – National outcomes"),
    [
        "4. That the Home Office considers adding economic abuse to the prompts in the "
        "statutory guidance for domestic homicide reviews.",
        "National",
        "Write to the Home Office with the recommendation and the findings of the review",
        "Graham Aldous - Chair (Fernhill Community Safety Partnership)",
        "Letter sent to the Home Office",
        "On publication",
        "",
    ],
]

# The end of a review's report and its plan, exported from a word processor: a portrait page of
# the report, then the plan on landscape pages, a row cut by a page break.
HANA = Export(
    name="word-export",
    report=[
        "9. Conclusions and recommendations",
        "9.1 Hana was a 47 year old woman who lived with her partner in a rented flat in "
        "Fernhill. In the two years before her death she had contact with Fernhill Police on "
        "nine occasions, with her GP practice on fourteen occasions and with the council's "
        "housing service twice. The panel found that practitioners were often kind and "
        "persistent, but that they saw her use of alcohol as the problem to be solved and did "
        "not recognise the coercive and controlling behaviour of her partner.",
        "9.2 The panel does not find that Hana's death could have been predicted. It does find "
        "that there were missed opportunities to identify the abuse she was experiencing and "
        "to refer her to MARAC. The panel makes four recommendations, set out in full with the "
        "actions the agencies have agreed in the action plan at Appendix A.",
    ],
    title="Domestic Homicide Review into the death of Hana",
    partnership="Fernhill Community Safety Partnership",
    before_table=[
        "Appendix A – Action Plan",
        "The DHR sub-group of Fernhill Community Safety Partnership monitors this action plan "
        "and reports progress to the partnership's board every six months. Lead agencies are "
        "asked to update the 'Date of completion and outcome' column by the last working day "
        "of each quarter, and to send the evidence of each completed action to the sub-group.",
    ],
    header=HOME_OFFICE_HEADER,
    rows=_HANA_ROWS,
    widths=[170, 62, 150, 110, 140, 58, 85],
    after_table=[
        "Action plan agreed by the Fernhill Community Safety Partnership board, July 2024."
    ],
    marking="OFFICIAL",
    footer="DHR Hana – Final Report",
)

# The same, its table with no ruling lines but a rule under the header and one under each
# recommendation (cells merged down beside their actions, as before).
HANA_UNRULED = Export(
    name="word-export-unruled",
    report=HANA.report,
    title=HANA.title,
    partnership=HANA.partnership,
    before_table=HANA.before_table,
    header=HANA.header,
    rows=HANA.rows,
    widths=HANA.widths,
    after_table=HANA.after_table,
    marking=HANA.marking,
    footer=HANA.footer,
    ruled=False,
)

EXPORTS = [HANA, HANA_UNRULED]

_ISLA_ROWS: list[Row] = [
    Theme(
        "Learning point 1 – Hearing the child\n"
        "Isla was seen by her school, her GP and the health visitor, but always with an adult "
        "present, and no agency wrote down what she said about life at home."
    ),
    [
        "1. That every partner agency makes sure that practitioners speak to children on their "
        "own where there are concerns about neglect, and record what the child says in the "
        "child's own words.",
        "Local",
        "Add a 'Child seen alone?' question to the assessment and visit templates of children's "
        "social care, and report each month how often it is answered.",
        "Ruth Adeyemi (Westbrook Council)",
        "Question added to the templates\nFirst monthly report to the partnership",
        "30.09.24\n31.10.24",
        "Completed – the question went live in September 2024.",
    ],
    [
        "",
        "",
        "Relaunch the practice guidance on hearing the child across health, education and "
        "early help, with a 7-minute briefing for each.",
        "Westbrook Safeguarding Children Partnership",
        "Briefing signed off\nSessions delivered to the designated leads",
        "31.12.24\n31.03.25",
        "Briefing signed off in October 2024; sessions booked for the spring term.",
    ],
    Theme(
        "Learning point 2 – Children educated at home\n"
        "Isla was taken out of school to be educated at home. The school's concerns were not "
        "passed on, and no professional saw her in the next six months."
    ),
    [
        "2. That Westbrook Council makes sure that, when a child with a current or recent "
        "safeguarding concern is taken out of school to be educated at home:\n"
        "1. the school's designated safeguarding lead passes those concerns to the elective "
        "home education team within five school days; and\n"
        "2. an elective home education officer offers a home visit within ten school days, "
        "and records what the child says about the education they are receiving. The officer "
        "writes to the family within two school days of the notice to arrange the visit, and "
        "tells the school what was found.",
        "Local",
        "Revise the elective home education procedure and the notification form so that "
        "schools must say whether the child is known to children's social care.",
        "Omar Haddad (Westbrook Council)",
        "Procedure revised\nNew form in use",
        "31.12.24\n31.01.25",
        "Draft procedure out for consultation until November 2024.",
    ],
    [
        "",
        "",
        "Brief the designated safeguarding leads' network on the new five-day expectation.",
        "Westbrook Council",
        "Network briefed",
        "31.01.25",
        "Not yet due.",
    ],
    [
        "3. That the partnership reports to its board within a year on the difference this "
        "plan has made.",
        "Local",
        "Present an impact report to the board.",
        "Westbrook Safeguarding Children Partnership",
        "Report presented",
        "30.06.25",
        "",
    ],
]

# A plan whose sections are learning points, a row across the table with a title line and a
# narrative under it; one recommendation's cell, merged down beside its two actions, ends with a
# numbered list that a page break cuts, the rest of it at the top of the next page.
ISLA = Export(
    name="word-export-list",
    report=[
        "8. Conclusions",
        "8.1 Isla was nine years old when she was taken into care. "
        + "The review found that the agencies that knew her did not hear from her directly. " * 14,
        "8.2 The review makes three recommendations, set out with the actions agreed in the plan "
        "at Appendix B.",
    ],
    title="Child Safeguarding Practice Review: Isla",
    partnership="Westbrook Safeguarding Children Partnership",
    before_table=[
        "Appendix B – Action Plan",
        "The partnership's learning sub-group monitors this plan at every meeting. "
        + "Lead agencies update the outcome column each quarter and send their evidence. " * 17,
    ],
    header=HOME_OFFICE_HEADER,
    rows=_ISLA_ROWS,
    widths=[170, 62, 150, 110, 140, 58, 85],
    after_table=["Plan agreed by the partnership's board, June 2024."],
    marking="OFFICIAL",
    footer="CSPR Isla – Action Plan",
)

EXPORTS.append(ISLA)
