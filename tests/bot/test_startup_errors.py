"""Start-up that explains itself: each way the database can be unusable ends `gigwise` with one
line that says what to do, exit status 2 and no traceback, and leaves the database as it was.

Real processes on real file systems: the read-only directory and the full disk are small tmpfs
mounts made in a user and mount namespace of the test's own (`unshare`, no root needed where
unprivileged user namespaces are allowed, as on most Linux systems), and the unreadable file is
read by a process that `unshare` makes nobody, since permission bits do not stop root.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import shlex
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from db.migrate import head_revision
from tests.bot.test_cli import GIGWISE, _env, gigwise
from tests.db.test_startup import OLDEST, database_at

ASK = ("ask", "/fee 100 platform:upwork-flat")
ANSWER = "Upwork keeps $10.00 of $100.00"


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The error `gigwise` ended with, once it is checked to be one line, status 2, no traceback."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("gigwise: ")
    return lines[0]


def digest(file: Path) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()


async def _seed(data: Path, revision: str) -> Path:
    file = await database_at(f"sqlite+aiosqlite:///{data / 'gigwise.sqlite3'}", revision)
    assert file is not None
    return file


# -- DATABASE_URL ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("postgresql+asyncpg://gigwise:hunter2-secret@db:5432x/gigwise", "port"),
        ("postgresql+asyncpg://gigwise:hunter2-secret@db:99999/gigwise", "port"),
        ("postgresql+asyncpg://gigwise:hunter2-secret@db:0/gigwise", "port"),
        ("postgresql+asyncpg://gigwise:hunter2-secret@[::1/gigwise", "not a valid URL"),
        ("sqlite+aiosqlite:///", "no database file"),
    ],
)
def test_a_malformed_database_url_is_one_line(tmp_path: Path, url: str, problem: str) -> None:
    line = one_line_error(gigwise(tmp_path, *ASK, DATABASE_URL=url))
    assert line.startswith("gigwise: DATABASE_URL: ")
    assert problem in line
    assert "hunter2" not in line


def test_a_database_server_that_does_not_answer_is_one_line(tmp_path: Path) -> None:
    # Port 9 (discard) on this machine: nothing listens there.
    line = one_line_error(
        gigwise(tmp_path, *ASK, DATABASE_URL="postgresql+asyncpg://gigwise@127.0.0.1:9/gigwise")
    )
    assert "Cannot reach the database server at" in line
    assert "127.0.0.1:9" in line


# -- the file --------------------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["not a database", "damaged schema", "cut short"])
async def test_a_damaged_database_is_one_line_and_left_as_it_is(
    tmp_path: Path, damage: str
) -> None:
    file = await _seed(tmp_path / "data", head_revision())
    if damage == "not a database":
        file.write_bytes(os.urandom(64 * 1024))
    elif damage == "damaged schema":
        with file.open("r+b") as database:
            database.seek(100)
            database.write(b"\xa5" * 3000)
    else:
        file.write_bytes(file.read_bytes()[:1000])
    before = digest(file)
    line = one_line_error(gigwise(tmp_path, *ASK))
    assert f"{file} is not a SQLite database, or it is damaged" in line
    assert digest(file) == before


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A directory any user may enter, for a process that runs as nobody."""
    with tempfile.TemporaryDirectory(prefix="gigwise-") as made:
        folder = Path(made)
        folder.chmod(0o755)
        yield folder


def test_an_unreadable_database_is_one_line_and_left_as_it_is(shared_dir: Path) -> None:
    data = shared_dir / "data"
    file = asyncio.run(_seed(data, head_revision()))
    data.chmod(0o777)
    file.chmod(0)
    before = digest(file)
    result = subprocess.run(
        ["unshare", "--user", GIGWISE, *ASK],
        capture_output=True,
        text=True,
        env=_env(shared_dir),
        timeout=60,
        check=False,
    )
    line = one_line_error(result)
    assert f"Cannot read the database {file} (Permission denied)" in line
    assert digest(file) == before


# -- the disk --------------------------------------------------------------------------------


def in_a_small_filesystem(
    tmp_path: Path, script: str, size: str = "1m"
) -> subprocess.CompletedProcess[str]:
    """Run `script` (sh) with a new tmpfs of `size` mounted at $DISK, in namespaces of its own;
    $SEED is tmp_path/seed, $GIGWISE the command, and what it prints is the result."""
    disk = tmp_path / "disk"
    disk.mkdir()
    lines = [
        "set -e",
        f"mount -t tmpfs -o size={size} tmpfs {shlex.quote(str(disk))}",
        f"DISK={shlex.quote(str(disk))} SEED={shlex.quote(str(tmp_path / 'seed'))}",
        f"GIGWISE={shlex.quote(GIGWISE)}",
        script,
    ]
    return subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", "\n".join(lines)],
        capture_output=True,
        text=True,
        env=_env(tmp_path, GIGWISE_DATA_DIR=str(disk / "data")),
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("seeded", [False, True])
async def test_a_read_only_data_directory_is_one_line(tmp_path: Path, seeded: bool) -> None:
    if seeded:
        await _seed(tmp_path / "seed", head_revision())
    else:
        (tmp_path / "seed").mkdir()
    result = in_a_small_filesystem(
        tmp_path,
        'cp -r "$SEED" "$DISK/data"\nmount -o remount,ro "$DISK"\nexec "$GIGWISE" ask "/fee 100"',
    )
    line = one_line_error(result)
    assert f"The directory {tmp_path / 'disk' / 'data'} is read-only" in line
    assert "GIGWISE_DATA_DIR" in line


@pytest.mark.parametrize(
    ("revision", "room"),
    [
        (None, "0"),  # a new database, on a disk already full
        (OLDEST, "0"),  # an older one: not even SQLite's -shm file fits
        (OLDEST, "60k"),  # its -shm file fits, the copy made before upgrading does not
        (OLDEST, "100k"),  # the copy fits, the upgrade does not
    ],
)
async def test_a_full_disk_is_one_line_and_the_database_left_as_it_was(
    tmp_path: Path, revision: str | None, room: str
) -> None:
    seed = tmp_path / "seed"
    if revision is None:
        seed.mkdir()
    else:
        await _seed(seed, revision)
    result = in_a_small_filesystem(
        tmp_path,
        'cp -r "$SEED" "$DISK/data"\n'
        # Fill the disk, then give back `room` of it.
        'cat /dev/zero > "$DISK/filler" 2>/dev/null || true\n'
        f'truncate -s "-{room}" "$DISK/filler"\n'
        'set +e\n"$GIGWISE" ask "/fee 100"\necho "status $?" >&2\n'
        'cp "$DISK/data/gigwise.sqlite3" "$SEED/after.sqlite3" 2>/dev/null || true',
    )
    *shown, status = result.stderr.strip().splitlines()
    assert status == "status 2", result.stderr
    line = one_line_error(subprocess.CompletedProcess([], 2, "", "\n".join(shown)))
    assert f"The disk that holds {tmp_path / 'disk' / 'data'} is full" in line
    if revision is not None:
        assert digest(seed / "after.sqlite3") == digest(seed / "gigwise.sqlite3")


# -- another process's lock ------------------------------------------------------------------


def _hold_the_write_lock(file: Path) -> sqlite3.Connection:
    file.parent.mkdir(parents=True, exist_ok=True)
    holder = sqlite3.connect(file, isolation_level=None)
    holder.execute("PRAGMA journal_mode = WAL")
    holder.execute("BEGIN IMMEDIATE")
    return holder


def test_a_lock_held_too_long_is_named(tmp_path: Path) -> None:
    with closing(_hold_the_write_lock(tmp_path / "data" / "gigwise.sqlite3")):
        result = gigwise(tmp_path, *ASK, DATABASE_LOCK_WAIT="1.5")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    waiting, refused = result.stderr.strip().splitlines()
    assert "Another process holds the database's lock; waiting for it" in waiting
    assert refused.startswith("gigwise: The database ")
    assert "stayed locked by another process for 1.5 s" in refused


async def test_start_up_waits_for_a_lock_and_carries_on(tmp_path: Path) -> None:
    holder = _hold_the_write_lock(tmp_path / "data" / "gigwise.sqlite3")
    with closing(holder):
        process = await asyncio.create_subprocess_exec(
            GIGWISE,
            *ASK,
            env=_env(tmp_path),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        assert process.stderr is not None
        waiting = await asyncio.wait_for(process.stderr.readline(), 60)
        assert b"waiting for it" in waiting
        holder.execute("ROLLBACK")
        stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, stderr.decode()
    assert ANSWER in stdout.decode()
    assert stderr == b""


def test_many_processes_starting_at_once_all_answer(tmp_path: Path) -> None:
    processes = [
        subprocess.Popen(
            [GIGWISE, *ASK],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(tmp_path),
        )
        for _ in range(8)
    ]
    results = [(p.communicate(timeout=120), p.returncode) for p in processes]
    for (stdout, stderr), status in results:
        assert status == 0, stderr
        assert ANSWER in stdout
        assert "Traceback" not in stderr
