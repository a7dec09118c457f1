"""Repeated recommendations: which earlier recommendations ask for the same thing, what became
of each, and who may see which (docs/architecture.md, "Lessons").

The repeat index (``followthrough.learning.similar.RepeatIndex``, plain Python) holds the text
of every recommendation in the database. It is built once per process and built again only when
the recommendations changed, which one cheap aggregate query decides (their count, largest id,
the sum of their versions, which rise on every edit, and of their reviews' ids, which change
when one is moved). So a lookup costs that query, the user's memberships, and two more: the
matched recommendations with their review and partnership, and their actions' statuses. The
matches read are checked against the texts the index was built from: where one differs (ids
given again after a rollback, as SQLite does), the index is built again and the lookup made
once more.

Who sees what: a user sees the repeats from the partnerships they belong to (any review, with
its title and what became of it in words), and from other partnerships only those in published
reviews (the public pages' rule, ``public.selectors.published_q``: a month or a year given
alone counts from its end), without names: the partnership, review
type, reference, year, number, text and outcome, never the review's title, its subject's
pseudonym or anyone's name. A site administrator sees everything as their own.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from followthrough.learning.similar import RepeatIndex
from followthrough.partnerships.selectors import partnership_ids_for_user
from followthrough.plans.models import Action, Recommendation, Review, ReviewType
from followthrough.plans.outcomes import IMPLEMENTED, Outcome, recommendation_outcome
from followthrough.plans.selectors import paged
from followthrough.public.selectors import is_published, published_q

# How many judged repeats to ask the index for before those the user may not see are left out.
_CANDIDATES = 50
# The recurring lessons report: groups a page, and members listed of each group on the page
# (its figures count them all; the spreadsheet lists them all).
GROUPS_PER_PAGE = 10
MEMBERS_SHOWN = 50
# Ids asked for in one query at most (SQLite takes 32,766 parameters): beyond it, a query more
# for each as many again.
_CHUNK = 10_000


# --- The index, cached per process -------------------------------------------------------


@dataclass
class _Cached:
    signature: tuple
    index: RepeatIndex
    review_of: dict[int, int]  # recommendation id -> review id
    fingerprints: dict[int, int]  # recommendation id -> hash of the text it was built from
    _groups: list[list[int]] | None = None

    def stale(self, records: dict[int, _Record]) -> bool:
        """Whether any of ``records`` (read fresh) differs from the text indexed for it."""
        return any(self.fingerprints.get(pk) != hash(r.text) for pk, r in records.items())

    def groups(self) -> list[list[int]]:
        if self._groups is None:
            self._groups = [list(group) for group in self.index.groups()]
        return self._groups


_cache: _Cached | None = None
_lock = threading.Lock()


def _signature() -> tuple:
    """What the index depends on, in one aggregate query: it changes whenever a recommendation
    is added, removed, edited (its version rises) or moved to another review."""
    row = Recommendation.objects.order_by().aggregate(
        n=Count("id"),
        last=Max("id"),
        versions=Sum("version"),
        reviews=Sum("review_id"),
    )
    return (row["n"], row["last"], row["versions"] or 0, row["reviews"] or 0)


def repeat_index(*, rebuild: bool = False) -> _Cached:
    """The repeat index over every recommendation, built again only if they changed (or
    ``rebuild``)."""
    global _cache
    signature = _signature()
    cached = _cache
    if not rebuild and cached is not None and cached.signature == signature:
        return cached
    with _lock:
        if not rebuild and _cache is not None and _cache.signature == signature:
            return _cache
        rows = list(Recommendation.objects.order_by().values_list("id", "review_id", "text"))
        built = _Cached(
            signature=signature,
            index=RepeatIndex((pk, text) for pk, _, text in rows),
            review_of={pk: review_id for pk, review_id, _ in rows},
            fingerprints={pk: hash(text) for pk, _, text in rows},
        )
        _cache = built
        return built


def forget_index() -> None:
    """Drop the cached index (tests; the next lookup builds it again)."""
    global _cache
    with _lock:
        _cache = None


# --- What a user may see ---------------------------------------------------------------


@dataclass(frozen=True)
class Repeat:
    """An earlier recommendation judged to ask for the same thing, as the user may see it."""

    recommendation_id: int
    review_id: int
    partnership_name: str
    review_type: str  # ReviewType value
    reference: str
    year: int | None
    number: str
    text: str
    score: float
    outcome: Outcome
    # What became of it in words (the actions' outcomes), only where the user may open the
    # review; None otherwise.
    outcome_text: str | None
    # The user belongs to its partnership (or runs the site): they may open the review's page.
    # Otherwise it is a published review of another partnership: its public page only.
    may_open_review: bool
    # The review's title, only where the user may open it; None otherwise (no names).
    review_title: str | None = None

    @property
    def public_only(self) -> bool:
        """A published review of another partnership: only its public page may be opened."""
        return not self.may_open_review

    @property
    def review_type_label(self) -> str:
        return ReviewType(self.review_type).label if self.review_type in ReviewType else ""

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label

    @property
    def implemented(self) -> bool:
        return self.outcome in IMPLEMENTED


@dataclass(frozen=True)
class _Record:
    """A recommendation with what the rules and the display need, read fresh."""

    id: int
    review_id: int
    partnership_id: int
    partnership_name: str
    review_type: str
    reference: str
    title: str
    year: int | None
    published_on: dt.date | None
    published_on_precision: str
    number: str
    text: str


@dataclass
class _Viewer:
    superuser: bool
    partnership_ids: frozenset[int]
    today: dt.date

    @classmethod
    def of(cls, user, today: dt.date | None = None) -> _Viewer:
        return cls(
            superuser=bool(user.is_authenticated and user.is_active and user.is_superuser),
            partnership_ids=partnership_ids_for_user(user),
            today=today or timezone.localdate(),
        )

    def owns(self, partnership_id: int) -> bool:
        return self.superuser or partnership_id in self.partnership_ids

    def may_see(self, record: _Record) -> bool:
        return self.owns(record.partnership_id) or is_published(
            record.published_on, record.published_on_precision, self.today
        )

    def reviews_q(self) -> Q:
        """The reviews this viewer may see repeats in, as a filter on Review."""
        if self.superuser:
            return Q()
        return Q(partnership_id__in=self.partnership_ids) | published_q(self.today)


def _review_year(published_on, qa_approved_on, decided_on, notified_on, created_at) -> int | None:
    """The review's year: of its publication, else of the Home Office's approval, the decision
    to hold it, its notification, else the year it was entered."""
    for day in (published_on, qa_approved_on, decided_on, notified_on, created_at):
        if day is not None:
            return day.year
    return None


def _chunks(ids: Iterable[int]) -> list[list[int]]:
    ids = list(ids)
    return [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)] or [[]]


def _records(ids: Iterable[int]) -> dict[int, _Record]:
    """The recommendations ``ids`` with their review and partnership: one query (for up to
    ``_CHUNK`` of them)."""
    records = {}
    for chunk in _chunks(ids):
        records.update(_records_of(chunk))
    return records


def _records_of(ids: list[int]) -> dict[int, _Record]:
    rows = (
        Recommendation.objects.filter(pk__in=ids)
        .order_by()
        .values_list(
            "id",
            "review_id",
            "review__partnership_id",
            "review__partnership__name",
            "review__review_type",
            "review__reference",
            "review__title",
            "review__published_on",
            "review__published_on_precision",
            "review__qa_approved_on",
            "review__decided_on",
            "review__notified_on",
            "review__created_at",
            "number",
            "text",
        )
    )
    records = {}
    for (
        pk,
        review_id,
        partnership_id,
        partnership_name,
        review_type,
        reference,
        title,
        published_on,
        published_on_precision,
        qa_approved_on,
        decided_on,
        notified_on,
        created_at,
        number,
        text,
    ) in rows:
        records[pk] = _Record(
            id=pk,
            review_id=review_id,
            partnership_id=partnership_id,
            partnership_name=partnership_name,
            review_type=review_type,
            reference=reference,
            title=title,
            year=_review_year(published_on, qa_approved_on, decided_on, notified_on, created_at),
            published_on=published_on,
            published_on_precision=published_on_precision,
            number=number,
            text=text,
        )
    return records


def _outcomes(ids: Iterable[int]) -> dict[int, tuple[Outcome, str]]:
    """Each recommendation's outcome and its actions' outcomes in words: one query (for up to
    ``_CHUNK`` of them)."""
    statuses: dict[int, list[str]] = defaultdict(list)
    words: dict[int, list[str]] = defaultdict(list)
    ids = list(ids)
    for chunk in _chunks(ids):
        for rec_id, status, outcome in (
            Action.objects.filter(recommendation_id__in=chunk)
            .order_by("recommendation_id", "order")
            .values_list("recommendation_id", "status", "outcome")
        ):
            statuses[rec_id].append(status)
            if outcome.strip():
                words[rec_id].append(outcome.strip())
    return {
        rec_id: (recommendation_outcome(statuses.get(rec_id, [])), "\n\n".join(words[rec_id]))
        for rec_id in ids
    }


def _repeat(record: _Record, viewer: _Viewer, score: float, outcome) -> Repeat:
    own = viewer.owns(record.partnership_id)
    return Repeat(
        recommendation_id=record.id,
        review_id=record.review_id,
        partnership_name=record.partnership_name,
        review_type=record.review_type,
        reference=record.reference,
        year=record.year,
        number=record.number,
        text=record.text,
        score=score,
        outcome=outcome[0],
        outcome_text=(outcome[1] or None) if own else None,
        may_open_review=own,
        review_title=record.title if own else None,
    )


def repeats_for_texts(
    user,
    texts: Sequence[str],
    *,
    exclude_review_id: int | None = None,
    limit: int = 10,
    today: dt.date | None = None,
) -> list[list[Repeat]]:
    """For each of ``texts``, the earlier recommendations judged repeats of it that ``user``
    may see, best first (at most ``limit`` each), leaving out those of the review
    ``exclude_review_id`` (the one being written). A constant number of queries, however many
    texts: the index's check, the user's memberships, the matches, their actions."""
    return _repeats_for_texts(user, texts, exclude_review_id, limit, today, rebuild=False)


def _repeats_for_texts(user, texts, exclude_review_id, limit, today, *, rebuild):
    cached = repeat_index(rebuild=rebuild)
    exclude = (
        frozenset(pk for pk, rid in cached.review_of.items() if rid == exclude_review_id)
        if exclude_review_id is not None
        else frozenset()
    )
    matches = [
        cached.index.similar(text, limit=max(limit * 5, _CANDIDATES), exclude=exclude)
        if text and text.strip()
        else []
        for text in texts
    ]
    ids = {match.key for found in matches for match in found}
    if not ids:
        return [[] for _ in texts]
    viewer = _Viewer.of(user, today)
    records = _records(ids)
    if not rebuild and cached.stale(records):
        return _repeats_for_texts(user, texts, exclude_review_id, limit, today, rebuild=True)
    visible = {
        pk
        for pk, record in records.items()
        if viewer.may_see(record) and record.review_id != exclude_review_id
    }
    outcomes = _outcomes(visible)
    return [
        [
            _repeat(records[match.key], viewer, match.score, outcomes[match.key])
            for match in found
            if match.key in visible
        ][:limit]
        for found in matches
    ]


def repeats_for_user(
    user,
    text: str,
    *,
    exclude_review_id: int | None = None,
    limit: int = 10,
    today: dt.date | None = None,
) -> list[Repeat]:
    """The earlier recommendations judged repeats of ``text`` that ``user`` may see, best
    first (see ``repeats_for_texts``)."""
    return repeats_for_texts(
        user, [text], exclude_review_id=exclude_review_id, limit=limit, today=today
    )[0]


def every_repeat(text: str, *, limit: int = 10) -> list[Repeat]:
    """Every recommendation judged a repeat of ``text``, best first, with its review's
    reference: for the operator's ``followthrough similar``, which sees everything."""
    return _every_repeat(text, limit, rebuild=False)


def _every_repeat(text: str, limit: int, *, rebuild: bool) -> list[Repeat]:
    cached = repeat_index(rebuild=rebuild)
    found = cached.index.similar(text, limit=limit) if text.strip() else []
    if not found:
        return []
    viewer = _Viewer(superuser=True, partnership_ids=frozenset(), today=timezone.localdate())
    records = _records(match.key for match in found)
    if not rebuild and cached.stale(records):
        return _every_repeat(text, limit, rebuild=True)
    outcomes = _outcomes(records)
    return [
        _repeat(records[match.key], viewer, match.score, outcomes[match.key])
        for match in found
        if match.key in records
    ]


# --- "Made before in 3 reviews; 1 implemented, 2 with no information" -----------------

# How each outcome is counted in the summary, in the order the summary names them.
_IMPLEMENTED = "implemented"
_SUMMARY_WORDS = [
    (_IMPLEMENTED, "implemented"),
    (Outcome.PARTLY_IMPLEMENTED.value, "partly implemented"),
    (Outcome.UNDER_WAY.value, "still under way"),
    (Outcome.NOT_MET.value, "not met"),
    (Outcome.NO_INFORMATION.value, "with no information"),
]


def _summary_key(outcome: Outcome) -> str:
    return _IMPLEMENTED if outcome in IMPLEMENTED else Outcome(outcome).value


@dataclass(frozen=True)
class RepeatSummary:
    """The repeats of a recommendation, counted for display."""

    repeats: tuple[Repeat, ...]
    review_count: int
    counts: tuple[tuple[str, int], ...]  # (words, how many), in the summary's order
    text: str
    implemented: int = 0
    by_outcome: dict = field(default_factory=dict)  # Outcome -> how many

    def __bool__(self) -> bool:
        return bool(self.repeats)


def summarise(repeats: Iterable[Repeat]) -> RepeatSummary:
    """ "Made before in 3 reviews; 1 implemented, 2 with no information" (or "Made before 3
    times in 2 reviews; ..." where one review made it twice); "" when there are none."""
    repeats = tuple(repeats)
    if not repeats:
        return RepeatSummary(repeats=(), review_count=0, counts=(), text="")
    reviews = len({r.review_id for r in repeats})
    by_key = Counter(_summary_key(r.outcome) for r in repeats)
    counts = tuple((words, by_key[key]) for key, words in _SUMMARY_WORDS if by_key[key])
    where = f"in {reviews} review{'' if reviews == 1 else 's'}"
    if len(repeats) != reviews:
        where = f"{len(repeats)} times {where}"
    text = f"Made before {where}; " + ", ".join(f"{n} {words}" for words, n in counts)
    return RepeatSummary(
        repeats=repeats,
        review_count=reviews,
        counts=counts,
        text=text,
        implemented=by_key[_IMPLEMENTED],
        by_outcome=dict(Counter(Outcome(r.outcome) for r in repeats)),
    )


# --- The recurring lessons report -------------------------------------------------------


@dataclass(frozen=True)
class LessonGroup:
    """Recommendations, in two or more reviews, that repeat one another, as the user may see
    them, with what became of them."""

    members: tuple[Repeat, ...]
    summary: RepeatSummary

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def shown(self) -> tuple[Repeat, ...]:
        """The members listed on the page (all are counted, and in the spreadsheet)."""
        return self.members[:MEMBERS_SHOWN]

    @property
    def not_shown(self) -> int:
        return max(0, self.size - MEMBERS_SHOWN)

    @property
    def review_count(self) -> int:
        return self.summary.review_count

    @property
    def implemented(self) -> int:
        return self.summary.implemented

    @property
    def implementation_rate(self) -> float:
        return self.implemented / self.size if self.size else 0.0

    @property
    def implementation_percent(self) -> int:
        return round(100 * self.implementation_rate)

    @property
    def outcome_counts(self) -> list[tuple[str, int]]:
        """Every outcome with how many members came to it, in the outcomes' order."""
        return [(outcome.label, self.summary.by_outcome.get(outcome, 0)) for outcome in Outcome]


def _visible_groups(cached: _Cached, viewer: _Viewer) -> list[list[int]]:
    """The index's groups cut down to the members the viewer may see, keeping those with
    members in at least two reviews, biggest first. One query: the reviews they may see."""
    visible_reviews = set(
        Review.objects.filter(viewer.reviews_q()).order_by().values_list("id", flat=True)
    )
    groups = []
    for group in cached.groups():
        members = [pk for pk in group if cached.review_of.get(pk) in visible_reviews]
        if len({cached.review_of[pk] for pk in members}) >= 2:
            groups.append(members)
    groups.sort(key=lambda members: (-len(members), min(members)))
    return groups


def _lesson_groups(
    cached: _Cached, viewer: _Viewer, groups: list[list[int]], *, check: bool
) -> list[LessonGroup] | None:
    """The groups' members read fresh (two queries), each group checked again; None when
    ``check`` finds the index stale."""
    ids = [pk for members in groups for pk in members]
    records = _records(ids)
    if check and cached.stale(records):
        return None
    visible = {pk for pk, record in records.items() if viewer.may_see(record)}
    outcomes = _outcomes(visible)
    lessons = []
    for members in groups:
        # A group's members have no score of their own: 1.0 stands for "in the group".
        shown = tuple(
            _repeat(records[pk], viewer, 1.0, outcomes[pk]) for pk in members if pk in visible
        )
        if len({r.review_id for r in shown}) >= 2:
            lessons.append(LessonGroup(members=shown, summary=summarise(shown)))
    return lessons


def recurring_lessons(user, *, page: int | str | None = None, today: dt.date | None = None):
    """One page (``plans.selectors.paged``) of groups of repeated recommendations across
    reviews, biggest first, as the user may see them; its ``object_list`` the page's
    ``LessonGroup``s. A constant number of queries whatever the data: the index's check, the
    user's memberships, the reviews they may see, the page's members and their actions."""
    viewer = _Viewer.of(user, today)
    for rebuild in (False, True):
        cached = repeat_index(rebuild=rebuild)
        current = paged(_visible_groups(cached, viewer), GROUPS_PER_PAGE, page)
        lessons = _lesson_groups(cached, viewer, list(current.object_list), check=not rebuild)
        if lessons is not None:
            current.object_list = lessons
            return current
    raise AssertionError("unreachable: a rebuilt index is never stale")


def every_recurring_lesson(user, *, today: dt.date | None = None) -> list[LessonGroup]:
    """Every group the user may see, biggest first (the Excel download)."""
    viewer = _Viewer.of(user, today)
    for rebuild in (False, True):
        cached = repeat_index(rebuild=rebuild)
        lessons = _lesson_groups(cached, viewer, _visible_groups(cached, viewer), check=not rebuild)
        if lessons is not None:
            return lessons
    raise AssertionError("unreachable: a rebuilt index is never stale")
