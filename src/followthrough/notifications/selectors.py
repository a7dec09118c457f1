"""Reads for reminders and calendar feeds: which actions each person should hear about.

A lead hears about the open actions their agency leads, in each partnership that made them a
lead for it (the same rule as ``leads_for_their_agency``); a coordinator about the actions of
the partnerships they coordinate. Only agreed plans count: a draft's dates are not yet agreed.

What comes out is plain data for the e-mail and the feed: action texts, dates, review titles
(pseudonymous) and agency names. Never narrative, comments or personal names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from followthrough.delivery.selectors import returned_since_update, with_update_dates
from followthrough.notifications.models import CalendarFeed, token_hash
from followthrough.partnerships.models import Membership, Role
from followthrough.partnerships.selectors import lead_agencies, partnership_ids_for_user
from followthrough.plans.lifecycle import AWAITING_DECISION, open_q
from followthrough.plans.models import Action, ActionLead, ActionState, Milestone, PlanStatus
from followthrough.plans.selectors import NO_LEAD_AGENCY, led_by_their_agencies
from followthrough.plans.updates import is_waiting_for_update, quiet_since


@dataclass(frozen=True)
class Item:
    """One action as a reminder lists it."""

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
    escalate: list[Item] = field(default_factory=list)
    overdue_by_agency: list[AgencyGroup] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return len({i.action_id for g in self.overdue_by_agency for i in g.items})

    @property
    def item_count(self) -> int:
        return len(self.awaiting_sign_off) + len(self.escalate) + self.overdue_count


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
            yield from section.awaiting_sign_off + section.escalate
            for group in section.overdue_by_agency:
                yield from group.items

    @property
    def item_count(self) -> int:
        """How many actions, each counted once however many sections list it."""
        return len({item.action_id for item in self.items()})

    @property
    def is_empty(self) -> bool:
        return self.item_count == 0

    def counts(self) -> dict[str, int]:
        """How many of each kind, for the command's output and the audit event."""
        counts = {
            "overdue": len(self.lead.overdue) if self.lead else 0,
            "due_soon": len(self.lead.due_soon) if self.lead else 0,
            "awaiting_update": len(self.lead.awaiting_update) if self.lead else 0,
            "awaiting_sign_off": sum(len(s.awaiting_sign_off) for s in self.coordinated),
            "to_escalate": sum(len(s.escalate) for s in self.coordinated),
            "overdue_in_partnerships": sum(s.overdue_count for s in self.coordinated),
        }
        return {kind: n for kind, n in counts.items() if n}


def reminder_recipients() -> QuerySet:
    """Active users who lead for an agency or coordinate a partnership, in a stable order."""
    user_ids = Membership.objects.filter(role__in=[Role.AGENCY_LEAD, Role.COORDINATOR]).values(
        "user_id"
    )
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("pk")


def _agreed_actions() -> QuerySet[Action]:
    return (
        Action.objects.filter(recommendation__review__plan_status=PlanStatus.AGREED)
        .select_related("recommendation__review__partnership")
        .prefetch_related(Prefetch("leads", queryset=ActionLead.objects.select_related("agency")))
        .order_by("target_date", "pk")
    )


def _coordinated_by(user) -> frozenset[int]:
    return partnership_ids_for_user(user, roles=frozenset({Role.COORDINATOR}))


def lead_actions(user) -> QuerySet[Action]:
    """The open actions of agreed plans that the user's agencies lead."""
    led = led_by_their_agencies(user)
    if led is None:
        return Action.objects.none()
    return _agreed_actions().filter(led).filter(open_q())


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment is not None else None


def _item(action: Action, today: dt.date, *, returned_on: dt.date | None = None) -> Item:
    review = action.recommendation.review
    agencies = tuple(sorted({lead.agency.name for lead in action.leads.all() if lead.agency_id}))
    target = action.target
    # Where it stands is Action.state, as on every page; the reminder adds the day counts.
    state = action.state(today)
    dated = action.target_date is not None and action.is_open
    return Item(
        action_id=action.pk,
        text=action.text,
        review_title=review.title,
        partnership=review.partnership.name,
        path=reverse("actions:detail", args=[action.pk]),
        target_date=action.target_date,
        target_display=target.display() if target else "",
        agencies=agencies,
        days_overdue=(today - action.target_date).days if state == ActionState.OVERDUE else 0,
        days_left=(action.target_date - today).days
        if dated and state != ActionState.OVERDUE
        else None,
        last_update=_local_date(getattr(action, "last_update_at", None)),
        returned_on=returned_on,
    )


def _lead_section(user, rules: ReminderRules) -> LeadSection | None:
    if not lead_agencies(user):
        return None
    section = LeadSection()
    today = rules.today
    for action in with_update_dates(lead_actions(user)):
        returned = returned_since_update(action)
        item = _item(
            action, today, returned_on=_local_date(action.last_returned_at) if returned else None
        )
        # With no update yet, the clock starts when the plan was agreed (plans.updates).
        since = quiet_since(action.last_update_at, action.recommendation.review)
        if item.days_overdue:
            section.overdue.append(item)
        elif item.days_left is not None and item.days_left <= rules.due_days:
            section.due_soon.append(item)
        elif returned or is_waiting_for_update(since, today, rules.awaiting_update_days):
            section.awaiting_update.append(item)
    section.overdue.sort(key=lambda i: (-i.days_overdue, i.action_id))
    return section


def _partnership_sections(user, rules: ReminderRules) -> list[PartnershipSection]:
    partnership_ids = _coordinated_by(user)
    if not partnership_ids:
        return []
    today = rules.today
    actions = _agreed_actions().filter(recommendation__review__partnership_id__in=partnership_ids)
    awaiting = actions.filter(status__in=sorted(AWAITING_DECISION))
    overdue = actions.filter(open_q(), target_date__lt=today)
    sections: dict[int, PartnershipSection] = {}

    def section_of(action: Action) -> PartnershipSection:
        partnership = action.recommendation.review.partnership
        if partnership.pk not in sections:
            sections[partnership.pk] = PartnershipSection(partnership=partnership.name)
        return sections[partnership.pk]

    for action in awaiting:
        section_of(action).awaiting_sign_off.append(_item(action, today))
    by_agency: dict[int, dict[str, list[Item]]] = {}
    for action in overdue:
        item = _item(action, today)
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
    return sorted(sections.values(), key=lambda s: s.partnership.lower())


def digest_for(user, rules: ReminderRules) -> Digest:
    """What ``user`` is reminded of on ``rules.today``, as a lead and as a coordinator."""
    return Digest(
        user=user,
        rules=rules,
        lead=_lead_section(user, rules),
        coordinated=_partnership_sections(user, rules),
        is_coordinator=bool(_coordinated_by(user)),
    )


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
