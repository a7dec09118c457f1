"""The shape of the benchmark data: exact totals, a realistic spread, the same from one seed."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from followthrough.benchdata.shape import SCALES, apportion, data_shape

TODAY = dt.date(2026, 12, 7)


def actions_of(shape):
    return [
        a for p in shape.partnerships for r in p.reviews for rec in r.recommendations for a in rec
    ]


def test_apportion_splits_a_total_exactly_in_proportion():
    assert apportion(10, [1, 1, 2]) == [3, 2, 5]  # a tie goes to the earlier part
    assert apportion(100, [1, 3]) == [25, 75]
    assert sum(apportion(1_000, [0.3, 1.7, 2.2, 0.01])) == 1_000


def test_apportion_keeps_each_part_within_its_bounds():
    parts = apportion(20, [100, 1, 1, 1], lo=2, hi=8)
    assert parts[0] == 8 and sum(parts) == 20 and min(parts) >= 2
    assert apportion(5, [0, 1, 1], lo=[1, 0, 0]) == [1, 2, 2]


def test_apportion_refuses_what_the_bounds_cannot_hold():
    with pytest.raises(ValueError):
        apportion(10, [1, 1], hi=4)
    with pytest.raises(ValueError):
        apportion(3, [1, 1], lo=2)


@pytest.fixture(scope="module")
def national():
    return data_shape(SCALES["national"], 1, TODAY)


def test_the_national_scale_has_exactly_the_issues_totals(national):
    assert national.counts() == {
        "partnerships": 40,
        "reviews": 2_000,
        "recommendations": 30_000,
        "actions": 60_000,
        "milestones": 240_000,
        "progress_updates": 106_000,
    }


def test_partnerships_range_from_a_few_dozen_actions_to_about_five_thousand(national):
    sizes = [p.action_count for p in national.partnerships]
    assert sizes == sorted(sizes)
    assert sizes[0] == 40 and sizes[-1] == 5_000
    assert 1_000 < sizes[20] < 2_000  # most are in between, not at the ends
    assert all(
        sum(r.action_count for r in p.reviews) == p.action_count for p in national.partnerships
    )


def test_the_largest_partnership_has_a_plan_of_300_actions_and_one_of_30(national):
    largest = national.largest
    assert [largest.reviews[i].action_count for i in largest.sized_reviews] == [300, 30]
    sized = [largest.reviews[i] for i in largest.sized_reviews]
    assert sized[0].agreed_on == sized[1].agreed_on  # alike but for their size


def test_reviews_are_mostly_of_ten_to_sixty_actions(national):
    sizes = sorted(r.action_count for p in national.partnerships for r in p.reviews)
    assert sizes[0] >= 3
    assert 10 <= sizes[len(sizes) // 2] <= 60


def test_bench_leads_region_has_ten_partnerships_including_the_largest(national):
    region = national.regions[national.lead_region]
    assert len(region.partnerships) == 10
    assert national.largest.index in region.partnerships
    assert national.smallest.index not in region.partnerships
    actions = sum(national.partnerships[i].action_count for i in region.partnerships)
    assert 4_000 < actions * region.police_share < 4_800
    # other regions' agencies serve several partnerships too
    assert all(len(r.partnerships) >= 3 for r in national.regions)


def test_statuses_and_dates_are_spread_as_plans_are(national):
    actions = actions_of(national)
    statuses = Counter(a.status for a in actions)
    assert len(statuses) == 12  # every status of the lifecycle
    finished = sum(statuses[s] for s in ("signed_off", "completed", "already_in_place"))
    assert 0.3 < finished / len(actions) < 0.7
    overdue = [
        a
        for a in actions
        if a.status in ("not_started", "on_track", "at_risk", "no_information")
        and a.target_date
        and a.target_date < TODAY
    ]
    assert 0.05 < len(overdue) / len(actions) < 0.3
    assert all(a.completed_on is None or a.completed_on < TODAY for a in actions)
    assert all(a.updates == 0 for a in actions if a.status == "no_information")


def test_the_same_seed_gives_the_same_shape_and_another_seed_another():
    small = SCALES["small"]
    first, again, other = (data_shape(small, seed, TODAY) for seed in (1, 1, 2))
    assert first == again
    assert first != other
    assert first.counts() == other.counts()  # the totals are the scale's whatever the seed
