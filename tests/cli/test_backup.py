"""followthrough backup and restore, run as an operator would run them.

Every test here runs on the database the suite runs on: SQLite in `make test-sqlite`, and
PostgreSQL (pg_dump and pg_restore) in `make test-postgres`, so the round trip is proved on
both. The tests marked postgres_only are about the PostgreSQL client tools."""

from __future__ import annotations

import fcntl
import hashlib
import io
import json
import os
import stat
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.urls import reverse

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from followthrough.backups import archive
from followthrough.backups.databases import PostgresDatabase, SqliteDatabase
from followthrough.cli import main
from followthrough.delivery.models import Evidence, ProgressUpdate
from followthrough.delivery.services import Upload, progress_update_add
from followthrough.interchange import PartialDate
from followthrough.partnerships.models import Partnership
from followthrough.partnerships.services import (
    agency_create,
    membership_create,
    partnership_get_or_create,
)
from followthrough.plans.models import Review
from followthrough.plans.services.authoring import (
    action_create,
    action_lead_add,
    recommendation_create,
    review_create,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 3), "white").save(out, "PNG")
    return out.getvalue()


EVIDENCE = _png()


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def agency_lead(db):
    return UserFactory(username="northmoor-police-lead")


@pytest.fixture
def delivered(agency_lead):
    """A review with an action led by Northmoor Police, a progress update from its lead and
    an evidence file, all made through the services."""
    coordinator = UserFactory(username="coordinator")
    partnership = partnership_get_or_create(name="Northmoor CSP", actor=None)
    police = agency_create(name="Northmoor Police", partnership=partnership, actor=None)
    membership_create(user=coordinator, partnership=partnership, role="coordinator", actor=None)
    membership_create(
        user=agency_lead, partnership=partnership, role="agency_lead", agency=police, actor=None
    )
    review = review_create(
        partnership=partnership,
        actor=coordinator,
        review_type="DARDR",
        title="DARDR into the death of Adult K",
        subject_pseudonym="Adult K",
    )
    recommendation = recommendation_create(
        review=review, actor=coordinator, text="Officers recognise coercive control."
    )
    action = action_create(
        recommendation=recommendation,
        text="Train all front-line officers in coercive control",
        target_date=PartialDate(2030, 7),
        actor=coordinator,
    )
    action_lead_add(
        action=action, agency=police, person_name="Kit Marsh", role="Inspector", actor=coordinator
    )
    return progress_update_add(
        action=action,
        actor=agency_lead,
        expected_version=action.version,
        narrative="Half the officers trained.",
        status="on_track",
        files=[Upload(name="training-register.png", data=EVIDENCE)],
    )


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def backup(capsys, path: Path) -> Path:
    status, out, err = run(capsys, "backup", str(path))
    assert status == 0, err
    return path


def state(media: Path) -> tuple:
    """What a refused restore must leave exactly as it was: rows and files."""
    files = {
        p.relative_to(media).as_posix(): p.read_bytes()
        for p in sorted(media.rglob("*"))
        if p.is_file() and not p.name.startswith(".followthrough-restore")
    }
    return (
        sorted(Review.objects.values_list("pk", "title")),
        sorted(Partnership.objects.values_list("pk", "name")),
        ProgressUpdate.objects.count(),
        Evidence.objects.count(),
        files,
    )


def members_of(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}


def write_tar(path: Path, members: list[tuple[str, bytes]], *, compress: bool = False) -> Path:
    with tarfile.open(path, "w:gz" if compress else "w") as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def rewritten(source: Path, dest: Path, *, manifest=None, replace=None, extra=()) -> Path:
    """A copy of a backup with its manifest or a member changed, and the checksums made
    right again: what a careful forger, or a bug, would produce."""
    members = members_of(source)
    listed = json.loads(members.pop(archive.MANIFEST))
    members.update(replace or {})
    for name, data in [*members.items(), *extra]:
        listed["members"][name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    if manifest:
        manifest(listed)
    body = [(archive.MANIFEST, json.dumps(listed).encode()), *members.items(), *extra]
    return write_tar(dest, body)


# The round trip -----------------------------------------------------------------------------


def test_a_restore_brings_back_the_review_the_update_and_the_evidence_bytes(
    capsys, tmp_path, media, delivered, agency_lead
):
    review = delivered.action.recommendation.review
    review_pk = review.pk
    evidence = Evidence.objects.get()
    path = backup(capsys, tmp_path / "followthrough.tar.gz")

    review.partnership.name = "Renamed after the backup"
    review.partnership.save()
    review.delete()
    (media / evidence.file.name).unlink()
    (media / "stray.txt").write_text("written after the backup")
    assert not Review.objects.filter(pk=review_pk).exists()

    status, out, err = run(capsys, "restore", str(path), "--yes")

    assert status == 0, err
    assert "Restored the backup of" in out and "1 evidence file" in out
    restored = Review.objects.get(pk=review_pk)
    assert restored.partnership.name == "Northmoor CSP"
    update = ProgressUpdate.objects.get(pk=delivered.pk)
    assert update.narrative == "Half the officers trained."
    assert (media / evidence.file.name).read_bytes() == EVIDENCE
    assert not (media / "stray.txt").exists()
    client = Client()
    client.force_login(agency_lead)
    response = client.get(reverse("delivery:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == EVIDENCE


def test_the_backup_holds_the_database_every_evidence_file_and_a_manifest_of_them(
    capsys, tmp_path, media, delivered
):
    evidence = Evidence.objects.get()
    path = backup(capsys, tmp_path / "followthrough.tar")

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    members = members_of(path)
    manifest = json.loads(members[archive.MANIFEST])
    assert manifest["format"] == "followthrough-backup" and manifest["format_version"] == 1
    assert manifest["database"]["engine"] == connection.vendor
    assert ["plans", "0001_initial"] in manifest["migrations"]
    assert manifest["counts"]["plans.review"] == 1
    assert manifest["counts"]["delivery.progressupdate"] == 1
    assert members[f"media/{evidence.file.name}"] == EVIDENCE
    assert set(manifest["members"]) == set(members) - {archive.MANIFEST}
    for name, entry in manifest["members"].items():
        assert entry["sha256"] == hashlib.sha256(members[name]).hexdigest()
    with tarfile.open(path) as tar:
        assert tar.getmembers()[0].name == archive.MANIFEST


def test_a_backup_and_a_restore_are_each_audited(capsys, tmp_path, delivered):
    path = backup(capsys, tmp_path / "followthrough.tar")
    made = AuditEvent.objects.get(event_type=events.BACKUP_CREATED)
    assert made.after["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()

    status, _, _ = run(capsys, "restore", str(path), "--yes")

    assert status == 0
    restored = AuditEvent.objects.get(event_type=events.BACKUP_RESTORED)
    assert restored.after["sha256"] == made.after["sha256"]
    assert restored.after["counts"]["plans.review"] == 1


def test_a_backup_can_go_to_standard_output_and_come_back_from_standard_input(
    capsys, tmp_path, monkeypatch, delivered
):
    class Pipe:
        def __init__(self, data: bytes = b""):
            self.buffer = io.BytesIO(data)

        def isatty(self) -> bool:
            return False

        def flush(self) -> None:
            pass

    pipe = Pipe()
    with monkeypatch.context() as patch:
        patch.setattr("sys.stdout", pipe)
        assert main(["backup", "-", "--gzip"]) == 0
    Review.objects.all().delete()

    with monkeypatch.context() as patch:
        patch.setattr("sys.stdin", Pipe(pipe.buffer.getvalue()))
        status, _, err = run(capsys, "restore", "-", "--yes")

    assert status == 0, err
    assert Review.objects.count() == 1


# Asking first -------------------------------------------------------------------------------


def test_a_restore_asks_first_and_changes_nothing_unless_told_yes(
    capsys, tmp_path, monkeypatch, media, delivered
):
    path = backup(capsys, tmp_path / "followthrough.tar")
    Review.objects.all().delete()
    before = state(media)

    monkeypatch.setattr("sys.stdin", io.StringIO("no\n"))
    status, out, _ = run(capsys, "restore", str(path))

    assert status == 1
    assert "Restoring it replaces" in out and "Restore cancelled: nothing changed." in out
    assert state(media) == before


def test_a_restore_with_no_one_to_answer_is_cancelled(capsys, tmp_path, media, delivered):
    path = backup(capsys, tmp_path / "followthrough.tar")
    Review.objects.all().delete()
    before = state(media)
    status, out, _ = run(capsys, "restore", str(path))  # pytest gives no standard input
    assert status == 1 and "give --yes" in out
    assert state(media) == before


def test_check_says_what_a_backup_holds_and_changes_nothing(capsys, tmp_path, media, delivered):
    path = backup(capsys, tmp_path / "followthrough.tar.gz")
    Review.objects.all().delete()
    before = state(media)

    status, out, _ = run(capsys, "restore", str(path), "--check")

    assert status == 0
    assert "1 review, 1 action, 1 progress update" in out and "1 evidence file" in out
    assert "nothing was changed" in out
    assert state(media) == before


def test_reading_a_backup_from_standard_input_needs_yes(capsys):
    status, _, err = run(capsys, "restore", "-")
    assert status == 2 and "needs --yes" in err


# Refusals: nothing changes ------------------------------------------------------------------


def refused(capsys, media, path: Path, expected: str):
    before = state(media)
    status, out, err = run(capsys, "restore", str(path), "--yes")
    assert status == 2, out
    assert expected in err
    assert len(err.strip().splitlines()) == 1, err
    assert state(media) == before
    assert not [p for p in media.iterdir() if p.is_dir() and p.name.startswith(".followthrough")]
    return err


def test_a_file_that_is_not_a_backup_is_refused(capsys, tmp_path, media, delivered):
    path = tmp_path / "register.png"
    path.write_bytes(EVIDENCE)
    refused(capsys, media, path, "register.png is not a Followthrough backup")


def test_a_tar_without_a_manifest_is_refused(capsys, tmp_path, media, delivered):
    path = write_tar(tmp_path / "other.tar", [("notes.txt", b"hello")])
    refused(capsys, media, path, "is not a Followthrough backup (it has no manifest)")


def test_a_tar_with_another_programs_manifest_is_refused(capsys, tmp_path, media, delivered):
    path = write_tar(tmp_path / "other.tar", [("manifest.json", b'{"format": "other"}')])
    refused(capsys, media, path, "is not a Followthrough backup")


def test_a_damaged_backup_is_refused_by_its_checksums(capsys, tmp_path, media, delivered):
    path = backup(capsys, tmp_path / "followthrough.tar")
    data = bytearray(path.read_bytes())
    with tarfile.open(path) as tar:
        database = next(m for m in tar.getmembers() if m.name.startswith("database/"))
    data[database.offset_data + database.size // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    Review.objects.all().delete()
    refused(capsys, media, path, "followthrough.tar is damaged or truncated")


@pytest.mark.parametrize("name", ["followthrough.tar", "followthrough.tar.gz"])
def test_a_truncated_backup_is_refused(capsys, tmp_path, media, delivered, name):
    path = backup(capsys, tmp_path / name)
    path.write_bytes(path.read_bytes()[: path.stat().st_size * 2 // 3])
    Review.objects.all().delete()
    refused(capsys, media, path, "is damaged or truncated")


def test_a_member_with_the_right_checksum_that_is_no_database_is_refused(
    capsys, tmp_path, media, delivered
):
    path = backup(capsys, tmp_path / "followthrough.tar")
    database = next(n for n in members_of(path) if n.startswith("database/"))
    forged = rewritten(path, tmp_path / "forged.tar", replace={database: b"not a database" * 99})
    Review.objects.all().delete()
    refused(capsys, media, forged, "the database in forged.tar cannot be read")


def test_a_backup_from_a_newer_schema_is_refused(capsys, tmp_path, media, delivered):
    recorder = MigrationRecorder(connection)
    recorder.record_applied("plans", "9999_from_the_future")
    path = backup(capsys, tmp_path / "followthrough.tar")
    recorder.record_unapplied("plans", "9999_from_the_future")
    Review.objects.all().delete()
    err = refused(capsys, media, path, "comes from a newer Followthrough")
    assert "plans.9999_from_the_future" in err


def test_a_backup_of_another_engine_is_refused(capsys, tmp_path, media, delivered):
    path = backup(capsys, tmp_path / "followthrough.tar")
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def engine(manifest):
        manifest["database"]["engine"] = other

    forged = rewritten(path, tmp_path / "other-engine.tar", manifest=engine)
    refused(capsys, media, forged, "a backup is restored into the same engine it was made from")


def test_a_backup_in_a_newer_format_is_refused(capsys, tmp_path, media, delivered):
    path = backup(capsys, tmp_path / "followthrough.tar")

    def newer(manifest):
        manifest["format_version"] = 2

    forged = rewritten(path, tmp_path / "newer.tar", manifest=newer)
    refused(capsys, media, forged, "was written by a newer Followthrough")


@pytest.mark.parametrize(
    "name",
    ["../outside.txt", "/tmp/outside.txt", "media/../../outside.txt", "media/./x", "notes/x"],
)
def test_a_member_with_an_unsafe_path_is_refused(capsys, tmp_path, media, delivered, name):
    path = backup(capsys, tmp_path / "followthrough.tar")
    forged = rewritten(path, tmp_path / "unsafe.tar", extra=[(name, b"written outside")])
    refused(capsys, media, forged, "holds an unsafe path")
    assert not (tmp_path / "outside.txt").exists()


@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE])
def test_a_link_in_a_backup_is_refused(capsys, tmp_path, media, delivered, kind):
    path = backup(capsys, tmp_path / "followthrough.tar")
    members = members_of(path)
    forged = tmp_path / "link.tar"
    with tarfile.open(forged, "w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("media/evidence/link")
        link.type = kind
        link.linkname = "/etc/passwd"
        tar.addfile(link)
    refused(capsys, media, forged, "which is not a plain file (a link or a device)")


def test_a_member_the_manifest_does_not_list_is_refused(capsys, tmp_path, media, delivered):
    path = backup(capsys, tmp_path / "followthrough.tar")
    members = members_of(path)
    forged = write_tar(tmp_path / "extra.tar", [*members.items(), ("media/extra", b"x")])
    refused(capsys, media, forged, "which its manifest does not list")


def test_a_header_larger_than_any_backup_has_is_refused_without_reading_it(
    capsys, tmp_path, media, delivered, monkeypatch
):
    monkeypatch.setattr(archive, "MAX_READ", 4096)
    path = tmp_path / "long-header.tar"
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as tar:
        info = tarfile.TarInfo(archive.MANIFEST)
        info.pax_headers = {"comment": "x" * 100_000}
        tar.addfile(info, io.BytesIO(b""))
    refused(capsys, media, path, "has a header larger than any backup has")


def test_a_name_that_is_a_file_and_a_folder_at_once_is_refused(capsys, tmp_path, media, delivered):
    path = backup(capsys, tmp_path / "followthrough.tar")
    extra = [("media/clash", b"a file"), ("media/clash/inside", b"and a folder")]
    forged = rewritten(path, tmp_path / "clash.tar", extra=extra)
    refused(capsys, media, forged, "clash.tar cannot be unpacked at 'media/clash/inside'")


def test_a_backup_waits_for_no_restore_and_says_one_is_running(capsys, tmp_path, media):
    media.mkdir(parents=True)
    with open(media / ".followthrough-restore.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a running restore holds it
        status, _, err = run(capsys, "backup", str(tmp_path / "followthrough.tar"))
    assert status == 2
    assert "a restore is running: try again when it has finished" in err
    assert not (tmp_path / "followthrough.tar").exists()


# A failed restore loses nothing -------------------------------------------------------------


def test_a_restore_that_fails_halfway_puts_the_database_and_the_files_back(
    capsys, tmp_path, media, delivered, monkeypatch
):
    path = backup(capsys, tmp_path / "followthrough.tar")
    Review.objects.all().delete()
    (media / "after-the-backup.txt").write_text("kept")
    before = state(media)
    database = SqliteDatabase if connection.vendor == "sqlite" else PostgresDatabase
    real_load = database.load
    calls = []

    def load_then_fail(self, source):
        calls.append(source)
        real_load(self, source)
        if len(calls) == 1:  # the backup's database went in, then something broke
            raise OSError("the disk went away")

    monkeypatch.setattr(database, "load", load_then_fail)
    status, _, err = run(capsys, "restore", str(path), "--yes")

    assert status == 2
    assert "the database and the files are as they were" in err
    assert len(calls) == 2
    assert state(media) == before
    assert not [p for p in media.iterdir() if p.is_dir() and p.name.startswith(".followthrough")]


# Versions -----------------------------------------------------------------------------------


def test_a_backup_older_than_the_code_is_migrated_after_the_restore(capsys, tmp_path, delivered):
    leaf = ("admin", "0003_logentry_add_action_flag_choices")
    call_command("migrate", "admin", "0002", verbosity=0)
    try:
        path = backup(capsys, tmp_path / "followthrough.tar")
    finally:
        call_command("migrate", "admin", verbosity=0)
    Review.objects.all().delete()

    status, out, err = run(capsys, "restore", str(path), "--yes")

    assert status == 0, err
    assert "1 migration brought its database up to date" in out
    assert leaf in MigrationRecorder(connection).applied_migrations()
    assert Review.objects.count() == 1


def test_a_backup_is_not_written_inside_the_media_folder(capsys, media):
    media.mkdir(parents=True, exist_ok=True)
    status, _, err = run(capsys, "backup", str(media / "backup.tar"))
    assert status == 2 and "write the backup somewhere else" in err
    assert not (media / "backup.tar").exists()


def test_a_backup_into_a_missing_folder_says_so(capsys, tmp_path):
    status, _, err = run(capsys, "backup", str(tmp_path / "nowhere" / "backup.tar"))
    assert status == 2 and "does not exist" in err


# The PostgreSQL client tools ----------------------------------------------------------------


@pytest.fixture
def on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("about pg_dump and pg_restore; `make test` runs this on PostgreSQL")


def fake_tools(folder: Path, version: str) -> str:
    folder.mkdir()
    for name in ("pg_dump", "pg_restore"):
        tool = folder / name
        tool.write_text(f"#!/bin/sh\necho '{name} (PostgreSQL) {version}'\n")
        tool.chmod(0o755)
    return str(folder)


@pytest.mark.postgres_only
def test_a_missing_pg_dump_says_what_to_install(capsys, tmp_path, monkeypatch, on_postgresql):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    status, _, err = run(capsys, "backup", str(tmp_path / "followthrough.tar"))
    assert status == 2
    assert "pg_dump was not found: install the PostgreSQL client tools" in err
    assert not (tmp_path / "followthrough.tar").exists()


@pytest.mark.postgres_only
def test_client_tools_older_than_the_server_are_refused(
    capsys, tmp_path, monkeypatch, on_postgresql
):
    monkeypatch.setenv("PATH", fake_tools(tmp_path / "bin", "9.6.24"))
    status, _, err = run(capsys, "backup", str(tmp_path / "followthrough.tar"))
    server = connection.pg_version // 10000
    assert status == 2
    assert f"the PostgreSQL server is version {server} and pg_dump is version 9" in err
    assert f"postgresql-client-{server}" in err


@pytest.mark.postgres_only
def test_a_backup_made_with_newer_tools_is_refused_before_anything_changes(
    capsys, tmp_path, media, delivered, on_postgresql
):
    path = backup(capsys, tmp_path / "followthrough.tar")

    def newer(manifest):
        manifest["database"]["tool"] = "pg_dump (PostgreSQL) 99.1"

    forged = rewritten(path, tmp_path / "newer-tools.tar", manifest=newer)
    refused(capsys, media, forged, "the backup was made with pg_dump 99")


def test_a_restored_evidence_file_has_the_mode_the_app_gave_it(capsys, tmp_path, media, delivered):
    stored = media / Evidence.objects.get().file.name
    mode = stat.S_IMODE(stored.stat().st_mode)
    path = backup(capsys, tmp_path / "followthrough.tar")
    stored.unlink()
    assert run(capsys, "restore", str(path), "--yes")[0] == 0
    assert stat.S_IMODE(os.stat(stored).st_mode) == mode


@pytest.mark.postgres_only
def test_a_restore_on_postgresql_gathers_the_planners_statistics(
    capsys, tmp_path, media, delivered, on_postgresql
):
    path = backup(capsys, tmp_path / "followthrough.tar.gz")

    status, out, err = run(capsys, "restore", str(path), "--yes")

    assert status == 0, err
    with connection.cursor() as cursor:
        # pg_restore makes the tables afresh, with no statistics; ANALYZE writes them.
        cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'plans_review'")
        (columns_with_statistics,) = cursor.fetchone()
    assert columns_with_statistics > 0
