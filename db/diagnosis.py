"""Why a database could not be opened at start-up, in words whoever runs Gigwise can act on.

SQLite answers most of these with a code and a terse message: "unable to open database file"
stands for a file nobody may read, a directory nobody may write and a path that does not exist
alike. `explain` turns a failure into one of the `db.errors.DatabaseUnusable` errors, looking at
the file system only after SQLite has failed, so that a start-up that works pays nothing. It
only reads: the database itself is never written to find out what is wrong with it.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
import tempfile
from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from db.database import is_busy_error, sqlite_file
from db.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseReadOnly,
    DatabaseUnreachable,
    DatabaseUnreadable,
    DatabaseUnusable,
    DiskFull,
)

# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_PERM = 3
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26

_CANNOT_WRITE = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})
# Free space below which a disk counts as full when SQLite fails on it: its -shm file alone
# takes 32 KiB, and every write goes through the -wal file first.
_ROOM_SQLITE_NEEDS = 256 * 1024


def _causes(error: BaseException) -> list[BaseException]:
    """The error, what it wraps (a driver's error inside SQLAlchemy's) and what caused it."""
    found: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in found:
        found.append(current)
        if isinstance(current, DBAPIError) and isinstance(current.orig, BaseException):
            found.append(current.orig)
        current = current.__cause__ or current.__context__
    return found


def _sqlite_error(error: BaseException) -> sqlite3.Error | None:
    return next((e for e in _causes(error) if isinstance(e, sqlite3.Error)), None)


def _os_error(error: BaseException) -> OSError | None:
    return next((e for e in _causes(error) if isinstance(e, OSError)), None)


def _where(url: URL) -> str:
    file = sqlite_file(url)
    if file is not None:
        return str(file)
    return url.render_as_string(hide_password=True)


def explain(error: BaseException, url: URL, lock_wait: float) -> DatabaseUnusable | None:
    """What `error`, raised while opening the database at `url`, means for whoever runs Gigwise;
    None for a failure that is not about the database's file, disk or server (a bug)."""
    if isinstance(error, DatabaseUnusable):
        return error
    if not isinstance(error, Exception):
        # An interrupt or a cancellation, whatever it interrupted.
        return None
    if any(is_busy_error(cause) for cause in _causes(error)):
        return DatabaseLocked(_where(url), lock_wait)
    file = sqlite_file(url)
    driver = _sqlite_error(error)
    system = _os_error(error)
    code = getattr(driver, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if file is None:
        if system is not None and system.filename is None:
            # A server that refused the connection, or a host name that does not resolve.
            return DatabaseUnreachable(_where(url), system.strerror or str(system))
        return None
    if driver is not None:
        detail = str(driver)
    elif system is not None:
        detail = system.strerror or str(system)
    else:
        detail = str(error)
    if primary == _SQLITE_FULL or (system is not None and system.errno == errno.ENOSPC):
        return DiskFull(str(file.parent), detail)
    if primary in (_SQLITE_NOTADB, _SQLITE_CORRUPT):
        return DatabaseDamaged(str(file), detail)
    if primary in (_SQLITE_CANTOPEN, _SQLITE_READONLY, _SQLITE_PERM, _SQLITE_IOERR) or (
        system is not None and system.errno in _CANNOT_WRITE
    ):
        return _look_at_the_files(file, detail) or DatabaseUnusable(
            f"Cannot open {file} ({detail})."
        )
    return None


def _look_at_the_files(file: Path, detail: str) -> DatabaseUnusable | None:
    """Why SQLite could not open or write `file` (it said `detail`), found by trying what it
    needs, without writing the database itself."""
    if file.exists():
        try:
            with file.open("rb") as database:
                database.read(1)
        except OSError as refused:
            return DatabaseUnreadable(str(file), refused.strerror or str(refused))
    # SQLite creates its -wal and -shm files (and a new database) in the file's directory, and
    # Gigwise creates that directory when it is missing.
    folder = file.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as refused:
        if refused.errno == errno.ENOSPC:
            return DiskFull(str(folder), refused.strerror or "no space left on device")
        return DatabaseReadOnly(str(folder), refused.strerror or str(refused), directory=True)
    free = shutil.disk_usage(folder).free
    if free < _ROOM_SQLITE_NEEDS:
        # Creating a file needs no room, but SQLite's -shm and -wal files do: on a full disk
        # SQLite says "disk I/O error" when it cannot grow them.
        return DiskFull(str(folder), f"{detail}, {free:,} bytes free")
    if file.exists():
        try:
            with file.open("r+b"):
                pass
        except OSError as refused:
            return DatabaseReadOnly(str(file), refused.strerror or str(refused), directory=False)
    return None
