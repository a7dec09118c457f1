"""The backup archive: a plain tar (optionally gzip) whose first member is a manifest.

Plain Python, no Django: this module writes an archive from files it is given, and reads one
back into a folder, checking every member against the manifest on the way. An archive is
input like any upload, so reading it refuses, in one line and before anything is used:

- a file that is not a tar archive, or a tar whose first member is not our manifest;
- a member whose name is absolute, has ``..`` or anything but plain names, or lies outside
  ``database/`` and ``media/``; a link, a device, a folder or anything but a regular file;
- a member the manifest does not list, a member listed twice, or of another size than listed;
- a member whose SHA-256 is not the one listed, and a member listed but missing (truncated);
- a header or a manifest larger than the bounds below (a tar can declare a header of any
  size, which ``tarfile`` would read whole into memory).

The checksums detect damage, not a deliberate forgery: whoever can write the archive can
rewrite the manifest. Keep backups where only the people who may restore them can write.

Layout::

    manifest.json                       format, versions, engine, migrations, counts, members
    database/followthrough.sqlite3      (or database/followthrough.pgdump)
    media/<path under MEDIA_ROOT>       every evidence file, byte for byte
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

FORMAT = "followthrough-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_DIR = "database"
MEDIA_DIR = "media"

# No tar header of ours comes near these; a larger one is refused before it is read.
MAX_READ = 64 << 20
MAX_MANIFEST = 64 << 20
CHUNK = 1 << 20
# Room to leave on the disk beside what the archive unpacks to.
FREE_MARGIN = 64 << 20

_SHA256 = re.compile(r"[0-9a-f]{64}")
_GZIP_MAGIC = b"\x1f\x8b"


class BackupRefused(Exception):
    """The archive (or the request) is refused; the message is one line, and nothing changed."""


class BackupFailed(Exception):
    """Writing a backup did not finish; the message is one line for the operator."""


@dataclass(frozen=True)
class Member:
    """A file to put in the archive under ``name``, with its size and SHA-256."""

    name: str
    path: Path
    size: int
    sha256: str


def member_for(name: str, path: Path) -> Member:
    """Measure ``path`` for the archive (the first of the two reads of each file)."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return Member(name=name, path=path, size=size, sha256=digest.hexdigest())


def media_members(media_root: Path, *, skip_prefix: str) -> tuple[list[Member], int]:
    """Every regular file under ``media_root`` as ``media/<relative path>``, in a stable
    order, leaving out entries whose top-level name starts with ``skip_prefix`` (a restore's
    own working folder). Links and other special files are left out and counted."""
    members: list[Member] = []
    left_out = 0
    if not media_root.is_dir():
        return members, left_out
    for folder, dirs, files in os.walk(media_root):
        here = Path(folder)
        if here == media_root:
            dirs[:] = [d for d in dirs if not d.startswith(skip_prefix)]
            files = [f for f in files if not f.startswith(skip_prefix)]
        left_out += sum(1 for d in dirs if (here / d).is_symlink())
        dirs[:] = sorted(d for d in dirs if not (here / d).is_symlink())
        for name in sorted(files):
            path = here / name
            if path.is_symlink() or not path.is_file():
                left_out += 1
                continue
            name = f"{MEDIA_DIR}/{path.relative_to(media_root).as_posix()}"
            try:
                _check_name(name)
            except BackupRefused:  # a name no restore would accept (a backslash, say)
                left_out += 1
                continue
            members.append(member_for(name, path))
    return members, left_out


def write_archive(out: BinaryIO, *, manifest: dict, members: Iterable[Member], compress: bool):
    """Write the archive to ``out``: the manifest (with every member's size and SHA-256)
    first, then the members. A file that changed since it was measured fails the backup."""
    members = list(members)
    manifest = {
        **manifest,
        "members": {m.name: {"size": m.size, "sha256": m.sha256} for m in members},
    }
    data = json.dumps(manifest, indent=1, sort_keys=True).encode()
    now = int(dt.datetime.now(dt.UTC).timestamp())
    with tarfile.open(fileobj=out, mode="w|gz" if compress else "w|") as tar:
        tar.addfile(_info(MANIFEST, len(data), now), io.BytesIO(data))
        for member in members:
            try:
                f = open(member.path, "rb")  # noqa: SIM115 (closed by the with below)
            except OSError as exc:  # deleted since it was measured
                raise BackupFailed(_changed(member)) from exc
            with f:
                reader = _HashingReader(f)
                try:
                    tar.addfile(_info(member.name, member.size, now), reader)
                except OSError as exc:
                    if exc.errno is None:  # shorter than measured: tarfile's "end of data"
                        raise BackupFailed(_changed(member)) from exc
                    raise  # writing failed (a full disk): the caller says where
                if reader.digest.hexdigest() != member.sha256 or f.read(1):
                    raise BackupFailed(_changed(member))


def _changed(member: Member) -> str:
    return f"{member.name} changed while it was being backed up: run the backup again"


def _info(name: str, size: int, mtime: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = mtime
    return info


class _HashingReader:
    def __init__(self, f):
        self.f = f
        self.digest = hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        chunk = self.f.read(n)
        self.digest.update(chunk)
        return chunk


class HashingWriter:
    """A write-only stream that hashes what passes through it (the archive's own SHA-256)."""

    def __init__(self, f):
        self.f = f
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self.f.write(data)

    def flush(self) -> None:
        self.f.flush()


# Reading ------------------------------------------------------------------------------------


def read_archive(
    path: Path, staging: Path, *, check: Callable[[dict], None], label: str | None = None
) -> dict:
    """Unpack the archive at ``path`` into the empty folder ``staging`` and return its manifest.

    ``check(manifest)`` runs once the manifest is read and before any other member is
    unpacked, so a backup for another engine or a newer schema is refused at once. Every
    refusal is a ``BackupRefused`` with one line; whatever was unpacked stays in ``staging``
    for the caller to delete."""
    label = label or path.name
    try:
        raw = open(path, "rb")  # noqa: SIM115 (closed below, whatever happens)
    except OSError as exc:
        raise BackupRefused(f"cannot read {label}: {exc.strerror or exc}") from None
    with raw:
        compressed = raw.read(2) == _GZIP_MAGIC
        raw.seek(0)
        stream = gzip.GzipFile(fileobj=raw, mode="rb") if compressed else raw
        try:
            with tarfile.open(fileobj=_BoundedReads(stream, label), mode="r:") as tar:
                return _unpack(tar, staging, check=check, label=label)
        except (tarfile.ReadError, tarfile.HeaderError) as exc:
            if compressed or "end of data" in str(exc):
                raise BackupRefused(_damaged(label)) from None
            raise BackupRefused(
                f"{label} is not a Followthrough backup (it is not a tar archive)"
            ) from None
        except (EOFError, zlib.error, gzip.BadGzipFile, tarfile.TarError):
            raise BackupRefused(_damaged(label)) from None


def _damaged(label: str) -> str:
    return f"{label} is damaged or truncated: nothing was restored. Use another copy."


def _unpack(tar: tarfile.TarFile, staging: Path, *, check, label: str) -> dict:
    first = tar.next()
    if first is None or first.name != MANIFEST or not first.isfile():
        raise BackupRefused(f"{label} is not a Followthrough backup (it has no manifest)")
    manifest = _read_manifest(tar, first, label)
    listed: dict[str, dict] = manifest["members"]
    check(manifest)
    needed = sum(entry["size"] for entry in listed.values()) + FREE_MARGIN
    free = shutil.disk_usage(staging).free
    if needed > free:
        raise BackupRefused(
            f"{label} unpacks to {needed >> 20} MB and the disk holding {staging.parent} has "
            f"{free >> 20} MB free: make room and try again"
        )
    seen: set[str] = set()
    while (info := tar.next()) is not None:
        _check_name(info.name, label)
        if not info.isfile():
            raise BackupRefused(
                f"{label} holds {info.name!r}, which is not a plain file (a link or a "
                "device): refused"
            )
        entry = listed.get(info.name)
        if entry is None or info.name in seen:
            raise BackupRefused(f"{label} holds {info.name!r}, which its manifest does not list")
        if info.size != entry["size"]:
            raise BackupRefused(_damaged(label))
        seen.add(info.name)
        _extract(tar, info, staging / info.name, entry["sha256"], label)
    if seen != set(listed):
        raise BackupRefused(_damaged(label))
    return manifest


def _read_manifest(tar: tarfile.TarFile, info: tarfile.TarInfo, label: str) -> dict:
    not_ours = f"{label} is not a Followthrough backup (its manifest cannot be read)"
    if info.size > MAX_MANIFEST:
        raise BackupRefused(not_ours)
    try:
        manifest = json.loads(tar.extractfile(info).read())
    except (ValueError, RecursionError):
        raise BackupRefused(not_ours) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupRefused(f"{label} is not a Followthrough backup (its manifest is another's)")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise BackupRefused(not_ours)
    if version > FORMAT_VERSION:
        raise BackupRefused(
            f"{label} was written by a newer Followthrough ({manifest.get('app_version')}, "
            f"backup format {version}): upgrade Followthrough to restore it"
        )
    members = manifest.get("members")
    if not isinstance(members, dict):
        raise BackupRefused(not_ours)
    for name, entry in members.items():
        _check_name(name, label)
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("size"), int)
            and entry["size"] >= 0
            and isinstance(entry.get("sha256"), str)
            and _SHA256.fullmatch(entry["sha256"])
        ):
            raise BackupRefused(not_ours)
    return manifest


def _check_name(name: str, label: str = "the backup") -> None:
    """A member name must be a relative path of plain names under database/ or media/."""
    parts = name.split("/")
    unsafe = (
        not name
        or name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or any(part in ("", ".", "..") for part in parts)
        or PurePosixPath(name).is_absolute()
        or len(parts) < 2
        or parts[0] not in (DATABASE_DIR, MEDIA_DIR)
    )
    if unsafe:
        raise BackupRefused(f"{label} holds an unsafe path {name[:80]!r}: refused")


def _extract(tar: tarfile.TarFile, info: tarfile.TarInfo, dest: Path, sha256: str, label: str):
    digest = hashlib.sha256()
    source = tar.extractfile(info)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
    except gzip.BadGzipFile:  # an OSError too, but it means damage
        raise
    except OSError as exc:  # a name that is a file and a folder at once, a full disk
        raise BackupRefused(
            f"{label} cannot be unpacked at {info.name!r}: {exc.strerror or exc}"
        ) from None
    if digest.hexdigest() != sha256:
        raise BackupRefused(_damaged(label))


class _BoundedReads:
    """The stream ``tarfile`` reads through: a single read larger than ``MAX_READ`` (a forged
    header that declares gigabytes) is refused instead of being made in memory."""

    def __init__(self, f, label: str):
        self.f = f
        self.label = label

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0 or n > MAX_READ:
            raise BackupRefused(f"{self.label} has a header larger than any backup has: refused")
        return self.f.read(n)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.f.seek(offset, whence)

    def tell(self) -> int:
        return self.f.tell()
