"""Build /work/heldout/dhr-report-recs.txt: recommendations as copied out of a PDF overview report.

Invented content only (Northshire, Greenvale and all names are fictional).
Run with /work/main/.venv/bin/python gen_text_report.py

Messy features on purpose: no table; hard line breaks mid-sentence; a page footer and the running
header dropped into the middle of a recommendation and again between two agency groups; a word split
by a soft hyphen ("practi-/tioners") and a real hyphen split at a line end ("multi-/agency");
the fi ligature (U+FB01); lost bullet glyphs (U+F0B7); trailing spaces; numbered report paragraphs
(10.x) that mention recommendations; sub-headings 11.1/11.2/11.3 that look like numbers; single-agency
recommendations numbered a) / (a) under agency names; labelled Action:/Lead:/Timescale:/Outcome
measure: lines under some recommendations only.
"""
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dhr-report-recs.txt")

HEADER = ("Domestic Abuse Related Death Review – Adult R – Overview Report\n"
          "OFFICIAL – FINAL v1.3\n")


def page_break(n):
    return f"\nPage {n} of 52\n\n{HEADER}"


FI = "\ufb01"      # fi ligature as PDF copy gives it
BUL = "\uf0b7"     # private-use bullet glyph from Symbol font

text = (
    HEADER
    + "10.14 The Panel heard that Adult R had told her GP in 2021 that she was “walking on eggshells” at\n"
    "home. The disclosure was recorded but no routine enquiry followed and no referral was made. The\n"
    "GP practice’s IMR author has identi" + FI + "ed this as a missed opportunity and has made a single agency\n"
    "recommendation (see 11.2).\n"
    "\n"
    "10.15 Adult R’s son, who was her main carer, was not asked about the relationship between his\n"
    "parents when his carer’s assessment was completed in 2022. The Panel considers that a carer’s \n"
    "assessment is an important opportunity to ask about domestic abuse, and recommendation 3\n"
    "addresses this.\n"
    "\n"
    "10.16 The Panel is satis" + FI + "ed that, had the MARAC referral been made when the DASH was\n"
    "completed in March 2022, a multi-agency safety plan would have been put in place. The review\n"
    "(Northshire Safer Partnership reference DARDR/2023/03) found no evidence that this would have\n"
    "prevented Adult R’s death, but it would have given her more options.\n"
    "\n"
    "11. Recommendations\n"
    "\n"
    "The Panel has agreed the recommendations below. Where an agency identi" + FI + "ed learning in its\n"
    "IMR, the recommendation appears in section 11.2. The Northshire Safer Partnership DARDR\n"
    "Steering Group will own the resulting action plan and will monitor its delivery every six\n"
    "months until all actions are signed off.\n"
    "\n"
    "11.1 Overview report recommendations\n"
    "\n"
    "Recommendation 1: That Northshire Safer Partnership commissions a review of the multi-agency \n"
    "training offer on coercive and controlling behaviour, to cover:\n"
    + BUL + " economic abuse;\n"
    + BUL + " abuse by adult family members; and\n"
    + BUL + " the use of technology to monitor and control,\n"
    "and reports the " + FI + "ndings to the Partnership Board within six months of publication of this\n"
    "report.\n"
    "Action: Commission a training needs analysis through the Northshire Domestic Abuse Training\n"
    "Sub-group.\n"
    "Lead: Priya Halloran, DA Strategic Lead, Northshire Safer Partnership\n"
    "Timescale: Within 6 months of publication\n"
    "Outcome measure: Training needs analysis presented to the Partnership Board and a revised\n"
    "training offer published.\n"
    "\n"
    "Recommendation 2: That Northshire Safer Partnership seeks assurance from all partner agencies\n"
    "that their staff understand the referral criteria for the\n"
    + page_break(41)
    + "Multi-Agency Risk Assessment Conference (MARAC), including professional judgement and the\n"
    "escalation criteria, and that this understanding is tested through a multi-\n"
    "agency audit.\n"
    "\n"
    "Recommendation 3: That Northshire Safer Partnership asks Northshire County Council Adult Social\n"
    "Care to ensure that carers’ assessments include a routine enquiry about domestic abuse, with the\n"
    "answer recorded on the assessment form.\n"
    "Action: Add a mandatory domestic abuse routine enquiry question to the carer’s assessment form\n"
    "on the adult social care case management system.\n"
    "Lead: Head of Adult Safeguarding, Northshire County Council\n"
    "Timescale: 31 December 2025\n"
    "Outcome measure: Quarterly audit shows the question completed in at least 90% of carers’\n"
    "assessments.\n"
    "\n"
    "Recommendation 4: Agencies should consider how they raise awareness of economic abuse among\n"
    "frontline practi-\n"
    "tioners and the public.\n"
    "\n"
    "11.2 Single agency recommendations\n"
    "\n"
    "The following recommendations were made by agencies in their IMRs and are endorsed by the Panel.\n"
    "\n"
    "Northshire Police\n"
    "\n"
    "a) Northshire Police to ensure that all call handlers complete refresher training on recognising\n"
    "coercive control in calls, with completion monitored through the force learning system.\n"
    "Action: Assign the refresher e-learning module to all call handlers and report completion rates\n"
    "to the DARDR Steering Group.\n"
    "Lead: T/Insp Carl Beddow, Northshire Police\n"
    "Timescale: 30/09/2025\n"
    "\n"
    "b) Northshire Police to review the use of Domestic Violence Protection Notices where the victim\n"
    "does not support a prosecution.\n"
    "\n"
    "c) Northshire Police should strengthen supervision of domestic abuse investigations.\n"
    + page_break(42)
    + "Greenvale GP Practice\n"
    "\n"
    "(a) Greenvale GP Practice to introduce a " + FI + "le flag for patients who have disclosed domestic\n"
    "abuse, visible to all clinicians.\n"
    "Action: Agree flag wording with the ICB safeguarding team and apply it to existing disclosures.\n"
    "Lead: Practice Manager (Lorna Beckett) / Safeguarding Lead GP\n"
    "Timescale: Q3 2025/26\n"
    "Outcome measure: Practice audit after six months con" + FI + "rms flags applied to all known\n"
    "disclosures.\n"
    "\n"
    "(b) Greenvale GP Practice to hold a practice learning event on this review for all clinical and\n"
    "reception staff.\n"
    "Action: Learning event held at the practice protected learning time session.\n"
    "Lead: Safeguarding Lead GP\n"
    "Timescale: Completed – January 2025\n"
    "\n"
    "11.3 National recommendation\n"
    "\n"
    "Recommendation 5: That the Department of Health and Social Care includes routine enquiry about\n"
    "domestic abuse in its guidance on carers’ assessments under the Care Act 2014.\n"
    "Action: The Chair of Northshire Safer Partnership to write to the Department of Health and\n"
    "Social Care, enclosing this report.\n"
    "Lead: Chair, Northshire Safer Partnership\n"
    "Timescale: June 2025\n"
    "\n"
    "12. Glossary\n"
    "\n"
    "DASH       Domestic Abuse, Stalking and Harassment and Honour-based violence risk checklist\n"
    "IMR        Individual Management Review\n"
    "MARAC      Multi-Agency Risk Assessment Conference\n"
    + page_break(43)
)

with open(OUT, "w", encoding="utf-8", newline="\n") as f:
    f.write(text)
print("wrote", OUT)
