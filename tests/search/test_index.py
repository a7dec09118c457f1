"""The full-text index (search/schema.py and the migration that installs it): it reverses
cleanly and applies again on both databases, is kept in step by the database itself, is put
back after a migration rebuilds a source table (SQLite), and is what PostgreSQL searches by."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from followthrough.search import schema
from followthrough.search.selectors import SearchFilters, search
from tests.factories import MembershipFactory, RecommendationFactory, ReviewFactory, UserFactory


def installed() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'search_%%'")
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') "
                "AND name LIKE 'search_%' AND name NOT LIKE '%_data' AND name NOT LIKE '%_idx' "
                "AND name NOT LIKE '%_docsize' AND name NOT LIKE '%_config'"
            )
        return {row[0] for row in cursor.fetchall()}


EVERYTHING = {s.fts for s in schema.SOURCES}
if connection.vendor == "sqlite":
    EVERYTHING |= {f"{s.fts}_{x}" for s in schema.SOURCES for x in ("ai", "ad", "au")}


def coordinator_finding(word: str):
    review = ReviewFactory()
    user = UserFactory(username="index-coordinator")
    MembershipFactory(user=user, partnership=review.partnership, role="coordinator")
    rec = RecommendationFactory(review=review, text=f"Hold a {word} workshop.")
    return user, rec


def hits(user, word: str) -> list[int]:
    page = search(user, word, SearchFilters(), 1).page
    return [hit.recommendation.pk for hit in page.object_list]


@pytest.mark.django_db(transaction=True)
def test_the_migration_reverses_cleanly_and_applies_again_with_what_is_already_stored():
    assert installed() == EVERYTHING
    call_command("migrate", "search", "zero", verbosity=0)
    assert installed() == set()
    # Written while there is no index: found once it is back.
    user, rec = coordinator_finding("marmalade")
    call_command("migrate", "search", verbosity=0)
    assert installed() == EVERYTHING
    assert hits(user, "marmalade") == [rec.pk]


@pytest.mark.django_db(transaction=True)
@pytest.mark.sqlite_only  # SQLite rebuilds a table to alter it; PostgreSQL alters in place
def test_triggers_lost_when_a_migration_rebuilds_a_source_table_are_put_back_by_migrate():
    from followthrough.plans.models import Recommendation

    with connection.schema_editor() as editor:
        editor._remake_table(Recommendation)  # what SQLite's schema editor does for most changes
    assert "search_recommendation_fts_ai" not in installed()
    user, rec = coordinator_finding("quince")
    call_command("migrate", verbosity=0)  # after every migrate: schema.ensure
    assert installed() == EVERYTHING
    assert hits(user, "quince") == [rec.pk]


def test_ensure_puts_back_nothing_when_everything_is_there(db):
    assert schema.ensure(connection) == []


@pytest.mark.postgres_only  # PostgreSQL's GIN indexes
@pytest.mark.parametrize("source", schema.SOURCES, ids=lambda s: s.kind)
def test_postgresql_finds_the_rows_through_the_gin_index(db, source):
    from followthrough.search.backends import TSQUERY

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            f"EXPLAIN SELECT id FROM {source.table} "
            f"WHERE {source.document(alias=False)} @@ {TSQUERY} OFFSET 0",
            ["training"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"Bitmap Index Scan on {source.fts}" in plan, plan
