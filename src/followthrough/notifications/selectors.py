"""Reads for reminders and calendar feeds: which actions each person should hear about.

A lead hears about the open actions their agency leads, in each partnership that made them a
lead for it (the same rule as ``leads_for_their_agency``); a coordinator about the actions of
the partnerships they coordinate. Only agreed plans count: a draft's dates are not yet agreed.

A coordinator also hears about the reviews of their partnerships whose next stage is late
against its clock or due within the reminder window (``stages.selectors.reviews_in_progress``,
the stage whose clock presses hardest, as the partnership's list of reviews in progress shows
it), whether or not the review has a plan yet: the months before the plan are where reviews
drift.

What comes out is plain data for the e-mail and the feed: action texts, dates, review titles
(pseudonymous) and agency names. Never narrative, comments or personal names.

Each item says what is asked of whoever reads it, with the form that does it (``Ask``), so the
reminder is one click from the answer (issue 17): a lead is asked for an update, or for
completion evidence once the target date has come or a completion was returned; a coordinator
to decide on sign-off, to decide on a revised date a lead proposed, or to ask the lead of an
overdue action for news (the comment form, which tells the action's leads).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import get_script_prefix, reverse
from django.utils import timezone

from followthrough.delivery.models import TargetDateRevision
from followthrough.delivery.selectors import returned_since_update, with_update_dates
from followthrough.notifications.models import CalendarFeed, token_hash
from followthrough.partnerships.models import Membership, Role
from followthrough.partnerships.selectors import partnership_ids_for_user
from followthrough.plans.lifecycle import AWAITING_DECISION, open_q
from followthrough.plans.models import (
    Action,
    ActionLead,
    ActionState,
    Milestone,
    PlanStatus,
    partial_date,
)
from followthrough.plans.selectors import NO_LEAD_AGENCY, led_by_their_agencies
from followthrough.plans.updates import is_waiting_for_update, quiet_since
from followthrough.stages.selectors import ReviewInProgress, reviews_in_progress


@dataclass(frozen=True)
class Ask:
    """What a reminder asks of its reader about one action, in words ("Give an update"), and
    the page of the form that does it. ``alternative``: another ask for when this one does
    not fit, introduced by its ``lead_in`` ("Not finished yet?")."""

    words: str
    path: str
    alternative: Ask | None = None
    lead_in: str = ""


GIVE_AN_UPDATE = "Give an update"
SEND_COMPLETION_EVIDENCE = "Send completion evidence"
DECIDE_ON_A_REVISED_DATE = "Decide on a revised date"
DECIDE_ON_SIGN_OFF = "Decide on sign-off"
ASK_FOR_NEWS = "Ask the lead for news"


class _Path:
    """A page of one id, as ``reverse(name)`` gives it, reversed once (per script prefix)
    rather than for each item: a run lists tens of thousands at national scale."""

    SAMPLE = 987654321

    def __init__(self, name: str):
        self.name = name
        self._reversed: tuple[str, str] = ("", "")

    def __call__(self, pk: int) -> str:
        prefix = get_script_prefix()
        if self._reversed[0] != prefix or not self._reversed[1]:
            self._reversed = (prefix, reverse(self.name, args=[self.SAMPLE]))
        return self._reversed[1].replace(str(self.SAMPLE), str(pk))


_PROGRESS = _Path("delivery:progress_add")
_COMPLETE = _Path("delivery:complete")
_SIGN_OFF = _Path("delivery:sign_off")
_REVISION_DECIDE = _Path("delivery:revision_decide")
_COMMENT = _Path("delivery:comment_add")
_PARTNERSHIP_ACTIONS = _Path("dashboards:actions")


@dataclass(frozen=True)
class Item:
    """One action as a reminder lists it. ``revision_id``: the revised date its lead
    proposed, waiting for the coordinator's decision (``proposed_display``)."""

    action_id: int
    text: str
    review_title: str
    partnership: str
    path: str
    target_date: dt.date | None
    target_display: str
    agencies: tuple[str, ...]
    days_overdue: int = 0
    days_left: int | None = None
    last_update: dt.date | None = None
    returned_on: dt.date | None = None
    revision_id: int | None = None
    proposed_display: str = ""

    @property
    def is_due_now(self) -> bool:
        """The target date has come: today, or passed."""
        return bool(self.days_overdue) or self.days_left == 0

    @property
    def lead_ask(self) -> Ask:
        """What its lead is asked: completion evidence once the target date has come or a
        completion was returned at sign-off (with an update instead, if it is not finished);
        otherwise an update."""
        if self.is_due_now or self.returned_on:
            return Ask(
                SEND_COMPLETION_EVIDENCE,
                _COMPLETE(self.action_id),
                alternative=Ask(
                    GIVE_AN_UPDATE, _PROGRESS(self.action_id), lead_in="Not finished yet?"
                ),
            )
        return Ask(GIVE_AN_UPDATE, _PROGRESS(self.action_id))

    @property
    def sign_off_ask(self) -> Ask:
        return Ask(DECIDE_ON_SIGN_OFF, _SIGN_OFF(self.action_id))

    @property
    def revision_ask(self) -> Ask | None:
        if self.revision_id is None:
            return None
        return Ask(DECIDE_ON_A_REVISED_DATE, _REVISION_DECIDE(self.revision_id))

    @property
    def chase_ask(self) -> Ask:
        """An overdue action, as its partnership's coordinator hears of it: ask its lead for
        news on its comment thread (the comment is e-mailed to the action's leads)."""
        return Ask(ASK_FOR_NEWS, _COMMENT(self.action_id))


@dataclass(frozen=True)
class ReviewClock:
    """One review whose next stage is late or due soon, as a coordinator's reminder lists it:
    "DHR/2025/004 (Review title): Report completed due 14 March 2027, late by 12 days"."""

    review_id: int
    reference: str
    title: str
    partnership: str
    stage: str  # the next stage's label, as the clocks' stages file gives it
    due_on: dt.date
    days_late: int  # >0 when late
    days_left: int  # >=0 when not late
    path: str  # the review's timeline page

    @property
    def name(self) -> str:
        return f"{self.reference} ({self.title})" if self.reference else self.title

    @property
    def clock(self) -> str:
        """Where the stage stands against its clock, in the digest's words."""
        if self.days_late:
            return f"late by {self.days_late} day{'' if self.days_late == 1 else 's'}"
        if self.days_left == 0:
            return "due today"
        return f"due in {self.days_left} day{'' if self.days_left == 1 else 's'}"


@dataclass
class LeadSection:
    """What a lead hears about their agency's actions. Each action is listed once, in the
    first section that applies."""

    overdue: list[Item] = field(default_factory=list)
    due_soon: list[Item] = field(default_factory=list)
    awaiting_update: list[Item] = field(default_factory=list)

    @property
    def item_count(self) -> int:
        return len(self.overdue) + len(self.due_soon) + len(self.awaiting_update)


@dataclass
class AgencyGroup:
    agency: str
    items: list[Item]


@dataclass
class PartnershipSection:
    """What a coordinator hears about one partnership they coordinate."""

    partnership: str
    awaiting_sign_off: list[Item] = field(default_factory=list)
    # Open actions with a revised date waiting for the coordinator's decision; each action is
    # listed once, so these are not listed as overdue too.
    dates_to_decide: list[Item] = field(default_factory=list)
    escalate: list[Item] = field(default_factory=list)
    overdue_by_agency: list[AgencyGroup] = field(default_factory=list)
    # Reviews whose next stage is late against its clock (most late first), or due within the
    # reminder window (soonest first).
    reviews_late: list[ReviewClock] = field(default_factory=list)
    reviews_due_soon: list[ReviewClock] = field(default_factory=list)
    partnership_id: int | None = None

    @property
    def sign_off_path(self) -> str:
        """The partnership's actions filtered to those awaiting its decision, from which
        several are decided at one meeting."""
        if self.partnership_id is None:
            return ""
        return _PARTNERSHIP_ACTIONS(self.partnership_id) + "?awaiting=on"

    @property
    def overdue_count(self) -> int:
        return len({i.action_id for g in self.overdue_by_agency for i in g.items})

    @property
    def item_count(self) -> int:
        """How many actions (the reviews are counted apart: ``review_count``)."""
        return (
            len(self.awaiting_sign_off)
            + len(self.dates_to_decide)
            + len(self.escalate)
            + self.overdue_count
        )

    @property
    def review_count(self) -> int:
        return len(self.reviews_late) + len(self.reviews_due_soon)

    @property
    def has_news(self) -> bool:
        return bool(self.item_count or self.review_count)


@dataclass(frozen=True)
class ReminderRules:
    today: dt.date
    due_days: int
    awaiting_update_days: int
    escalate_after_days: int


@dataclass
class Digest:
    """Everything one person is reminded of on one day."""

    user: object
    rules: ReminderRules
    lead: LeadSection | None = None
    coordinated: list[PartnershipSection] = field(default_factory=list)
    is_coordinator: bool = False

    def items(self):
        if self.lead:
            yield from self.lead.overdue + self.lead.due_soon + self.lead.awaiting_update
        for section in self.coordinated:
            yield from section.awaiting_sign_off + section.dates_to_decide + section.escalate
            for group in section.overdue_by_agency:
                yield from group.items

    @property
    def item_count(self) -> int:
        """How many actions, each counted once however many sections list it."""
        return len({item.action_id for item in self.items()})

    @property
    def review_count(self) -> int:
        """How many reviews' clocks, late or due soon, in the partnerships they coordinate."""
        return sum(section.review_count for section in self.coordinated)

    @property
    def is_empty(self) -> bool:
        return self.item_count == 0 and self.review_count == 0

    def counts(self) -> dict[str, int]:
        """How many of each kind, for the command's output and the audit event."""
        counts = {
            "overdue": len(self.lead.overdue) if self.lead else 0,
            "due_soon": len(self.lead.due_soon) if self.lead else 0,
            "awaiting_update": len(self.lead.awaiting_update) if self.lead else 0,
            "awaiting_sign_off": sum(len(s.awaiting_sign_off) for s in self.coordinated),
            "dates_to_decide": sum(len(s.dates_to_decide) for s in self.coordinated),
            "to_escalate": sum(len(s.escalate) for s in self.coordinated),
            "overdue_in_partnerships": sum(s.overdue_count for s in self.coordinated),
            "reviews_late": sum(len(s.reviews_late) for s in self.coordinated),
            "reviews_due_soon": sum(len(s.reviews_due_soon) for s in self.coordinated),
        }
        return {kind: n for kind, n in counts.items() if n}


def reminder_recipients() -> QuerySet:
    """Active users who lead for an agency or coordinate a partnership, in a stable order."""
    user_ids = Membership.objects.filter(role__in=[Role.AGENCY_LEAD, Role.COORDINATOR]).values(
        "user_id"
    )
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("pk")


# The columns an Item is made from (``_item``), and nothing else: a run reads every open action
# that anyone is reminded of, tens of thousands at national scale.
_ITEM_FIELDS = (
    "text",
    "target_date",
    "target_date_precision",
    "status",
    "completed_on",
    "recommendation__review__title",
    "recommendation__review__plan_status",
    "recommendation__review__agreed_at",
    "recommendation__review__created_at",
    "recommendation__review__partnership__name",
)


def _agreed_actions() -> QuerySet[Action]:
    return (
        Action.objects.filter(recommendation__review__plan_status=PlanStatus.AGREED)
        .select_related("recommendation__review__partnership")
        .prefetch_related(Prefetch("leads", queryset=ActionLead.objects.select_related("agency")))
        .order_by("target_date", "pk")
    )


def _coordinated_by(user) -> frozenset[int]:
    return partnership_ids_for_user(user, roles=frozenset({Role.COORDINATOR}))


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment is not None else None


def _item(
    action: Action,
    today: dt.date,
    *,
    agencies: tuple[str, ...],
    path: str,
    returned_on: dt.date | None = None,
) -> Item:
    """``action`` as a reminder lists it; with its pending revised date, when it was read
    with ``_PENDING_REVISION``'s annotations."""
    review = action.recommendation.review
    target = action.target
    # Where it stands is Action.state, as on every page; the reminder adds the day counts.
    state = action.state(today)
    dated = action.target_date is not None and action.is_open
    return Item(
        action_id=action.pk,
        text=action.text,
        review_title=review.title,
        partnership=review.partnership.name,
        path=path,
        target_date=action.target_date,
        target_display=target.display() if target else "",
        agencies=agencies,
        days_overdue=(today - action.target_date).days if state == ActionState.OVERDUE else 0,
        days_left=(action.target_date - today).days
        if dated and state != ActionState.OVERDUE
        else None,
        last_update=_local_date(getattr(action, "last_update_at", None)),
        returned_on=returned_on,
        revision_id=getattr(action, "pending_revision_id", None),
        proposed_display=_proposed_display(action),
    )


def _pending(field_name: str) -> Subquery:
    return Subquery(
        TargetDateRevision.objects.filter(
            action=OuterRef("pk"), state=TargetDateRevision.State.PENDING
        ).values(field_name)[:1]
    )


# An action's revised date waiting for a decision (at most one: a unique constraint), read with
# the action rather than in a query of its own.
_PENDING_REVISION = {
    "pending_revision_id": _pending("pk"),
    "pending_proposed_date": _pending("proposed_date"),
    "pending_proposed_precision": _pending("proposed_date_precision"),
}


def _proposed_display(action: Action) -> str:
    proposed = getattr(action, "pending_proposed_date", None)
    if proposed is None:
        return ""
    return partial_date(proposed, action.pending_proposed_precision).display()


class _People:
    """What the people of one run are: for each, the agencies they lead for with the
    partnerships that made them a lead for each (as ``lead_agencies``), and the partnerships
    they coordinate (as ``_coordinated_by``). One query, whoever they are."""

    def __init__(self, user_ids):
        self.leads_for: dict[int, set[tuple[int, int]]] = defaultdict(set)
        self.coordinates: dict[int, set[int]] = defaultdict(set)
        rows = (
            Membership.objects.filter(
                user_id__in=user_ids, role__in=[Role.AGENCY_LEAD, Role.COORDINATOR]
            )
            .order_by()
            .values_list("user_id", "role", "agency_id", "partnership_id")
        )
        for user_id, role, agency_id, partnership_id in rows:
            if role == Role.COORDINATOR:
                self.coordinates[user_id].add(partnership_id)
            elif agency_id is not None:
                self.leads_for[user_id].add((agency_id, partnership_id))
        # Who hears about an action as the lead of an agency in a partnership.
        self.leads_of: dict[tuple[int, int], list[int]] = defaultdict(list)
        for user_id, pairs in self.leads_for.items():
            for pair in pairs:
                self.leads_of[pair].append(user_id)


class _Actions:
    """Agreed actions matching ``conditions``, in reminder order (target date, then id), with
    what an Item needs of them and their review, and each one's lead agencies (id, name): two
    queries, however many. A filter of plain columns, so the second query repeats it cheaply
    rather than listing the ids."""

    def __init__(self, *conditions: Q, update_dates: bool = False, annotations=None):
        matching = Action.objects.filter(
            *conditions, recommendation__review__plan_status=PlanStatus.AGREED
        )
        actions = (
            matching.select_related("recommendation__review__partnership")
            .only(*_ITEM_FIELDS)
            .annotate(**(annotations or {}))
            .order_by("target_date", "pk")
        )
        self.actions = list(with_update_dates(actions) if update_dates else actions)
        self.leads: dict[int, list[tuple[int, str]]] = defaultdict(list)
        rows = (
            ActionLead.objects.filter(agency__isnull=False, action__in=matching.values("pk"))
            .order_by()
            .values_list("action_id", "agency_id", "agency__name")
        )
        for action_id, agency_id, name in rows:
            self.leads[action_id].append((agency_id, name))

    def agencies(self, action: Action) -> tuple[str, ...]:
        return tuple(sorted({name for _, name in self.leads.get(action.pk, ())}))


def _lead_items(people: _People, rules: ReminderRules, path) -> dict[int, list[tuple[str, Item]]]:
    """For each lead, the section (the first that applies) and item of each action their
    agencies lead in a partnership that made them a lead for it, open and of an agreed plan (as
    ``led_by_their_agencies``), in reminder order. Three queries: the actions of the agencies
    they lead for in the partnerships they lead in, each with its update dates (a superset,
    narrowed here to each lead's own pairs), and those actions' lead agencies."""
    pairs = set(people.leads_of)
    if not pairs:
        return {}
    found = _Actions(
        open_q(),
        Q(
            recommendation__review__partnership_id__in=sorted({p for _, p in pairs}),
            pk__in=ActionLead.objects.filter(agency_id__in=sorted({a for a, _ in pairs})).values(
                "action_id"
            ),
        ),
        update_dates=True,
    )
    today = rules.today
    by_lead: dict[int, list[tuple[str, Item]]] = defaultdict(list)
    for action in found.actions:
        partnership_id = action.recommendation.review.partnership_id
        hear = set()
        for agency_id, _ in found.leads.get(action.pk, ()):
            hear.update(people.leads_of.get((agency_id, partnership_id), ()))
        if not hear:
            continue
        returned = returned_since_update(action)
        item = _item(
            action,
            today,
            agencies=found.agencies(action),
            path=path(action.pk),
            returned_on=_local_date(action.last_returned_at) if returned else None,
        )
        # With no update yet, the clock starts when the plan was agreed (plans.updates).
        since = quiet_since(action.last_update_at, action.recommendation.review)
        if item.days_overdue:
            kind = "overdue"
        elif item.days_left is not None and item.days_left <= rules.due_days:
            kind = "due_soon"
        elif returned or is_waiting_for_update(since, today, rules.awaiting_update_days):
            kind = "awaiting_update"
        else:
            continue
        for user_id in hear:
            by_lead[user_id].append((kind, item))
    return by_lead


def _partnership_sections(
    partnership_ids, rules: ReminderRules, path
) -> tuple[dict[int, PartnershipSection], dict[int, int]]:
    """Each of ``partnership_ids``' section, as its coordinators hear of it (the same for each
    of them), from its actions awaiting a decision, open with a revised date waiting for a
    decision, or open and overdue (each in the first of these that applies); and the order the
    partnerships were first met in (ties of name keep it). Two queries."""
    today = rules.today
    pending = TargetDateRevision.objects.filter(state=TargetDateRevision.State.PENDING)
    found = _Actions(
        Q(status__in=sorted(AWAITING_DECISION))
        | (open_q() & (Q(target_date__lt=today) | Q(pk__in=pending.values("action_id")))),
        Q(recommendation__review__partnership_id__in=sorted(partnership_ids)),
        annotations=_PENDING_REVISION,
    )
    awaiting = [a for a in found.actions if a.status in AWAITING_DECISION]
    to_decide = [a for a in found.actions if a.is_open and a.pending_revision_id is not None]
    overdue = [
        a
        for a in found.actions
        if a.is_open
        and a.pending_revision_id is None
        and a.target_date is not None
        and a.target_date < today
    ]
    sections: dict[int, PartnershipSection] = {}
    items: dict[int, Item] = {}

    def section_of(action: Action) -> PartnershipSection:
        partnership = action.recommendation.review.partnership
        if partnership.pk not in sections:
            sections[partnership.pk] = PartnershipSection(
                partnership=partnership.name, partnership_id=partnership.pk
            )
        return sections[partnership.pk]

    def item_of(action: Action) -> Item:
        if action.pk not in items:
            items[action.pk] = _item(
                action, today, agencies=found.agencies(action), path=path(action.pk)
            )
        return items[action.pk]

    for action in awaiting:
        section_of(action).awaiting_sign_off.append(item_of(action))
    for action in to_decide:
        section_of(action).dates_to_decide.append(item_of(action))
    by_agency: dict[int, dict[str, list[Item]]] = {}
    for action in overdue:
        item = item_of(action)
        section = section_of(action)
        if item.days_overdue > rules.escalate_after_days:
            section.escalate.append(item)
            continue
        groups = by_agency.setdefault(action.recommendation.review.partnership_id, {})
        for agency in item.agencies or (NO_LEAD_AGENCY,):
            groups.setdefault(agency, []).append(item)
    for partnership_id, groups in by_agency.items():
        sections[partnership_id].overdue_by_agency = [
            AgencyGroup(agency=name, items=items)
            for name, items in sorted(groups.items(), key=lambda g: (g[0] == NO_LEAD_AGENCY, g[0]))
        ]
    for section in sections.values():
        section.escalate.sort(key=lambda i: (-i.days_overdue, i.action_id))
    return sections, {pk: n for n, pk in enumerate(sections)}


def _review_clock(found: ReviewInProgress, rules: ReminderRules, path) -> ReviewClock | None:
    """The reminder line of a review in progress, if the stage whose clock presses hardest
    (``ReviewInProgress.clock``: the next stage, or a later one whose clock runs while the next
    has none) is late, or due within ``rules.due_days``; None otherwise (on time beyond the
    window, waiting for the stage its clock counts from, no clock running)."""
    row, state = found.clock, found.state
    if row is None or state.due_on is None:
        return None
    if state.status == "late":
        days_late, days_left = state.days_late, 0
    elif state.status in ("due_soon", "on_time") and state.days_left <= rules.due_days:
        days_late, days_left = 0, state.days_left
    else:
        return None
    review = found.review
    return ReviewClock(
        review_id=review.pk,
        reference=review.reference,
        title=review.title,
        partnership=review.partnership.name,
        stage=row.rule.label + (f" (round {row.round})" if row.round > 1 else ""),
        due_on=state.due_on,
        days_late=days_late,
        days_left=days_left,
        path=path(review.pk),
    )


def _add_review_clocks(
    sections: dict[int, PartnershipSection],
    first_met: dict[int, int],
    partnership_ids,
    rules: ReminderRules,
) -> None:
    """Put the reviews of ``partnership_ids`` whose next stage is late or due soon into their
    partnership's section, making one for a partnership with no action to report. One call of
    ``reviews_in_progress`` for all the partnerships (a fixed number of queries)."""
    path = _Path("stages:timeline")
    found = reviews_in_progress(partnerships=sorted(partnership_ids), today=rules.today)
    for each in found:
        clock = _review_clock(each, rules, path)
        if clock is None:
            continue
        partnership_id = each.review.partnership_id
        if partnership_id not in sections:
            sections[partnership_id] = PartnershipSection(
                partnership=clock.partnership, partnership_id=partnership_id
            )
            first_met[partnership_id] = len(first_met)
        section = sections[partnership_id]
        (section.reviews_late if clock.days_late else section.reviews_due_soon).append(clock)
    for section in sections.values():
        section.reviews_late.sort(key=lambda c: (-c.days_late, c.due_on, c.review_id))
        section.reviews_due_soon.sort(key=lambda c: (c.days_left, c.due_on, c.review_id))


def digests_for(users, rules: ReminderRules) -> list[Digest]:
    """What each of ``users`` is reminded of on ``rules.today``, as a lead and as a
    coordinator, in their order, in a fixed number of queries however many people, actions
    and reviews: their memberships; the actions their agencies lead, with update dates, and
    those actions' lead agencies; the actions of the partnerships they coordinate that await a
    decision or are overdue, and those actions' lead agencies; and the reviews in progress of
    those partnerships with their stages (``reviews_in_progress``, called once). A
    partnership's section is worked out once, however many coordinate it."""
    users = list(users)
    people = _People([user.pk for user in users])
    path = _Path("actions:detail")
    by_lead = _lead_items(people, rules, path)
    coordinated = set().union(*people.coordinates.values())
    sections, first_met = ({}, {})
    if coordinated:
        sections, first_met = _partnership_sections(coordinated, rules, path)
        _add_review_clocks(sections, first_met, coordinated, rules)

    digests = []
    for user in users:
        lead = None
        if people.leads_for.get(user.pk):
            lead = LeadSection()
            for kind, item in by_lead.get(user.pk, ()):
                getattr(lead, kind).append(item)
            lead.overdue.sort(key=lambda i: (-i.days_overdue, i.action_id))
        theirs = [pid for pid in people.coordinates.get(user.pk, ()) if pid in sections]
        theirs.sort(key=lambda pid: (sections[pid].partnership.lower(), first_met[pid]))
        digests.append(
            Digest(
                user=user,
                rules=rules,
                lead=lead,
                coordinated=[sections[pid] for pid in theirs],
                is_coordinator=bool(people.coordinates.get(user.pk)),
            )
        )
    return digests


def digest_for(user, rules: ReminderRules) -> Digest:
    """What ``user`` is reminded of on ``rules.today``, as a lead and as a coordinator."""
    [digest] = digests_for([user], rules)
    return digest


@dataclass(frozen=True)
class CalendarEntry:
    """One all-day event in a calendar feed."""

    uid: str
    on: dt.date
    summary: str
    description: str
    path: str


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def calendar_entries(user) -> list[CalendarEntry]:
    """The target dates of the open actions the user may see as a lead (their agencies'
    actions) or as a coordinator (their partnerships' actions), and of those actions'
    milestones not yet done. Three queries."""
    visible = []
    led = led_by_their_agencies(user)
    if led is not None:
        visible.append(led)
    coordinated = _coordinated_by(user)
    if coordinated:
        visible.append(Q(recommendation__review__partnership_id__in=coordinated))
    if not visible:
        return []
    actions = (
        _agreed_actions()
        .filter(reduce(or_, visible))
        .filter(open_q())
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.filter(done_on__isnull=True, target_date__isnull=False),
            )
        )
    )
    entries: list[CalendarEntry] = []
    for action in actions:
        review = action.recommendation.review
        path = reverse("actions:detail", args=[action.pk])
        if action.target_date:
            entries.append(
                CalendarEntry(
                    uid=f"action-{action.pk}-target",
                    on=action.target_date,
                    summary=f"Due: {_short(action.text)}",
                    description=f"Target date of an action ({action.target.display()}) "
                    f"in {review.title}.",
                    path=path,
                )
            )
        for milestone in action.milestones.all():
            entries.append(
                CalendarEntry(
                    uid=f"milestone-{milestone.pk}",
                    on=milestone.target_date,
                    summary=f"Milestone: {_short(milestone.text)}",
                    description=f"Milestone ({milestone.target.display()}) of the action "
                    f'"{_short(action.text, 120)}" in {review.title}.',
                    path=path,
                )
            )
    entries.sort(key=lambda e: (e.on, e.uid))
    return entries


def live_calendar_feed(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at=None).first()


def calendar_feed_for_token(token: str) -> CalendarFeed | None:
    """The live feed a token opens, or None: unknown, revoked, or its user deactivated."""
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=token_hash(token), revoked_at=None, user__is_active=True)
        .first()
    )
