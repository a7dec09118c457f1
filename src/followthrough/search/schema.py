"""The full-text index the search reads, kept in step by the database itself, so that every
write anywhere (services, the admin, imports, a shell) is searchable at once and no other app's
code has to know search exists.

- PostgreSQL: a GIN expression index over ``to_tsvector('english', ...)`` of each source's
  columns; the search asks the very same expression (``DOCUMENT``), so the planner uses it.
- SQLite: an FTS5 external-content table per source (the text is read from the source table,
  never copied), filled by triggers on the source table.

The migration (``0001_full_text_index``) installs it; ``ensure`` (run after every migrate)
puts back SQLite triggers that a later migration of the source table dropped (SQLite's
schema editor rebuilds a table to alter it, and a rebuilt table has lost its triggers), and
rebuilds the index from the source when it had to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    kind: str  # "recommendation", "action", "update"
    table: str
    columns: tuple[str, ...]

    @property
    def fts(self) -> str:
        """The SQLite FTS5 table, and the PostgreSQL index, of this source."""
        return f"search_{self.kind}_fts"

    def document(self, alias: str | None = None) -> str:
        """The PostgreSQL tsvector of a row: the same text in the index and in every query."""
        prefix = f'"{alias or self.table}".' if alias is not False else ""
        joined = " || ' ' || ".join(f'{prefix}"{column}"' for column in self.columns)
        return f"to_tsvector('english'::regconfig, {joined})"


APP, MIGRATION = "search", "0001_full_text_index"

RECOMMENDATION = Source("recommendation", "plans_recommendation", ("text",))
ACTION = Source("action", "plans_action", ("text", "outcome", "measure"))
UPDATE = Source("update", "delivery_progressupdate", ("narrative",))
SOURCES = (RECOMMENDATION, ACTION, UPDATE)

# Porter stemming over Unicode words, as PostgreSQL's 'english' configuration stems.
TOKENIZE = "porter unicode61 remove_diacritics 2"


def _sqlite_triggers(source: Source) -> list[str]:
    cols = ", ".join(source.columns)
    new = ", ".join(f"new.{c}" for c in source.columns)
    old = ", ".join(f"old.{c}" for c in source.columns)
    fts, table = source.fts, source.table
    delete = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"
    return [
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF {cols}, id ON {table} "
        f"BEGIN {delete} {insert} END",
    ]


def _sqlite_trigger_names(source: Source) -> list[str]:
    return [f"{source.fts}_{suffix}" for suffix in ("ai", "ad", "au")]


def install(connection) -> None:
    """Create the index (and on SQLite fill it from what is already stored)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for source in SOURCES:
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {source.fts} ON {source.table} "
                    f"USING gin ({source.document(alias=False)})"
                )
        elif connection.vendor == "sqlite":
            for source in SOURCES:
                cursor.execute(
                    f"CREATE VIRTUAL TABLE IF NOT EXISTS {source.fts} USING fts5("
                    f"{', '.join(source.columns)}, content='{source.table}', "
                    f"content_rowid='id', tokenize='{TOKENIZE}')"
                )
                for statement in _sqlite_triggers(source):
                    cursor.execute(statement)
                cursor.execute(f"INSERT INTO {source.fts}({source.fts}) VALUES ('rebuild')")


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for source in SOURCES:
                cursor.execute(f"DROP INDEX IF EXISTS {source.fts}")
        elif connection.vendor == "sqlite":
            for source in SOURCES:
                for name in _sqlite_trigger_names(source):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                cursor.execute(f"DROP TABLE IF EXISTS {source.fts}")


def ensure(connection) -> list[str]:
    """Put back what a later migration of a source table removed; the names put back."""
    from django.db.migrations.recorder import MigrationRecorder

    if connection.vendor not in ("sqlite", "postgresql"):
        return []
    if (APP, MIGRATION) not in MigrationRecorder(connection).applied_migrations():
        return []  # not installed (yet, or any more): nothing to keep in step
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE indexname = ANY(%s)",
                [[s.fts for s in SOURCES]],
            )
            present = {row[0] for row in cursor.fetchall()}
            wanted = {s.fts for s in SOURCES}
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
            present = {row[0] for row in cursor.fetchall()}
            wanted = {s.fts for s in SOURCES} | {
                name for s in SOURCES for name in _sqlite_trigger_names(s)
            }
    missing = sorted(wanted - present)
    if missing:
        install(connection)
    return missing
