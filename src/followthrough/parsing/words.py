"""Small word lists the readers share: what a role, an organisation or a joining word looks like.

They are vocabulary of the field (job titles, kinds of organisation, police ranks), not names from
any one plan. Compare words with ``.lower()`` after stripping punctuation (``bare``).
"""

from __future__ import annotations

import re

# The head noun of a job title: "DV Lead Officer", "Safeguarding Manager", "Chair".
ROLE_NOUNS = frozenset(
    """
    chair chairman chairperson chairwoman vice-chair manager officer lead director coordinator
    co-ordinator head commissioner nurse advisor adviser consultant practitioner worker leader
    secretary executive administrator analyst specialist supervisor champion clinician doctor
    psychiatrist psychologist therapist idva isva mayor governor deputy principal gp midwife
    visitor partner scrutineer auditor assessor trainer representative professional dsl
    superintendent inspector sergeant constable
    """.split()
)

# Ranks and offices written before a name: "Supt Mike Forrester", "DCI Jo Bloggs".
RANK_PREFIXES = (
    "chief superintendent", "ch supt", "det supt", "det ch supt", "superintendent", "supt",
    "chief inspector", "ch insp", "det insp", "inspector", "insp", "sergeant", "sgt",
    "chief constable", "deputy chief constable", "assistant chief constable",
    "dci", "di", "ds", "dc", "pc", "ps", "acc", "dcc", "cllr", "councillor",
)  # fmt: skip

# Words that make a phrase the name of an organisation: "Cumbria Police", "GP services".
ORG_WORDS = frozenset(
    """
    council police constabulary trust csp partnership partnerships service services nhs ccg icb
    ics probation hospital hospitals authority board team unit office department agency
    group aid association centre center practice surgery foundation housing care prison cps
    crc nps ltd limited charity school schools college university directorate panel forum
    network project refuge commission ministry government homes
    """.split()
)

# Words of an organisation's name that a job title does not end with: "Head of Adult Social
# Care" is a title, "Chair of Anytown CSP" a title and an organisation.
NAMED_ORG_WORDS = frozenset(
    """
    council police constabulary trust csp partnership partnerships nhs ccg icb ics probation
    hospital hospitals authority board prison cps crc nps ltd limited charity university college
    foundation commission ministry government association refuge
    """.split()
)

# Words that qualify a job title and are nobody's name: "Quality Assurance Lead", "Named Nurse".
ROLE_QUALIFIERS = frozenset(
    """
    quality assurance safeguarding designated named senior service team practice clinical
    operations operational strategic development learning training policy performance assistant
    principal interim acting area district locality business programme project data records
    detective
    """.split()
)

# Words of services and places that are nobody's name: "Public Protection", "Adult Social Care",
# "Northshire County Council". A capitalised run of them is a department, not a person.
SERVICE_WORDS = frozenset(
    """
    adult adults child children children's childrens social care public protection health mental
    community safety integrated housing
    domestic abuse violence family families early help youth offending substance misuse drug
    drugs alcohol recovery emergency primary secondary acute local national regional county
    borough city district metropolitan royal safeguarding nursing midwifery maternity
    perinatal clinical medical
    """.split()
)

# Acronyms of a subject, not of an organisation: "DA Strategic Lead", "DV Lead Officer".
TOPIC_ACRONYMS = frozenset(
    "da dv dva vawg sv marac mappa mash cse cce send dsl dols mca hbv fgm".split()
)

# Words a place's name starts with, and a person's never does: "North East Lincolnshire".
PLACE_PREFIXES = frozenset(
    """
    north south east west northern southern eastern western greater mid central upper lower
    """.split()
)

# Words after which a new sentence or list item does not start: "to South Lakeland", "e.g. SIOs".
JOINING_WORDS = frozenset(
    """
    a an and the of to for from with within without by at in on into onto or nor but as
    per under over between across about against including include includes e.g. eg
    i.e. ie incl. inc. etc approx. vs v. its their his her our your this that these those
    such both each all any via is are was were be been being has have had will would
    should could may might must can shall not no than then so if when where which who
    whom whose whether
    """.split()
)

_PUNCT = re.compile(r"^[^\w]+|[^\w.]+$")


def bare(word: str) -> str:
    """The word in lower case without surrounding punctuation (a trailing '.' is kept, so
    that 'e.g.' stays itself)."""
    return _PUNCT.sub("", word).lower()


def is_acronym(word: str) -> bool:
    """'CADAS', 'GP', 'SIOs', 'CPFT': two or more capitals and no other lower-case letters than
    a plural 's'."""
    core = re.sub(r"[^\w]", "", word)
    if core.endswith("s"):
        core = core[:-1]
    return len(core) >= 2 and core.isupper() and core.isalpha()


def is_title_word(word: str) -> bool:
    """'Natalia', 'Wealleans-Turner', "O'Neill": a capital then lower-case letters."""
    core = word.strip(".,;:()")
    return len(core) >= 2 and core[0].isupper() and any(c.islower() for c in core[1:])


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """'1 milestone', '3 milestones'."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def is_role_noun(word: str) -> bool:
    """'Manager', 'Leads' ('All agency leads'): a job title's head noun, one or several."""
    core = bare(word).rstrip(".")
    if core in ROLE_NOUNS:
        return True
    # Plural titles; but 'partners' are organisations ('All partners').
    return core.endswith("s") and core[:-1] in ROLE_NOUNS and core != "partners"


def is_org_word(word: str) -> bool:
    return bare(word).rstrip(".") in ORG_WORDS


def is_named_org_word(word: str) -> bool:
    return bare(word).rstrip(".") in NAMED_ORG_WORDS


def is_service_word(word: str) -> bool:
    return bare(word).rstrip(".") in SERVICE_WORDS


def is_topic(word: str) -> bool:
    core = bare(word)
    return core in TOPIC_ACRONYMS or (core.endswith("s") and core[:-1] in TOPIC_ACRONYMS)


def is_place_prefix(word: str) -> bool:
    return bare(word).rstrip(".") in PLACE_PREFIXES


def is_role_qualifier(word: str) -> bool:
    return bare(word).rstrip(".") in ROLE_QUALIFIERS
