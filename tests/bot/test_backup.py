"""`gigwise backup PATH`: a consistent copy of a live SQLite database, and a pointer to pg_dump.

The copy is made by a real `gigwise backup` process while this process keeps recording billings
in the same database, each in a transaction of its own whose trigger adds it to its contract's
total. A copy made as of one moment holds every billing committed before the backup started,
none committed after it ended, and every contract's total equal to the sum of its billings.
"""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing, suppress
from datetime import UTC, datetime
from pathlib import Path

import pytest

from db.backup import backup_name
from db.database import Database
from db.migrate import head_revision
from db.startup import open_database
from tests.bot.test_cli import GIGWISE, _env, gigwise
from tests.db.ledger_seeding import ALICE, BOB, bill, client_with_contract


async def gigwise_backup(tmp_path: Path, target: Path) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        GIGWISE,
        "backup",
        str(target),
        env=_env(tmp_path),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, stdout.decode(), stderr.decode()


class Billing:
    """Records billings one transaction at a time, across two members' contracts, until stopped
    (or `LIMIT` are recorded, so that nothing can fill the disk)."""

    LIMIT = 20_000

    def __init__(self, database: Database, contracts: list[tuple[int, int]]) -> None:
        self.database = database
        self.contracts = contracts
        self.committed = 0
        self.progress = asyncio.Condition()

    async def run(self) -> None:
        while self.committed < self.LIMIT:
            member, contract = self.contracts[self.committed % len(self.contracts)]
            await bill(self.database, member, contract, f"{self.committed % 97 + 1}.25")
            # An inline write never suspends: yield, as the bot does between interactions.
            await asyncio.sleep(0)
            async with self.progress:
                self.committed += 1
                self.progress.notify_all()

    async def past(self, count: int) -> int:
        """Wait until more than `count` billings are committed; how many are."""
        async with self.progress:
            await self.progress.wait_for(lambda: self.committed > count)
            return self.committed


def totals_that_disagree(copy: Path) -> list[tuple[int, int, int]]:
    """Contracts whose kept total is not the sum of their billings: (id, kept, summed)."""
    with closing(sqlite3.connect(copy)) as connection:
        return connection.execute(
            "SELECT c.id, c.billed_minor, COALESCE(SUM(b.amount_minor), 0) FROM contracts c "
            "LEFT JOIN billings b ON b.contract_id = c.id GROUP BY c.id "
            "HAVING c.billed_minor != COALESCE(SUM(b.amount_minor), 0)"
        ).fetchall()


def names_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def read(copy: Path, query: str) -> list[object]:
    with closing(sqlite3.connect(copy)) as connection:
        return [row[0] for row in connection.execute(query)]


async def test_a_backup_while_the_bot_writes_is_consistent(tmp_path: Path) -> None:
    database = await open_database(f"sqlite+aiosqlite:///{tmp_path / 'data' / 'gigwise.sqlite3'}")
    try:
        contracts = []
        for member in (ALICE, BOB):
            _, contract = await client_with_contract(database, member)
            contracts.append((member, contract.id))
        billing = Billing(database, contracts)
        writer = asyncio.create_task(billing.run())
        try:
            before = await billing.past(50)
            status, stdout, stderr = await gigwise_backup(tmp_path, tmp_path / "copy.sqlite3")
            after = billing.committed
            # Billings went on being recorded while the backup ran.
            assert after < Billing.LIMIT
            await billing.past(after)
        finally:
            writer.cancel()
            with suppress(asyncio.CancelledError):
                await writer
    finally:
        await database.dispose()
    copy = tmp_path / "copy.sqlite3"
    assert status == 0, stderr
    assert f"Backed up the database to {copy}" in stdout
    assert read(copy, "PRAGMA integrity_check") == ["ok"]
    assert before <= read(copy, "SELECT count(*) FROM billings")[0] <= after  # type: ignore[operator]
    assert totals_that_disagree(copy) == []
    assert read(copy, "SELECT version_num FROM alembic_version") == [head_revision()]
    # One self-contained file: nothing needed beside it.
    assert read(copy, "PRAGMA journal_mode") == ["delete"]
    assert names_in(tmp_path) == ["copy.sqlite3", "data"]


def test_a_backup_into_a_directory_is_dated(tmp_path: Path) -> None:
    assert gigwise(tmp_path, "migrate").returncode == 0
    folder = tmp_path / "backups"
    folder.mkdir()
    result = gigwise(tmp_path, "backup", str(folder))
    assert result.returncode == 0, result.stderr
    [made] = folder.iterdir()
    assert made.name.startswith("gigwise-backup-")
    assert read(made, "PRAGMA integrity_check") == ["ok"]


def test_a_folder_that_does_not_exist_is_not_taken_for_a_file(tmp_path: Path) -> None:
    assert gigwise(tmp_path, "migrate").returncode == 0
    result = gigwise(tmp_path, "backup", f"{tmp_path / 'backups'}/")
    assert result.returncode == 2
    assert "is not a directory; create it first" in result.stderr
    assert not (tmp_path / "backups").exists()


def test_a_restored_backup_is_what_gigwise_serves(tmp_path: Path) -> None:
    assert gigwise(tmp_path, "ask", "--manager", "/settings platform:fiverr").returncode == 0
    copy = tmp_path / "copy.sqlite3"
    assert gigwise(tmp_path, "backup", str(copy)).returncode == 0
    assert gigwise(tmp_path, "ask", "--manager", "/settings platform:malt").returncode == 0
    # Restoring as the README says: with Gigwise stopped, the copy takes the database's place.
    database = tmp_path / "data" / "gigwise.sqlite3"
    for beside in ("-wal", "-shm"):
        database.with_name(database.name + beside).unlink(missing_ok=True)
    database.write_bytes(copy.read_bytes())
    fee = gigwise(tmp_path, "ask", "/fee 100")
    assert fee.returncode == 0, fee.stderr
    assert "Fiverr keeps $20.00" in fee.stdout


def test_the_dated_name_is_in_utc() -> None:
    stamp = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert backup_name(stamp) == "gigwise-backup-20250102T030405Z.sqlite3"


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    assert gigwise(tmp_path, "migrate").returncode == 0
    kept = tmp_path / "kept.sqlite3"
    kept.write_bytes(b"an earlier backup")
    result = gigwise(tmp_path, "backup", str(kept))
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == f"gigwise: {kept} already exists; choose another name, or move it away first."
    )
    assert kept.read_bytes() == b"an earlier backup"


def test_no_database_means_nothing_to_back_up(tmp_path: Path) -> None:
    result = gigwise(tmp_path, "backup", str(tmp_path / "copy.sqlite3"))
    assert result.returncode == 2
    assert "There is no database at" in result.stderr
    # Backing up never creates the database it was asked to copy.
    assert not (tmp_path / "data").exists()


def test_a_damaged_database_is_not_backed_up(tmp_path: Path) -> None:
    assert gigwise(tmp_path, "migrate").returncode == 0
    with (tmp_path / "data" / "gigwise.sqlite3").open("r+b") as database:
        database.seek(100)
        database.write(b"\xa5" * 3000)
    result = gigwise(tmp_path, "backup", str(tmp_path / "copy.sqlite3"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "copy.sqlite3").exists()


@pytest.mark.parametrize(
    "url", ["postgresql+asyncpg://gigwise:s3cret-pw@db/gigwise", "postgresql+asyncpg://db/gigwise"]
)
def test_postgresql_is_backed_up_with_pg_dump(tmp_path: Path, url: str) -> None:
    result = gigwise(tmp_path, "backup", str(tmp_path / "copy"), DATABASE_URL=url)
    assert result.returncode == 2
    assert "pg_dump" in result.stderr
    assert "pg_restore" in result.stderr
    assert "s3cret-pw" not in result.stderr
