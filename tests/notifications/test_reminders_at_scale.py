"""Reminders at national scale: a run reads everything in a fixed number of queries, and sends
the same mails as working out each person's digest on their own did.

The reference below is the rule as it was written one person at a time (a lead's actions by
``led_by_their_agencies``, a coordinator's by their partnerships), kept here to compare with."""

from __future__ import annotations

import random

import pytest
from django.core import mail
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followthrough.cli.reminders import LABELS
from followthrough.delivery.models import ProgressUpdate, SignOffDecision
from followthrough.delivery.selectors import returned_since_update, with_update_dates
from followthrough.notifications import selectors, services
from followthrough.notifications.selectors import (
    AgencyGroup,
    Digest,
    Item,
    LeadSection,
    PartnershipSection,
)
from followthrough.partnerships.models import Role
from followthrough.partnerships.selectors import lead_agencies, partnership_ids_for_user
from followthrough.plans.lifecycle import AWAITING_DECISION, open_q
from followthrough.plans.models import Action, ActionLead, ActionState, PlanStatus
from followthrough.plans.selectors import NO_LEAD_AGENCY, led_by_their_agencies
from followthrough.plans.updates import is_waiting_for_update, quiet_since
from tests.factories import (
    ActionFactory,
    ActionLeadFactory,
    AgencyFactory,
    MembershipFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)
from tests.notifications.conftest import TODAY, at, days

# --- The reference: one person at a time, as reminders were worked out before ---------------


def _agreed_actions():
    return (
        Action.objects.filter(recommendation__review__plan_status=PlanStatus.AGREED)
        .select_related("recommendation__review__partnership")
        .prefetch_related(Prefetch("leads", queryset=ActionLead.objects.select_related("agency")))
        .order_by("target_date", "pk")
    )


def _reference_item(action, today, *, returned_on=None):
    review = action.recommendation.review
    agencies = tuple(sorted({lead.agency.name for lead in action.leads.all() if lead.agency_id}))
    state = action.state(today)
    dated = action.target_date is not None and action.is_open
    last = getattr(action, "last_update_at", None)
    return Item(
        action_id=action.pk,
        text=action.text,
        review_title=review.title,
        partnership=review.partnership.name,
        path=reverse("actions:detail", args=[action.pk]),
        target_date=action.target_date,
        target_display=action.target.display() if action.target else "",
        agencies=agencies,
        days_overdue=(today - action.target_date).days if state == ActionState.OVERDUE else 0,
        days_left=(action.target_date - today).days
        if dated and state != ActionState.OVERDUE
        else None,
        last_update=selectors._local_date(last),
        returned_on=returned_on,
    )


def _reference_lead(user, rules):
    if not lead_agencies(user):
        return None
    section = LeadSection()
    led = led_by_their_agencies(user)
    for action in with_update_dates(_agreed_actions().filter(led).filter(open_q())):
        returned = returned_since_update(action)
        item = _reference_item(
            action,
            rules.today,
            returned_on=selectors._local_date(action.last_returned_at) if returned else None,
        )
        since = quiet_since(action.last_update_at, action.recommendation.review)
        if item.days_overdue:
            section.overdue.append(item)
        elif item.days_left is not None and item.days_left <= rules.due_days:
            section.due_soon.append(item)
        elif returned or is_waiting_for_update(since, rules.today, rules.awaiting_update_days):
            section.awaiting_update.append(item)
    section.overdue.sort(key=lambda i: (-i.days_overdue, i.action_id))
    return section


def _reference_sections(user, rules):
    coordinated = partnership_ids_for_user(user, roles=frozenset({Role.COORDINATOR}))
    if not coordinated:
        return []
    actions = _agreed_actions().filter(recommendation__review__partnership_id__in=coordinated)
    sections, by_agency = {}, {}

    def section_of(action):
        partnership = action.recommendation.review.partnership
        return sections.setdefault(
            partnership.pk, PartnershipSection(partnership.name, partnership_id=partnership.pk)
        )

    for action in actions.filter(status__in=sorted(AWAITING_DECISION)):
        section_of(action).awaiting_sign_off.append(_reference_item(action, rules.today))
    for action in actions.filter(open_q(), target_date__lt=rules.today):
        item = _reference_item(action, rules.today)
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


def reference_digest(user, rules) -> Digest:
    return Digest(
        user=user,
        rules=rules,
        lead=_reference_lead(user, rules),
        coordinated=_reference_sections(user, rules),
        is_coordinator=bool(partnership_ids_for_user(user, roles=frozenset({Role.COORDINATOR}))),
    )


# --- A varied data set ---------------------------------------------------------------------

OPEN_STATUSES = ["not_started", "on_track", "at_risk", "no_information"]
OTHER_STATUSES = ["completed", "closure_proposed", "signed_off", "not_met", "superseded"]


class Country:
    """Partnerships, agencies serving several of them, reviews agreed and draft, actions of
    every kind (overdue, due soon, quiet, returned, awaiting a decision, finished, unled, led
    by several agencies), and people who lead, coordinate, do both, or neither."""

    def __init__(self, seed: int):
        self.random = random.Random(seed)
        self.partnerships = [PartnershipFactory(name=f"Shire {n} CSP") for n in range(4)]
        self.agencies = []
        for n in range(6):
            agency = AgencyFactory(name=f"Shire Agency {n}")
            agency.partnerships.add(*self.random.sample(self.partnerships, k=1 + n % 3))
            self.agencies.append(agency)
        self.people = 0

    def reviews(self, count: int) -> None:
        for _ in range(count):
            partnership = self.random.choice(self.partnerships)
            agreed = self.random.random() < 0.8
            review = ReviewFactory(
                partnership=partnership,
                plan_status="agreed" if agreed else "draft",
                agreed_at=at(days(-self.random.randint(10, 300))) if agreed else None,
            )
            for _ in range(self.random.randint(2, 6)):
                self.action(review)

    def action(self, review) -> None:
        pick = self.random
        status = pick.choice(OPEN_STATUSES * 3 + OTHER_STATUSES)
        target = pick.choice(
            [
                None,
                days(pick.randint(-90, -35)),  # to escalate
                days(pick.randint(-80, 120)),
                days(pick.randint(-5, 10)),  # overdue or due soon
            ]
        )
        action = ActionFactory(
            recommendation=RecommendationFactory(review=review),
            target_date=target,
            target_date_precision=pick.choice(["day", "month"]),
            status=status,
            completed_on=days(-3) if status in ("completed", "signed_off") else None,
        )
        served = [a for a in self.agencies if review.partnership in a.partnerships.all()]
        for agency in pick.sample(served, k=min(len(served), pick.choice([0, 1, 1, 2]))):
            ActionLeadFactory(action=action, agency=agency, person_name="Kit Marsh")
        if pick.random() < 0.6:
            update = ProgressUpdate.objects.create(
                action=action,
                author=UserFactory(username="updater"),
                narrative="NARRATIVE",
                status=status if status in OPEN_STATUSES else "on_track",
            )
            when = at(days(-pick.randint(0, 60)))
            ProgressUpdate.objects.filter(pk=update.pk).update(created_at=when)
        if status in OPEN_STATUSES and pick.random() < 0.15:
            decision = SignOffDecision.objects.create(
                action=action,
                decision="returned",
                decided_by=UserFactory(username="decider"),
                comment="More",
            )
            returned = at(days(-pick.randint(0, 20)))
            SignOffDecision.objects.filter(pk=decision.pk).update(decided_at=returned)

    def person(self, kind: str = "") -> None:
        """A lead for one or two agencies in some of the partnerships they serve, a
        coordinator of one or two partnerships, both, or a viewer; now and then without an
        address or deactivated."""
        pick = self.random
        self.people += 1
        n = self.people
        user = UserFactory(
            username=f"person{n}",
            email="" if n % 11 == 0 else f"person{n}@example.org",
            is_active=n % 13 != 0,
            first_name=pick.choice(["", "Sam"]),
        )
        kind = kind or pick.choice(["lead", "lead", "coordinator", "both", "viewer"])
        if kind in ("lead", "both"):
            for agency in pick.sample(self.agencies, k=pick.choice([1, 1, 2])):
                served = list(agency.partnerships.all())
                for partnership in pick.sample(served, k=pick.randint(1, len(served))):
                    MembershipFactory(
                        user=user, partnership=partnership, role=Role.AGENCY_LEAD, agency=agency
                    )
        if kind in ("coordinator", "both"):
            for partnership in pick.sample(self.partnerships, k=pick.choice([1, 1, 2])):
                MembershipFactory(user=user, partnership=partnership, role=Role.COORDINATOR)
        if kind == "viewer":
            MembershipFactory(user=user, partnership=pick.choice(self.partnerships))


def sent(capture, today):
    mail.outbox = []
    with CaptureQueriesContext(connection) as queries, capture(execute=True):
        run = services.reminders_send(today=today)
    return run, len(queries)


def fingerprint(message):
    return (message.to, message.subject, message.body, message.alternatives[0][0])


@pytest.mark.parametrize("seed", [1, 2])
def test_a_run_sends_the_same_mails_as_working_out_each_person_on_their_own(
    db, django_capture_on_commit_callbacks, seed
):
    country = Country(seed)
    country.reviews(14)
    for _ in range(30):
        country.person()
    rules = services.reminder_rules(TODAY)
    expected, kinds = {}, set()
    for user in selectors.reminder_recipients():
        digest = reference_digest(user, rules)
        if not digest.is_empty and user.email:
            expected[user.email] = fingerprint(services._digest_message(digest))
            kinds.update(digest.counts())
    assert len(expected) >= 10, "enough people hear about something to compare"
    assert kinds == set(LABELS), "every section of a digest is compared"

    run, _ = sent(django_capture_on_commit_callbacks, TODAY)

    assert {m.to[0]: fingerprint(m) for m in mail.outbox} == expected
    assert len(mail.outbox) == len(run.queued) == len(expected)
    # Working out one person alone gives what the run gave them.
    for digest in run.queued[:5]:
        alone = selectors.digest_for(digest.user, rules)
        assert fingerprint(services._digest_message(alone)) == expected[digest.user.email]


def test_a_run_takes_as_many_queries_for_30_people_as_for_3(db, django_capture_on_commit_callbacks):
    country = Country(3)
    country.reviews(12)
    for kind in ("lead", "coordinator", "both"):
        country.person(kind)
    assert len(selectors.reminder_recipients()) == 3
    first, few = sent(django_capture_on_commit_callbacks, TODAY)
    assert len(first.queued) >= 2

    country.reviews(20)
    while len(selectors.reminder_recipients()) < 30:
        country.person()
    second, many = sent(django_capture_on_commit_callbacks, days(1))
    assert len(second.queued) >= 15

    assert many == few
    # And a run that finds everyone already sent reads them in as few.
    third, again = sent(django_capture_on_commit_callbacks, days(1))
    assert third.queued == [] and len(third.already_sent) == len(second.queued)
    assert again < few


def test_a_run_that_finds_some_already_claimed_by_another_sends_the_rest(
    db, django_capture_on_commit_callbacks, monkeypatch
):
    """The race on a database that does not lock rows: another run claimed one of them
    between our look and our claim. The run claims one at a time instead and skips them."""
    from followthrough.notifications.models import ReminderDigest

    country = Country(4)
    country.reviews(10)
    while len(selectors.reminder_recipients()) < 8:
        country.person()
    rules = services.reminder_rules(TODAY)
    digests = [
        d
        for d in selectors.digests_for(selectors.reminder_recipients(), rules)
        if not d.is_empty and d.user.email
    ]
    assert len(digests) >= 3
    ReminderDigest.objects.create(user=digests[1].user, sent_on=TODAY)
    real_filter = ReminderDigest.objects.filter

    def blind(**kwargs):
        """The look for claims made meanwhile does not see this one, as happens when another
        run commits it just after."""
        found = real_filter(**kwargs)
        return found.none() if "user_id__in" in kwargs else found

    monkeypatch.setattr(ReminderDigest.objects, "filter", blind)
    with django_capture_on_commit_callbacks(execute=True):
        outcomes = services.reminder_digests_send(digests=digests)
    monkeypatch.undo()
    assert [outcome for outcome, _ in outcomes].count(services.ALREADY_SENT) == 1
    assert outcomes[1] == (services.ALREADY_SENT, "")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        d.user.email for n, d in enumerate(digests) if n != 1
    )
    assert ReminderDigest.objects.filter(sent_on=TODAY).count() == len(digests)
