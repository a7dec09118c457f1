"""Backups that keep the evidence: ``backup_create`` and ``backup_restore``.

A backup is one archive (``archive.py``) holding the database (``databases.py``), every file
under ``MEDIA_ROOT`` (the evidence) and a manifest. The database is copied first and the
files after it: evidence files are written before the row that names them is committed and
never changed after, so every file the copied database names is in the archive.

A restore unpacks and checks the whole archive in a working folder inside ``MEDIA_ROOT``
before it changes anything, then: copies the current database aside, moves the current
files aside and the backup's in, loads the backup's database and checks its counts against
the manifest. If any of that fails, the database copy is loaded back and the files moved
back, so a failed restore loses nothing. Only then are the old files deleted, ``migrate``
run where the backup is older than the code, and the restore audited (in the restored
database, where it will be seen).

The secret key is not in the backup: it lives in the environment (or ``var/secret_key``).
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from followthrough import __version__
from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from followthrough.backups.archive import (
    CHUNK,
    FORMAT,
    FORMAT_VERSION,
    MEDIA_DIR,
    BackupFailed,
    BackupRefused,
    HashingWriter,
    media_members,
    member_for,
    read_archive,
    write_archive,
)
from followthrough.backups.databases import Database, database_for_connection, live_snapshot

logger = logging.getLogger("followthrough.backups")

# The restore's working folder and lock inside MEDIA_ROOT: never backed up, never moved aside.
RESTORE_PREFIX = ".followthrough-restore"
LOCK_NAME = f"{RESTORE_PREFIX}.lock"

__all__ = [
    "BackupFailed",
    "BackupRefused",
    "BackupResult",
    "RestoreCancelled",
    "RestoreFailed",
    "RestorePlan",
    "RestoreResult",
    "backup_create",
    "backup_restore",
]


class RestoreCancelled(Exception):
    """The operator did not confirm: nothing changed."""


class RestoreFailed(Exception):
    """The restore failed after it began; the message says what state the data is in.
    ``kept`` is the working folder left in place when it holds the only copy of the data."""

    def __init__(self, message: str, kept: Path | None = None):
        super().__init__(message)
        self.kept = kept


@dataclass(frozen=True)
class BackupResult:
    counts: dict[str, int]
    media_files: int
    size: int
    sha256: str
    left_out: int  # links and special files under MEDIA_ROOT, not backed up
    missing_evidence: int  # evidence rows whose file was already missing from MEDIA_ROOT


@dataclass(frozen=True)
class RestorePlan:
    """What a restore would do, for the operator to confirm."""

    label: str
    created_at: str
    app_version: str
    counts: dict[str, int]
    media_files: int
    replaces: str
    current_counts: dict[str, int]
    media_root: Path
    older_than_code: bool


@dataclass(frozen=True)
class RestoreResult:
    plan: RestorePlan
    migrations_applied: int


def _media_root() -> Path:
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    return root


@contextmanager
def _lock(media_root: Path, *, exclusive: bool) -> Iterator[None]:
    """A restore excludes every other backup and restore; backups may run side by side."""
    fd = os.open(media_root / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            running = "a backup or a restore" if exclusive else "a restore"
            raise BackupRefused(f"{running} is running: try again when it has finished") from None
        yield
    finally:
        os.close(fd)


def _audit(*, actor, event_type: str, summary: str, before=None, after=None) -> AuditEvent:
    """A backup or a restore concerns the whole installation, so the event has no target
    row (``target_type`` names the kind, ``target_id`` stays empty)."""
    with transaction.atomic():
        event = AuditEvent.objects.create(
            actor=actor if actor is not None and actor.is_authenticated else None,
            event_type=event_type,
            target_type="backups.archive",
            target_id=None,
            summary=summary[:300],
            before=before,
            after=after,
        )
    logger.info("%s %s actor=%s", event_type, event.target_type, event.actor_id)
    return event


# Backing up ---------------------------------------------------------------------------------


def backup_create(*, target: Path | BinaryIO, compress: bool, actor, via: str) -> BackupResult:
    """Write a backup of the database and every file under MEDIA_ROOT to ``target`` (a path,
    written whole or not at all and readable by its owner only, or an open binary stream)."""
    media_root = _media_root()
    if isinstance(target, Path):
        _refuse_inside(target, media_root)
    database = database_for_connection()
    database.check_tools()
    with (
        _lock(media_root, exclusive=False),
        tempfile.TemporaryDirectory(prefix=".backup-", dir=settings.VAR_DIR) as work,
    ):
        dump = Path(work) / database.filename
        snapshot = database.dump(dump)
        members, left_out = media_members(media_root, skip_prefix=RESTORE_PREFIX)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(timespec="seconds"),
            "app_version": __version__,
            "database": {
                "engine": database.engine,
                "member": database.member,
                "tool": database.tool(),
            },
            "migrations": snapshot.migrations,
            "counts": snapshot.counts,
            "media_files": len(members),
        }
        everything = [member_for(database.member, dump), *members]

        def write(stream) -> HashingWriter:
            hashed = HashingWriter(stream)
            write_archive(hashed, manifest=manifest, members=everything, compress=compress)
            return hashed

        hashed = _write_file(target, write) if isinstance(target, Path) else write(target)
    result = BackupResult(
        counts=snapshot.counts,
        media_files=len(members),
        size=hashed.size,
        sha256=hashed.digest.hexdigest(),
        left_out=left_out,
        missing_evidence=(
            _missing_evidence({m.name for m in members})
            if "delivery.evidence" in snapshot.counts
            else 0
        ),
    )
    _audit(
        actor=actor,
        event_type=events.BACKUP_CREATED,
        summary=f"Backup made ({len(members)} evidence files, {hashed.size} bytes)",
        after={
            "sha256": result.sha256,
            "size": result.size,
            "counts": snapshot.counts,
            "media_files": result.media_files,
            "via": via,
        },
    )
    return result


def _refuse_inside(target: Path, media_root: Path) -> None:
    if target.resolve().is_relative_to(media_root.resolve()):
        raise BackupRefused(
            f"{target} is inside the media folder {media_root}, which is backed up: "
            "write the backup somewhere else"
        )
    if not target.parent.is_dir():
        raise BackupRefused(f"the folder {target.parent} does not exist")
    if target.is_dir():
        raise BackupRefused(f"{target} is a folder: give the name of the file to write")


def _write_file(path: Path, write: Callable[[BinaryIO], HashingWriter]) -> HashingWriter:
    """Write through a temporary file beside ``path`` (mode 0600) and rename it into place,
    so a failed backup never replaces a good one."""
    try:
        fd, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    except OSError as exc:
        raise BackupFailed(f"cannot write in {path.parent}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            hashed = write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(partial, path)
    except OSError as exc:
        Path(partial).unlink(missing_ok=True)
        raise BackupFailed(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return hashed


def _missing_evidence(names: set[str]) -> int:
    from followthrough.delivery.models import Evidence

    stored = Evidence.objects.values_list("file", flat=True)
    return sum(1 for name in stored.iterator() if f"{MEDIA_DIR}/{name}" not in names)


# Restoring ----------------------------------------------------------------------------------


def backup_restore(
    *,
    source: Path | BinaryIO,
    actor,
    via: str,
    confirm: Callable[[RestorePlan], bool],
    label: str | None = None,
) -> RestoreResult:
    """Replace the database and the files under MEDIA_ROOT with the backup in ``source`` (a
    path, or a stream such as standard input). Everything is checked before anything changes;
    ``confirm(plan)`` decides whether to go on; a failure after that puts everything back."""
    label = label or (source.name if isinstance(source, Path) else "the backup")
    media_root = _media_root()
    database = database_for_connection()
    with _lock(media_root, exclusive=True):
        work = Path(tempfile.mkdtemp(prefix=f"{RESTORE_PREFIX}-", dir=media_root))
        kept = None
        try:
            archive, archive_sha256 = _archive_path(source, work)
            incoming = work / "incoming"
            incoming.mkdir()
            manifest = read_archive(
                archive, incoming, check=lambda m: _check_manifest(m, database, label), label=label
            )
            database.check_staged(incoming / database.member, manifest, label)
            plan = _plan(manifest, label, database, media_root)
            if not confirm(plan):
                raise RestoreCancelled()
            try:
                migrated = _replace(database, incoming, work, media_root, manifest)
            except RestoreFailed as exc:
                kept = exc.kept
                raise
        finally:
            if kept is None:
                shutil.rmtree(work, ignore_errors=True)
    _audit(
        actor=actor,
        event_type=events.BACKUP_RESTORED,
        summary=f"Backup of {plan.created_at} restored ({plan.media_files} evidence files)",
        before={"counts": plan.current_counts},
        after={
            "sha256": archive_sha256,
            "backup_created_at": plan.created_at,
            "app_version": plan.app_version,
            "counts": plan.counts,
            "media_files": plan.media_files,
            "migrations_applied": migrated,
            "via": via,
        },
    )
    return RestoreResult(plan=plan, migrations_applied=migrated)


def _archive_path(source: Path | BinaryIO, work: Path) -> tuple[Path, str]:
    """The archive as a file (a stream is copied into the working folder first), and its
    SHA-256, which the audit events of the backup and of the restore both record."""
    digest = hashlib.sha256()
    if isinstance(source, Path):
        try:
            with open(source, "rb") as f:
                while chunk := f.read(CHUNK):
                    digest.update(chunk)
        except OSError as exc:
            raise BackupRefused(f"cannot read {source}: {exc.strerror or exc}") from None
        return source, digest.hexdigest()
    spooled = work / "archive"
    with open(spooled, "xb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return spooled, digest.hexdigest()


def _known_migrations() -> set[tuple[str, str]]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(tuple(key) for key in migration.replaces or ())
    return known


def _check_manifest(manifest: dict, database: Database, label: str) -> None:
    """Refuse a backup for another engine or a newer schema, before it is unpacked."""
    not_ours = f"{label} is not a Followthrough backup (its manifest cannot be read)"
    described = manifest.get("database")
    migrations = manifest.get("migrations")
    counts = manifest.get("counts")
    if not (
        isinstance(described, dict)
        and isinstance(migrations, list)
        and all(
            isinstance(m, list) and len(m) == 2 and all(isinstance(p, str) for p in m)
            for m in migrations
        )
        and isinstance(counts, dict)
        and all(isinstance(v, int) for v in counts.values())
    ):
        raise BackupRefused(not_ours)
    engine = described.get("engine")
    if engine != database.engine:
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        raise BackupRefused(
            f"{label} holds a {names.get(engine, str(engine))} database and this installation "
            f"uses {database.label}: a backup is restored into the same engine it was made "
            "from (docs/deployment.md, Backups, says how to move between them)"
        )
    if described.get("member") != database.member or database.member not in manifest["members"]:
        raise BackupRefused(not_ours)
    unknown = sorted({tuple(m) for m in migrations} - _known_migrations())
    if unknown:
        names = ", ".join(f"{app}.{name}" for app, name in unknown[:3])
        more = f" and {len(unknown) - 3} more" if len(unknown) > 3 else ""
        raise BackupRefused(
            f"{label} comes from a newer Followthrough ({manifest.get('app_version')}) whose "
            f"database has migrations this version does not have ({names}{more}): upgrade "
            "Followthrough, then restore it"
        )
    database.check_tools(manifest)


def _plan(manifest: dict, label: str, database: Database, media_root: Path) -> RestorePlan:
    applied = {tuple(m) for m in manifest["migrations"]}
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return RestorePlan(
        label=label,
        created_at=str(manifest.get("created_at")),
        app_version=str(manifest.get("app_version")),
        counts=manifest["counts"],
        media_files=sum(1 for name in manifest["members"] if name.startswith(f"{MEDIA_DIR}/")),
        replaces=database.describe(),
        current_counts=live_snapshot().counts,
        media_root=media_root,
        older_than_code=bool(set(loader.graph.leaf_nodes()) - applied),
    )


def _replace(
    database: Database, incoming: Path, work: Path, media_root: Path, manifest: dict
) -> int:
    """Swap the data in; on any failure, swap it back (and if that fails too, keep the
    working folder, which then holds the only copy). Returns the migrations applied."""
    before_database = work / f"before-{database.filename}"
    before_media = work / "before-media"
    database.dump(before_database)
    moved_out: list[str] = []
    moved_in: list[str] = []
    try:
        _adopt(incoming / MEDIA_DIR, media_root)
        _move_entries(media_root, before_media, moved_out)
        _move_entries(incoming / MEDIA_DIR, media_root, moved_in)
        database.load(incoming / database.member)
        ContentType.objects.clear_cache()
        restored = live_snapshot()
        if restored.counts != manifest["counts"] or restored.migrations != manifest["migrations"]:
            raise BackupFailed("the restored database does not match the backup's manifest")
    except Exception as exc:
        reason = str(exc) if isinstance(exc, BackupFailed | BackupRefused) else repr(exc)
        try:
            database.load(before_database)
            ContentType.objects.clear_cache()
            for name in moved_in:
                _remove(media_root / name)
            _move_entries(before_media, media_root, [], names=moved_out)
        except Exception:
            logger.exception("putting the data back after a failed restore failed")
            raise RestoreFailed(
                f"the restore failed ({reason}), and so did putting the data back: the "
                f"database as it was is in {before_database} and the files in {before_media}",
                kept=work,
            ) from None
        raise RestoreFailed(
            f"the restore failed ({reason}): the database and the files are as they were"
        ) from None
    return _migrate()


def _move_entries(
    source: Path, dest: Path, record: list[str], names: list[str] | None = None
) -> None:
    """Move the top-level entries of ``source`` (but the restore's own) into ``dest`` by
    renaming them (one filesystem, so nothing is copied), recording each name moved."""
    dest.mkdir(parents=True, exist_ok=True)
    if names is None:
        names = (
            sorted(
                entry.name
                for entry in source.iterdir()
                if not entry.name.startswith(RESTORE_PREFIX)
            )
            if source.is_dir()
            else []
        )
    for name in names:
        os.rename(source / name, dest / name)
        record.append(name)


def _adopt(folder: Path, media_root: Path) -> None:
    """Give the unpacked files the modes the app gives uploads (they were unpacked readable
    by their owner only) and, when the restore runs as root, the owner of the media folder,
    so the app can serve them whoever ran the restore."""
    if not folder.is_dir():
        return
    file_mode = settings.FILE_UPLOAD_PERMISSIONS or 0o644
    dir_mode = settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS
    owner = media_root.stat()
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            if dir_mode is not None:
                path.chmod(dir_mode)
        else:
            path.chmod(file_mode)
        if os.geteuid() == 0:
            os.chown(path, owner.st_uid, owner.st_gid)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _migrate() -> int:
    """Bring a backup older than the code up to date, as after an upgrade."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        try:
            call_command("migrate", interactive=False, verbosity=0)
        except Exception as exc:
            raise RestoreFailed(
                f"the backup was restored, but bringing its database up to date failed "
                f"({exc.__class__.__name__}): run 'followthrough manage migrate'"
            ) from None
    return len(plan)
