"""Backups: a consistent copy of the database and the photos, with a manifest; and restoring one
into an empty store.

    <BACKUP_DIR>/sentra-20261207T0300Z/
        manifest.json       what is here: sizes and sha256 of every file, the migration
                            revision, the time, the database backend, the media storage
        database.pgdump     PostgreSQL: `pg_dump --format=custom` (one consistent snapshot)
        database.sqlite3    SQLite: the online backup API (a consistent copy, writers go on)
        media/...           MEDIA_STORAGE=local: every photo file
        media-listing.json  MEDIA_STORAGE=s3: the bucket's keys, sizes and ETags (the bucket
                            is backed up by its own versioning or replication)

A backup is written under a temporary name and renamed when complete, so a directory named
`sentra-*` is always a whole backup. The database is copied before the photos: photo files are
written before the rows naming them and never change, so every photo the copy names is there.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.engine import URL, make_url

from marketplace.catalog.media_storage import get_storage
from marketplace.extensions import db

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class Restored:
    revision: str | None
    tables: int
    media_files: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _describe(path: Path, relative_to: Path) -> dict:
    return {"path": path.relative_to(relative_to).as_posix(), "size": path.stat().st_size,
            "sha256": _sha256(path)}


def _database_url() -> URL:
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection URI for pg_dump/pg_restore, the password in the environment (PGPASSWORD)
    rather than on the command line, where `ps` would show it."""
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    uri = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return uri, environment


def _major(version_text: str) -> int:
    """15 from "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"."""
    found = re.search(r"\(PostgreSQL\)\s*(\d+)", version_text)
    if not found:
        raise BackupError(f"Cannot read a version in {version_text!r}.")
    return int(found.group(1))


def check_postgresql_tools(tool: str) -> str:
    """The path of pg_dump/pg_restore, refused when older than the server (it cannot read a
    newer server's catalogue): the message says what to install."""
    path = shutil.which(tool)
    if path is None:
        raise BackupError(f"{tool} is not installed: install the PostgreSQL client of the "
                          "server's version (Debian: apt-get install postgresql-client).")
    tool_major = _major(subprocess.run([path, "--version"], capture_output=True, text=True,
                                       check=True).stdout)
    server_major = int(db.session.scalar(sa.text("SHOW server_version_num"))) // 10000
    db.session.rollback()
    if tool_major < server_major:
        raise BackupError(f"{tool} {tool_major} is older than the PostgreSQL {server_major} "
                          f"server: install postgresql-client-{server_major}.")
    return path


def migration_revision() -> str | None:
    try:
        revision = db.session.scalar(sa.text("SELECT version_num FROM alembic_version"))
    except sa.exc.DBAPIError:
        revision = None
    db.session.rollback()
    return revision


def _copy_database(target: Path) -> dict:
    url = _database_url()
    backend = db.engine.dialect.name
    if backend == "postgresql":
        pg_dump = check_postgresql_tools("pg_dump")
        uri, environment = _libpq(url)
        path = target / "database.pgdump"
        run = subprocess.run([pg_dump, "--format=custom", "--no-owner", "--no-privileges",
                              "--file", str(path), "--dbname", uri],
                             env=environment, capture_output=True, text=True)
        if run.returncode != 0:
            raise BackupError(f"pg_dump failed: {run.stderr.strip()}")
    elif backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise BackupError("An in-memory SQLite database cannot be backed up.")
        path = target / "database.sqlite3"
        source = sqlite3.connect(url.database)
        copy = sqlite3.connect(path)
        try:
            source.backup(copy)  # SQLite's online backup API: one consistent copy
        finally:
            copy.close()
            source.close()
    else:
        raise BackupError(f"No backup for a {backend} database.")
    return {"backend": backend, **_describe(path, target)}


def _copy_media(target: Path) -> dict:
    config = current_app.config
    storage = config.get("MEDIA_STORAGE", "local")
    if storage == "s3":
        bucket = get_storage()
        objects = []
        pages = bucket.client.get_paginator("list_objects_v2").paginate(
            Bucket=bucket.bucket, Prefix=bucket.prefix)
        for page in pages:
            objects += [{"key": item["Key"], "size": item["Size"], "etag": item["ETag"].strip('"')}
                        for item in page.get("Contents", [])]
        listing = target / "media-listing.json"
        listing.write_text(json.dumps({"bucket": bucket.bucket, "prefix": bucket.prefix,
                                       "objects": objects}, indent=1))
        return {"storage": "s3", "listing": _describe(listing, target), "objects": len(objects)}
    source = Path(config["MEDIA_DIR"])
    files = []
    for path in sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() else []:
        if path.name.startswith(".upload-"):  # a photo being written right now
            continue
        copy = target / "media" / path.relative_to(source)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, copy)
        files.append(_describe(copy, target))
    return {"storage": "local", "files": files}


def backup(directory: Path) -> Path:
    """Write a backup under `directory`; returns its folder."""
    now = datetime.now(UTC)
    name = f"sentra-{now:%Y%m%dT%H%M%SZ}"
    directory.mkdir(parents=True, exist_ok=True)
    partial = directory / f".{name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(mode=0o700)  # personal data: readable by the store's user only
    try:
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(timespec="seconds"),
            "release": current_app.config.get("RELEASE", ""),
            "revision": migration_revision(),
            "database": _copy_database(partial),
            "media": _copy_media(partial),
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=1))
        final = directory / name
        if final.exists():
            raise BackupError(f"{final} exists already.")
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final


# --- restore ------------------------------------------------------------------------------

def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{folder} holds no {MANIFEST}: not a Sentra backup.") from None
    except ValueError as error:
        raise BackupError(f"{folder / MANIFEST} cannot be read: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Backup format {manifest.get('format')!r} is not one this version reads.")
    return manifest


def verify(folder: Path, manifest: dict) -> None:
    """Every file of the backup is there, whole: sizes and sha256 as the manifest says."""
    described = [manifest["database"]]
    media = manifest["media"]
    described += media.get("files", []) + ([media["listing"]] if "listing" in media else [])
    for entry in described:
        path = folder / entry["path"]
        if not path.is_file() or path.stat().st_size != entry["size"] or _sha256(path) != entry["sha256"]:
            raise BackupError(f"{entry['path']} is missing or damaged (size or sha256 differ "
                              "from the manifest): this backup cannot be restored.")


def _refuse_unless_empty(manifest: dict) -> None:
    tables = sa.inspect(db.engine).get_table_names()
    if tables:
        shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        raise BackupError(
            f"The database is not empty ({len(tables)} tables: {shown}). Restore only goes into "
            "an empty database: create a new one (or move this one aside) and point "
            "DATABASE_URL at it.")
    backend = db.engine.dialect.name
    if backend != manifest["database"]["backend"]:
        raise BackupError(f"This backup holds a {manifest['database']['backend']} database; "
                          f"DATABASE_URL names a {backend} one.")
    if manifest["media"]["storage"] == "local":
        media = Path(current_app.config["MEDIA_DIR"])
        if media.is_dir() and any(p.is_file() for p in media.rglob("*")):
            raise BackupError(f"The media folder {media} is not empty. Restore only goes into an "
                              "empty one: move it aside or point MEDIA_DIR at a new folder.")


def _restore_database(folder: Path, manifest: dict) -> None:
    path = folder / manifest["database"]["path"]
    url = _database_url()
    if manifest["database"]["backend"] == "postgresql":
        pg_restore = check_postgresql_tools("pg_restore")
        uri, environment = _libpq(url)
        db.engine.dispose()
        run = subprocess.run([pg_restore, "--no-owner", "--no-privileges", "--exit-on-error",
                              "--single-transaction", "--dbname", uri, str(path)],
                             env=environment, capture_output=True, text=True)
        if run.returncode != 0:
            raise BackupError(f"pg_restore failed (nothing was restored): {run.stderr.strip()}")
    else:
        if not url.database or url.database == ":memory:":
            raise BackupError("Restore needs a SQLite file (DATABASE_URL=sqlite:////path/to/file).")
        db.session.remove()
        db.engine.dispose()
        source = sqlite3.connect(path)
        target = sqlite3.connect(url.database)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()


def _restore_media(folder: Path, manifest: dict) -> int:
    media = manifest["media"]
    if media["storage"] != "local":
        return 0  # the bucket is restored by its own means; the listing says what it held
    root = Path(current_app.config["MEDIA_DIR"])
    for entry in media["files"]:
        target = root / Path(entry["path"]).relative_to("media")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(folder / entry["path"], target)
        target.chmod(0o644)  # nginx serves photos from this folder
    return len(media["files"])


def restore(folder: Path) -> Restored:
    """Bring a backup back into an empty database and media folder (refused otherwise)."""
    manifest = read_manifest(folder)
    verify(folder, manifest)
    _refuse_unless_empty(manifest)
    _restore_database(folder, manifest)
    files = _restore_media(folder, manifest)
    tables = len(sa.inspect(db.engine).get_table_names())
    return Restored(revision=manifest.get("revision"), tables=tables, media_files=files)
