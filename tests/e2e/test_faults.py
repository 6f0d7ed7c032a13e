"""Faults Gigwise survives: a dropped gateway, an invalidated session, a rate limit, Discord's 5xx
answers and a database locked by another writer. Each member is answered once, and nothing is
written twice or half-way."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bot.client import GigwiseBot
from bot.sandbox import MANAGER_PERMISSIONS, Reply, SandboxDiscord
from bot.settings import Settings
from db.database import Database
from db.startup import open_database
from tests.e2e.conftest import CALLBACK_ROUTE, connected

ALICE = 100_000_000_000_000_101
CALLBACK = CALLBACK_ROUTE[1]
BURST = 30
# Short enough to keep the test quick, long enough that a free database never reaches it.
SHORT_BUSY_TIMEOUT = 0.25
BUSY_REPLY = "try again in a moment"
SAMPLE_CSV = (
    Path(__file__).parent.parent / "data" / "upwork_csv" / "statements_2021-01-01_2021-06-30.csv"
)


async def _start_contract(sandbox: SandboxDiscord, user: int = ALICE) -> int:
    reply = await sandbox.invoke(
        "contract", {"client": "Acme Corp", "title": "Retainer"}, subcommand="start", user_id=user
    )
    footer = reply.embeds[0]["footer"]["text"]
    return int(footer.split("#")[1].split(" ")[0])


def _bill(sandbox: SandboxDiscord, contract: int, amount: str) -> Awaitable[Reply]:
    return sandbox.invoke(
        "contract",
        {"contract": str(contract), "amount": amount},
        subcommand="bill",
        user_id=ALICE,
        timeout=30,
    )


async def _billing_keys(database: Database, member: int = ALICE) -> list[str]:
    async with database.engine.connect() as sql:
        rows = await sql.execute(
            text("SELECT idempotency_key FROM billings WHERE member_id = :member"),
            {"member": member},
        )
        return sorted(row[0] for row in rows)


async def _lifetime(database: Database, member: int = ALICE) -> Decimal:
    async with database.engine.connect() as sql:
        total = await sql.scalar(
            text("SELECT COALESCE(SUM(amount_minor), 0) FROM billings WHERE member_id = :member"),
            {"member": member},
        )
    return Decimal(int(total or 0)) / 100


def _callbacks(sandbox: SandboxDiscord, interaction_id: int) -> list[int]:
    """The status Discord gave each callback attempt for one interaction, in order."""
    return [
        r.status
        for r in sandbox.requests
        if r.route == CALLBACK and r.path.split("/")[2] == str(interaction_id)
    ]


def _tracebacks(records: Iterable[logging.LogRecord]) -> list[str]:
    return [r.getMessage() for r in records if r.exc_info or "Traceback" in r.getMessage()]


async def _when_done(tasks: list[asyncio.Task[Reply]], count: int) -> None:
    """Returns once `count` of the tasks have finished, leaving the others running."""
    waiting = set(tasks)
    while len(tasks) - len(waiting) < count:
        _, waiting = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)


def _answered_once(sandbox: SandboxDiscord, replies: Iterable[Reply]) -> list[str]:
    """Why each reply was not answered exactly once (empty when every one was)."""
    problems = []
    for reply in replies:
        pending = sandbox.state.pending[reply.interaction_id]
        if pending.callback_attempts != 1:
            problems.append(f"{reply.interaction_id}: {pending.callback_attempts} answers")
        if not reply.embeds or not reply.embeds[0]["title"].startswith("Billing recorded"):
            problems.append(f"{reply.interaction_id}: {reply.text()[:80]!r}")
    return problems


# -- the gateway ------------------------------------------------------------------------------


async def test_a_connection_dropped_mid_burst_is_resumed_and_each_interaction_answered_once(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, database: Database
) -> None:
    contract = await _start_contract(sandbox)
    amounts = iter(range(1, 3 * BURST + 1))
    first = [
        asyncio.create_task(_bill(sandbox, contract, f"{next(amounts)}.25")) for _ in range(BURST)
    ]
    await _when_done(first, BURST // 3)
    sandbox.disconnect(4000)
    # Dispatched while the bot is away: Discord keeps them for the resume.
    during = [
        asyncio.create_task(_bill(sandbox, contract, f"{next(amounts)}.25")) for _ in range(BURST)
    ]
    await sandbox.gateway.resumed.wait()
    after = [
        asyncio.create_task(_bill(sandbox, contract, f"{next(amounts)}.25")) for _ in range(BURST)
    ]
    replies = await asyncio.gather(*first, *during, *after)

    assert (sandbox.gateway.resume_count, sandbox.gateway.identify_count) == (1, 1)
    assert _answered_once(sandbox, replies) == []
    assert await _billing_keys(database) == sorted(f"discord:{r.interaction_id}" for r in replies)
    assert await _lifetime(database) == sum(Decimal(f"{n}.25") for n in range(1, 3 * BURST + 1))


async def test_an_invalid_session_makes_the_bot_identify_again_and_go_on_answering(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, database: Database
) -> None:
    contract = await _start_contract(sandbox)
    await _bill(sandbox, contract, "10")
    await sandbox.invalidate_session(resumable=False)
    replies = await asyncio.gather(*(_bill(sandbox, contract, f"{n}") for n in range(1, 11)))
    assert sandbox.gateway.identify_count == 2
    assert _answered_once(sandbox, replies) == []
    assert await _lifetime(database) == Decimal(10 + sum(range(1, 11)))


async def test_a_resumable_invalid_session_is_resumed(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await sandbox.invalidate_session(resumable=True)
    await sandbox.gateway.resumed.wait()
    reply = await sandbox.invoke("fee", {"amount": "15000"})
    assert (sandbox.gateway.resume_count, sandbox.gateway.identify_count) == (1, 1)
    assert reply.embeds[0]["title"] == "Upwork keeps $1,500.00 of $15,000.00"


async def test_a_reconnect_request_is_resumed(sandbox: SandboxDiscord, gigwise: GigwiseBot) -> None:
    await sandbox.request_reconnect()
    await sandbox.gateway.resumed.wait()
    reply = await sandbox.invoke("fee", {"amount": "15000"})
    assert sandbox.gateway.identify_count == 1
    assert reply.embeds[0]["title"] == "Upwork keeps $1,500.00 of $15,000.00"


# -- REST -------------------------------------------------------------------------------------


async def test_a_rate_limited_callback_waits_as_told_then_answers(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    retry_after = 0.4
    sandbox.rate_limit_next_callback(retry_after)
    reply = await sandbox.invoke("fee", {"amount": "15000"})
    attempts = [r for r in sandbox.requests if r.route == CALLBACK]
    assert [r.status for r in attempts] == [429, 200]
    assert attempts[1].received_at - attempts[0].received_at >= retry_after
    assert reply.embeds[0]["title"] == "Upwork keeps $1,500.00 of $15,000.00"


async def test_a_server_error_on_a_callback_is_retried_and_the_member_answered_once(
    sandbox: SandboxDiscord,
    gigwise: GigwiseBot,
    database: Database,
    caplog: pytest.LogCaptureFixture,
) -> None:
    contract = await _start_contract(sandbox)
    sandbox.fail_next_callback(500)
    reply = await _bill(sandbox, contract, "750")
    assert _callbacks(sandbox, reply.interaction_id) == [500, 200]
    assert _answered_once(sandbox, [reply]) == []
    assert await _billing_keys(database) == [f"discord:{reply.interaction_id}"]
    assert _tracebacks(caplog.records) == []
    after = await sandbox.invoke("fee", {"amount": "15000"})
    assert after.embeds[0]["title"] == "Upwork keeps $1,500.00 of $15,000.00"


async def test_a_lost_answer_to_a_callback_is_logged_once_and_nothing_doubles(
    sandbox: SandboxDiscord,
    gigwise: GigwiseBot,
    database: Database,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    contract = await _start_contract(sandbox)
    sandbox.lose_next_callback_answer(502)
    reply = await _bill(sandbox, contract, "750")
    # discord.py retries the 502; Discord refuses the retry, since the first try answered.
    await sandbox.wait_for_callback_attempts(reply, 2)
    assert await gigwise.tree.wait_idle(10)
    assert _callbacks(sandbox, reply.interaction_id) == [502, 400]
    about_it = [r for r in caplog.records if str(reply.interaction_id) in r.getMessage()]
    assert len(about_it) == 1
    assert _tracebacks(caplog.records) == []
    assert reply.interaction_id not in gigwise.tree.failed
    assert reply.embeds[0]["title"].startswith("Billing recorded")
    assert await _billing_keys(database) == [f"discord:{reply.interaction_id}"]
    after = await _bill(sandbox, contract, "250")
    assert after.embeds[0]["title"].startswith("Billing recorded")


# -- the database -----------------------------------------------------------------------------


@contextlib.contextmanager
def _write_lock_held(file: Path) -> Iterator[None]:
    """Another writer (a second process, a backup tool) holding SQLite's write lock."""
    writer = sqlite3.connect(file, isolation_level=None, timeout=0)
    try:
        writer.execute("BEGIN IMMEDIATE")
        yield
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def _every_row(file: Path) -> dict[str, list[tuple[Any, ...]]]:
    with contextlib.closing(sqlite3.connect(file)) as reader:
        tables = [
            name
            for (name,) in reader.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if name not in ("alembic_version", "bot_state")
        ]
        return {t: sorted(reader.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables}


@pytest.fixture
async def impatient_database(settings: Settings) -> AsyncIterator[Database]:
    opened = await open_database(settings.database_url, busy_timeout=SHORT_BUSY_TIMEOUT)
    yield opened
    await opened.dispose()


@pytest.fixture
async def impatient_gigwise(
    sandbox: SandboxDiscord, settings: Settings, impatient_database: Database
) -> AsyncIterator[GigwiseBot]:
    bot = GigwiseBot(settings, impatient_database, guild_ready_timeout=0.01)
    async with connected(bot, sandbox.token):
        yield bot


WRITES = {
    "contract add": lambda contract: {
        "name": "contract",
        "subcommand": "add",
        "options": {"client": "Brand New Ltd", "amount": "900", "title": "Logo", "rating": "5"},
    },
    "contract start": lambda contract: {
        "name": "contract",
        "subcommand": "start",
        "options": {"client": "Brand New Ltd", "title": "Retainer"},
    },
    "contract bill": lambda contract: {
        "name": "contract",
        "subcommand": "bill",
        "options": {"contract": str(contract), "amount": "750"},
    },
    "contract end": lambda contract: {
        "name": "contract",
        "subcommand": "end",
        "options": {"contract": str(contract), "rating": "4.5", "feedback": "Paid on time"},
    },
    "import": lambda contract: {
        "name": "import",
        "attachments": {"file": ("statements.csv", SAMPLE_CSV.read_bytes(), "text/csv")},
    },
    "settings": lambda contract: {
        "name": "settings",
        "options": {"platform": "fiverr", "arbitration_fee": "300"},
        "permissions": MANAGER_PERMISSIONS,
    },
}


@pytest.mark.parametrize("write", sorted(WRITES))
async def test_a_locked_database_gets_a_private_try_again_and_nothing_half_written(
    sandbox: SandboxDiscord,
    impatient_gigwise: GigwiseBot,
    impatient_database: Database,
    caplog: pytest.LogCaptureFixture,
    write: str,
) -> None:
    contract = await _start_contract(sandbox)
    await _bill(sandbox, contract, "100")
    file = impatient_database.file
    assert file is not None
    before = _every_row(file)
    with _write_lock_held(file):
        refused = await _invoke(sandbox, WRITES[write](contract))
    assert refused.ephemeral
    assert BUSY_REPLY in refused.text()
    assert refused.interaction_id in impatient_gigwise.tree.refused
    assert _tracebacks(caplog.records) == []
    assert _every_row(file) == before
    # The member tries again a minute later, when the lock is gone (and /import's cooldown).
    sandbox.advance_clock(60)
    retried = await _invoke(sandbox, WRITES[write](contract))
    assert BUSY_REPLY not in retried.text()
    assert _every_row(file) != before


def _invoke(sandbox: SandboxDiscord, call: dict[str, Any]) -> Awaitable[Reply]:
    options = dict(call)
    return sandbox.invoke(options.pop("name"), user_id=ALICE, **options)


async def test_a_locked_database_refuses_the_forget_me_button_kindly(
    sandbox: SandboxDiscord,
    impatient_gigwise: GigwiseBot,
    impatient_database: Database,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await _start_contract(sandbox)
    file = impatient_database.file
    assert file is not None
    before = _every_row(file)
    asked = await sandbox.invoke("forget-me", user_id=ALICE)
    confirm = asked.message["components"][0]["components"][0]["custom_id"]
    with _write_lock_held(file):
        refused = await sandbox.click(asked, confirm)
    assert refused.ephemeral
    assert BUSY_REPLY in refused.text()
    assert _tracebacks(caplog.records) == []
    assert _every_row(file) == before
