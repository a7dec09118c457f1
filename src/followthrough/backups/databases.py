"""Copy the database out to a file and back, for each engine Followthrough runs on.

SQLite: the online backup API of the ``sqlite3`` module copies every page in one step under a
read lock, so the copy is consistent while the app keeps running, and copying a file back
into the live database is one write transaction: it succeeds whole or not at all.

PostgreSQL: ``pg_dump --format=custom`` from a snapshot that the counts in the manifest are
read from too, so they describe exactly what was dumped; ``pg_restore --clean --if-exists
--no-owner --no-privileges --single-transaction`` on the way back, after the schema has been
emptied (a backup older than the code has no tables the code added since, and ``migrate``
must find them gone).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from followthrough.backups.archive import DATABASE_DIR, BackupFailed, BackupRefused

# The tables whose row counts go in the manifest, checked again after a restore.
COUNTED = (
    "partnerships.partnership",
    "partnerships.agency",
    "partnerships.membership",
    "plans.review",
    "plans.recommendation",
    "plans.action",
    "plans.milestone",
    "delivery.progressupdate",
    "delivery.evidence",
    "audit.auditevent",
)

INSTALL_CLIENT = (
    "install the PostgreSQL client tools of version {major} or newer "
    "(Debian and Ubuntu: apt install postgresql-client-{major}; Red Hat: dnf install "
    "postgresql{major}; macOS: brew install libpq)"
)


@dataclass(frozen=True)
class Snapshot:
    """What a database holds: the migrations applied and the rows of the counted tables."""

    migrations: list[list[str]]
    counts: dict[str, int]


def counted_tables() -> dict[str, str]:
    labels = [*COUNTED, settings.AUTH_USER_MODEL.lower()]
    return {label: apps.get_model(label)._meta.db_table for label in labels}


def _inspect(tables: Iterable[str], query: Callable[[str], list[tuple]]) -> Snapshot:
    present = set(tables)
    migrations = (
        sorted([app, name] for app, name in query("SELECT app, name FROM django_migrations"))
        if "django_migrations" in present
        else []
    )
    counts = {
        label: query(f'SELECT count(*) FROM "{table}"')[0][0]
        for label, table in counted_tables().items()
        if table in present
    }
    return Snapshot(migrations=migrations, counts=counts)


def live_snapshot() -> Snapshot:
    """The migrations and counts of the database the app uses now (empty if it has none)."""
    with connection.cursor() as cursor:

        def query(sql: str) -> list[tuple]:
            cursor.execute(sql)
            return cursor.fetchall()

        return _inspect(connection.introspection.table_names(cursor), query)


class Database:
    """One engine's way of dumping the database to a file and loading it back."""

    engine = ""
    label = ""
    filename = ""

    @property
    def member(self) -> str:
        return f"{DATABASE_DIR}/{self.filename}"

    def describe(self) -> str:
        return f"the {self.label} database {connection.settings_dict['NAME']}"

    def tool(self) -> str | None:
        """The dump tool and its version, for the manifest (None where none is used)."""
        return None

    def check_tools(self, manifest: dict | None = None) -> None:
        """Refuse, in one line, when the tools a backup (or restoring ``manifest``) needs are
        missing or too old."""

    def dump(self, dest: Path) -> Snapshot:
        raise NotImplementedError

    def check_staged(self, path: Path, manifest: dict, label: str) -> None:
        """Refuse a database file from an archive that cannot be loaded, before anything
        is changed."""
        raise NotImplementedError

    def load(self, path: Path) -> None:
        """Replace the live database with the one in ``path``, all or nothing."""
        raise NotImplementedError


class SqliteDatabase(Database):
    engine = "sqlite"
    label = "SQLite"
    filename = "followthrough.sqlite3"

    def dump(self, dest: Path) -> Snapshot:
        connection.ensure_connection()
        target = sqlite3.connect(dest)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return sqlite_file_snapshot(dest)

    def check_staged(self, path: Path, manifest: dict, label: str) -> None:
        try:
            snapshot = sqlite_file_snapshot(path)
        except sqlite3.DatabaseError as exc:
            raise BackupRefused(
                f"the database in {label} cannot be read ({exc}): nothing was restored"
            ) from None
        if snapshot.migrations != manifest["migrations"] or snapshot.counts != manifest["counts"]:
            raise BackupRefused(
                f"the database in {label} does not match its manifest: nothing was restored"
            )

    def load(self, path: Path) -> None:
        connection.ensure_connection()
        if connection.in_atomic_block:
            raise RuntimeError("a restore cannot run inside a transaction")
        source = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()


def sqlite_file_snapshot(path: Path) -> Snapshot:
    """Check an SQLite file whole (``PRAGMA quick_check``) and read its migrations and counts,
    read-only and without trusting its schema (it may come from an archive)."""
    db = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
    try:
        db.execute("PRAGMA trusted_schema = OFF")
        result = db.execute("PRAGMA quick_check").fetchall()
        if result != [("ok",)]:
            raise sqlite3.DatabaseError("the file is damaged")

        def query(sql: str) -> list[tuple]:
            return db.execute(sql).fetchall()

        tables = [name for (name,) in query("SELECT name FROM sqlite_master WHERE type='table'")]
        return _inspect(tables, query)
    finally:
        db.close()


class PostgresDatabase(Database):
    engine = "postgresql"
    label = "PostgreSQL"
    filename = "followthrough.pgdump"

    def tool(self) -> str | None:
        return self._version_line("pg_dump")

    def check_tools(self, manifest: dict | None = None) -> None:
        connection.ensure_connection()
        server = connection.pg_version // 10000
        names = ("pg_dump", "pg_restore") if manifest is not None else ("pg_dump",)
        for name in names:
            client = _major(self._version_line(name))
            if client < server:
                raise BackupRefused(
                    f"the PostgreSQL server is version {server} and {name} is version "
                    f"{client}, which cannot read it: " + INSTALL_CLIENT.format(major=server)
                )
        if manifest is not None:
            made_with = _major(str(manifest["database"].get("tool") or "0"))
            restore_with = _major(self._version_line("pg_restore"))
            if made_with > restore_with:
                raise BackupRefused(
                    f"the backup was made with pg_dump {made_with} and pg_restore here is "
                    f"version {restore_with}: " + INSTALL_CLIENT.format(major=made_with)
                )

    def _executable(self, name: str) -> str:
        found = shutil.which(name)
        if not found:
            major = connection.pg_version // 10000
            raise BackupRefused(f"{name} was not found: " + INSTALL_CLIENT.format(major=major))
        return found

    def _version_line(self, name: str) -> str:
        return self._run([self._executable(name), "--version"], what=name).strip()

    def _connection_args(self) -> tuple[list[str], dict[str, str]]:
        settings_dict = connection.settings_dict
        args = []
        for option, key in (("--username", "USER"), ("--host", "HOST"), ("--port", "PORT")):
            if settings_dict.get(key):
                args.append(f"{option}={settings_dict[key]}")
        args.append(f"--dbname={settings_dict['NAME']}")
        # Django's own mapping of the password and SSL options to libpq's variables.
        _, env = connection.client.settings_to_cmd_args_env(settings_dict, [])
        return args, {**os.environ, **(env or {})}

    def _run(self, command: list[str], *, what: str, env: dict | None = None) -> str:
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        except OSError as exc:
            raise BackupFailed(f"{what} could not be run: {exc.strerror or exc}") from None
        if done.returncode != 0:
            raise BackupFailed(f"{what} failed: {_first_error(done.stderr)}")
        return done.stdout

    def dump(self, dest: Path) -> Snapshot:
        connection.ensure_connection()
        if connection.in_atomic_block:
            raise RuntimeError("a backup cannot run inside a transaction")
        args, env = self._connection_args()
        with transaction.atomic(), connection.cursor() as cursor:
            # One snapshot for the dump and for the counts that describe it.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot_id,) = cursor.fetchone()
            self._run(
                [
                    self._executable("pg_dump"),
                    "--format=custom",
                    f"--snapshot={snapshot_id}",
                    f"--file={dest}",
                    *args,
                ],
                what="pg_dump",
                env=env,
            )
            return live_snapshot()

    def check_staged(self, path: Path, manifest: dict, label: str) -> None:
        try:
            self._run([self._executable("pg_restore"), "--list", str(path)], what="pg_restore")
        except BackupFailed as exc:
            raise BackupRefused(
                f"the database in {label} cannot be read ({exc}): nothing was restored"
            ) from None

    def load(self, path: Path) -> None:
        args, env = self._connection_args()
        self._empty_schema()
        self._run(
            [
                self._executable("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *args,
                str(path),
            ],
            what="pg_restore",
            env=env,
        )
        # pg_restore brings no planner statistics: until autovacuum gets round to the tables,
        # PostgreSQL plans the pages' joins blind (My actions took minutes on the national data
        # set). Gather them now, as pg_upgrade's instructions do.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def _empty_schema(self) -> None:
        """Drop what the app's schema holds (tables, views, sequences, types, functions),
        leaving extensions alone, in one transaction that waits at most 30 s for locks."""
        with transaction.atomic(), connection.cursor() as cursor:
            try:
                cursor.execute("SET LOCAL lock_timeout = '30s'")
                for statement in _drop_statements(cursor):
                    cursor.execute(statement)
            except DatabaseError as exc:
                raise BackupFailed(
                    "the database could not be emptied for the restore (is the app still "
                    f"running? stop it and try again): {_first_error(str(exc))}"
                ) from None


_NOT_FROM_AN_EXTENSION = """NOT EXISTS (
    SELECT 1 FROM pg_depend d WHERE d.objid = {oid} AND d.deptype = 'e'
)"""


def _drop_statements(cursor) -> list[str]:
    q = connection.ops.quote_name
    cursor.execute(
        "SELECT c.relname, c.relkind FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r','p','f','v','m','S','c') "
        "AND " + _NOT_FROM_AN_EXTENSION.format(oid="c.oid")
    )
    kinds = {
        "r": "TABLE",
        "p": "TABLE",
        "f": "FOREIGN TABLE",
        "v": "VIEW",
        "m": "MATERIALIZED VIEW",
        "S": "SEQUENCE",
        "c": "TYPE",
    }
    relations = sorted(cursor.fetchall(), key=lambda row: "rpfvmSc".index(row[1]))
    statements = [f"DROP {kinds[kind]} IF EXISTS {q(name)} CASCADE" for name, kind in relations]
    cursor.execute(
        "SELECT t.typname, t.typtype FROM pg_type t "
        "JOIN pg_namespace n ON n.oid = t.typnamespace "
        "WHERE n.nspname = current_schema() AND t.typtype IN ('e','d','r') "
        "AND " + _NOT_FROM_AN_EXTENSION.format(oid="t.oid")
    )
    statements += [
        f"DROP {'DOMAIN' if kind == 'd' else 'TYPE'} IF EXISTS {q(name)} CASCADE"
        for name, kind in cursor.fetchall()
    ]
    cursor.execute(
        "SELECT p.oid::regprocedure::text, p.prokind FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = current_schema() "
        "AND " + _NOT_FROM_AN_EXTENSION.format(oid="p.oid")
    )
    routines = {"f": "FUNCTION", "w": "FUNCTION", "p": "PROCEDURE", "a": "AGGREGATE"}
    statements += [
        f"DROP {routines[kind]} IF EXISTS {signature} CASCADE"
        for signature, kind in cursor.fetchall()
    ]
    return statements


def _major(version_line: str) -> int:
    """The major version in ``pg_dump (PostgreSQL) 15.20 (Debian ...)`` (9.6 counts as 9)."""
    found = re.search(r"(\d+)(?:\.\d+)*", version_line.split(")", 1)[-1]) or re.search(
        r"(\d+)", version_line
    )
    return int(found.group(1)) if found else 0


def _first_error(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in lines:
        if "error" in line.lower() or "fatal" in line.lower():
            return line[:300]
    return (lines[0] if lines else "no message")[:300]


def database_for_connection() -> Database:
    vendor = connection.vendor
    if vendor == "sqlite":
        return SqliteDatabase()
    if vendor == "postgresql":
        return PostgresDatabase()
    raise BackupRefused(f"backups support SQLite and PostgreSQL, not {vendor}")
