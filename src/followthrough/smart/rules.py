"""The SMART rules: one small function per finding code, registered in ``RULES``.

Each rule looks at one thing (the plan, a recommendation or an action) and returns a ``Hit``
(message and suggestion) or ``None``. Its code, letter and severity are fixed where it is
registered, so a code always means the same thing. Word lists and thresholds come from
``rules.toml`` through ``ctx.vocab``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from followthrough.interchange import Action, ActionPlan, Lead, PartialDate, Recommendation
from followthrough.interchange.model import CLOSED_STATUSES
from followthrough.learning.similar import RepeatIndex
from followthrough.learning.synonyms import canonical_stems
from followthrough.learning.text import content_stems
from followthrough.smart.agencies import Partners, is_national, national
from followthrough.smart.findings import Letter, Severity
from followthrough.smart.similar import SimilarSets
from followthrough.smart.text import (
    asks,
    clauses,
    content_words,
    in_statement,
    normalise,
    shorten,
    similarity,
    words,
)
from followthrough.smart.vocabulary import Vocabulary

PLAN, RECOMMENDATION, ACTION = "plan", "recommendation", "action"


class Hit(NamedTuple):
    message: str
    suggestion: str


@dataclass(frozen=True)
class Site:
    """Where a rule is looking: recommendation ``r`` and, for an action, its action ``a``."""

    r: int | None = None
    a: int | None = None


@dataclass(frozen=True)
class Context:
    """What every rule may read besides the item itself."""

    plan: ActionPlan
    vocab: Vocabulary
    today: dt.date
    plan_date: dt.date | None = None  # None: no "before the plan" check
    partners: Partners | None = None  # None: no partner check
    known_agencies: re.Pattern[str] | None = None  # agencies the plan or partners name
    _gists: dict[str, frozenset[str]] = field(default_factory=dict)  # a cache, see gist()

    def gist(self, text: str) -> frozenset[str]:
        """The words that say what a text asks, without agency names and the words every plan
        uses ("domestic", "abuse"): what duplicates are compared on. Worked out once per text."""
        if text not in self._gists:
            bare = self.known_agencies.sub(" ", text) if self.known_agencies else text
            self._gists[text] = frozenset(content_words(bare, self.vocab) - self._common_words)
        return self._gists[text]

    def example_agency(self, r: int | None = None, *, opening: bool = False) -> str:
        """An agency to use in a suggestion: a lead agency of recommendation ``r``, else the
        plan's first, else "the police" ("The police" to open a sentence)."""
        first = self.first_agencies
        if r is not None and first[r]:
            return first[r]
        named = next((agency for agency in first if agency), None)
        return named or ("The police" if opening else "the police")

    # Worked out once per plan, so that no rule looks through the whole plan for every item.

    @cached_property
    def _common_words(self) -> set[str]:
        return content_words(" ".join(self.vocab.common_words), self.vocab)

    @cached_property
    def first_agencies(self) -> list[str | None]:
        """Each recommendation's first named lead agency, or None."""
        return [
            next(
                (
                    agencies[0]
                    for a in rec.actions
                    if (agencies := named_agencies(a.leads, self.vocab))
                ),
                None,
            )
            for rec in self.plan.recommendations
        ]

    @cached_property
    def recommendations_alike(self) -> SimilarSets:
        """The recommendations' gists, indexed for the duplicate check."""
        gists = [self.gist(rec.text) for rec in self.plan.recommendations]
        return SimilarSets(gists, self.vocab.duplicate_similarity)

    @cached_property
    def recommendation_pairs(self) -> dict[int, Pair]:
        """Each recommendation's partner in a duplicate pair (see ``duplicate_pairs``)."""
        return duplicate_pairs(
            lambda r: earlier_recommendation(r, self), len(self.plan.recommendations)
        )

    @cached_property
    def action_pairs(self) -> dict[int, Pair]:
        """Each action's partner in a duplicate pair, by place in plan order."""
        return duplicate_pairs(lambda i: earlier_action(i, self), len(self.action_sites))

    @cached_property
    def addressees(self) -> list[list[str]]:
        """Each recommendation's addressees (see ``addressees``)."""
        return [addressees(rec.text, self) for rec in self.plan.recommendations]

    @cached_property
    def recommendations_reworded(self) -> RepeatIndex:
        """The recommendations in the learning engine's index (reworded duplicates)."""
        return RepeatIndex((r, rec.text) for r, rec in enumerate(self.plan.recommendations))

    @cached_property
    def actions_reworded(self) -> RepeatIndex:
        """The actions, in plan order, in the learning engine's index."""
        return RepeatIndex((i, action.text) for i, action in enumerate(self.plan.actions()))

    @cached_property
    def action_sites(self) -> list[Site]:
        """Every action's site, in plan order (a position in ``actions_alike``)."""
        return [
            Site(r, a)
            for r, rec in enumerate(self.plan.recommendations)
            for a in range(len(rec.actions))
        ]

    @cached_property
    def _action_positions(self) -> dict[Site, int]:
        return {site: i for i, site in enumerate(self.action_sites)}

    def action_position(self, site: Site) -> int:
        return self._action_positions[site]

    @cached_property
    def actions_alike(self) -> SimilarSets:
        """The actions' gists, in plan order, indexed for the duplicate check."""
        gists = [self.gist(action.text) for action in self.plan.actions()]
        return SimilarSets(gists, self.vocab.duplicate_similarity)

    @cached_property
    def lead_names(self) -> list[list[str]]:
        """Each action's named lead agencies as written, in plan order."""
        return [named_agencies(action.leads, self.vocab) for action in self.plan.actions()]

    def same_lead(self, i: int, j: int) -> bool:
        """Whether actions ``i`` and ``j`` (plan order) are led by the same agency, however
        written ("Millbridge MH Trust", "Millbridge Mental Health NHS Trust"), or both by none."""
        mine, theirs = self.lead_agencies[i], self.lead_agencies[j]
        if mine & theirs or not (mine or theirs):
            return True
        if self.lead_partners[i] & self.lead_partners[j]:
            return True  # two ways of writing one partner: "EMBC", "Eastbury Moor BC"
        return one_agency(self.lead_names[i], self.lead_names[j])

    @cached_property
    def lead_partners(self) -> list[frozenset[str]]:
        """Each action's lead agencies as the partners they are, in plan order (none when the
        partners are not known)."""
        if self.partners is None:
            return [frozenset() for _ in self.lead_names]
        return [
            frozenset(p for name in names if (p := self.partners.which(name)))
            for names in self.lead_names
        ]

    @cached_property
    def lead_agencies(self) -> list[frozenset[str]]:
        """Each action's named lead agencies, normalised, in plan order."""
        return [
            frozenset(normalise_name(a) for a in named_agencies(action.leads, self.vocab))
            for action in self.plan.actions()
        ]


@dataclass(frozen=True)
class Rule:
    code: str
    letter: Letter
    severity: Severity
    applies_to: frozenset[str]
    check: Callable[..., Hit | None]

    @property
    def description(self) -> str:
        return (self.check.__doc__ or "").strip().splitlines()[0]


RULES: list[Rule] = []


def rule(code: str, letter: Letter, severity: Severity, *applies_to: str):
    """Register a rule function under a stable code."""

    def register(check):
        RULES.append(Rule(code, letter, severity, frozenset(applies_to), check))
        return check

    return register


# Helpers -----------------------------------------------------------------------------------


def quoted(items: list[str]) -> str:
    """'a', 'b' and 'c'."""
    items = [f"'{i}'" for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def normalise_name(name: str) -> str:
    name = re.sub(r"[^\w\s]", " ", name.casefold().replace("&", " and "))
    return re.sub(r"^the\s+", "", " ".join(name.split()))


def is_placeholder(value: str, vocab: Vocabulary) -> bool:
    """A lead cell that names no one: 'TBC', 'All agencies', 'n/a'."""
    value = normalise(value).lower().strip(" .")
    return (
        value in vocab.placeholder_leads
        or vocab.collective_addressees.fullmatch(value) is not None
        or vocab.open_ended.fullmatch(value) is not None
    )


def named_agencies(leads: list[Lead], vocab: Vocabulary) -> list[str]:
    return [ld.agency for ld in leads if ld.agency and not is_placeholder(ld.agency, vocab)]


def is_named_lead(lead: Lead, vocab: Vocabulary) -> bool:
    return any(v and not is_placeholder(v, vocab) for v in (lead.name, lead.role, lead.agency))


def one_agency(mine: list[str], theirs: list[str]) -> bool:
    """Whether two lists of agency names share an agency, however each is written."""
    if not mine or not theirs:
        return False
    known = Partners(theirs)
    return any(name in known for name in mine)


def is_open(action: Action) -> bool:
    return action.status not in CLOSED_STATUSES and action.completed_on is None


def target(action: Action) -> PartialDate | None:
    """The action's own target date, else its latest milestone date."""
    dates = [m.target_date for m in action.milestones if m.target_date]
    return action.target_date or (max(dates, key=lambda d: d.due_on) if dates else None)


def timing_text(action: Action) -> str:
    """Everything that may say when: the texts, and the dates as the plan wrote them
    ("ongoing", "TBC") where the reader could not read a date from them."""
    return " ".join(
        filter(
            None,
            [
                action.text,
                action.target_date_text,
                *(part for m in action.milestones for part in (m.text, m.target_date_text)),
            ],
        )
    )


def date_text(action: Action, vocab: Vocabulary) -> str:
    """The dates as the plan wrote them where the reader could not read a date ("Annual"), and
    those given inside the text ("(target: annual)")."""
    texts = [action.target_date_text, *(m.target_date_text for m in action.milestones)]
    texts += [m.group("value") for m in vocab.dates_in_text.finditer(action.text)]
    return normalise(" ".join(filter(None, texts)))


def is_completed(action: Action) -> bool:
    return action.status == "completed" or (action.status is None and bool(action.completed_on))


_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"  # "March", "Sept"
_DATES = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}(?:\s+\d{{4}})?|{_MONTHS}\s+\d{{4}}"
    r"|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}(?:-\d{2})?|q[1-4]\s*(?:19|20)\d{2}|(?:19|20)\d{2})\b",
    re.IGNORECASE,
)


# A date the text gives as when: "by September 2025", "until March 2026", "end of Q3 2025".
_DUE_IN_TEXT = re.compile(
    rf"\b(?:by|until|before|no\s+later\s+than|end\s+of)\s+(?:the\s+end\s+of\s+)?(?:{_DATES.pattern})",
    re.IGNORECASE,
)


def outcome_shows_change(outcome: str, vocab: Vocabulary) -> bool:
    """Whether a completed action's outcome says what changed ("88 clients screened; reported
    to the board"), not only that it was closed ("Complete.", "Letter sent, no reply, closed")."""
    text = vocab.weak_evidence.sub(" ", normalise(outcome))
    if vocab.evidence.search(text) or re.search(r"\d", _DATES.sub(" ", text)):
        return True  # evidence, or a figure other than a date ("Letter sent 14 March 2025")
    rest = [w for w in words(vocab.weak_closure.sub(" ", text)) if w.lower not in vocab.stopwords]
    return len(rest) >= 3


# "to", "should", "will" before a lower-case word: where the one asked ends when the verb is
# not in the word lists ("Kirkthwaite Citizens Advice to screen clients ...").
_MODAL_SPLIT = re.compile(r"\s(?:to|should|will|must|shall)\s+(?:not\s+)?[a-z]")


def addressees(text: str, ctx: Context) -> list[str]:
    """The organisations a recommendation is addressed to: those named before its first ask
    ("That Kestrel Bay Police and the Council review ..."), capitalised names only."""
    source = normalise(text)
    found = asks(source, ctx.vocab)
    modal = _MODAL_SPLIT.search(source)
    if found:
        subject = source[: found[0].word.start]
    elif modal:
        subject = source[: modal.start()]  # a verb the word lists lack: "X to screen clients"
    else:
        return []
    if ctx.vocab.collective_addressees.search(subject) or is_national(subject):
        return []  # no one in particular, or a national body ("the Department of Health")
    out = []
    for match in ctx.vocab.agency_heads.finditer(subject):
        name = re.sub(r"^(?:That|To|For)\s+", "", match.group()).strip()
        if name:
            out.append(name)
    return list(dict.fromkeys(out))


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


_SO_THAT = re.compile(r"\b(?:so that|in order that|in order to|so as to)\b")


def vague_phrases(text: str, vocab: Vocabulary) -> list[str]:
    """The vague verbs of a text as written, leaving out those that are not the ask: a noun or
    an adjective ("an improved form", "the effectiveness of raising awareness") or the purpose
    of a concrete ask ("Deliver DASH training to all officers to improve risk assessment")."""
    source = normalise(text)
    text_asks = asks(source, vocab)
    found = []
    for match in vocab.vague_verbs.finditer(source):
        clause = next((c for c in clauses(source) if c[0].start <= match.start() <= c[-1].end), [])
        before = [w.lower for w in clause if w.end <= match.start()]
        if before and before[-1] in vocab.noun_markers:
            continue
        if in_statement(before, vocab):
            continue  # "whether escalation was considered"
        if before and before[-1] != "that" and match.group()[:1].isupper():
            continue  # part of a name: "Improving Access to Psychological Therapies"
        concrete_ask_before = any(
            not ask.verb.vague
            and ask.verb.lemma not in vocab.complement_verbs
            and ask.words == tuple(clause)
            and ask.word.start < match.start()
            for ask in text_asks
        )
        if concrete_ask_before and any(
            tuple(before[len(before) - len(m) - skip : len(before) - skip]) == m
            for m in vocab.purpose_markers
            for skip in (0, 1)  # one word may come between: "to further improve"
        ):
            continue
        if concrete_ask_before and _SO_THAT.search(" ".join(before)):
            continue  # the purpose, further on: "reviews X so that ... are reflected in Y"
        found.append(match.group())
    concrete = [
        a.word.start
        for a in text_asks
        if not a.verb.vague and a.verb.lemma not in vocab.complement_verbs
    ]
    for match in vocab.vague_patterns.finditer(source):
        if not any(start < match.start() for start in concrete):  # not the purpose of an ask
            found.append(match.group())
    return list(dict.fromkeys(found))


# Specific ----------------------------------------------------------------------------------


@rule("vague-verb", Letter.S, Severity.PROBLEM, RECOMMENDATION, ACTION)
def vague_verb(item: Recommendation | Action, ctx: Context, site: Site) -> Hit | None:
    """Uses a vague verb (consider, explore, raise awareness, seek assurance...) as its ask."""
    found = vague_phrases(item.text, ctx.vocab)
    if not found:
        return None
    return Hit(
        f"It uses {quoted(found)}, which does not say what will be done, "
        "so no one can tell when it is finished.",
        f"Replace {quoted(found[:1])} with the change that will be made and who makes it, e.g. "
        f"'{ctx.example_agency(site.r, opening=True)} will update … and report it to the board by "
        "31 March 2026'.",
    )


@rule("no-object", Letter.S, Severity.PROBLEM, RECOMMENDATION, ACTION)
def no_object(item: Recommendation | Action, ctx: Context, site: Site) -> Hit | None:
    """Its verb acts on nothing: "Agencies to review." - review what? Or it asks only for
    "appropriate action" or to "address the issues identified"."""
    empty = ctx.vocab.empty_asks.search(item.text)
    if empty:
        return Hit(
            f"It does not say what will be done: '{empty.group().strip(' .;')}' could mean "
            "anything.",
            "Name the change, e.g. 'add a routine enquiry question to the triage form and "
            "audit its use', for each finding it answers.",
        )
    said = ctx.vocab.dates_in_text.sub(" ", item.text)  # "(target: TBC)" is no object
    found = [ask for ask in asks(said, ctx.vocab) if ask.certain]
    if not found or _has_object(found[0], ctx.vocab):
        return None
    verb = found[0].verb.lemma
    return Hit(
        f"It does not say what to {verb}: '{shorten(item.text)}'.",
        f"Say what to {verb} and where the result will be seen, e.g. '{verb} the domestic "
        "abuse policy and publish the new version'.",
    )


def _has_object(ask, vocab: Vocabulary) -> bool:
    """Whether any word after the verb, in its clause, says what it acts on. Timing words,
    filler ("as necessary") and verbs joined to it ("review and update") do not."""
    clause, end = ask.words, ask.index + ask.length
    for m in range(ask.index + 1, len(clause)):
        word = clause[m].lower
        if word in vocab.stopwords or word[:1].isdigit() or vocab.open_ended.fullmatch(word):
            continue
        joined_verb = (
            clause[m - 1].lower in {j[-1] for j in vocab.clause_joiners}
            and word in vocab.verbs_by_form
        )
        if m < end or not joined_verb:
            return True
    return False


@rule("several-asks", Letter.S, Severity.WARNING, RECOMMENDATION)
def several_asks(rec: Recommendation, ctx: Context, site: Site) -> Hit | None:
    """Joins several asks in one recommendation ("Review X and train Y; publish Z")."""
    separate = separate_asks(rec, ctx)
    if len(separate) < 2:
        return None
    return Hit(
        f"It asks for {len(separate)} things at once: "
        f"{quoted([a.quote(6) + '…' for a in separate])}. Each may need a different lead and date, "
        "and one can be finished while another is not.",
        "Split it into one recommendation per ask, each with its own lead, evidence and date.",
    )


def separate_asks(rec: Recommendation, ctx: Context) -> list:
    """Its asks that could each need their own lead and date: the first, and each after it but
    a follow-on of the first ("and report it to the board"), unless that one opens a "that"
    clause of its own; not those after "so that", which say what the first is for."""
    found = asks(rec.text, ctx.vocab)
    return found[:1] + [
        a
        for a in found[1:]
        if (a.verb.lemma not in ctx.vocab.follow_on_verbs or _new_that_clause(a, found[0]))
        and not _purpose_of(a, found[0])
        and not _records_what_was_asked(a)
    ]


def _records_what_was_asked(ask) -> bool:
    """Whether an ask only records the result of the one before ("ask about abuse and record
    the answer"), which is part of it."""
    if ask.verb.lemma not in {"record", "document", "log"}:
        return False
    end = ask.index + ask.length
    after = tuple(w.lower for w in ask.words[end : end + 2])
    return after[:1] in {("it",), ("them",)} or after in _WHAT_WAS_ASKED


_WHAT_WAS_ASKED = {("the", "answer"), ("the", "response"), ("the", "result"), ("the", "outcome")}


def _purpose_of(ask, first) -> bool:
    """Whether an ask in the first ask's clause comes after "so that": what the first is for
    ("reviews its procedure so that officers record and refer ...")."""
    if ask.words != first.words:
        return False
    between = ask.source[first.word.end : ask.word.start].lower()
    return _SO_THAT.search(between) is not None


def _new_that_clause(ask, first) -> bool:
    """Whether an ask opens a "that" clause of its own after the first ask's ("..., and that
    the Trust shares ..."): it has a subject of its own, so is no follow-on of the first."""
    return ask.words != first.words and ask.words[0].lower in {"and", "that"}


@rule("no-agency", Letter.S, Severity.PROBLEM, RECOMMENDATION)
def no_agency(rec: Recommendation, ctx: Context, site: Site) -> Hit | None:
    """Its own words do not say who is accountable ("That the policy is revised", "Improve
    information sharing between ..."), even when its actions name leads: a recommendation is
    published, sent to the Home Office and counted on its own. Not for one addressed to all
    agencies ("all-agencies-only"). A national body asked to act says who; "That the
    legislation is changed" does not, and needs national action besides."""
    if _says_who(rec, ctx) or _collective_subject(rec, ctx):
        return None  # it says who, or it is "all-agencies-only"
    if garbled_signs(rec.text, ctx.vocab):
        return None  # "garbled-text" asks for the full wording, saying who will do what
    leads = ctx.example_agency(site.r) if ctx.first_agencies[site.r] else None
    if leads:
        return Hit(
            f"Its words do not say which agency is accountable for it. Its actions are led by "
            f"{leads}, but the recommendation is published and reported on its own.",
            f"Say who in the recommendation itself, e.g. 'That {leads} …'.",
        )
    return Hit(
        "It does not say which agency is accountable for it, and none of its actions has a lead "
        "agency.",
        f"Name the agency that will deliver it, e.g. 'That {ctx.example_agency()} will …', "
        "and give each action a lead.",
    )


def _says_who(rec: Recommendation, ctx: Context) -> bool:
    """Whether its words name the one to act: an agency before its first ask ("That the
    Trust reviews", "It is recommended that Northvale Police ..."), or after "by" in a passive
    ask ("is revised by the Council"). An agency named only as an object or a place ("between
    the police and ...", "in each GP practice") does not say who."""
    text = normalise(rec.text)
    subject = _subject(rec, ctx)
    if _ACRONYM_SUBJECT.search(subject):
        return True  # "That the HSCP evaluates": an organisation by its initials
    parts = [subject, *(m.group(1) for m in _BY_AGENT.finditer(text))]
    patterns = (
        ctx.vocab.agency_words,
        ctx.vocab.agency_heads,
        ctx.known_agencies,
        national().bodies,
    )
    return any(
        pattern is not None and pattern.search(part) for part in parts for pattern in patterns
    )


_HELPED = re.compile(
    r"\b(?:allow|enable|help|support|equip|empower)s?\s+(?:[\w-]+\s+){0,12}$", re.IGNORECASE
)


# Initials right before the ask, after "That (the)" or at the start: "That the HSCP evaluates",
# "CSAB to review". Topics written in initials ("DA", "DASH") are not before the verb.
_ACRONYM_SUBJECT = re.compile(
    r"(?:^|\bThat\s+)(?:the\s+)?[A-Z][A-Z&]{1,6}\s+(?:(?:will|should|must|to)\s+)?$"
)


def _subject(rec: Recommendation, ctx: Context) -> str:
    """Its words before its first ask ("That the Trust", "All agencies should"), or before a
    passive verb ("That the policy"), else all of it."""
    text = normalise(rec.text)
    found = asks(text, ctx.vocab)
    if found:
        return text[: found[0].word.start]
    passive = _PASSIVE.search(text)
    return text[: passive.start()] if passive else text


_PASSIVE = re.compile(r"\b(?:is|are|be|been)\s+(?:\w+ly\s+)?\w+(?:ed|en)\b", re.IGNORECASE)
_BY_AGENT = re.compile(r"\bby\s+((?:the\s+)?\S+(?:\s+\S+){0,7})", re.IGNORECASE)


@rule("all-agencies-only", Letter.S, Severity.PROBLEM, RECOMMENDATION)
def all_agencies_only(rec: Recommendation, ctx: Context, site: Site) -> Hit | None:
    """Is addressed only to "all agencies" or "partners" (named as the ones to act, before its
    ask), so no one in particular owns it. Read in its own words, as "no-agency" is: its
    actions' leads do not make one agency own it."""
    found = _collective_subject(rec, ctx)
    if not found or (not _addressed_to_all(rec, ctx) and _says_who(rec, ctx)):
        return None
    return _all_agencies_hit(found, ctx)


def _all_agencies_hit(found: str, ctx: Context) -> Hit:
    return Hit(
        f"It is addressed to '{found}', which makes everyone responsible and so no one.",
        f"Name the agency that will lead it, e.g. '{ctx.example_agency(opening=True)} will …', "
        "and list the others as contributors in its actions.",
    )


def _addressed_to_all(rec: Recommendation, ctx: Context) -> bool:
    """Whether it opens with "all agencies" or "partners" as the ones to act (not a bare
    "agencies": the development set labels "Agencies should consider how they ..." led by the
    CSP as vague only)."""
    text = normalise(rec.text)
    found = asks(text, ctx.vocab)
    subject = text[: found[0].word.start] if found else text
    return ctx.vocab.everyone_addressees.search(subject) is not None and not (
        ctx.vocab.agency_heads.search(subject) or ctx.vocab.agency_words.search(subject.lower())
    )


def _collective_subject(rec: Recommendation, ctx: Context) -> str | None:
    """"All agencies", "partners" or the like as the ones asked (before its ask), unless they
    are helped rather than asked ("To allow frontline practitioners to ...")."""
    subject = _subject(rec, ctx)
    found = ctx.vocab.collective_addressees.search(subject)
    if not found or _HELPED.search(subject[: found.start()]):
        return None
    return found.group()


# Measurable --------------------------------------------------------------------------------


def refers_elsewhere(action: Action, ctx: Context) -> bool:
    """Whether the action's text only refers elsewhere ("See recommendation 1.", "As above")."""
    return ctx.vocab.refers_elsewhere.fullmatch(normalise(action.text).strip(" .;:-")) is not None


def stated_measure(action: Action, vocab: Vocabulary) -> str | None:
    """The measure of success the plan states for the action (in its own cell or in the text:
    "Success measure: ..."), unless it is a placeholder ("TBC", "N/A")."""
    measure = (action.measure or "").strip()
    if not measure and (found := vocab.measure_in_text.search(action.text)):
        measure = found.group("value").strip()
    return measure if measure and not is_placeholder(measure, vocab) else None


def measure_text(action: Action, vocab: Vocabulary) -> str:
    """Everything that may say how anyone will know it worked: the texts and dates as written,
    and the stated measure of success."""
    return " ".join(filter(None, [timing_text(action), stated_measure(action, vocab)]))


@rule("no-evidence", Letter.M, Severity.PROBLEM, ACTION)
def no_evidence(action: Action, ctx: Context, site: Site) -> Hit | None:
    """States no evidence of completion or measure of success: text, milestones or measure.
    An action that only refers elsewhere ("as recommendation 1 above") is left to
    "action-restates-recommendation"."""
    if stated_measure(action, ctx.vocab):
        return None
    if refers_elsewhere(action, ctx):
        return None
    if is_completed(action) and action.outcome and outcome_shows_change(action.outcome, ctx.vocab):
        return None
    text = normalise(timing_text(action))
    if ctx.vocab.evidence.search(text) or _outputs_beyond_the_ask(action, ctx):
        return None
    return Hit(
        "It does not say how anyone will know it is done: no evidence of completion "
        "(a report, an audit, a published document) and no measure of success.",
        "Add a measure of success or a milestone that shows it is done, e.g. 'Audit of 20 "
        "case files reported to the CSP board' or '90% of frontline staff trained, from the "
        "training records'.",
    )


def _outputs_beyond_the_ask(action: Action, ctx: Context) -> bool:
    """Whether an output is given as what shows it done ("; briefing attendance recorded",
    a milestone "Training delivered", the measure), not only as the task itself ("Deliver a
    session at the lunch clubs.", which says nothing of how anyone will know)."""
    sentences = re.split(r"[;.]\s+|\s+-\s+|,\s+with\s+", normalise(action.text), maxsplit=1)
    if not asks(sentences[0], ctx.vocab):
        sentences = ["", *sentences]  # written as what was done: "Learning event held"
    rest = " ".join(
        filter(
            None,
            [
                " ".join(sentences[1:]),
                action.target_date_text,
                *(part for m in action.milestones for part in (m.text, m.target_date_text)),
                stated_measure(action, ctx.vocab),
            ],
        )
    )
    return ctx.vocab.output_only.search(normalise(rest)) is not None


_MEASURE_LABEL = re.compile(
    r"\b(?:(?:success|outcome)\s+)?(?:measures?|evidence)\s*:|\bmeasured\s+(?:by|through)\b",
    re.IGNORECASE,
)


@rule("output-only-measure", Letter.M, Severity.WARNING, ACTION)
def output_only_measure(action: Action, ctx: Context, site: Site) -> Hit | None:
    """Measures only what was done ("training delivered"), not what changed."""
    if is_completed(action) and action.outcome and outcome_shows_change(action.outcome, ctx.vocab):
        return None  # its outcome says what changed
    text = normalise(measure_text(action, ctx.vocab))
    # Each part taken out leaves a ";", so that what is left around it cannot join into a
    # phrase ("with the [number attending reported to] the Board").
    outputs_gone = ctx.vocab.output_only.sub(" ; ", ctx.vocab.output_patterns.sub(" ; ", text))
    rest = ctx.vocab.report_channels.sub(" ; ", outputs_gone)
    rest = _MEASURE_LABEL.sub(" ; ", rest)  # "Measure: number attending" measures attendance
    if ctx.vocab.evidence.search(rest):
        return None  # it measures something besides the output and where it is sent
    found = list(dict.fromkeys(m.group() for m in ctx.vocab.output_only.finditer(text)))
    if not found or not _outputs_beyond_the_ask(action, ctx):
        return None  # none, or the output is the task itself and nothing is measured
    return Hit(
        f"Its only measure is an output ({quoted(found)}): it counts what was done, not "
        "whether practice changed.",
        "Add a measure of the change, e.g. 'dip sample of 20 cases six months later shows "
        "DASH completed in 90%', reported to the CSP board.",
    )


@rule("weak-closure", Letter.M, Severity.PROBLEM, ACTION)
def weak_closure(action: Action, ctx: Context, site: Site) -> Hit | None:
    """Is recorded as completed, but its outcome shows no change ("Complete.", "Letter sent,
    no reply, closed")."""
    if not is_completed(action) or not (action.outcome or "").strip():
        return None
    if outcome_shows_change(action.outcome, ctx.vocab):
        return None
    return Hit(
        f"It is recorded as completed, but its outcome ('{shorten(action.outcome)}') does not "
        "say what changed.",
        "Record the evidence of the change before closing it, e.g. 'Audit of 20 cases in June "
        "found the new question asked in 18; reported to the CSP board'.",
    )


@rule("unmeasurable-measure", Letter.M, Severity.WARNING, ACTION)
def unmeasurable_measure(action: Action, ctx: Context, site: Site) -> Hit | None:
    """Judges success by feelings ("staff feel more confident") or by the agency's own word
    ("each agency confirms in writing")."""
    texts = [stated_measure(action, ctx.vocab), *(m.text for m in action.milestones)]
    text = normalise(" ".join(filter(None, texts)))
    found = [m.group() for m in ctx.vocab.unmeasurable.finditer(text)]
    found += [m.group() for m in ctx.vocab.unmeasurable_in_text.finditer(normalise(action.text))]
    found = list(dict.fromkeys(found))
    if not found:
        return None
    rest = ctx.vocab.unmeasurable.sub(" ", f"{text} {normalise(action.text)}")
    if ctx.vocab.hard_evidence.search(rest):
        return None  # something checkable besides: "and audit 20 case files"
    return Hit(
        f"Its measure ({quoted(found)}) rests on how people feel or on an agency's own word, "
        "which no one can check.",
        "Add something that can be checked, e.g. 'dip sample of 20 case files shows the risk "
        "assessment completed in 90%', reported to the board.",
    )


# Achievable --------------------------------------------------------------------------------


_ASKED_TO = re.compile(r"\s+(?:(?:is|are)\s+)?(?:to|should|must|will)\s+(?:be\s+)?[a-z]+", re.I)


@rule("needs-national-action", Letter.A, Severity.PROBLEM, RECOMMENDATION)
def needs_national_action(rec: Recommendation, ctx: Context, site: Site) -> Hit | None:
    """A local recommendation that needs national action: a government department, legislation
    or national guidance, without national scope."""
    if rec.scope == "national":
        return None
    text = normalise(rec.text)
    found = []
    for pattern in (national().bodies, ctx.vocab.national_instruments):
        for match in pattern.finditer(text):
            before = " ".join(text[: match.start()].split()[-10:])
            if not ctx.vocab.local_contexts.search(before):
                found.append(match.group())
    # A national IT system is national action only when the plan asks for it to change.
    for match in national().it_systems.finditer(text):
        around = " ".join(text[: match.start()].split()[-6:]) + " " + text[match.end() :][:40]
        asked_to = _ASKED_TO.match(text, match.end())  # "the Summary Care Record to display"
        if national().change_words.search(around) or asked_to:
            found.append(match.group())
    found += [m.group() for m in national().act_changed.finditer(text)]
    found = list(dict.fromkeys(found))
    if not found:
        return None
    marked = f"marked {rec.scope}" if rec.scope else "not marked national"
    return Hit(
        f"It needs national action ({quoted(found)}), but it is {marked}: a local partnership "
        "cannot change national guidance or the law.",
        "Make it a national recommendation addressed to the department responsible, or make "
        "the local part achievable, e.g. 'The CSP chair will write to the Home Office by June "
        "asking it to amend the guidance, and report the reply to the board'.",
    )


@rule("lead-not-partner", Letter.A, Severity.WARNING, ACTION)
def lead_not_partner(action: Action, ctx: Context, site: Site) -> Hit | None:
    """Its lead agency is not a partner of the CSP (checked only when partners are known; the
    partnership itself always counts as one)."""
    if ctx.partners is None:
        return None
    outside = [a for a in named_agencies(action.leads, ctx.vocab) if a not in ctx.partners]
    if not outside:
        return None
    if len(outside) == 1:
        who = f"lead {quoted(outside)} is not a partner"
    else:
        who = f"leads {quoted(outside)} are not partners"
    return Hit(
        f"Its {who} of the partnership, so the partnership cannot hold it to account.",
        "Check the name matches a partner agency, or agree the action with that organisation "
        "and record who in the partnership will follow it up.",
    )


@rule("addressee-outside-partnership", Letter.A, Severity.WARNING, RECOMMENDATION)
def addressee_outside_partnership(rec: Recommendation, ctx: Context, site: Site) -> Hit | None:
    """Is addressed to a local organisation that is not a partner of the partnership nor a
    national body (checked only when partners are known)."""
    if ctx.partners is None:
        return None
    named = ctx.addressees[site.r]
    if not named or any(_within_partnership(n, ctx) for n in named):
        return None
    return Hit(
        f"It is addressed to {quoted(named)}, which is not a partner of the partnership, so the "
        "partnership cannot hold it to account.",
        "Address it to a partner that will take it up with that organisation, e.g. 'That "
        f"{ctx.example_agency()} agrees with … how it will …', or add the organisation to the "
        "partnership.",
    )


def _within_partnership(name: str, ctx: Context) -> bool:
    """Whether a name is a partner, part of one ("the Council's Housing Options Team"), one of
    the partnership's own boards or groups, or a national body. A name that opens with a place
    or name none of the partners has ("Oakmead Care Group") is not taken for a board or team of
    the partnership."""
    if is_national(name):
        return True
    if not _opens_with_other_name(name, ctx):
        if ctx.vocab.coordinating.search(name.lower()):
            return True
        if name.split()[-1].lower() in ctx.vocab.department_heads:
            return True  # a team or service, most likely of a partner: "Housing Options Service"
    parts = re.split(r"['’]s\b|\s+(?:of|at|within|in)\s+", name)
    words_of = name.split()
    prefixes = [" ".join(words_of[:n]) for n in range(2, len(words_of))]  # "X Council Children"
    return any(p.strip() and p.strip() in ctx.partners for p in [name, *parts, *prefixes])


def _opens_with_other_name(name: str, ctx: Context) -> bool:
    """Whether a name opens with a capitalised word (not an abbreviation) that opens none of the
    partners' names nor the partnership's: another place or a company's name."""
    first = name.split()[0] if name.split() else ""
    if not first[:1].isupper() or first.isupper() or first in ctx.vocab.sentence_openers:
        return False
    own = [*(ctx.partners.names if ctx.partners else ()), ctx.plan.review.partnership or ""]
    return all(first.lower() not in {w.lower() for w in n.split()[:2]} for n in own)


# Realistic / relevant ----------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """The other member of a duplicate pair: its position (a recommendation's index, or an
    action's place in plan order), whether it comes later, and the share of the same words
    (None when it says the same in other words)."""

    other: int
    later: bool
    score: float | None


def duplicate_pairs(
    found: Callable[[int], tuple[int, float | None] | None], count: int
) -> dict[int, Pair]:
    """Each item's partner in a duplicate pair, both ways: ``found(i)`` gives the first earlier
    item that item ``i`` repeats. An item in several pairs is shown its first."""
    pairs: dict[int, Pair] = {}
    for i in range(count):
        match = found(i)
        if match is None:
            continue
        j, score = match
        pairs.setdefault(i, Pair(j, later=False, score=score))
        pairs.setdefault(j, Pair(i, later=True, score=score))
    return pairs


def _alike(score: float | None) -> str:
    return f" ({score:.0%} of the same words)" if score is not None else " in other words"


@rule("duplicate-recommendation", Letter.R, Severity.WARNING, RECOMMENDATION)
def duplicate_recommendation(rec: Recommendation, ctx: Context, site: Site) -> Hit | None:
    """Asks for the same as another recommendation of the same plan, in the same or other
    words. Both of the pair are flagged, each naming the other."""
    pair = ctx.recommendation_pairs.get(site.r)
    if pair is None:
        return None
    other = _rec_label(ctx.plan.recommendations[pair.other], pair.other)
    if pair.later:
        message = f"{other.capitalize()} asks for the same as this one{_alike(pair.score)}."
    elif pair.score is not None:
        message = f"It repeats {other}{_alike(pair.score)}."
    else:
        message = f"It asks for the same as {other} in other words."
    return Hit(message, "Merge the two, or say what this one asks that the other does not.")


def earlier_recommendation(r: int, ctx: Context) -> tuple[int, float | None] | None:
    """The first earlier recommendation that recommendation ``r`` repeats, with the share of
    the same words, or in other words (None) by the learning engine's index."""
    rec = ctx.plan.recommendations[r]
    mine = ctx.gist(rec.text)
    if len(mine) < ctx.vocab.duplicate_min_words:
        return None
    for j in ctx.recommendations_alike.candidates(r):
        score = similarity(mine, ctx.gist(ctx.plan.recommendations[j].text))
        if score >= ctx.vocab.duplicate_similarity:
            return j, score
    alike = ctx.recommendations_reworded.scores(
        rec.text, at_least=ctx.vocab.reworded_recommendation_similarity
    )
    for j in sorted(j for j in alike if j < r):
        if _reworded(
            rec.text,
            ctx.plan.recommendations[j].text,
            alike[j],
            ctx,
            same_agency=one_agency(ctx.addressees[r], ctx.addressees[j]),
        ):
            return j, None
    return None


@rule("duplicate-action", Letter.R, Severity.WARNING, ACTION)
def duplicate_action(action: Action, ctx: Context, site: Site) -> Hit | None:
    """Asks for the same as another open action of the same agency in the same plan, in the
    same or other words. Both of the pair are flagged, each naming the other."""
    pair = ctx.action_pairs.get(ctx.action_position(site))
    if pair is None:
        return None
    where = ctx.action_sites[pair.other]
    rec = ctx.plan.recommendations[where.r]
    other = f"action {where.a + 1} of {_rec_label(rec, where.r)}"
    if pair.later:
        message = (
            f"{other.capitalize()} asks for the same as this one{_alike(pair.score)}, and both "
            "are open for the same agency."
        )
    elif pair.score is not None:
        message = (
            f"It repeats {other}, which is still open for the same agency{_alike(pair.score)}."
        )
    else:
        message = (
            f"It asks for the same as {other} in other words, which is still open for the "
            "same agency."
        )
    return Hit(message, "Merge the two actions, or say what this one adds.")


def earlier_action(position: int, ctx: Context) -> tuple[int, float | None] | None:
    """The first earlier open action of the same agency that the open action at ``position``
    (plan order) repeats, with the share of the same words, or in other words (None)."""
    site = ctx.action_sites[position]
    action = ctx.plan.recommendations[site.r].actions[site.a]
    if not is_open(action):
        return None
    mine = ctx.gist(action.text)
    if len(mine) < ctx.vocab.duplicate_min_words:
        return None
    for j in ctx.actions_alike.candidates(position):
        other = _action_at(j, ctx)
        if not is_open(other) or not ctx.same_lead(position, j):
            continue
        score = similarity(mine, ctx.gist(other.text))
        if score >= ctx.vocab.duplicate_similarity:
            return j, score
    alike = ctx.actions_reworded.scores(action.text, at_least=ctx.vocab.reworded_action_similarity)
    for j in sorted(j for j in alike if j < position):
        other = _action_at(j, ctx)
        if (
            is_open(other)
            and ctx.same_lead(position, j)
            and _reworded(action.text, other.text, alike[j], ctx, same_agency=True)
        ):
            return j, None
    return None


def _action_at(position: int, ctx: Context) -> Action:
    site = ctx.action_sites[position]
    return ctx.plan.recommendations[site.r].actions[site.a]


def same_ask(one: str, other: str, vocab: Vocabulary) -> bool | None:
    """Whether two texts alike in words ask for the same: each one's first verb, unless a light
    one ("deliver", "provide"), is among the other's words ("trains" and "deliver training"),
    None when neither has a verb that says what it asks ("Quarterly reports to the board")."""
    shown = False
    for text, against in ((one, other), (other, one)):
        found = asks(text, vocab)
        if not found or found[0].verb.lemma in vocab.light_verbs or found[0].verb.vague:
            continue
        verb = content_words(found[0].verb.lemma, vocab)
        if verb and not verb & content_words(against, vocab):
            if not _said_otherwise(found[0].verb.lemma, against):
                return False
        shown = shown or bool(verb)
    return True if shown else None


def _said_otherwise(verb: str, text: str) -> bool:
    """Whether ``text`` says ``verb`` in words the learning engine's synonyms hold for the same
    ("refers" and "are put in touch with")."""
    wanted = set(canonical_stems(content_stems(verb)))
    return bool(wanted) and wanted <= set(canonical_stems(content_stems(text)))


def _reworded(one: str, other: str, score: float, ctx: Context, *, same_agency: bool) -> bool:
    """Two texts alike enough in the learning engine's eyes ask for the same: by their verbs, or
    without verbs ("ensures a carer's assessment is offered", "to make sure relatives ... are
    offered an assessment") when asked of the same agency, else by a higher score."""
    same = same_ask(one, other, ctx.vocab)
    if same is None:
        return same_agency or score >= ctx.vocab.reworded_without_verbs
    return same


def _rec_label(rec: Recommendation, r: int) -> str:
    return f"recommendation {rec.number or r + 1}"


@rule("action-restates-recommendation", Letter.S, Severity.WARNING, ACTION)
def action_restates_recommendation(action: Action, ctx: Context, site: Site) -> Hit | None:
    """Repeats its recommendation (nearly) word for word, or only refers elsewhere ("see
    recommendation 3", "as above")."""
    rec = ctx.plan.recommendations[site.r]
    text = normalise(action.text)
    if refers_elsewhere(action, ctx):
        return Hit(
            f"It only refers elsewhere ('{shorten(action.text)}'): it does not say what will be "
            "done.",
            "Write out the step itself, who takes it and how it will be shown done.",
        )
    mine, theirs = content_words(text, ctx.vocab), content_words(rec.text, ctx.vocab)
    if len(mine) < ctx.vocab.duplicate_min_words:
        return None
    score = similarity(mine, theirs)
    if score < ctx.vocab.restates_similarity:
        return None
    return Hit(
        f"It repeats its recommendation ({score:.0%} of the same words) instead of saying the "
        "step that delivers it.",
        "Say the concrete step, e.g. 'Add the stalking questions to the call script and audit "
        "30 calls in June', rather than the recommendation again.",
    )


@rule("action-other-agency", Letter.R, Severity.WARNING, ACTION)
def action_other_agency(action: Action, ctx: Context, site: Site) -> Hit | None:
    """Is filed under a recommendation addressed to one agency but led by another, unrelated
    one: a partner that another recommendation of the plan is addressed to."""
    named = ctx.addressees[site.r]
    leads = named_agencies(action.leads, ctx.vocab)
    if len(named) != 1 or not leads or ctx.vocab.coordinating.search(named[0].lower()):
        return None
    if is_national(named[0]) or any(lead in agencies_named(named) for lead in leads):
        return None
    if ctx.partners is not None and not all(lead in ctx.partners for lead in leads):
        return None  # an outsider leads it: "lead-not-partner" says so
    if ctx.partners is not None and named[0] not in ctx.partners:
        return None  # a partner takes up an ask of an outsider: "addressee-outside-partnership"
    source = normalise(ctx.plan.recommendations[site.r].text)
    mentioned = [m.group() for m in ctx.vocab.agency_heads.finditer(source)]
    if ctx.known_agencies is not None:
        mentioned += [m.group() for m in ctx.known_agencies.finditer(source)]
    if any(lead in agencies_named(mentioned) or lead.lower() in source.lower() for lead in leads):
        return None  # the recommendation names it too: "with the Police"
    elsewhere = [
        r
        for r, others in enumerate(ctx.addressees)
        if r != site.r and any(lead in agencies_named(others) for lead in leads)
    ]
    if not elsewhere:
        return None
    other = ctx.plan.recommendations[elsewhere[0]]
    return Hit(
        f"Its recommendation is addressed to '{named[0]}', but it is led by {quoted(leads)}, "
        f"to whom {_rec_label(other, elsewhere[0])} is addressed.",
        f"Check it is filed under the right recommendation, or make '{named[0]}' the lead and "
        "the other agency a contributor.",
    )


def agencies_named(names: list[str]) -> Partners:
    return _agencies_named(tuple(names))


@functools.lru_cache(maxsize=1024)
def _agencies_named(names: tuple[str, ...]) -> Partners:
    return Partners(names)


@rule("unrealistic-timescale", Letter.R, Severity.WARNING, ACTION)
def unrealistic_timescale(action: Action, ctx: Context, site: Site) -> Hit | None:
    """Gives itself clearly too little time for what it asks (a post recruited and trained in
    a month)."""
    if not is_open(action):
        return None  # done, however long it took
    text = normalise(action.text)
    needed = [
        (months, match.group())
        for pattern, months in ctx.vocab.least_months
        if (match := pattern.search(text))
    ]
    if not needed:
        return None
    months, what = max(needed)
    given = _months_given(action, ctx)
    if given is None or given <= 0 or given >= months:
        return None  # none given, or a date before the plan ("date-before-plan")
    return Hit(
        f"It gives about {max(given, 0.25):.0f} month(s) for work that takes at least {months} "
        f"('{what}').",
        f"Give it at least {months} months, with a milestone for each step (e.g. post "
        "advertised, appointed, trained).",
    )


def _months_given(action: Action, ctx: Context) -> float | None:
    """The time the action gives itself: "within two weeks", else from the plan's date to its
    target date."""
    text = " ".join(filter(None, [action.text, action.target_date_text])).lower()
    match = ctx.vocab.within.search(text)
    if match:
        number = match.group("n")
        count = float(_NUMBERS.get(number, number) if not number.isdigit() else number)
        unit = match.group("unit")
        return count * {"day": 1 / 30, "week": 0.25, "month": 1.0}[unit.rstrip("s")]
    due = action.target_date
    if due is None or ctx.plan_date is None:
        return None
    return (due.due_on - ctx.plan_date).days / 30.4


_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12,
}  # fmt: skip


# Time-bound --------------------------------------------------------------------------------


@rule("no-target-date", Letter.T, Severity.PROBLEM, ACTION)
def no_target_date(action: Action, ctx: Context, site: Site) -> Hit | None:
    """Has no target date, neither its own nor on any milestone (and no timing words: those are
    "open-ended-timing")."""
    if target(action) or ctx.vocab.open_ended.search(normalise(timing_text(action))):
        return None
    if refers_elsewhere(action, ctx):
        return None  # left to "action-restates-recommendation"
    written = date_text(action, ctx.vocab)
    if _DATES.search(written) or ctx.vocab.within.search(written):
        return None  # a date in words: "(target: end of Q3 2025)", "within six months"
    if _DUE_IN_TEXT.search(timing_text(action)):
        return None  # "(first audit by September 2025, last by March 2026)"
    if ctx.vocab.open_ended_dates.search(date_text(action, ctx.vocab)):
        return None
    return Hit(
        "It has no target date, and none of its milestones has one.",
        "Give it a target date after the plan's date, and dates for its milestones, e.g. "
        "'31 March 2026'.",
    )


@rule("open-ended-timing", Letter.T, Severity.PROBLEM, ACTION)
def open_ended_timing(action: Action, ctx: Context, site: Site) -> Hit | None:
    """Says "ongoing", "TBC", "immediately", "quarterly" or "annual" with no end date."""
    if target(action):
        return None
    text = normalise(timing_text(action))
    found = [m.group() for m in ctx.vocab.open_ended.finditer(text)]
    found += [m.group() for m in ctx.vocab.open_ended_dates.finditer(date_text(action, ctx.vocab))]
    found = list(dict.fromkeys(found))
    if not found:
        return None
    return Hit(
        f"Its timing is {quoted(found)} with no end date, so it can never be late or finished.",
        "Give a date by which it will be in place, e.g. 'quarterly reports to the board until "
        "March 2026', or 'by 30 June 2025' instead of 'immediately'.",
    )


@rule("date-before-plan", Letter.T, Severity.PROBLEM, ACTION)
def date_before_plan(action: Action, ctx: Context, site: Site) -> Hit | None:
    """Has a target date before the plan's date (and was not done early)."""
    due = target(action)
    if ctx.plan_date is None or due is None or due.due_on >= ctx.plan_date or not is_open(action):
        return None
    return Hit(
        f"Its target date, {due.display()}, is before the plan's date "
        f"({ctx.plan_date.day} {calendar.month_name[ctx.plan_date.month]} {ctx.plan_date.year}).",
        "Check the year. If the work was done before the plan, record it as completed with the "
        "date; otherwise set a date after the plan.",
    )


@rule("far-off-date", Letter.T, Severity.WARNING, ACTION)
def far_off_date(action: Action, ctx: Context, site: Site) -> Hit | None:
    """Has a target date more than 24 months (``far_off_months``) after the plan's date, or after
    today when the plan's date is unknown."""
    due = target(action)
    months = ctx.vocab.far_off_months
    start = ctx.plan_date or ctx.today
    if due is None or due.due_on <= add_months(start, months):
        return None
    since = "the plan's date" if ctx.plan_date else "today"
    return Hit(
        f"Its target date, {due.display()}, is more than {months} months after {since}: "
        "people and priorities change long before then.",
        "Break it into steps with nearer dates, e.g. a first milestone within six months.",
    )


@rule("milestone-after-target", Letter.T, Severity.PROBLEM, ACTION)
def milestone_after_target(action: Action, ctx: Context, site: Site) -> Hit | None:
    """Has a milestone due after the action's own target date."""
    due = action.target_date
    if due is None or action.target_date_derived:
        return None
    late = [
        m
        for m in action.milestones
        if m.target_date and _starts_on(m.target_date) > due.due_on  # "May 2025" after 15 May
    ]
    if not late:
        return None
    first = late[0]
    return Hit(
        f"Its milestone '{shorten(first.text, 40)}' is due {first.target_date.display()}, after "
        f"the action's target date ({due.display()}).",
        "Move the milestone before the target date, or move the target date to the last milestone.",
    )


def _starts_on(date: PartialDate) -> dt.date:
    """The first day of the period a partial date names."""
    return dt.date(date.year, date.month or 1, date.day or 1)


@rule("ask-without-action", Letter.GENERAL, Severity.PROBLEM, RECOMMENDATION)
def ask_without_action(rec: Recommendation, ctx: Context, site: Site) -> Hit | None:
    """Makes several asks, and at least one of them has no action. Judged only where the plan
    gives the recommendation several actions (a single action answers it as a whole) and the
    text is not garbled."""
    if len(rec.actions) < 2 or garbled_signs(rec.text, ctx.vocab):
        return None
    separate = separate_asks(rec, ctx)
    if len(separate) < 2:
        return None
    covered = set()
    for action in rec.actions:
        covered |= content_words(action.text, ctx.vocab)
        covered |= {w for m in action.milestones for w in content_words(m.text, ctx.vocab)}
        covered |= content_words(action.measure or "", ctx.vocab)
    missing = []
    for ask in separate:
        # Taken up when an action does the same (its verb, "train" in "training") or acts on
        # all the same things ("shares the daily list" and "Send the daily list").
        verb = content_words(ask.verb.lemma, ctx.vocab)
        objects = content_words(ask.quote(4), ctx.vocab) - verb - ctx._common_words
        if not (verb & covered or (objects and objects <= covered)):
            missing.append(ask.quote(4))
    if not missing:
        return None
    return Hit(
        f"It asks for {quoted(missing)}, but none of its actions takes that up.",
        "Add an action for each ask, with a lead, evidence and a date, or split the "
        "recommendation.",
    )


# General -----------------------------------------------------------------------------------


@rule("no-action", Letter.GENERAL, Severity.PROBLEM, RECOMMENDATION)
def no_action(rec: Recommendation, ctx: Context, site: Site) -> Hit | None:
    """Has no action, so nothing will be done about it."""
    if rec.actions:
        return None
    return Hit(
        "It has no action: nothing in the plan says what will be done about it.",
        f"Add at least one action with a lead, evidence and a date, e.g. "
        f"'{ctx.example_agency(site.r, opening=True)} will … by 31 March 2026'.",
    )


@rule("no-lead", Letter.GENERAL, Severity.WARNING, ACTION)
def no_lead(action: Action, ctx: Context, site: Site) -> Hit | None:
    """Has no named lead (no person, role or agency; "TBC" and "all agencies" name no one).
    An action that only refers elsewhere is left to "action-restates-recommendation"."""
    if any(is_named_lead(lead, ctx.vocab) for lead in action.leads) or refers_elsewhere(
        action, ctx
    ):
        return None
    return Hit(
        "It has no named lead, so no one is asked for progress on it.",
        "Name the lead officer and their agency, e.g. 'Jo Smith, DA Lead, "
        f"{ctx.example_agency(site.r)}'.",
    )


@rule("too-many-recommendations", Letter.GENERAL, Severity.WARNING, PLAN)
def too_many_recommendations(plan: ActionPlan, ctx: Context, site: Site) -> Hit | None:
    """Has more than 15 (``max_recommendations``) recommendations."""
    count, limit = len(plan.recommendations), ctx.vocab.max_recommendations
    if count <= limit:
        return None
    return Hit(
        f"The plan has {count} recommendations. More than {limit} are hard to deliver and "
        "to follow through.",
        "Merge recommendations that share a purpose, and keep the few that will change "
        "practice most.",
    )


@rule("garbled-text", Letter.GENERAL, Severity.PROBLEM, RECOMMENDATION, ACTION)
def garbled_text(item: Recommendation | Action, ctx: Context, site: Site) -> Hit | None:
    """Reads as garbled or cut off: starts mid-sentence, ends mid-sentence, or repeats a word
    several times in a row (often a fault copying from PDF)."""
    signs = garbled_signs(item.text, ctx.vocab)
    if not signs:
        return None
    return Hit(
        f"The text looks garbled or cut off: it {' and '.join(signs)}.",
        "Check it against the published report and restore the full wording, saying who will "
        f"do what, e.g. 'That {ctx.example_agency(site.r)} reviews …'.",
    )


# A number or bullet before the text: "8.1 ", "R4. ", "(a) ", "iv) ", "• ".
_LEADING_NUMBER = re.compile(
    r"^[\s•*·–-]*(?:\(?(?:[A-Za-z]?\d+(?:\.\d+)*|[a-z]|[ivx]{1,4})[.)]\s+|\d+(?:\.\d+)*\s+)?"
)


def garbled_signs(text: str, vocab: Vocabulary) -> list[str]:
    """The signs that a text is garbled, in words: "starts mid-sentence ('reviewed, to…')"."""
    text = normalise(text)
    body = text[_LEADING_NUMBER.match(text).end() :]
    found = words(body)
    if not found:
        return []
    signs = []
    first = found[0]
    past = first.lower.endswith("ed") and first.lower not in vocab.verbs_by_form
    if first.text[0].islower() and (first.lower in vocab.continuation_words or past):
        signs.append(f"starts mid-sentence ('{body[: found[min(3, len(found) - 1)].end]}…')")
    last = found[-1]
    if body.rstrip()[-1:] not in ".!?)" and last.lower in vocab.dangling_words:
        signs.append(f"ends mid-sentence ('…{body[found[max(0, len(found) - 4)].start :]}')")
    run, best, word = 1, 1, ""
    for prev, cur in zip(found, found[1:], strict=False):
        run = run + 1 if cur.lower == prev.lower else 1
        if run > best:
            best, word = run, cur.text
    if best >= vocab.repeated_word_run:
        signs.append(f"repeats '{word}' {best} times in a row")
    split = _SPLIT_WORD.search(body)
    if split:
        signs.append(f"has a word split in two ('{split.group()}')")
    bleed = _COLUMN_BLEED.search(body)
    if bleed:
        signs.append(f"has another column's text inside a sentence ('…{bleed.group().strip()}…')")
    return signs


# A word broken by a space, as copying from a PDF does: "assess ment", "amend ed", "whe n" (an
# ending that is no word by itself, or a lone letter other than "a" and "i").
_SPLIT_WORD = re.compile(
    r"\b[a-z]{2,}-\s(?!and\b|or\b|to\b)[a-z]+"  # a line's hyphen left in: "pol- icy"
    r"|\b[a-z]{2,}\s(?:ed|ment|ments|ation|ations|tion|tions|sion|sions|oring|ance|ence|ity"
    r"|ness|ally|[b-hj-z])(?![\w.'’-])"  # not "e-learning", "c.4,000"
)


# Another column's value copied into the middle of a sentence, often splitting a word: "domestic
# incid Westreach Police 31/12/2025 ents", "the outc Lead: PC ASC Target: Mar 2025 ome".
_COLUMN_BLEED = re.compile(
    r"[a-z-]\s+(?:(?i:lead|target|owner|rag|due|status|deadline|completion)\s*:"
    r"|(?:Lead [Aa]gency|Lead [Oo]fficer|Target [Dd]ate|Completion [Dd]ate|RAG [Ss]tatus)\s+"
    r"|(?:[A-Z][\w&'-]*\s+){0,4}\d{1,2}/\d{1,2}/\d{2,4}\s+[a-z])"
    r"|\bP a g e\b|\bPage \d+ of \d+\b",  # a page's footer: "58 | P a g e"
)
