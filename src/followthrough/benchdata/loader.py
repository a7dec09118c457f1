"""Write the benchmark data (``shape``) into the configured database, fast.

Everything is written with ``bulk_create`` in batches, one partnership at a time, inside one
transaction (a run stopped half-way leaves nothing). The records the app keeps row history for
(partnerships, agencies, memberships, reviews, recommendations, actions, leads, milestones,
sign-off decisions, revised dates) get their history row as the services would have written it
(``bulk_create_with_history``), one per record, dated when the record was made and holding what
it is now; the delivery records get the audit events their services write (progress recorded,
completed, signed off, closed, returned, commented, dates revised), and each partnership an
event saying its data is generated (``bench_data.loaded``), which is also how a second run
knows the data is already there. Times are the invented ones (an update made last March says
last March), which ``auto_now_add`` would overwrite: it is switched off for the load.

Not generated: evidence files (files on disk, not rows), invitations, calendar feeds, reminder
digests, imports (every review is written as if in the app), and Recommendation.themes (no page
reads it). Each record's history is its creation only, not every change it went through.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from simple_history.utils import bulk_create_with_history

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from followthrough.benchdata import words
from followthrough.benchdata.shape import (
    ALREADY_IN_PLACE,
    AT_RISK,
    CLOSED,
    CLOSURE_PROPOSED,
    COMPLETED,
    DONE,
    NOT_STARTED,
    ON_TRACK,
    SCALES,
    SIGNED_OFF,
    ActionShape,
    DataShape,
    PartnershipShape,
    ReviewShape,
    data_shape,
)
from followthrough.delivery.models import (
    ActionComment,
    ProgressUpdate,
    SignOffDecision,
    TargetDateRevision,
)
from followthrough.demo.loader import DEMO_PASSWORD
from followthrough.demo.signin import demo_authenticator
from followthrough.partnerships.models import Agency, Membership, Partnership, Role
from followthrough.plans.models import (
    Action,
    ActionLead,
    Milestone,
    PlanStatus,
    Recommendation,
    Review,
)

BATCH = 2_000
COORDINATOR, SMALL, LEAD, ADMIN = "bench-coordinator", "bench-small", "bench-lead", "bench-admin"

# Region-wide agencies (serving every partnership of the region) and local ones, with the
# relative weight each has of leading an action (the police's own share is the region's).
_REGIONAL = [
    ("{county} Police", Agency.Sector.POLICE, 0.0),
    ("{county} Partnership NHS Foundation Trust", Agency.Sector.HEALTH, 0.12),
    ("NHS {county} Integrated Care Board", Agency.Sector.HEALTH, 0.08),
    ("Probation Service - {county}", Agency.Sector.PROBATION, 0.06),
    ("{county} Fire and Rescue Service", Agency.Sector.OTHER, 0.03),
    ("{county} County Council", Agency.Sector.LOCAL_AUTHORITY, 0.12),
]
_LOCAL = [
    ("{place} District Council", Agency.Sector.LOCAL_AUTHORITY, 0.10),
    ("{place} Homes", Agency.Sector.HOUSING, 0.08),
    ("{place} Domestic Abuse Service", Agency.Sector.SPECIALIST, 0.10),
    ("{place} Recovery Service", Agency.Sector.HEALTH, 0.05),
    ("{place} Primary Care Network", Agency.Sector.HEALTH, 0.06),
    ("{place} Schools Partnership", Agency.Sector.EDUCATION, 0.04),
    ("{place} Carers Centre", Agency.Sector.VOLUNTARY, 0.03),
]


class BenchDataRefused(Exception):
    """The database is not one to load bench data into; the message says why."""


@dataclass
class BenchUser:
    username: str
    description: str
    has_code: bool  # signs in with a security code (followthrough demo --code USERNAME)


@dataclass
class LoadResult:
    scale: str
    seed: int
    already_loaded: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    users: list[BenchUser] = field(default_factory=list)
    largest: Partnership | None = None
    smallest: Partnership | None = None
    # The plans compared on the plan page (in the largest partnership): (review, actions),
    # the larger first.
    plans: list[tuple[Review, int]] = field(default_factory=list)


def _existing_data() -> str:
    """What the database already holds, in words ('' when nothing)."""
    found = [
        (Partnership.objects.count(), "partnership"),
        (Agency.objects.count(), "agency"),
        (Review.objects.count(), "review"),
        (get_user_model().objects.count(), "user"),
    ]
    plural = {"agency": "agencies"}
    return ", ".join(f"{n:,} {plural.get(w, w + 's') if n != 1 else w}" for n, w in found if n)


def bench_data_load(
    *,
    scale: str,
    seed: int,
    force: bool = False,
    today: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
    actor=None,
) -> LoadResult:
    """Fill the database with the bench data of ``scale`` from ``seed``.

    Idempotent: when the same scale and seed are loaded already, nothing is written. Refused
    (``BenchDataRefused``) on a database holding other bench data, or any other data unless
    ``force`` (then the bench data is added beside it). Never on production."""
    if scale not in SCALES:
        raise BenchDataRefused(f"no scale {scale!r}: choose one of {', '.join(SCALES)}")
    marker = AuditEvent.objects.filter(event_type=events.BENCH_DATA_LOADED).order_by("pk").first()
    if marker is not None:
        loaded = marker.after or {}
        if loaded.get("scale") == scale and loaded.get("seed") == seed:
            return LoadResult(scale=scale, seed=seed, already_loaded=True)
        raise BenchDataRefused(
            f"this database already holds the bench data of scale {loaded.get('scale')}, seed "
            f"{loaded.get('seed')}: load another into an empty database"
        )
    there = _existing_data()
    if there and not force:
        raise BenchDataRefused(
            f"the database already holds data ({there}); bench data goes into an empty "
            "database. Use --force to add it beside what is there (never on production)"
        )
    started = time.monotonic()
    shape = data_shape(SCALES[scale], seed, today or dt.date.today())
    say = progress or (lambda line: None)
    with transaction.atomic(), _times_as_given():
        result = _Writer(shape, say, actor).write()
    if connection.vendor == "postgresql":
        # What autovacuum would do soon after: planner statistics for the new rows.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result.seconds = time.monotonic() - started
    return result


@contextmanager
def _times_as_given() -> Iterator[None]:
    """Keep the invented creation times: ``auto_now_add`` fields would set them to now."""
    fields = [
        f
        for model in (Review, ProgressUpdate, SignOffDecision, TargetDateRevision, ActionComment)
        + (AuditEvent,)
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now_add", False)
    ]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    """A moment in the working day of ``day``."""
    return dt.datetime.combine(
        day, dt.time(rng.randint(8, 17), rng.randint(0, 59), rng.randint(0, 59)), tzinfo=dt.UTC
    )


def _bulk(model: type[models.Model], objs: list, *, history: bool = True) -> list:
    if not objs:
        return objs
    if history:
        return bulk_create_with_history(objs, model, batch_size=BATCH)
    return model.objects.bulk_create(objs, batch_size=BATCH)


def _dated(obj: models.Model, when: dt.datetime, user) -> models.Model:
    """Date the record's history row (and name who made it)."""
    obj._history_date = when
    obj._history_user = user
    return obj


class _Writer:
    def __init__(self, shape: DataShape, say: Callable[[str], None], actor) -> None:
        self.shape = shape
        self.say = say
        self.actor = actor
        self.today = shape.today
        self.now = dt.datetime.combine(self.today, dt.time(0, 0), tzinfo=dt.UTC)
        self.rng = random.Random(f"followthrough-bench-rows-{shape.scale.name}-{shape.seed}")
        self.events: list[AuditEvent] = []
        self.counts = dict.fromkeys(
            [
                "partnerships",
                "agencies",
                "users",
                "memberships",
                "reviews",
                "recommendations",
                "actions",
                "action_leads",
                "milestones",
                "progress_updates",
                "sign_off_decisions",
                "date_revisions",
                "comments",
                "audit_events",
            ],
            0,
        )

    # Audit ------------------------------------------------------------------------------------

    def event(self, event_type, target, partnership, summary, when, actor=None, after=None):
        self.events.append(
            AuditEvent(
                created_at=when,
                actor=actor,
                event_type=event_type,
                partnership=partnership,
                target_type=target._meta.label_lower,
                target_id=target.pk,
                summary=summary[:300],
                after=after,
            )
        )

    def flush_events(self) -> None:
        _bulk(AuditEvent, self.events, history=False)
        self.counts["audit_events"] += len(self.events)
        self.events = []

    # The whole load ---------------------------------------------------------------------------

    def write(self) -> LoadResult:
        shape = self.shape
        scale = shape.scale
        self.say(
            f"Bench data, scale {scale.name}, seed {shape.seed}: {scale.partnerships} "
            f"partnerships, {scale.reviews:,} reviews, {scale.actions:,} actions"
        )
        self.partnerships = self.write_partnerships()
        self.agencies = self.write_agencies()
        self.write_people()
        plans: list[tuple[Review, int]] = []
        done_actions = 0
        started = time.monotonic()
        for number, p in enumerate(shape.partnerships, start=1):
            reviews = self.write_plans(p)
            if p is shape.largest:
                plans = [(reviews[i], p.reviews[i].action_count) for i in p.sized_reviews]
            self.flush_events()
            done_actions += p.action_count
            self.say(
                f"  [{number:>2}/{len(shape.partnerships)}] {done_actions:>6,}/{scale.actions:,} "
                f"actions, {time.monotonic() - started:5.1f} s: {p.name} "
                f"({_n(len(p.reviews), 'review')}, {_n(p.action_count, 'action')})"
            )
        for p in shape.partnerships:
            partnership = self.partnerships[p.index]
            self.event(
                events.BENCH_DATA_LOADED,
                partnership,
                partnership,
                f"Bench data loaded (scale {scale.name}, seed {shape.seed}): invented, for "
                "benchmarks only",
                self.now,
                actor=self.actor if getattr(self.actor, "is_authenticated", False) else None,
                after={"scale": scale.name, "seed": shape.seed},
            )
        self.flush_events()
        return LoadResult(
            scale=scale.name,
            seed=shape.seed,
            counts=dict(self.counts),
            users=self.bench_users,
            largest=self.partnerships[shape.largest.index],
            smallest=self.partnerships[shape.smallest.index],
            plans=plans,
        )

    # Partnerships, agencies and people --------------------------------------------------------

    def write_partnerships(self) -> dict[int, Partnership]:
        rng = self.rng
        made: dict[int, Partnership] = {}
        objs = []
        for p in sorted(self.shape.partnerships, key=lambda p: p.name):
            when = _at(self.today - dt.timedelta(days=rng.randint(3000, 3300)), rng)
            obj = _dated(Partnership(name=p.name), when, None)
            objs.append(obj)
            made[p.index] = obj
        _bulk(Partnership, objs)
        for obj in objs:
            self.event(
                events.PARTNERSHIP_CREATED,
                obj,
                obj,
                f"Partnership created: {obj.name}",
                obj._history_date,
            )
        self.counts["partnerships"] = len(objs)
        return made

    def write_agencies(self) -> dict[int, list[tuple[Agency, float, bool]]]:
        """Each partnership's agencies: (agency, weight of leading an action, is the police)."""
        rng = self.rng
        shape = self.shape
        by_partnership: dict[int, list[tuple[Agency, float, bool]]] = {
            p.index: [] for p in shape.partnerships
        }
        objs: list[Agency] = []
        serves: list[tuple[Agency, list[int]]] = []
        when = self.now - dt.timedelta(days=3000)
        for region in shape.regions:
            for form, sector, weight in _REGIONAL:
                agency = _dated(
                    Agency(name=form.format(county=region.county), sector=sector), when, None
                )
                objs.append(agency)
                serves.append((agency, list(region.partnerships)))
                police = sector == Agency.Sector.POLICE
                for index in region.partnerships:
                    by_partnership[index].append(
                        (agency, region.police_share if police else weight, police)
                    )
        for p in shape.partnerships:
            for form, sector, weight in rng.sample(_LOCAL, rng.randint(3, len(_LOCAL))):
                agency = _dated(Agency(name=form.format(place=p.place), sector=sector), when, None)
                objs.append(agency)
                serves.append((agency, [p.index]))
                by_partnership[p.index].append((agency, weight, False))
        _bulk(Agency, objs)
        Through = Agency.partnerships.through
        _bulk(
            Through,
            [
                Through(agency_id=agency.pk, partnership_id=self.partnerships[i].pk)
                for agency, indexes in serves
                for i in indexes
            ],
            history=False,
        )
        for agency, indexes in serves:
            for i in indexes:
                self.event(
                    events.AGENCY_JOINED_PARTNERSHIP,
                    agency,
                    self.partnerships[i],
                    f"{agency.name} is a partner of {self.partnerships[i].name}",
                    when,
                )
        self.counts["agencies"] = len(objs)
        return by_partnership

    def write_people(self) -> None:
        """A coordinator, panel chair and board member for each partnership, and a lead for
        most of its agencies; bench-coordinator and bench-small coordinate the largest and the
        smallest, bench-lead leads for the lead region's police in each of its partnerships,
        bench-admin is a site administrator. Only the bench users can sign in (the demo
        password); the others have no usable password."""
        rng = self.rng
        shape = self.shape
        User = get_user_model()
        lead_region = shape.regions[shape.lead_region]
        users: list = []
        members: list[tuple[object, int, str, Agency | None]] = []
        self.coordinator: dict[int, object] = {}
        self.leads: dict[tuple[int, int], object] = {}  # (partnership index, agency pk)

        def user(username: str, *, superuser: bool = False):
            first, last = words.person(rng)
            obj = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@example.invalid",
                is_staff=superuser,
                is_superuser=superuser,
                date_joined=self.now - dt.timedelta(days=rng.randint(30, 2000)),
            )
            obj.set_unusable_password()
            users.append(obj)
            return obj

        bench_lead = user(LEAD)
        for p in shape.partnerships:
            if p is shape.largest:
                name = COORDINATOR
            elif p is shape.smallest:
                name = SMALL
            else:
                name = f"bench-p{p.index:02d}-coordinator"
            self.coordinator[p.index] = coordinator = user(name)
            members.append((coordinator, p.index, Role.COORDINATOR, None))
            members.append((user(f"bench-p{p.index:02d}-chair"), p.index, Role.PANEL_CHAIR, None))
            members.append((user(f"bench-p{p.index:02d}-board"), p.index, Role.BOARD_MEMBER, None))
            for number, (agency, _weight, police) in enumerate(self.agencies[p.index], start=1):
                if police and p.index in lead_region.partnerships:
                    lead = bench_lead
                elif rng.random() < 0.75:
                    lead = user(f"bench-p{p.index:02d}-lead-{number:02d}")
                else:
                    continue  # no lead for this agency here: nobody would be reminded
                self.leads[(p.index, agency.pk)] = lead
                members.append((lead, p.index, Role.AGENCY_LEAD, agency))
        admin = user(ADMIN, superuser=True)
        for obj in users:
            if obj.username in (COORDINATOR, SMALL, LEAD, ADMIN):
                obj.set_password(DEMO_PASSWORD)
        _bulk(User, users, history=False)
        self.counts["users"] = len(users)

        memberships = []
        for person, index, role, agency in members:
            when = max(person.date_joined, self.now - dt.timedelta(days=2000))
            memberships.append(
                _dated(
                    Membership(
                        user=person, partnership=self.partnerships[index], role=role, agency=agency
                    ),
                    when,
                    None,
                )
            )
        _bulk(Membership, memberships)
        for m in memberships:
            self.event(
                events.MEMBERSHIP_CREATED,
                m,
                m.partnership,
                f"{m.get_role_display()} added",
                m._history_date,
            )
        self.counts["memberships"] = len(memberships)
        for person in (
            self.coordinator[shape.largest.index],
            self.coordinator[shape.smallest.index],
        ):
            demo_authenticator(person)
        demo_authenticator(admin)
        largest = self.partnerships[shape.largest.index]
        smallest = self.partnerships[shape.smallest.index]
        police = next(a for a, _, is_police in self.agencies[shape.largest.index] if is_police)
        self.bench_users = [
            BenchUser(COORDINATOR, f"coordinator of {largest.name}, the largest", True),
            BenchUser(SMALL, f"coordinator of {smallest.name}, the smallest", True),
            BenchUser(
                LEAD,
                f"agency lead for {police.name} in {len(lead_region.partnerships)} partnerships",
                False,
            ),
            BenchUser(ADMIN, "site administrator (every review)", True),
        ]

    # Plans and their delivery -----------------------------------------------------------------

    def write_plans(self, p: PartnershipShape) -> list[Review]:
        rng = random.Random(
            f"followthrough-bench-{self.shape.scale.name}-{self.shape.seed}-{p.index}"
        )
        partnership = self.partnerships[p.index]
        coordinator = self.coordinator[p.index]
        agencies = self.agencies[p.index]
        abbreviation = "".join(w[0] for w in p.name.split() if w[0].isupper())[:4]

        reviews: list[Review] = []
        for number, r in enumerate(p.reviews, start=1):
            who = rng.choice(words.PSEUDONYMS)
            created = _at(r.created_on, rng)
            published = r.published_on
            precision = "day" if rng.random() < 0.8 else "month"
            review = Review(
                partnership=partnership,
                review_type=r.review_type,
                title=words.REVIEW_TITLES[r.review_type].format(who=who),
                subject_pseudonym=who,
                reference=f"{abbreviation}/{r.review_type}/{r.decided_on.year}/{number:03d}",
                preamble="",
                decided_on=r.decided_on,
                published_on=_end_of_month(published) if precision == "month" else published,
                published_on_precision=precision,
                plan_status=PlanStatus.AGREED if r.agreed_on else PlanStatus.DRAFT,
                agreed_at=_at(r.agreed_on, rng) if r.agreed_on else None,
                created_at=created,
                version=2 if r.agreed_on else 1,
            )
            reviews.append(_dated(review, created, coordinator))
        _bulk(Review, reviews)
        for review in reviews:
            self.event(
                events.REVIEW_CREATED,
                review,
                partnership,
                f"Review created ({review.review_type})",
                review.created_at,
                coordinator,
            )
            if review.agreed_at:
                self.event(
                    events.PLAN_AGREED,
                    review,
                    partnership,
                    "Plan agreed",
                    review.agreed_at,
                    coordinator,
                )
        self.counts["reviews"] += len(reviews)

        recs: list[Recommendation] = []
        rec_actions: list[tuple[Recommendation, ReviewShape, list[ActionShape]]] = []
        for review, r in zip(reviews, p.reviews, strict=True):
            themed = rng.random() < 0.6
            heading = ""
            style = rng.choice(["plain", "R", "dotted"])
            for order, actions in enumerate(r.recommendations, start=1):
                if themed and (order == 1 or rng.random() < 0.3):
                    heading = rng.choice(words.THEME_HEADINGS)
                agency = _choose(rng, agencies)[0]
                number = {"plain": str(order), "R": f"R{order}", "dotted": f"{order}.1"}[style]
                rec = Recommendation(
                    review=review,
                    number=number,
                    theme_heading=heading,
                    scope=rng.choice(["local", "local", "local", "regional", "national", ""]),
                    text=words.recommendation_text(rng, agency.name),
                    order=order,
                )
                recs.append(_dated(rec, review.created_at, coordinator))
                rec_actions.append((rec, r, actions))
        _bulk(Recommendation, recs)
        self.counts["recommendations"] += len(recs)

        actions: list[Action] = []
        action_shapes: list[tuple[Action, ActionShape, ReviewShape]] = []
        for rec, r, shapes in rec_actions:
            for order, a in enumerate(shapes, start=1):
                if a.status in DONE:
                    outcome = words.outcome_text(rng)
                elif a.status in CLOSED or a.status == CLOSURE_PROPOSED:
                    outcome = rng.choice(words.CLOSURE_REASONS)
                else:
                    outcome = ""
                action = Action(
                    recommendation=rec,
                    partnership=partnership,
                    text=words.action_text(rng),
                    target_date=a.target_date,
                    target_date_precision=a.target_precision,
                    target_date_text=a.target_text,
                    completed_on=a.completed_on,
                    outcome=outcome,
                    measure=words.measure_text(rng) if rng.random() < 0.4 else "",
                    status=a.status,
                    proposed_closure=a.proposed_closure,
                    version=1 + a.updates,
                    order=order,
                )
                actions.append(_dated(action, rec.review.created_at, coordinator))
                action_shapes.append((action, a, r))
        self.write_revisions(action_shapes, rng, coordinator, partnership)
        _bulk(Action, actions)
        self.counts["actions"] += len(actions)

        leads: list[ActionLead] = []
        lead_users: dict[int, list] = {}
        for action, _a, _r in action_shapes:
            chosen = _leads_for(rng, agencies)
            people = []
            for order, agency in enumerate(chosen, start=1):
                named = rng.random() < 0.6
                first, last = words.person(rng)
                leads.append(
                    _dated(
                        ActionLead(
                            action=action,
                            agency=agency,
                            person_name=f"{first} {last}" if named else "",
                            role=rng.choice(words.ROLES) if named else "",
                            order=order,
                        ),
                        action._history_date,
                        coordinator,
                    )
                )
                if (p.index, agency.pk) in self.leads:
                    people.append(self.leads[(p.index, agency.pk)])
            lead_users[action.pk] = people or [coordinator]
        _bulk(ActionLead, leads)
        self.counts["action_leads"] += len(leads)

        milestones: list[Milestone] = []
        for action, a, r in action_shapes:
            milestones.extend(self.milestones_of(rng, action, a, r, coordinator))
        _bulk(Milestone, milestones)
        self.counts["milestones"] += len(milestones)

        self.write_delivery(rng, action_shapes, lead_users, coordinator, partnership)
        self.pending_revisions(rng, action_shapes, lead_users, coordinator, partnership)
        return reviews

    def write_revisions(self, action_shapes, rng, coordinator, partnership) -> None:
        """About one open action in sixteen had its target date revised once (approved): its
        first date kept as the original. Written as the actions are, before they are saved."""
        self.revised: list[tuple[Action, dt.date, str]] = []
        for action, a, r in action_shapes:
            if (
                r.agreed_on is None
                or a.target_date is None
                or a.status not in (ON_TRACK, AT_RISK, NOT_STARTED)
                or rng.random() >= 1 / 16
            ):
                continue
            action.original_target_date = a.target_date
            action.original_target_date_precision = a.target_precision
            action.target_date = a.target_date + dt.timedelta(days=rng.choice([60, 90, 180]))
            action.target_date_precision = "day"
            action.target_date_revisions = 1
            self.revised.append((action, a.target_date, a.target_precision))

    def milestones_of(self, rng, action, a: ActionShape, r: ReviewShape, coordinator):
        start = r.agreed_on or r.created_on
        end = a.target_date or (start + dt.timedelta(days=400))
        if end <= start:
            end = start + dt.timedelta(days=30)
        span = (end - start).days
        numbered = rng.random() < 0.6
        rows = []
        for order in range(1, a.milestones + 1):
            due = start + dt.timedelta(days=span * order // (a.milestones + 1) + rng.randint(0, 20))
            done_on = None
            if a.status in DONE:
                done_on = min(due, a.completed_on or due)
            elif a.status not in (NOT_STARTED,) and due < self.today and rng.random() < 0.7:
                done_on = due
            rows.append(
                _dated(
                    Milestone(
                        action=action,
                        number=order if numbered else None,
                        text=rng.choice(words.MILESTONE_STEPS),
                        target_date=due,
                        target_date_precision="day",
                        done_on=done_on,
                        order=order,
                    ),
                    action._history_date,
                    coordinator,
                )
            )
        return rows

    def write_delivery(self, rng, action_shapes, lead_users, coordinator, partnership) -> None:
        updates: list[ProgressUpdate] = []
        decisions: list[SignOffDecision] = []
        comments: list[ActionComment] = []
        for action, a, r in action_shapes:
            people = lead_users[action.pk]
            start = (r.agreed_on or r.created_on) + dt.timedelta(days=7)
            if a.status in DONE and a.completed_on:
                end = a.completed_on
            else:
                # the last update of an open action: mostly weeks ago, some long quiet
                end = self.today - dt.timedelta(days=max(1, int(rng.expovariate(1 / 45))))
            end = min(max(end, start), self.today - dt.timedelta(days=1))
            start = min(start, end)
            days = sorted(
                start + dt.timedelta(days=rng.randint(0, (end - start).days))
                for _ in range(max(0, a.updates - 1))
            )
            days.append(end)
            days = days[-a.updates :] if a.updates else []
            for number, day in enumerate(days, start=1):
                last = number == len(days)
                author = rng.choice(people)
                status, narrative, marks, kind = self._update_of(rng, a, last)
                when = _at(day, rng)
                updates.append(
                    ProgressUpdate(
                        action=action,
                        author=author,
                        created_at=when,
                        narrative=narrative,
                        status=status,
                        marks_completed=marks,
                    )
                )
                self.event(kind, action, partnership, _SUMMARIES[kind], when, author)
            last_at = _at(days[-1], rng) if days else _at(start, rng)
            decision = self._decision_of(rng, action, a, last_at, coordinator)
            if decision is not None:
                decisions.append(decision)
            if rng.random() < 0.06 and r.agreed_on:
                for _ in range(rng.randint(1, 3)):
                    day = start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))
                    when = _at(day, rng)
                    author = rng.choice([*people, coordinator])
                    comments.append(
                        ActionComment(
                            action=action,
                            author=author,
                            text=rng.choice(words.COMMENTS),
                            created_at=when,
                        )
                    )
                    self.event(
                        events.ACTION_COMMENTED, action, partnership, "Commented", when, author
                    )
        _bulk(ProgressUpdate, updates, history=False)
        _bulk(SignOffDecision, decisions)
        _bulk(ActionComment, comments, history=False)
        for d in decisions:
            kind = {
                SignOffDecision.Decision.SIGNED_OFF: events.ACTION_SIGNED_OFF,
                SignOffDecision.Decision.CLOSED: events.ACTION_CLOSED,
                SignOffDecision.Decision.RETURNED: events.ACTION_RETURNED,
            }[d.decision]
            self.event(
                kind, d.action, partnership, d.get_decision_display(), d.decided_at, coordinator
            )
        self.counts["progress_updates"] += len(updates)
        self.counts["sign_off_decisions"] += len(decisions)
        self.counts["comments"] += len(comments)

    @staticmethod
    def _update_of(rng, a: ActionShape, last: bool) -> tuple[str, str, bool, str]:
        """(status, narrative, marks completed, audit event) of one progress update."""
        if not last:
            return (
                rng.choice([ON_TRACK, ON_TRACK, AT_RISK]),
                rng.choice(words.NARRATIVES),
                False,
                events.PROGRESS_UPDATED,
            )
        if a.status in (COMPLETED, SIGNED_OFF):
            return COMPLETED, words.outcome_text(rng), True, events.ACTION_COMPLETED
        if a.status in CLOSED or a.status in (CLOSURE_PROPOSED, ALREADY_IN_PLACE):
            return (
                CLOSURE_PROPOSED,
                f"Proposed closing it: {rng.choice(words.CLOSURE_REASONS)}",
                False,
                events.ACTION_CLOSURE_PROPOSED,
            )
        status = a.status if a.status in (NOT_STARTED, ON_TRACK, AT_RISK) else ON_TRACK
        return status, rng.choice(words.NARRATIVES), False, events.PROGRESS_UPDATED

    def _decision_of(self, rng, action, a: ActionShape, last_at, coordinator):
        yesterday = self.now - dt.timedelta(days=1)
        if a.status == SIGNED_OFF or (a.status in CLOSED | {ALREADY_IN_PLACE} and a.updates):
            decided_at = min(last_at + dt.timedelta(days=rng.randint(7, 60)), yesterday)
            decision = (
                SignOffDecision.Decision.SIGNED_OFF
                if a.status == SIGNED_OFF
                else SignOffDecision.Decision.CLOSED
            )
        elif a.status == ON_TRACK and a.updates and rng.random() < 0.04:
            # Returned to its lead at a meeting after its last update, not updated since.
            decided_at = min(last_at + dt.timedelta(days=rng.randint(2, 20)), yesterday)
            decision = SignOffDecision.Decision.RETURNED
        else:
            return None
        returned = decision == SignOffDecision.Decision.RETURNED
        return _dated(
            SignOffDecision(
                action=action,
                decision=decision,
                decided_by=coordinator,
                decided_at=decided_at,
                meeting_date=None if returned else decided_at.date(),
                minutes_reference="" if returned else f"BM/{decided_at:%y}/{decided_at:%m}",
                comment="Evidence not yet enough: please add the audit." if returned else "",
            ),
            decided_at,
            coordinator,
        )

    def pending_revisions(self, rng, action_shapes, lead_users, coordinator, partnership):
        """The approved revisions written with the actions, and about one open action in sixty
        with a revised date awaiting the coordinator's approval."""
        revisions: list[TargetDateRevision] = []
        for action, previous, precision in self.revised:
            # proposed before the first date passed (or lately, for one not yet due)
            proposed_at = min(
                _at(previous - dt.timedelta(days=rng.randint(10, 40)), rng),
                self.now - dt.timedelta(days=2),
            )
            revisions.append(
                _dated(
                    TargetDateRevision(
                        action=action,
                        previous_date=previous,
                        previous_date_precision=precision,
                        proposed_date=action.target_date,
                        proposed_date_precision="day",
                        reason=rng.choice(words.REVISION_REASONS),
                        proposed_by=rng.choice(lead_users[action.pk]),
                        proposed_at=proposed_at,
                        state=TargetDateRevision.State.APPROVED,
                        decided_by=coordinator,
                        decided_at=proposed_at + dt.timedelta(days=1),
                    ),
                    proposed_at,
                    coordinator,
                )
            )
        revised = {action.pk for action, _, _ in self.revised}
        for action, a, r in action_shapes:
            if (
                action.pk in revised
                or r.agreed_on is None
                or a.target_date is None
                or a.status not in (ON_TRACK, AT_RISK)
                or rng.random() >= 1 / 60
            ):
                continue
            proposed_at = self.now - dt.timedelta(days=rng.randint(1, 30), hours=3)
            revisions.append(
                _dated(
                    TargetDateRevision(
                        action=action,
                        previous_date=action.target_date,
                        previous_date_precision=action.target_date_precision,
                        proposed_date=action.target_date + dt.timedelta(days=90),
                        reason=rng.choice(words.REVISION_REASONS),
                        proposed_by=rng.choice(lead_users[action.pk]),
                        proposed_at=proposed_at,
                    ),
                    proposed_at,
                    coordinator,
                )
            )
        _bulk(TargetDateRevision, revisions)
        for revision in revisions:
            self.event(
                events.DATE_REVISION_PROPOSED,
                revision.action,
                partnership,
                "Revised target date proposed",
                revision.proposed_at,
                revision.proposed_by,
            )
            if revision.decided_at:
                self.event(
                    events.DATE_REVISION_APPROVED,
                    revision.action,
                    partnership,
                    "Revised target date approved",
                    revision.decided_at,
                    coordinator,
                )
        self.counts["date_revisions"] += len(revisions)


_SUMMARIES = {
    events.PROGRESS_UPDATED: "Progress recorded",
    events.ACTION_COMPLETED: "Marked completed; awaiting sign-off",
    events.ACTION_CLOSURE_PROPOSED: "Closure proposed; awaiting the partnership's decision",
}


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _end_of_month(day: dt.date | None) -> dt.date | None:
    if day is None:
        return None
    following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _choose(rng: random.Random, agencies: list[tuple[Agency, float, bool]]):
    return rng.choices(agencies, weights=[w for _, w, _ in agencies])[0]


def _leads_for(rng: random.Random, agencies: list[tuple[Agency, float, bool]]) -> list[Agency]:
    """None (one action in fifty), one, two or three lead agencies: the police first with the
    region's share, the others by their weights, each once."""
    count = rng.choices([0, 1, 2, 3], weights=[2, 75, 20, 3])[0]
    if not count:
        return []
    police = [(agency, share) for agency, share, is_police in agencies if is_police]
    chosen: list[Agency] = []
    if police and rng.random() < police[0][1]:
        chosen.append(police[0][0])
    others = [(agency, weight) for agency, weight, is_police in agencies if not is_police]
    while len(chosen) < count and others:
        pick = rng.choices(range(len(others)), weights=[w for _, w in others])[0]
        chosen.append(others.pop(pick)[0])
    return chosen
