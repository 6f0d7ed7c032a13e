"""Tests for db.startup: newer databases are refused, older ones copied aside and upgraded."""

from __future__ import annotations

import errno
import os
import socket
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy.exc import DBAPIError

from db.database import Database, async_database_url
from db.diagnosis import explain
from db.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseTooNew,
    DatabaseTooOld,
    DatabaseUnreachable,
    DiskFull,
)
from db.migrate import SchemaStatus, head_revision, schema_state, upgrade
from db.startup import backup_path, copy_sqlite, open_database
from tests.db.test_migrate import REVISIONS_OLDEST_FIRST, seed, stamp_unknown_revision

OLDEST = REVISIONS_OLDEST_FIRST[0]
STAMP = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


async def database_at(url: str, revision: str, *, with_rows: bool = True) -> Path | None:
    database = Database(url)
    try:
        await upgrade(database, revision)
        if with_rows:
            await seed(database, revision)
        return database.file
    finally:
        await database.dispose()


def revision_in_file(file: Path) -> str:
    with closing(sqlite3.connect(file)) as connection:
        [(revision,)] = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    return str(revision)


def billings_in_file(file: Path) -> int:
    with closing(sqlite3.connect(file)) as connection:
        [(count,)] = connection.execute("SELECT count(*) FROM billings").fetchall()
    return int(count)


def copies_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.rglob("*.rev*"))


async def test_empty_database_is_created_at_head(database_url: str) -> None:
    database = await open_database(database_url)
    try:
        assert (await schema_state(database)).status is SchemaStatus.CURRENT
    finally:
        await database.dispose()


async def test_older_database_is_upgraded(database_url: str) -> None:
    await database_at(database_url, OLDEST)
    database = await open_database(database_url, backup_stamp=STAMP)
    try:
        assert (await schema_state(database)).current == head_revision()
    finally:
        await database.dispose()


async def test_newer_database_is_refused_naming_both_revisions(database_url: str) -> None:
    database = Database(database_url)
    await upgrade(database)
    await stamp_unknown_revision(database, "9999")
    await database.dispose()
    with pytest.raises(DatabaseTooNew) as refused:
        await open_database(database_url)
    message = str(refused.value)
    assert "9999" in message
    assert head_revision() in message
    assert "\n" not in message


async def test_older_database_is_refused_when_told_not_to_upgrade(database_url: str) -> None:
    await database_at(database_url, OLDEST)
    with pytest.raises(DatabaseTooOld, match="gigwise migrate"):
        await open_database(database_url, upgrade=False)


async def test_sqlite_file_is_copied_aside_before_upgrading(sqlite_url: str) -> None:
    file = await database_at(sqlite_url, OLDEST)
    assert file is not None
    database = await open_database(sqlite_url, backup_stamp=STAMP)
    await database.dispose()
    copy = file.with_name(f"gigwise.rev{OLDEST}.20250102T030405Z.sqlite3")
    assert (revision_in_file(copy), billings_in_file(copy)) == (OLDEST, 1)
    assert (revision_in_file(file), billings_in_file(file)) == (head_revision(), 1)


async def test_copy_aside_is_named_from_the_file_time_without_a_stamp(sqlite_url: str) -> None:
    file = await database_at(sqlite_url, OLDEST)
    assert file is not None
    last_change = datetime(2024, 6, 7, 8, 9, 10, tzinfo=UTC).timestamp()
    os.utime(file, (last_change, last_change))
    database = await open_database(sqlite_url)
    await database.dispose()
    assert file.with_name(f"gigwise.rev{OLDEST}.20240607T080910Z.sqlite3").exists()


async def test_current_database_is_not_copied(sqlite_url: str) -> None:
    file = await database_at(sqlite_url, head_revision())
    assert file is not None
    database = await open_database(sqlite_url, backup_stamp=STAMP)
    await database.dispose()
    assert copies_in(file.parent) == []


async def test_new_database_is_not_copied(sqlite_url: str, tmp_path: Path) -> None:
    database = await open_database(sqlite_url, backup_stamp=STAMP)
    await database.dispose()
    assert copies_in(tmp_path) == []


@pytest.mark.parametrize(
    ("stamp", "name"),
    [
        (STAMP, "gigwise.rev0001.20250102T030405Z.sqlite3"),
        (
            datetime(2025, 1, 2, 5, 4, 5, tzinfo=timezone(timedelta(hours=2))),
            "gigwise.rev0001.20250102T030405Z.sqlite3",
        ),
    ],
)
def test_copy_name_holds_revision_and_utc_time(tmp_path: Path, stamp: datetime, name: str) -> None:
    assert backup_path(tmp_path / "gigwise.sqlite3", "0001", stamp).name == name


def test_copy_name_never_overwrites_an_earlier_copy(tmp_path: Path) -> None:
    first = backup_path(tmp_path / "gigwise.sqlite3", "0001", STAMP)
    first.touch()
    assert backup_path(tmp_path / "gigwise.sqlite3", "0001", STAMP).name == (
        "gigwise.rev0001.20250102T030405Z-2.sqlite3"
    )


def test_the_head_known_without_alembic_is_alembics_head() -> None:
    from db.migrate import head_revision
    from db.schema_version import HEAD_REVISION

    assert head_revision() == HEAD_REVISION


def test_opening_a_current_database_does_not_load_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    url = f"sqlite+aiosqlite:///{tmp_path / 'current.sqlite3'}"
    script = (
        "import asyncio, sys\n"
        "from db.startup import open_database\n"
        "async def main():\n"
        "    db = await open_database(sys.argv[1])\n"
        "    await db.dispose()\n"
        "asyncio.run(main())\n"
        "print('alembic' in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", script, url], check=True, capture_output=True)
    second = subprocess.run(
        [sys.executable, "-c", script, url], check=True, capture_output=True, text=True
    )
    assert second.stdout.strip() == "False"


# -- a database that cannot be used: each gives a DatabaseUnusable that says what to do --------


def _damage_schema(file: Path) -> None:
    """Overwrite the schema's page past SQLite's 100-byte header, the first thing it reads."""
    with file.open("r+b") as database:
        database.seek(100)
        database.write(b"\xa5" * 3000)


@pytest.mark.parametrize("damage", ["not a database", "damaged schema"])
async def test_a_damaged_file_is_refused_and_left_as_it_is(sqlite_url: str, damage: str) -> None:
    file = await database_at(sqlite_url, head_revision())
    assert file is not None
    if damage == "not a database":
        file.write_bytes(os.urandom(64 * 1024))
    else:
        _damage_schema(file)
    before = file.read_bytes()
    with pytest.raises(DatabaseDamaged) as refused:
        await open_database(sqlite_url)
    assert str(file) in str(refused.value)
    assert "backup" in str(refused.value)
    assert file.read_bytes() == before


def _hold_the_write_lock(file: Path) -> sqlite3.Connection:
    holder = sqlite3.connect(file, isolation_level=None)
    holder.execute("PRAGMA journal_mode = WAL")
    holder.execute("BEGIN IMMEDIATE")
    return holder


async def test_a_lock_held_past_the_wait_is_named(sqlite_url: str) -> None:
    file = await database_at(sqlite_url, OLDEST)
    assert file is not None
    with closing(_hold_the_write_lock(file)), pytest.raises(DatabaseLocked) as refused:
        await open_database(sqlite_url, lock_wait=0.2)
    assert "locked by another process for 0.2 s" in str(refused.value)
    assert revision_in_file(file) == OLDEST


async def test_start_up_reads_the_schema_without_waiting_for_a_writer(sqlite_url: str) -> None:
    file = await database_at(sqlite_url, head_revision())
    assert file is not None
    with closing(_hold_the_write_lock(file)):
        # A current database needs no write, so a writer elsewhere holds nothing up.
        database = await open_database(sqlite_url, lock_wait=0.2)
        await database.dispose()


def _full_error(tmp_path: Path) -> sqlite3.Error:
    """The error SQLite gives when its disk is full, from a database capped at a few pages."""
    with closing(sqlite3.connect(tmp_path / "capped.sqlite3")) as capped:
        capped.execute("PRAGMA max_page_count = 2")
        capped.execute("CREATE TABLE t (x BLOB)")
        try:
            capped.execute("INSERT INTO t VALUES (zeroblob(100000))")
        except sqlite3.Error as full:
            return full
    raise AssertionError("SQLite did not run out of room")


def test_sqlites_full_disk_is_explained(tmp_path: Path) -> None:
    full = _full_error(tmp_path)
    url = async_database_url(f"sqlite+aiosqlite:///{tmp_path / 'gigwise.sqlite3'}")
    explained = explain(DBAPIError("INSERT", None, full), url, 30)
    assert isinstance(explained, DiskFull)
    assert str(tmp_path) in str(explained)


def test_no_space_left_from_the_system_is_a_full_disk(tmp_path: Path) -> None:
    url = async_database_url(f"sqlite+aiosqlite:///{tmp_path / 'gigwise.sqlite3'}")
    no_space = OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "copy"))
    assert isinstance(explain(no_space, url, 30), DiskFull)


def test_a_bug_is_not_explained_away(tmp_path: Path) -> None:
    url = async_database_url(f"sqlite+aiosqlite:///{tmp_path / 'gigwise.sqlite3'}")
    assert explain(RuntimeError("a bug"), url, 30) is None
    assert explain(KeyboardInterrupt(), url, 30) is None


async def test_a_server_that_does_not_answer_is_named() -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    # Nothing listens on the port once the socket is closed.
    url = f"postgresql+asyncpg://gigwise:pw@127.0.0.1:{port}/gigwise"
    with pytest.raises(DatabaseUnreachable) as refused:
        await open_database(url)
    assert f"127.0.0.1:{port}" in str(refused.value)
    assert "pw" not in str(refused.value).replace("postgresql", "")


def test_a_failed_copy_leaves_nothing_behind(tmp_path: Path) -> None:
    source = tmp_path / "source.sqlite3"
    source.write_bytes(b"not a database at all" * 100)
    target = tmp_path / "copy.sqlite3"
    with pytest.raises(sqlite3.DatabaseError):
        copy_sqlite(source, target)
    assert not target.exists()
