"""What became of a recommendation, in the categories of *Learning from loss* (Domestic Abuse
Commissioner, 2025): fully implemented, already in place, partly implemented, not met, no
information; and, for plans still being delivered, under way. One rule, from the statuses of
the recommendation's actions, for the national figures, the recurring lessons and "made
before" (docs/architecture.md).

- No action, or every action "no information": no information.
- Every action done (completed, signed off or already in place): already in place when every
  one was already in place, else fully implemented.
- Some done or partly met, not all: partly implemented.
- Every action ended and none done (not met, closed not implemented, superseded): not met.
- Otherwise (actions still open, none done yet): under way.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from followthrough.plans.lifecycle import DONE, ActionStatus

S = ActionStatus


class Outcome(models.TextChoices):
    FULLY_IMPLEMENTED = "fully_implemented", "Fully implemented"
    ALREADY_IN_PLACE = "already_in_place", "Already in place"
    PARTLY_IMPLEMENTED = "partly_implemented", "Partly implemented"
    NOT_MET = "not_met", "Not met"
    NO_INFORMATION = "no_information", "No information"
    UNDER_WAY = "under_way", "Still under way"


# Implemented, for "1 implemented, 2 with no information": what was asked is in place.
IMPLEMENTED = frozenset({Outcome.FULLY_IMPLEMENTED, Outcome.ALREADY_IN_PLACE})
_ENDED_NOT_DONE = frozenset({S.NOT_MET, S.CLOSED_NOT_IMPLEMENTED, S.SUPERSEDED})


def recommendation_outcome(statuses: Iterable[str]) -> Outcome:
    """The outcome of a recommendation whose actions have ``statuses``."""
    statuses = list(statuses)
    if not statuses or all(s == S.NO_INFORMATION for s in statuses):
        return Outcome.NO_INFORMATION
    done = [s for s in statuses if s in DONE]
    if len(done) == len(statuses):
        if all(s == S.ALREADY_IN_PLACE for s in statuses):
            return Outcome.ALREADY_IN_PLACE
        return Outcome.FULLY_IMPLEMENTED
    if done or S.PARTLY_MET in statuses:
        return Outcome.PARTLY_IMPLEMENTED
    if all(s in _ENDED_NOT_DONE for s in statuses):
        return Outcome.NOT_MET
    return Outcome.UNDER_WAY
