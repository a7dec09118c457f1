"""Each addressee's 56-day clock, worked out by the clocks layer (``followthrough.clocks``).

The period comes from the PFD "response" stage of the stages file (56 days, regulation 29 of
the Coroners (Investigations) Regulations 2013), so that the file stays the one place that
says it; the state (on time, due soon, late, responded, responded late) is ``clocks.engine.clock``.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from django.conf import settings

from followthrough.clocks.engine import DONE, DONE_LATE, DUE_SOON, LATE, ClockState, clock
from followthrough.clocks.rules import Period, StageRule, load_stages

STAGE = "response"

# GOV.UK tag colour of each state.
COLOURS = {DONE: "green", DONE_LATE: "orange", LATE: "red", DUE_SOON: "yellow"}


def response_rule() -> StageRule:
    """The PFD response stage of the stages file in use: FOLLOWTHROUGH_STAGES_FILE, else the
    packaged one, as the review's timeline reads it (each file read once per process)."""
    return _response_rule(getattr(settings, "FOLLOWTHROUGH_STAGES_FILE", None))


@functools.lru_cache(maxsize=4)
def _response_rule(path) -> StageRule:
    return load_stages(path)["PFD"].stage(STAGE)


def response_period() -> Period:
    within = response_rule().within
    if within is None:  # the stages file says the response has no time limit
        raise ValueError("The stages file gives the PFD response stage no time limit")
    return within


@dataclass(frozen=True)
class AddresseeClock:
    state: ClockState
    due_on: dt.date  # after any extension
    statutory_due_on: dt.date  # the report's date and the period, before any extension
    label: str  # "On time", "Due in 3 days", "Late by 2 days", "Responded", "Responded 4 days late"
    colour: str
    extension: str  # "Extended to 14 May 2025 because ...", or ""

    @property
    def status(self) -> str:
        return self.state.status


def day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def addressee_clock(addressee, *, today: dt.date) -> AddresseeClock:
    """The addressee's clock on ``today``: due the period after the report's date, or on the
    date of the extension; stopped by the response."""
    period = response_period()
    statutory = period.after(addressee.sent_on)
    due_on = addressee.due_on(period)
    state = clock(due_on=due_on, done_on=addressee.response_on, today=today)
    label = state.label
    if state.status == DONE:
        label = "Responded"
    elif state.status == DONE_LATE:
        label = state.label.replace("Done", "Responded", 1)
    extension = ""
    if addressee.extended_to:
        extension = f"Extended to {day(addressee.extended_to)} because {addressee.extension_reason}"
    return AddresseeClock(
        state=state,
        due_on=due_on,
        statutory_due_on=statutory,
        label=label,
        colour=COLOURS.get(state.status, "turquoise"),
        extension=extension,
    )
