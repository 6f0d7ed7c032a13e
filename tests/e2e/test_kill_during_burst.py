"""SIGKILL in the middle of a burst of `/contract bill`: nothing confirmed is lost.

`gigwise run` serves the sandbox as a separate process on a SQLite file. Once some of 2,000 billings
have been confirmed, the process is killed outright, with no chance to clean up. A restarted
Gigwise finds the database whole, and every billing whose confirmation reached the member (the
sandbox saw its interaction callback) is in it: Gigwise confirms only after the commit.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import sys
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

from advisor.money import format_money
from bot.sandbox import Reply, SandboxDiscord
from bot.sandbox.pending import PendingInteraction

GIGWISE = str(Path(sys.executable).parent / "gigwise")
TOKEN = "sandbox." + "k1llb0t" * 6
ALICE = 100_000_000_000_000_101
BILLS = 2_000
KILL_AFTER = 120
CONFIRMED = "Billing recorded"


def _env(tmp_path: Path, sandbox: SandboxDiscord) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DISCORD_", "GIGWISE_", "DATABASE_", "LOG_LEVEL"))
    }
    env.update(
        GIGWISE_DATA_DIR=str(tmp_path / "data"),
        DISCORD_TOKEN=TOKEN,
        DISCORD_API_URL=sandbox.api_url,
        DISCORD_GATEWAY_URL=sandbox.gateway_url,
    )
    return env


@contextlib.asynccontextmanager
async def _gigwise_run(
    tmp_path: Path, sandbox: SandboxDiscord, log_name: str
) -> AsyncIterator[asyncio.subprocess.Process]:
    """`gigwise run` against the sandbox, ready to answer; killed if the block leaves it running."""
    sandbox.ready.clear()
    with (tmp_path / log_name).open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            GIGWISE, "run", env=_env(tmp_path, sandbox), stdout=log, stderr=log
        )
        try:
            await sandbox.wait_until_ready(timeout=30)
            yield process
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()


async def _start_contract(sandbox: SandboxDiscord) -> int:
    reply = await sandbox.invoke(
        "contract", {"client": "Acme Corp", "title": "Retainer"}, subcommand="start", user_id=ALICE
    )
    footer = reply.embeds[0]["footer"]["text"]
    return int(footer.split("#")[1].split(" ")[0])


def _confirmed(pending: PendingInteraction) -> bool:
    if not pending.bodies or pending.name != "/contract bill":
        return False
    embeds = (pending.bodies[0].get("data") or {}).get("embeds") or [{}]
    return str(embeds[0].get("title", "")).startswith(CONFIRMED)


def _billings(file: Path) -> dict[str, int]:
    with contextlib.closing(sqlite3.connect(file)) as reader:
        rows = reader.execute(
            "SELECT idempotency_key, amount_minor FROM billings WHERE member_id = ?", (ALICE,)
        )
        return dict(rows.fetchall())


async def test_billings_confirmed_before_a_sigkill_survive_it(tmp_path: Path) -> None:
    # 2,000 bills sent at once queue far past Discord's 3 s, as they would in Discord: what is
    # tested here is what survives the kill, so the deadline is left to the tests of it.
    async with SandboxDiscord(token=TOKEN, response_deadline=None) as sandbox:
        async with _gigwise_run(tmp_path, sandbox, "first.log") as first:
            contract = await _start_contract(sandbox)
            confirmed = 0
            enough = asyncio.Event()

            async def bill(number: int) -> Reply:
                nonlocal confirmed
                reply = await sandbox.invoke(
                    "contract",
                    {"contract": str(contract), "amount": f"{number}.01"},
                    subcommand="bill",
                    user_id=ALICE,
                    timeout=60,
                )
                confirmed += 1
                if confirmed >= KILL_AFTER:
                    enough.set()
                return reply

            burst = [asyncio.create_task(bill(n)) for n in range(1, BILLS + 1)]
            await enough.wait()
            first.kill()
            await first.wait()
            for task in burst:
                task.cancel()
            await asyncio.gather(*burst, return_exceptions=True)

        seen = [p for p in sandbox.state.pending.values() if _confirmed(p)]
        dispatched = {p.interaction_id for p in sandbox.state.pending.values()}
        async with _gigwise_run(tmp_path, sandbox, "second.log") as second:
            clients = await sandbox.invoke("clients", user_id=ALICE)
            second.terminate()
            await second.wait()

    file = tmp_path / "data" / "gigwise.sqlite3"
    with contextlib.closing(sqlite3.connect(file)) as reader:
        assert reader.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert reader.execute("PRAGMA foreign_key_check").fetchall() == []
    stored = _billings(file)
    assert KILL_AFTER <= len(seen) < BILLS
    assert {f"discord:{p.interaction_id}" for p in seen} <= set(stored)
    assert {int(key.removeprefix("discord:")) for key in stored} <= dispatched
    lifetime = Decimal(sum(stored.values())).scaleb(-2)
    assert format_money(lifetime) in clients.embeds[0]["description"]
    assert second.returncode == 0
    assert "Traceback" not in (tmp_path / "second.log").read_text()
