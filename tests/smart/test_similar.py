"""The duplicate checks through an index of words (smart/similar.py) find exactly what comparing
every pair finds."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from followthrough.interchange import Action, ActionPlan, Lead, Recommendation, ReviewInfo
from followthrough.smart import PlanReport, check_plan
from followthrough.smart.checker import _context
from followthrough.smart.rules import is_open, named_agencies, normalise_name
from followthrough.smart.similar import SimilarSets, least_overlap
from followthrough.smart.text import similarity
from followthrough.smart.vocabulary import default_vocabulary
from tests.smart.builders import action, check, recommendation

WORDS = ["audit", "policy", "training", "referral", "triage", "housing", "custody", "mapping"]
word_sets = st.lists(st.frozensets(st.sampled_from(WORDS), max_size=6), max_size=25)
thresholds = st.sampled_from([0.0, 0.25, 0.5, 0.6, 2 / 3, 0.75, 0.9, 1.0, 1.5])


@settings(max_examples=300, deadline=None)
@given(sets=word_sets, threshold=thresholds)
def test_every_earlier_set_alike_enough_is_a_candidate_in_order(sets, threshold):
    index = SimilarSets(sets, threshold)
    for i, mine in enumerate(sets):
        found = list(index.candidates(i))
        assert found == sorted(found) and all(j < i for j in found)
        alike = {j for j in range(i) if similarity(mine, sets[j]) >= threshold}
        assert alike <= set(found), (i, alike - set(found))


def test_sets_with_nothing_in_common_are_never_candidates():
    sets = [frozenset({f"word{i}a", f"word{i}b", f"word{i}c"}) for i in range(50)]
    index = SimilarSets(sets, 0.6)
    assert all(list(index.candidates(i)) == [] for i in range(50))


def test_a_set_sharing_only_common_words_is_not_a_candidate():
    common = {"board", "report", "update"}
    sets = [
        frozenset(common | {"audit"}),
        frozenset(common | {"housing", "mapping", "custody"}),  # its rarest words are its own
        frozenset(common | {"audit", "triage"}),
    ]
    index = SimilarSets(sets, 0.6)
    assert list(index.candidates(2)) == [0]


def test_a_set_too_big_to_be_alike_enough_is_not_a_candidate():
    small = {"audit", "policy", "triage"}
    big = frozenset(small | {"d", "e", "f", "g", "h"})
    filler = frozenset({"d", "e", "f", "g", "h"})  # makes big's own words the common ones
    index = SimilarSets([big, filler, filler, frozenset(small)], 0.6)
    assert list(SimilarSets([big, frozenset(small)], 0.0).candidates(1)) == [0]
    assert list(index.candidates(3)) == []  # shares "audit" in both prefixes, but 3/8 < 0.6


def test_the_overlap_asked_is_never_more_than_the_threshold_needs():
    for size in range(0, 40):
        for threshold in (0.5, 0.6, 0.7, 0.8):
            need = least_overlap(size, threshold)
            assert need >= 1
            # A set sharing ``need`` words with an identical-sized set of more reaches it.
            if size and need <= size:
                assert (need - 1) / size < threshold


def _brute_force_duplicates(plan: ActionPlan, partners, today) -> dict:
    """The duplicates by overlap of words as the checker found them before the index: every
    recommendation and open action compared with every one before it, in plan order; each
    later item with the (recommendation, action, score) of the earlier one it repeats."""
    vocab = default_vocabulary()
    ctx = _context(plan, vocab, plan_date=None, partners=partners, today=today)
    found = {}
    for r, rec in enumerate(plan.recommendations):
        mine = ctx.gist(rec.text)
        if len(mine) >= vocab.duplicate_min_words:
            for o, other in enumerate(plan.recommendations[:r]):
                score = similarity(mine, ctx.gist(other.text))
                if score >= vocab.duplicate_similarity:
                    found[(r, None)] = (o, None, round(score, 2))
                    break
        for a, act in enumerate(rec.actions):
            mine = ctx.gist(act.text)
            if not is_open(act) or len(mine) < vocab.duplicate_min_words:
                continue
            agencies = {normalise_name(x) for x in named_agencies(act.leads, vocab)}
            earlier = [
                (r2, a2, other)
                for r2, rec2 in enumerate(plan.recommendations[: r + 1])
                for a2, other in enumerate(rec2.actions)
                if (r2, a2) < (r, a)
            ]
            for r2, a2, other in earlier:
                theirs = {normalise_name(x) for x in named_agencies(other.leads, vocab)}
                if not is_open(other) or not (agencies & theirs or not (agencies or theirs)):
                    continue
                score = similarity(mine, ctx.gist(other.text))
                if score >= vocab.duplicate_similarity:
                    found[(r, a)] = (r2, a2, round(score, 2))
                    break
    return found


TEXT_WORDS = ["audit", "policy", "training", "referral", "triage", "custody", "housing", "the"]
texts = st.lists(st.sampled_from(TEXT_WORDS), min_size=2, max_size=6).map(
    lambda ws: "Review " + " ".join(ws) + "."
)
actions = st.builds(
    lambda text, agency, status: Action(
        text=text,
        leads=[Lead(agency=agency)] if agency else [],
        status=status,
    ),
    texts,
    st.sampled_from([None, "Northvale Police", "Northvale Council", "TBC"]),
    st.sampled_from([None, "in_progress", "completed"]),
)
plans = st.lists(
    st.builds(
        lambda text, acts: Recommendation(text=text, actions=acts),
        texts,
        st.lists(actions, max_size=4),
    ),
    min_size=1,
    max_size=8,
).map(lambda recs: ActionPlan(review=ReviewInfo(title="DHR"), recommendations=recs))


def _duplicates(report: PlanReport) -> dict:
    """Each item flagged as a duplicate, with its message."""
    return {
        (r, a): f.message
        for r, a, f in report.located()
        if f.code in {"duplicate-recommendation", "duplicate-action"}
    }


@settings(max_examples=300, deadline=None)
@given(plan=plans)
def test_the_duplicate_checks_find_what_comparing_every_pair_finds(plan):
    today = dt.date(2025, 1, 1)
    report = check_plan(plan, partners=["Northvale Police"], today=today)
    expected = _brute_force_duplicates(plan, ["Northvale Police"], today)
    both_of_each_pair = set(expected) | {(r, a) for r, a, _ in expected.values()}
    flagged = _duplicates(report)
    assert both_of_each_pair <= set(flagged)
    # anything more is a duplicate in other words, found by the learning engine (test_mended.py)
    assert all("in other words" in flagged[item] for item in set(flagged) - both_of_each_pair)
    for (r, a), match in expected.items():
        findings = report.for_recommendation(r) if a is None else report.for_action(r, a)
        message = next(f.message for f in findings if f.code.startswith("duplicate-"))
        if a is None:
            assert f"recommendation {match[0] + 1} " in message
        else:
            assert f"action {match[1] + 1} of recommendation {match[0] + 1}," in message
        assert f"({match[-1]:.0%} of the same words)" in message


def test_a_duplicate_names_the_first_earlier_action_it_repeats():
    repeated = "Deliver coercive control training to custody sergeants and response officers."
    report = check(
        recommendation(actions=[action(repeated), action("Publish the audit of DASH forms.")]),
        recommendation(actions=[action(repeated)]),
        recommendation(actions=[action(repeated)]),
    )
    assert "action 1 of recommendation 1," in report.for_action(1, 0)[0].message
    assert "action 1 of recommendation 1," in report.for_action(2, 0)[0].message
