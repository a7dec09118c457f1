"""The repeat finder's promises: repeats in other words found, same-theme texts asking for
something else not matched, nothing for new text, exclusions respected, groups."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from followthrough.learning.accuracy import score_repeats
from followthrough.learning.similar import Match, RepeatIndex, repeat_threshold
from followthrough.learning.text import split_ask

DEV = json.loads((Path(__file__).parent / "data" / "repeats-dev.json").read_text("utf-8"))
TEXT = {m["id"]: m["text"] for g in DEV["groups"] for m in g["members"]}
TEXT |= {d["id"]: d["text"] for d in DEV["distractors"]}


@pytest.fixture(scope="module")
def index() -> RepeatIndex:
    return RepeatIndex(TEXT.items())


def test_the_index_counts_its_items(index):
    assert len(index) == len(TEXT)
    assert len(RepeatIndex([])) == 0


def test_a_recommendation_asked_again_in_other_words_is_found(index):
    found = index.similar(TEXT["g09a"], exclude={"g09a"})
    assert [m.key for m in found][:2] and {"g09b", "g09c"} & {m.key for m in found}
    assert all(isinstance(m, Match) and repeat_threshold() <= m.score <= 1 for m in found)


def test_a_coercive_control_training_ask_ranks_its_repeat_above_the_economic_abuse_one(index):
    keys = [m.key for m in index.similar(TEXT["g04a"], exclude={"g04a"})]
    assert keys[0] == "g04b"
    assert "d07" not in keys[:1]


def test_a_same_theme_recommendation_asking_for_something_else_is_not_matched(index):
    for distractor in ("d09", "d10", "d22", "d39", "d40"):
        keys = {m.key for m in index.similar(TEXT[distractor], exclude={distractor})}
        group = next(d["near"] for d in DEV["distractors"] if d["id"] == distractor)
        assert not {k for k in keys if k.startswith(group)}, distractor


@pytest.mark.parametrize(
    ("query", "repeat"), [("g01a", "g01b"), ("g02a", "g02b"), ("g26a", "g26b")]
)
def test_the_repeat_in_other_words_ranks_above_the_same_theme_near_miss(index, query, repeat):
    assert index.similar(TEXT[query], exclude={query})[0].key == repeat


def test_the_addressee_is_told_from_what_is_asked():
    assert split_ask("Northvale Police should refer every case.") == (
        "Northvale Police ",
        " refer every case.",
    )
    assert split_ask("GPs to ask about abuse.")[0] == "GPs "
    assert (
        split_ask("Launch a campaign aimed at neighbours and friends of victims of abuse.")[0] == ""
    )


def test_new_text_with_no_repeat_gets_an_empty_list(index):
    assert index.similar("Libraries should stock books on gardening for beginners.") == []
    assert index.similar("") == []


def test_the_exclusions_and_the_limit_are_respected(index):
    everything = [m.key for m in index.similar(TEXT["g03a"], limit=0)]
    assert everything[0] == "g03a"
    assert "g03a" not in [m.key for m in index.similar(TEXT["g03a"], exclude={"g03a"})]
    assert len(index.similar(TEXT["g03a"], limit=1)) == 1


def test_matches_come_best_first(index):
    scores = [m.score for m in index.similar(TEXT["g01a"], limit=0)]
    assert scores == sorted(scores, reverse=True)


def test_groups_join_the_items_that_repeat_one_another_biggest_first():
    index = RepeatIndex(
        [
            ("a1", "GP practices should ask patients about domestic abuse at every appointment."),
            ("b1", "Housing officers should flag tenancies where domestic abuse is known."),
            ("a2", "General practitioners to ask every patient about domestic abuse."),
            ("a3", "GP surgeries must routinely ask their patients about domestic violence."),
            ("b2", "Flag the tenancy records of households where domestic abuse is known."),
            ("c1", "Libraries should stock books on gardening."),
        ]
    )
    assert index.groups() == [["a1", "a2", "a3"], ["b1", "b2"]]


def test_the_development_set_is_found_better_than_the_plain_tfidf_floor():
    tuned = score_repeats(DEV, RepeatIndex)
    floor = score_repeats(DEV, lambda items: RepeatIndex(items, method="tfidf"))
    assert tuned.f1 > floor.f1


def test_groups_are_exactly_the_pairs_a_lookup_of_each_item_judges_repeats():
    """groups() skips the postings of common words that cannot make a pair alone; it must join
    the same pairs as looking each item up against all the others."""
    data = json.loads((Path(__file__).parent / "data" / "repeats-dev.json").read_text())
    items = [(m["id"], m["text"]) for g in data["groups"] for m in g["members"]]
    items += [(d["id"], d["text"]) for d in data["distractors"]]
    index = RepeatIndex(items)
    parent = {key: key for key, _ in items}

    def root(key):
        while parent[key] != key:
            key = parent[key]
        return key

    for key, text in items:
        for match in index.similar(text, limit=0, exclude={key}):
            parent[root(match.key)] = root(key)
    expected = {}
    for key, _ in items:
        expected.setdefault(root(key), set()).add(key)
    assert sorted(map(set, index.groups()), key=sorted) == sorted(
        (keys for keys in expected.values() if len(keys) > 1), key=sorted
    )
