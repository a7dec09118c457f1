"""search.selectors.search: what each person finds, the filters, the words marked, hostile
queries and writes found at once, on whichever back end the suite runs (SQLite FTS5 by
default, PostgreSQL with DATABASE_URL).

The world (conftest.py): r1 (DHR, published 2024, Northmoor, training theme) with action a1
(police, on track) and its update u1; r2 (SAR, Northmoor, information sharing) with a2
(health, signed off); r3 (DHR, Fellside) with a3 (police, at risk)."""

from __future__ import annotations

import datetime as dt

import pytest

from followthrough.search.selectors import QueryRefused, SearchFilters, clean_query, search


def found(world, user, query, **filters) -> list[str]:
    results = search(world.users[user], query, SearchFilters(**filters), 1)
    return [
        world.names[(hit.kind, (hit.update or hit.action or hit.recommendation).pk)]
        for hit in results.page.object_list
    ]


def test_a_coordinator_finds_recommendations_actions_and_updates_of_their_partnership(world):
    assert found(world, "coordinator", "training") == ["r1", "a1", "u1"]


def test_words_are_found_in_their_other_forms(world):
    # "trains", "training" and "trained" (a1's measure) share their stem.
    assert found(world, "coordinator", "trains") == ["r1", "a1", "u1"]


def test_results_come_by_review_newest_year_first_then_in_plan_order(world):
    # r2's review has no publication date: the year it was created (now) comes before 2024.
    assert found(world, "coordinator", "safeguarding") == ["r2", "a2", "r1"]


def test_an_actions_outcome_and_measure_are_searched_and_shown_when_they_match(world):
    (hit,) = search(world.users["coordinator"], "weekly", SearchFilters(), 1).page.object_list
    assert hit.action == world.actions[1]
    assert [label for label, _ in hit.passages] == ["Action", "Outcome"]
    assert "<mark>weekly</mark>" in hit.passages[1][1]
    (hit,) = search(world.users["coordinator"], "ninety", SearchFilters(), 1).page.object_list
    assert [label for label, _ in hit.passages] == ["Action", "Measure of success"]


def test_every_word_must_be_found(world):
    assert found(world, "coordinator", "training surgeries") == ["r1"]
    assert found(world, "coordinator", "training hippopotamus") == []


def test_an_outsider_finds_nothing_of_another_partnership(world):
    assert found(world, "outsider", "training") == []
    assert found(world, "outsider", "safeguarding") == []


def test_a_lead_of_another_partnership_finds_only_that_partnerships_plans(world):
    # The same agency leads actions in both partnerships; only Fellside made them a lead.
    assert found(world, "lead_elsewhere", "training") == ["r3", "a3"]


def test_the_coordinator_never_finds_another_partnerships_words(world):
    assert found(world, "coordinator", "stalking") == []
    assert found(world, "coordinator", "Fellside") == []


def test_a_superuser_finds_every_partnerships_plans(world):
    assert sorted(found(world, "superuser", "training")) == ["a1", "a3", "r1", "r3", "u1"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["r2", "a2", "r1"]),
        ({"review_type": "SAR"}, ["r2", "a2"]),
        ({"review_type": "DHR"}, ["r1"]),
        ({"review_type": "CSPR"}, []),
        ({"theme": "information-sharing"}, ["r2", "a2"]),
        ({"theme": "training-and-awareness-professionals"}, ["r1"]),
        ({"status": "signed_off"}, ["r2", "a2"]),
        ({"status": "on_track"}, ["r1"]),
        ({"status": "at_risk"}, []),
        ({"year": 2024}, ["r1"]),
        ({"year": 2019}, []),
    ],
)
def test_each_filter_narrows_the_results(world, filters, expected):
    assert found(world, "coordinator", "safeguarding", **filters) == expected


def test_the_year_of_a_review_never_published_is_the_year_it_was_created(world):
    this_year = world.sar.created_at.year
    assert found(world, "coordinator", "safeguarding", year=this_year) == ["r2", "a2"]


def test_the_agency_filter_keeps_its_actions_and_their_recommendations(world):
    assert found(world, "coordinator", "safeguarding", agency=world.health.pk) == ["r2", "a2"]
    assert found(world, "coordinator", "safeguarding", agency=world.police.pk) == ["r1"]
    assert found(world, "coordinator", "training", agency=world.police.pk) == ["r1", "a1", "u1"]
    assert found(world, "coordinator", "training", agency=world.health.pk) == []


def test_the_partnership_filter_keeps_that_partnerships_reviews(world):
    assert found(world, "superuser", "safeguarding", partnership=world.fellside.pk) == ["r3"]
    assert found(world, "superuser", "safeguarding", partnership=world.home.pk) == [
        "r2",
        "a2",
        "r1",
    ]


def test_a_filter_naming_a_partnership_the_user_may_not_see_finds_nothing(world):
    assert found(world, "coordinator", "training", partnership=world.fellside.pk) == []


def test_the_words_found_are_marked_and_the_rest_escaped(world):
    rec = world.recs[0]
    rec.text = 'Train <script>alert("x")</script> staff & <b>managers</b> in safeguarding.'
    rec.save()
    (hit, *_) = search(world.users["coordinator"], "training", SearchFilters(), 1).page.object_list
    passage = str(hit.passages[0][1])
    assert "<mark>Train</mark>" in passage
    assert "<script>" not in passage and "<b>" not in passage
    assert "&lt;script&gt;" in passage
    assert "&amp;" in passage


def test_a_long_text_is_shown_as_a_passage_around_the_words_found(world):
    rec = world.recs[0]
    rec.text = " ".join(["Background words here."] * 60) + " The panel asks for training."
    rec.save()
    (hit, *_) = search(world.users["coordinator"], "training", SearchFilters(), 1).page.object_list
    passage = str(hit.passages[0][1])
    assert "<mark>training</mark>" in passage
    assert passage.startswith("\u2026")
    assert len(passage) < len(rec.text) / 3


HOSTILE = [
    '"unbalanced',
    "train*",
    "training NEAR police",
    "NEAR(training police, 2)",
    "-training",
    "training -police",
    "((training",
    "training))",
    "text: training",
    "^training",
    "training AND OR NOT",
    "'; DROP TABLE plans_action; --",
    "\\ % _ { } [ ] | ~ @ # $ &",
    "tr\u00e4ining \u0422\u0435\u0441\u0442 \U0001f600",
    ("training " * 22).strip(),  # 197 characters
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_searched_for_as_words_and_never_break(world, query):
    results = search(world.users["coordinator"], query, SearchFilters(), 1)
    assert results.count >= 0


def test_syntax_characters_are_only_text(world):
    # FTS5 would read these as a prefix, a column filter or NEAR; they are only words here.
    assert found(world, "coordinator", "training*") == ["r1", "a1", "u1"]
    assert found(world, "coordinator", '"training') == ["r1", "a1", "u1"]
    assert found(world, "coordinator", "(training)") == ["r1", "a1", "u1"]
    assert found(world, "coordinator", "text:training") == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Enter the words to search for"),
        ("   ", "Enter the words to search for"),
        (None, "Enter the words to search for"),
        ("* - ( ) \"'", "Enter at least one word to search for, not only punctuation"),
        ("a" * 1000, "Search for 200 characters or fewer"),
    ],
)
def test_a_query_with_no_words_or_too_long_is_refused_with_a_message(query, message):
    with pytest.raises(QueryRefused, match=message):
        clean_query(query)


def test_a_write_through_a_service_is_found_at_once(world):
    from followthrough.delivery import services as delivery
    from followthrough.plans.services import authoring

    coordinator = world.users["coordinator"]
    assert found(world, "coordinator", "kaleidoscope") == []
    rec = authoring.recommendation_create(
        review=world.dhr, actor=coordinator, text="Commission a kaleidoscope audit."
    )
    action = world.actions[0]
    delivery.progress_update_add(
        action=action,
        actor=world.users["lead"],
        expected_version=action.version,
        narrative="The kaleidoscope audit is under way.",
        status="on_track",
        today=dt.date(2026, 1, 5),
    )
    results = search(coordinator, "kaleidoscope", SearchFilters(), 1).page.object_list
    # In plan order: r1 (with a1 and its update) comes before the new recommendation.
    assert [(hit.kind, hit.recommendation.pk) for hit in results] == [
        ("update", action.recommendation.pk),
        ("recommendation", rec.pk),
    ]


def test_a_changed_text_is_found_by_its_new_words_and_no_longer_by_its_old(world):
    from followthrough.plans.services import authoring

    rec = world.recs[0]
    authoring.recommendation_update(
        recommendation=rec,
        actor=world.users["coordinator"],
        expected_version=rec.version,
        text="Publish a leaflet for neighbours.",
    )
    assert "r1" not in found(world, "coordinator", "surgeries")
    assert found(world, "coordinator", "leaflet") == ["r1"]


def test_a_deleted_record_is_no_longer_found(world):
    from followthrough.plans.services import authoring

    authoring.action_delete(action=world.actions[1], actor=world.users["coordinator"])
    assert found(world, "coordinator", "weekly") == []
    assert found(world, "coordinator", "safeguarding") == ["r2", "r1"]


def test_a_recommendation_links_to_its_row_on_the_plan_page(world):
    (hit, *_) = search(world.users["coordinator"], "surgeries", SearchFilters(), 1).page.object_list
    assert hit.url == f"/reviews/{world.dhr.pk}/#recommendation-{world.recs[0].pk}"
