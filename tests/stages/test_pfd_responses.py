"""A coroner's report on the reviews-in-progress list: its response stage follows the
addressees' own clocks (pfd.Addressee), 56 days from the report unless the coroner extended
one, done once every addressee has answered."""

from __future__ import annotations

import datetime as dt

import pytest

from followthrough.stages.selectors import clock_of, review_timeline, reviews_in_progress
from tests.pfd.conftest import REPORT_DATE, make_world

DUE = REPORT_DATE + dt.timedelta(days=56)  # 12 May 2025


@pytest.fixture
def world(db):
    world = make_world()
    world.review.notified_on = REPORT_DATE  # the report received, as the import records it
    world.review.save(update_fields=["notified_on"])
    return world


def _response_row(world, today):
    line = review_timeline(world.review, today=today)
    return next(row for row in line.rows if row.rule.key == "response")


def test_it_is_due_56_days_after_the_report_while_no_addressee_has_answered(world):
    row = _response_row(world, today=DUE + dt.timedelta(days=3))
    assert row.due_on == DUE
    assert row.state.label == "Late by 3 days"


def test_it_is_done_on_the_last_answer_once_every_addressee_has_answered(world):
    world.partner.response_on = DUE - dt.timedelta(days=20)
    world.partner.save()
    world.national.response_on = DUE + dt.timedelta(days=2)
    world.national.save()
    row = _response_row(world, today=DUE + dt.timedelta(days=30))
    assert row.done_on == DUE + dt.timedelta(days=2)
    assert row.state.status == "done_late"


def test_an_extension_for_the_only_addressee_still_to_answer_moves_the_due_date(world):
    world.partner.response_on = DUE - dt.timedelta(days=20)
    world.partner.save()
    world.national.extended_to = DUE + dt.timedelta(days=28)
    world.national.extension_reason = "Waiting for a national audit"
    world.national.save()
    row = _response_row(world, today=DUE + dt.timedelta(days=3))
    assert row.due_on == DUE + dt.timedelta(days=28)
    assert row.state.status in {"on_time", "due_soon"}
    assert row.extension.reason == "NHS England: Waiting for a national audit"


def test_an_extension_for_one_addressee_does_not_excuse_another_still_late(world):
    world.national.extended_to = DUE + dt.timedelta(days=28)
    world.national.extension_reason = "Waiting for a national audit"
    world.national.save()
    row = _response_row(world, today=DUE + dt.timedelta(days=3))
    assert row.due_on == DUE
    assert row.state.label == "Late by 3 days"


def test_the_list_shows_the_late_response_with_a_constant_number_of_queries(
    world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        listed = reviews_in_progress(partnerships=[world.home], today=DUE + dt.timedelta(days=3))
    [item] = [item for item in listed if item.review.pk == world.review.pk]
    assert clock_of(item.timeline).rule.key == "response"
    assert item.state.label == "Late by 3 days"
