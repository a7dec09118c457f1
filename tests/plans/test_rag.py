"""The RAG rule, line by line."""

import datetime as dt

import pytest

from followthrough.plans.models import Action
from followthrough.plans.rag import Rag

TODAY = dt.date(2026, 6, 1)


def action(status="on_track", target=dt.date(2026, 12, 31)):
    return Action(status=status, target_date=target)


@pytest.mark.parametrize(
    "status, target, expected",
    [
        ("completed", dt.date(2020, 1, 31), Rag.GREEN),
        ("signed_off", None, Rag.GREEN),
        ("already_in_place", None, Rag.GREEN),
        ("superseded", dt.date(2020, 1, 31), Rag.NOT_RATED),
        ("not_met", dt.date(2030, 1, 31), Rag.RED),
        ("closed_not_implemented", None, Rag.RED),
        ("partly_met", None, Rag.AMBER),
        ("on_track", dt.date(2026, 5, 31), Rag.RED),  # overdue
        ("not_started", dt.date(2026, 5, 31), Rag.RED),  # overdue
        ("at_risk", dt.date(2027, 1, 31), Rag.AMBER),
        ("on_track", dt.date(2026, 6, 30), Rag.AMBER),  # due within 30 days
        ("on_track", None, Rag.AMBER),  # no target date
        ("no_information", dt.date(2027, 1, 31), Rag.AMBER),
        ("on_track", dt.date(2027, 1, 31), Rag.GREEN),
        ("not_started", dt.date(2027, 1, 31), Rag.GREEN),
    ],
)
def test_each_action_gets_the_rating_of_the_first_rule_that_fits(status, target, expected):
    assert action(status, target).rag(TODAY) is expected


def test_the_due_soon_window_is_configurable():
    assert action("on_track", dt.date(2026, 7, 15)).rag(TODAY, due_soon_days=30) is Rag.GREEN
    assert action("on_track", dt.date(2026, 7, 15)).rag(TODAY, due_soon_days=60) is Rag.AMBER
