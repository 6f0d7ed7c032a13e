"""Scale-out: two Gigwise processes, one shard each, one PostgreSQL database, one member at once.

The test runs only where PostgreSQL is configured (GIGWISE_TEST_DATABASE_URL, which .ci/run sets when
the local server answers): two processes on one SQLite file is not a supported deployment.
"""

from __future__ import annotations

import asyncio
import os
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from advisor.fees import fee_for
from advisor.ledger import from_minor_units
from bot.sandbox import SandboxDiscord, shard_of
from db.database import Database
from db.models import Billing
from db.repositories.clients import ClientRepository
from tests.db.conftest import fresh_postgres_database

POSTGRES_URL = os.environ.get("GIGWISE_TEST_DATABASE_URL")
GIGWISE = str(Path(sys.executable).parent / "gigwise")
TOKEN = "sandbox." + "sh4rd" * 8
MEMBER = 100_000_000_000_000_777
BILLS_PER_SHARD = 20


def _guild_on_shard(shard: int, start: int = 300_000_000_000_000_000) -> int:
    guild = start
    while shard_of(guild, 2) != shard:
        guild += 1 << 22
    return guild


GUILDS = (_guild_on_shard(0), _guild_on_shard(1))


def _env(tmp_path: Path, sandbox: SandboxDiscord, database_url: str, shard: int) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DISCORD_", "GIGWISE_", "DATABASE_"))
    }
    env.update(
        DISCORD_TOKEN=TOKEN,
        DISCORD_API_URL=sandbox.api_url,
        DISCORD_GATEWAY_URL=sandbox.gateway_url,
        DATABASE_URL=database_url,
        GIGWISE_DATA_DIR=str(tmp_path / f"data{shard}"),
        SHARD_COUNT="2",
        SHARD_IDS=str(shard),
        LOG_LEVEL="WARNING",
    )
    return env


@pytest.mark.skipif(POSTGRES_URL is None, reason="needs PostgreSQL (GIGWISE_TEST_DATABASE_URL)")
async def test_two_shard_processes_share_one_member_exactly(tmp_path: Path) -> None:
    assert POSTGRES_URL is not None
    async with (
        fresh_postgres_database(POSTGRES_URL) as database_url,
        SandboxDiscord(token=TOKEN, guild_ids=GUILDS, shard_count=2) as sandbox,
    ):
        processes = [
            await asyncio.create_subprocess_exec(
                GIGWISE,
                "run",
                env=_env(tmp_path, sandbox, database_url, shard),
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            for shard in (0, 1)
        ]
        try:
            await sandbox.wait_until_ready(timeout=60)
            # Each process identified for its own shard; the sandbox routes each guild to its shard.
            assert sorted(sandbox.gateway.shards) == [0, 1]
            started = await sandbox.invoke(
                "contract",
                # Upwork's old sliding fee, so that the billings cross its $500 band.
                {"client": "Shared Client", "title": "Retainer", "platform": "upwork-tiered"},
                subcommand="start",
                user_id=MEMBER,
                guild_id=GUILDS[0],
                timeout=30,
            )
            contract = started.embeds[0]["footer"]["text"].split("#")[1].split(" ")[0]
            amounts = [Decimal(f"{10 + n}.25") for n in range(2 * BILLS_PER_SHARD)]
            replies = await asyncio.gather(
                *(
                    sandbox.invoke(
                        "contract",
                        {"contract": contract, "amount": str(amount)},
                        subcommand="bill",
                        user_id=MEMBER,
                        guild_id=GUILDS[n % 2],
                        timeout=60,
                    )
                    for n, amount in enumerate(amounts)
                )
            )
        finally:
            for process in processes:
                process.terminate()
            outputs = [await asyncio.wait_for(p.communicate(), 30) for p in processes]
        database = Database(database_url)
        try:
            async with database.read() as reads:
                client = await ClientRepository(reads).find(MEMBER, "Shared Client")
                assert client is not None
                lifetime = await ClientRepository(reads).lifetime_billed(MEMBER, client.id)
                # Ids are handed out in the order billings of one client take turns.
                billings = await reads.rows(
                    select(Billing.amount_minor, Billing.fee_charged_minor).order_by(Billing.id)
                )
        finally:
            await database.dispose()
    for process, (_, stderr) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, stderr.decode()
        assert "Traceback" not in stderr.decode()
    assert all(r.embeds[0]["title"].startswith("Billing recorded") for r in replies)
    assert len(billings) == len(amounts)
    assert lifetime == sum(amounts)
    # Each billing was charged on what the client was billed before it, whichever process
    # recorded it: none was priced as if a concurrent one had not happened.
    before = Decimal(0)
    for amount_minor, fee_minor in billings:
        amount = from_minor_units(amount_minor, "USD")
        assert fee_minor is not None
        assert from_minor_units(fee_minor, "USD") == fee_for(amount, "upwork-tiered", before).fee
        before += amount
