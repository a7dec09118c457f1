"""What the writers write: a plan as interchange dataclasses with what delivery recorded beside
each action, and a board pack. Plain Python: no Django import, so the writers can be tested and
benchmarked alone.

The interchange format stays as the schema says; what it has no field for (the recorded status
in full, RAG, the first target date agreed and how often it was revised, when milestones were
done) travels beside it in ``ActionDelivery``, one per action in plan order.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator
from dataclasses import dataclass, field

from followthrough.interchange import Action, ActionPlan, PartialDate, Recommendation
from followthrough.interchange.model import STATUS_LABELS


class Profile(enum.StrEnum):
    """Internal: everything the user may see. Public: published reviews only, agencies only,
    no personal names and no narrative (see ``profiles.public_export``)."""

    INTERNAL = "internal"
    PUBLIC = "public"


RAG_LABELS = {"red": "Red", "amber": "Amber", "green": "Green", "not_rated": "Not rated"}


@dataclass
class ActionDelivery:
    """What the tracker recorded about one action, beyond the interchange fields."""

    status: str | None = None  # the recorded status: "on_track", "signed_off", ...
    status_label: str | None = None  # as people read it: "On track", "Signed off"
    rag: str | None = None  # "red", "amber", "green", "not_rated"
    state_label: str | None = None  # where it stands today (Action.standing): "Overdue",
    # "Awaiting sign-off", "Signed off", "Closure proposed", "Already in place", ...
    original_target: PartialDate | None = None  # the first date agreed, once revised
    target_revisions: int = 0
    milestones_done: list[dt.date | None] = field(default_factory=list)  # per milestone

    @property
    def rag_label(self) -> str:
        return RAG_LABELS.get(self.rag or "", "")


@dataclass
class Row:
    """One action of the plan with its place: the recommendation's and the action's position
    in the plan (from 1), as the spreadsheets number them ("2.1")."""

    rec_position: int
    recommendation: Recommendation
    action_position: int
    action: Action
    delivery: ActionDelivery

    @property
    def position(self) -> str:
        return f"{self.rec_position}.{self.action_position}"


@dataclass
class PlanExport:
    plan: ActionPlan
    # One per action, in the order of plan.actions(); built empty for a plan from a document.
    delivery: list[ActionDelivery] = field(default_factory=list)
    profile: Profile = Profile.INTERNAL
    exported_on: dt.date | None = None

    def __post_init__(self) -> None:
        if not self.delivery:
            self.delivery = [ActionDelivery() for _ in self.plan.actions()]
        if len(self.delivery) != len(self.plan.actions()):
            raise ValueError("one ActionDelivery per action, in plan order")

    def rows(self) -> Iterator[Row]:
        deliveries = iter(self.delivery)
        for r, rec in enumerate(self.plan.recommendations, start=1):
            for a, action in enumerate(rec.actions, start=1):
                yield Row(r, rec, a, action, next(deliveries))

    def status_label(self, row: Row) -> str | None:
        """The recorded status in words, or the document's coarser one."""
        if row.delivery.status_label:
            return row.delivery.status_label
        return STATUS_LABELS.get(row.action.status or "")


# The board pack --------------------------------------------------------------------------


@dataclass
class PackAction:
    """One action as the board pack lists it."""

    review: str  # the review's title
    review_reference: str | None
    recommendation_number: str | None
    text: str
    agencies: list[str]
    leads: str  # "Sam Rowe - Service Manager (CADAS)"; agencies only in the public profile
    target: PartialDate | None
    target_text: str | None
    original_target: PartialDate | None
    target_revisions: int
    status_label: str
    rag: str
    state: str  # "overdue", "due_soon", "completed", "closed", "open", "no_date"
    state_label: str  # where it stands, as the action page says it (Action.standing)
    completed_on: PartialDate | None
    days_overdue: int | None = None
    url: str | None = None
    standing: str = ""  # the board pack's row for it (selectors.STANDINGS)

    @property
    def rag_label(self) -> str:
        return RAG_LABELS.get(self.rag, "")

    @property
    def target_display(self) -> str:
        if self.target_text:
            return self.target_text
        return self.target.display() if self.target else "Not set"


@dataclass
class Change:
    """Something that happened to an action since the chosen date."""

    on: dt.date
    action: PackAction
    summary: str  # "On track", "Signed off at the meeting of 3 March 2026 (minutes 4.2)"
    by: str | None = None  # a person's name; None in the public profile
    detail: str | None = None  # the narrative or comment; None in the public profile
    # The summary in fixed words fit for publication, where it differs (no minutes reference).
    public_summary: str | None = None
    kind: str = ""  # a sign-off decision's: "signed_off" or "returned"


@dataclass
class ExceptionItem:
    """An action the board should look at, and why."""

    action: PackAction
    reason: str


@dataclass
class Figures:
    """How the actions of one review, or of one lead agency, stand: counted by the database,
    so that the pack's length does not grow with the actions that need nothing of the board."""

    name: str
    total: int = 0
    overdue: int = 0
    due_soon: int = 0
    no_date: int = 0
    open: int = 0  # open, with time to go
    awaiting: int = 0  # awaiting sign-off, or a proposed closure awaiting decision
    done: int = 0  # signed off, already in place, completed
    closed: int = 0  # closed without being completed
    red: int = 0
    no_recent_update: int = 0

    @property
    def values(self) -> list[int]:
        """The figures in the order of ``FIGURE_ATTRIBUTES`` (those without a target date and
        those closed otherwise are in the pack's summary)."""
        return [getattr(self, attr) for attr in FIGURE_ATTRIBUTES]


# The figures in the order the writers show them.
FIGURE_ATTRIBUTES = [
    "total",
    "overdue",
    "due_soon",
    "open",
    "awaiting",
    "done",
    "red",
    "no_recent_update",
]


@dataclass
class PackStage:
    """One line of a review's stage timeline, as the board pack lists it."""

    label: str  # "Report completed"
    round: int  # 1, or 2+ after the QA panel returned the report
    done_on: dt.date | None
    due_on: dt.date | None  # after any extension
    status: str  # the clock's: "done", "done_late", "late", "due_soon", "on_time", ...
    status_label: str  # "Done", "Done 4 days late", "Late by 12 days", "Due in 3 days", ...
    extended: bool = False  # its due date was moved (the reason is on the timeline page)

    @property
    def date_display(self) -> str:
        """The date it was done on, or the date it is due by while it is still to do (not for a
        stage passed without a date, nor one whose clock has not started)."""
        if self.done_on:
            return f"{self.done_on:%-d %B %Y}"
        if self.due_on and self.status in ("late", "due_soon", "on_time"):
            return f"Due {self.due_on:%-d %B %Y}" + (" (extended)" if self.extended else "")
        return ""


@dataclass
class PackReview:
    """A review in progress with its clock: where it is, and what is due next by when."""

    review_type: str  # "Domestic Homicide Review"
    reference: str | None
    title: str
    current_stage: str | None  # the last stage done ("Panel"), None before any
    next_stage: str | None  # None when every stage is done
    next_due_on: dt.date | None
    clock: str  # the clock's state: "late", "due_soon", "on_time", "waiting", "no_clock", ...
    clock_label: str  # "On time", "Due in 3 days", "Late by 12 days"
    closed: bool = False
    timeline: list[PackStage] = field(default_factory=list)  # a review's own pack only

    @property
    def name(self) -> str:
        return f"{self.title} ({self.reference})" if self.reference else self.title

    @property
    def next_display(self) -> str:
        if self.next_stage is None:
            return "Closed" if self.closed else "Every stage done"
        if self.next_due_on:
            return f"{self.next_stage}, due {self.next_due_on:%-d %B %Y}"
        return self.next_stage


@dataclass
class BoardPack:
    title: str  # "South Lakeland CSP" or the review's title
    partnership: str
    reviews: list[str]  # titles of the reviews it covers
    since: dt.date
    today: dt.date
    profile: Profile
    state_counts: list[tuple[str, str, int]]  # (state, label, count), in a fixed order
    rag_counts: list[tuple[str, str, int]]  # (rag, label, count)
    updates: list[Change]
    completions: list[Change]
    sign_offs: list[Change]
    revisions: list[Change]
    overdue: list[ExceptionItem]
    exceptions: list[ExceptionItem]
    review_figures: list[Figures] = field(default_factory=list)
    agency_figures: list[Figures] = field(default_factory=list)
    recommendation_count: int = 0
    action_count: int = 0
    # The actions' comment threads since the date: internal only (the public profile drops
    # every piece of free text written in the app).
    comments: list[Change] = field(default_factory=list)
    # Progress updates and comments are given in full for the actions the pack lists (overdue
    # and exceptions); those on the other actions are counted here, and are in the appendix.
    other_updates: int = 0
    other_comments: int = 0
    stale_days: int = 30  # "no recent update": none for this many days
    # The reviews in progress with their stage clocks, late first (internal only: the public
    # pages show no stage or clock, so the public profile leaves them out).
    reviews_in_progress: list[PackReview] = field(default_factory=list)

    @property
    def change_count(self) -> int:
        return (
            len(self.updates)
            + len(self.completions)
            + len(self.sign_offs)
            + len(self.revisions)
            + len(self.comments)
            + self.other_updates
            + self.other_comments
        )

    @property
    def update_count(self) -> int:
        return len(self.updates) + self.other_updates

    @property
    def comment_count(self) -> int:
        return len(self.comments) + self.other_comments

    @property
    def returns(self) -> list[Change]:
        """The completions and proposed closures returned to their leads since the date."""
        return [c for c in self.sign_offs if c.kind == "returned"]

    @property
    def signed_off_meetings(self) -> list[tuple[str, int]]:
        """The sign-offs since the date, counted by meeting: ("Signed off at the meeting of 3
        March 2026 (minutes 4.2)", 12), in the order of their first decision. Each one is in
        the appendix."""
        counts: dict[str, int] = {}
        for change in self.sign_offs:
            if change.kind != "returned":
                counts[change.summary] = counts.get(change.summary, 0) + 1
        return list(counts.items())

    def latest_updates(self) -> dict[int, Change]:
        """The latest progress update since the date of each action listed, by ``id()`` of
        its ``PackAction`` (the lists share them)."""
        return {id(change.action): change for change in self.updates}

    @property
    def change_sections(self) -> list[tuple[str, list[Change], int]]:
        """What changed since the date and is given in full, section by section, as both
        writers lay it out: the title, the changes, and how many more there are on actions
        the pack does not list (in the appendix). Progress updates are given with the actions
        listed; sign-offs are counted by meeting (``signed_off_meetings``), and returns
        counted (an action returned and not updated since is an exception)."""
        sections = [
            (f"Completions ({len(self.completions)})", self.completions, 0),
            (f"Revised target dates ({len(self.revisions)})", self.revisions, 0),
        ]
        if self.profile is not Profile.PUBLIC:
            comments = f"Comments ({self.comment_count})"
            sections.append((comments, self.comments, self.other_comments))
        return sections

    @property
    def rag_max(self) -> int:
        return max((n for _, _, n in self.rag_counts), default=0) or 1
