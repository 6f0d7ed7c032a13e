"""`gigwise backup PATH`: a consistent copy of a live SQLite database, made while the bot runs.

SQLite's online backup API copies the database as of one moment, pages still in the write-ahead
log included, in one read transaction: the bot's writers carry on meanwhile and none of their
transactions is copied in half. Copying the file's bytes instead would miss what the log holds
and could catch a checkpoint half way. The copy is made under a temporary name beside PATH,
checked with `PRAGMA integrity_check`, turned into a single self-contained file (rollback
journal, no -wal or -shm beside it) and only then given its name, so PATH is never a copy made
half way. To restore it: stop the bot, put the copy in the database's place, start the bot.

PostgreSQL has its own tools for this (pg_dump and pg_restore); `backup_command_for` says so.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import URL

from db.database import DEFAULT_BUSY_TIMEOUT, POSTGRES_DRIVER, async_database_url, sqlite_file
from db.errors import DatabaseUnusable, DiskFull
from db.startup import copy_sqlite


class BackupRefused(DatabaseUnusable):
    """A backup that cannot be made as asked; the message says what to do instead."""


@dataclass(frozen=True, slots=True)
class Backup:
    """A finished copy: where it is and how large."""

    path: Path
    size: int


def backup_name(stamp: datetime) -> str:
    """The file name a backup takes inside a directory: `gigwise-backup-20250102T030405Z.sqlite3`."""
    moment = stamp.astimezone(UTC) if stamp.tzinfo else stamp
    return f"gigwise-backup-{moment:%Y%m%dT%H%M%S}Z.sqlite3"


def where_to(target: str | Path, stamp: datetime) -> Path:
    """The file a backup to `target` writes: `target` itself, or a dated name inside it when it
    is a directory (or is written as one, ending in a slash). An existing file is never
    overwritten."""
    folder = Path(target)
    if str(target).endswith(("/", os.sep)) and not folder.is_dir():
        raise BackupRefused(f"{folder} is not a directory; create it first.")
    path = folder / backup_name(stamp) if folder.is_dir() else folder
    if path.exists():
        raise BackupRefused(f"{path} already exists; choose another name, or move it away first.")
    if not path.parent.is_dir():
        raise BackupRefused(f"{path.parent} is not a directory; create it first.")
    return path


def backup_database(
    url: str | URL,
    target: str | Path,
    *,
    stamp: datetime | None = None,
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
) -> Backup:
    """Copy the SQLite database at `url` to `target` (see the module docstring)."""
    parsed = async_database_url(url)
    if parsed.drivername == POSTGRES_DRIVER:
        raise BackupRefused(
            "DATABASE_URL is a PostgreSQL database: back it up with PostgreSQL's own pg_dump "
            "(e.g. pg_dump --format=custom --file=gigwise.dump DBNAME) and restore it with "
            "pg_restore; see the README's Backups."
        )
    source = sqlite_file(parsed)
    if source is None or not source.is_file():
        raise BackupRefused(f"There is no database at {source} to back up.")
    path = where_to(target, stamp or datetime.now(UTC))
    partial = path.with_name(f".{path.name}.partial")
    try:
        copy_sqlite(source, partial, busy_timeout=busy_timeout)
        _seal(partial)
        os.replace(partial, path)
    except (sqlite3.Error, OSError) as error:
        if isinstance(error, sqlite3.Error) and _is_full(error):
            raise DiskFull(str(path.parent), str(error)) from error
        detail = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise BackupRefused(f"Cannot back up {source} to {path} ({detail}).") from error
    finally:
        partial.unlink(missing_ok=True)
    return Backup(path=path, size=path.stat().st_size)


def _is_full(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF == sqlite3.SQLITE_FULL


def _seal(copy: Path) -> None:
    """Check the copy and make it one self-contained file."""
    with closing(sqlite3.connect(copy, isolation_level=None)) as connection:
        verdict = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if verdict != ["ok"]:
            raise BackupRefused(
                f"The copy failed SQLite's integrity check ({'; '.join(verdict[:3])}); the "
                "database itself may be damaged. Nothing was saved."
            )
        # The source's write-ahead-log mode came along with its first page.
        connection.execute("PRAGMA journal_mode = DELETE").fetchall()
