"""Backup archives: one uncompressed ``.tar`` holding ``database.dump`` (``pg_dump
--format=custom``, already compressed), the media files under ``media/`` and, last,
``manifest.json``, which lists a SHA-256 for every other member so a restore can tell a
complete archive from a damaged one before it changes anything.

PostgreSQL only: the dump is PostgreSQL's own format, which keeps sequences, constraints
and JSON exactly as they were (the review trail's hashes are of that data)."""

import datetime
import hashlib
import io
import json
import os
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.backends.postgresql.client import DatabaseClient
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media/"


class BackupError(Exception):
    """Why a backup or restore was refused or failed; nothing was changed by a refusal."""


def default_path():
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.BASE_DIR) / "backups" / f"clinic-{stamp}.tar"


def _require_postgresql():
    if connection.vendor != "postgresql":
        raise BackupError(
            f"Backup and restore support PostgreSQL only; DATABASE_URL names a "
            f"{connection.vendor} database."
        )


def _run(tool, *arguments):
    """Run pg_dump or pg_restore on the database the app uses. Host, port and user go on
    the command line; the password and TLS settings go in the environment, as ``manage.py
    dbshell`` passes them, so no password shows in the process list."""
    db = connection.settings_dict
    _, env = DatabaseClient.settings_to_cmd_args_env(db, [])
    flags = [
        f"--{flag}={db[key]}"
        for key, flag in (("HOST", "host"), ("PORT", "port"), ("USER", "username"))
        if db.get(key)
    ]
    try:
        done = subprocess.run(
            [tool, *flags, f"--dbname={db['NAME']}", *arguments],
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
        )
    except FileNotFoundError:
        raise BackupError(f"{tool} is not installed (PostgreSQL's client tools).") from None
    if done.returncode:
        raise BackupError(f"{tool} failed: {done.stderr.strip()}")


def _sha256(file):
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _migration_state():
    """The latest applied migration of each app (migration names are numbered, so the
    greatest name is the latest; a squash's name sorts before what it replaced)."""
    state = {}
    for app, name in MigrationRecorder.Migration.objects.values_list("app", "name"):
        state[app] = max(name, state.get(app, name))
    return dict(sorted(state.items()))


def _media_files(media_root):
    return sorted(
        path for path in media_root.rglob("*") if path.is_file() and not path.is_symlink()
    )


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
    archive.addfile(info, fileobj=io.BytesIO(data))


def backup(path):
    """Write the archive at ``path`` and return its manifest. The database is dumped before
    the media are copied: a file is saved before the row naming it is committed, so every
    file the dump refers to is already on disk when the media are read."""
    _require_postgresql()
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} exists; choose a new name.")
    path.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    manifest = {
        "format": FORMAT,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "database": connection.settings_dict["NAME"],
        "migrations": _migration_state(),
    }
    # Written under another name until complete, so an interrupted backup is never
    # mistaken for one.
    partial = path.with_name(path.name + ".partial")
    try:
        with tempfile.TemporaryDirectory() as scratch, tarfile.open(partial, "w") as archive:
            dump = Path(scratch) / DUMP
            _run("pg_dump", "--format=custom", f"--file={dump}")
            with dump.open("rb") as content:
                checksums = {DUMP: _sha256(content)}
            archive.add(dump, DUMP)
            files = _media_files(media_root) if media_root.is_dir() else []
            for file in files:
                name = MEDIA + file.relative_to(media_root).as_posix()
                with file.open("rb") as content:
                    checksums[name] = _sha256(content)
                archive.add(file, name)
            manifest["media_files"] = len(files)
            manifest["media_bytes"] = sum(file.stat().st_size for file in files)
            manifest["checksums"] = checksums
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.rename(path)
    return manifest


def _verified_manifest(archive):
    """The manifest, once every member matches its checksum and nothing else is there."""
    try:
        manifest = json.loads(archive.extractfile(MANIFEST).read())
    except KeyError:
        raise BackupError("Not a backup archive: it has no manifest.json.") from None
    except ValueError as error:
        raise BackupError(f"The archive's manifest.json is not valid JSON: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("The archive's manifest.json is not one this code reads.")
    expected = dict(manifest["checksums"])
    for member in archive:
        if member.name == MANIFEST or member.isdir():
            continue
        if not member.isfile() or member.name not in expected:
            raise BackupError(
                f"The archive holds {member.name!r}, which the manifest does not list."
            )
        if _sha256(archive.extractfile(member)) != expected.pop(member.name):
            raise BackupError(f"{member.name} in the archive is damaged (its checksum differs).")
    if expected:
        raise BackupError(f"The archive is incomplete: {', '.join(sorted(expected))} missing.")
    return manifest


def _unknown_migrations(manifest):
    """Migrations the backup's database had that this code does not know (made by newer
    code): restoring it here would leave the schema ahead of the models."""
    loader = MigrationLoader(None)
    known = set(loader.disk_migrations)
    known.update(name for squash in loader.replacements.values() for name in squash.replaces)
    return [
        f"{app}.{name}"
        for app, name in manifest["migrations"].items()
        if app in loader.migrated_apps and (app, name) not in known
    ]


def _has_tables():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_catalog.pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        )
        return cursor.fetchone()[0] > 0


def restore(path, force=False):
    """Restore the archive into the database and MEDIA_ROOT; return its manifest. Refused,
    with nothing changed, when the archive is damaged or made by newer code, or (without
    ``force``) when the database has tables or MEDIA_ROOT has files."""
    _require_postgresql()
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup archive at {path}.")
    media_root = Path(settings.MEDIA_ROOT)
    try:
        archive = tarfile.open(path, "r:")
    except tarfile.TarError as error:
        raise BackupError(f"{path} is not a backup archive: {error}") from None
    with archive, tempfile.TemporaryDirectory() as scratch:
        try:
            manifest = _verified_manifest(archive)
        except (tarfile.TarError, EOFError, OSError) as error:
            raise BackupError(f"{path} is damaged: {error}") from None
        unknown = _unknown_migrations(manifest)
        if unknown:
            raise BackupError(
                f"The backup was made by newer code; unknown migrations: {', '.join(unknown)}."
            )
        if not force:
            if _has_tables():
                raise BackupError(
                    f"The database {connection.settings_dict['NAME']} is not empty; restore "
                    "into an empty database, or pass --force to replace what is in it."
                )
            if media_root.is_dir() and _media_files(media_root):
                raise BackupError(
                    f"MEDIA_ROOT ({media_root}) is not empty; restore into an empty folder, "
                    "or pass --force to overwrite files of the same name."
                )
        archive.extract(DUMP, scratch, filter="data")
        options = ["--clean", "--if-exists"] if force else []
        # One transaction: a failure part-way leaves the database as it was. No owners or
        # privileges: the target server's roles need not be the source's.
        _run(
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            *options,
            str(Path(scratch) / DUMP),
        )
        media_root.mkdir(parents=True, exist_ok=True)
        members = [
            member.replace(name=member.name.removeprefix(MEDIA), deep=False)
            for member in archive.getmembers()
            if member.name.startswith(MEDIA) and member.isfile()
        ]
        archive.extractall(media_root, members=members, filter="data")
    if _migration_state() != manifest["migrations"]:
        raise BackupError("Restored, but the database's migrations differ from the manifest's.")
    return manifest


def pending_migrations():
    """Migrations this code has that the restored database has not applied."""
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())
