"""Discord's 3-second deadline, enforced by the sandbox: a command that waits on the database is
deferred in time and answered after, and a "busy" answer arrives too, never "The application did
not respond"."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.client import GigwiseBot
from bot.sandbox import SandboxDiscord
from bot.settings import Settings
from db.database import Database
from db.startup import open_database
from tests.e2e.conftest import BotFactory, connected

ALICE = 100_000_000_000_000_101
DEFERRED_MESSAGE = 5
JOB = {"client": "Acme Corp", "amount": "400"}


@asynccontextmanager
async def _writers_held_for(database: Database, seconds: float) -> AsyncIterator[None]:
    """Another write holding the database for `seconds`, as a long import would."""
    held = asyncio.Event()

    async def hold() -> None:
        async with database.writers_held():
            held.set()
            await asyncio.sleep(seconds)

    holder = asyncio.create_task(hold())
    await held.wait()
    try:
        yield
    finally:
        await holder


async def test_a_write_that_waits_is_deferred_in_time_then_answered(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, database: Database
) -> None:
    async with _writers_held_for(database, 2.5):
        reply = await sandbox.invoke("contract", JOB, subcommand="add", user_id=ALICE)
    assert reply.callback_type == DEFERRED_MESSAGE
    assert reply.ephemeral
    assert reply.embeds[0]["title"].startswith("Job logged")
    assert sandbox.state.late_interactions == []


async def test_a_busy_answer_arrives_within_the_deadline(
    sandbox: SandboxDiscord, make_bot: BotFactory, settings: Settings
) -> None:
    # Writers wait up to 3.5 s here, past Discord's 3 s, before giving up.
    impatient = await open_database(settings.database_url, busy_timeout=3.5)
    try:
        async with (
            connected(make_bot(database=impatient), sandbox.token) as bot,
            _writers_held_for(impatient, 5),
        ):
            reply = await sandbox.invoke("contract", JOB, subcommand="add", user_id=ALICE)
        assert reply.ephemeral
        assert "busy" in reply.content
        assert reply.interaction_id in bot.tree.outcomes.refused
        assert sandbox.state.late_interactions == []
    finally:
        await impatient.dispose()


async def test_a_quick_answer_needs_no_deferral(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke("fee", {"amount": "100"})
    assert reply.callback_type == 4
    assert [r.route for r in sandbox.requests if "/webhooks/" in r.route] == []
