"""Large imports through the real bot: no member holds up the others, a member has one import at a
time, waiting and running imports show where they stand, and a failed one leaves nothing.

The files are made on the spot (`tests.large_statements`): tens of thousands of rows, as a member
with years of hourly contracts uploads them.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import sqlite3
import time
from collections.abc import Callable

import pytest

from advisor.upwork_csv import parse_upwork_csv
from bot.client import GigwiseBot
from bot.sandbox import Reply, SandboxDiscord
from bot.sandbox.reply import CALLBACK_MESSAGE
from bot.settings import Settings
from commands.imports._cog import IMPORT_COOLDOWN
from db.database import Database
from db.import_slices import import_in_slices
from db.startup import open_database
from tests.db.conftest import fresh_postgres_database
from tests.e2e.conftest import BotFactory, connected
from tests.large_statements import statements

ALICE = 100_000_000_000_000_101
BOB = 100_000_000_000_000_202
CAROL = 100_000_000_000_000_303
BUSY = "busy"
LARGE = 40_000


def upload(content: bytes) -> dict[str, tuple[str, bytes, str]]:
    return {"file": ("statements.csv", content, "text/csv")}


async def start_import(sandbox: SandboxDiscord, member: int, content: bytes) -> Reply:
    """The /import, returned as soon as its deferred reply first shows something."""
    return await sandbox.invoke("import", attachments=upload(content), user_id=member, timeout=60)


async def until(sandbox: SandboxDiscord, reply: Reply, shows: Callable[[Reply], bool]) -> Reply:
    """The reply once it `shows` what is asked (the bot edits it as the job goes)."""
    return await sandbox.wait_for_reply(reply, shows, timeout=120)


def finished(reply: Reply) -> bool:
    return bool(reply.embeds) or reply.content.startswith("Import stopped")


def importing(reply: Reply) -> bool:
    return reply.content.startswith("Importing…") or finished(reply)


def shown_texts(reply: Reply) -> list[str]:
    """Every text the bot put in the reply's message, edits included, in order."""
    return [
        str(body.get("content") or (body.get("data") or {}).get("content") or "")
        for body in reply.bodies
    ]


def members_rows(database: Database, member: int) -> dict[str, int]:
    assert database.file is not None
    with contextlib.closing(sqlite3.connect(database.file)) as reader:
        return {
            table: reader.execute(
                f"SELECT COUNT(*) FROM {table} WHERE member_id = ?", (member,)
            ).fetchone()[0]
            for table in ("clients", "contracts", "billings")
        }


async def open_bobs_contract(sandbox: SandboxDiscord) -> None:
    started = await sandbox.invoke(
        "contract", {"client": "Initech", "title": "Support"}, subcommand="start", user_id=BOB
    )
    assert started.embeds, started.text()


async def bob_bills(sandbox: SandboxDiscord, amount: int) -> Reply:
    return await sandbox.invoke(
        "contract", {"contract": "#1", "amount": str(amount)}, subcommand="bill", user_id=BOB
    )


async def test_another_member_bills_in_time_while_a_large_import_runs(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, database: Database
) -> None:
    await open_bobs_contract(sandbox)
    reply = await start_import(sandbox, ALICE, statements(LARGE))
    bills_during = []
    amount = 10
    while not finished(sandbox.latest(reply)):
        # Each is answered within Discord's 3 seconds (the sandbox refuses a late answer).
        billed = await bob_bills(sandbox, amount)
        assert BUSY not in billed.text(), billed.text()
        assert billed.embeds, billed.text()
        assert billed.interaction_id not in gigwise.tree.refused
        bills_during.append(billed)
        amount += 1
    done = await until(sandbox, reply, finished)
    assert done.embeds[0]["title"] == f"Imported {LARGE} billings", done.text()
    assert len(bills_during) >= 3
    assert members_rows(database, BOB)["billings"] == len(bills_during)
    assert members_rows(database, ALICE)["billings"] == LARGE
    assert any(text.startswith("Importing…") for text in shown_texts(done))


async def test_a_second_import_by_the_same_member_is_refused_while_the_first_runs(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, database: Database
) -> None:
    first = await start_import(sandbox, ALICE, statements(LARGE))
    assert importing(first)
    # Past the cooldown, so that what answers is the one-import-at-a-time rule.
    sandbox.advance_clock(IMPORT_COOLDOWN + 1)
    second = await start_import(sandbox, ALICE, statements(10, first_ref=900_000_000))
    assert second.ephemeral
    assert second.interaction_id in gigwise.tree.refused
    assert "Your import is still running" in second.content, second.text()
    done = await until(sandbox, first, finished)
    assert done.embeds, done.text()
    assert members_rows(database, ALICE)["billings"] == LARGE


async def test_a_members_ledger_commands_wait_for_their_import_and_others_do_not(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await start_import(sandbox, ALICE, statements(LARGE))
    clients = await sandbox.invoke("clients", user_id=ALICE)
    if not finished(sandbox.latest(reply)):
        assert clients.ephemeral
        assert "Your import is still running" in clients.content, clients.text()
    others = await sandbox.invoke("clients", user_id=BOB)
    assert "still running" not in others.text()
    await until(sandbox, reply, finished)
    after = await sandbox.invoke("clients", user_id=ALICE)
    assert "still running" not in after.text()
    assert after.embeds


async def test_a_queued_import_shows_its_place_then_its_result(
    sandbox: SandboxDiscord, make_bot: BotFactory, settings: Settings, database: Database
) -> None:
    one_slot = dataclasses.replace(settings, heavy_jobs=1)
    async with connected(make_bot(settings=one_slot), sandbox.token):
        first = await start_import(sandbox, ALICE, statements(LARGE))
        assert importing(first)
        queued = await start_import(sandbox, CAROL, statements(50, first_ref=800_000_000))
        if not finished(sandbox.latest(first)):
            assert queued.content == (
                "Import queued: 1 of 1 waiting. This message changes when it starts."
            )
        done = await until(sandbox, queued, finished)
        assert done.embeds[0]["title"] == "Imported 50 billings"
        assert done.content == ""
        await until(sandbox, first, finished)
    assert members_rows(database, CAROL)["billings"] == 50


async def test_a_large_file_refused_late_leaves_nothing_and_says_so(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, database: Database
) -> None:
    # The last two rows take client C0 past the lifetime Gigwise works with: found only once
    # every slice is in.
    content = statements(LARGE) + (
        b"2024-01-01,990000001,Hourly,W,,,C0,,,999999999,,USD,\n"
        b"2024-01-02,990000002,Hourly,W,,,C0,,,999999999,,USD,\n"
    )
    reply = await start_import(sandbox, ALICE, content)
    done = await until(sandbox, reply, lambda r: r.content.startswith("Import stopped"))
    refused = await sandbox.wait_for_followups(done, 1, timeout=30)
    assert refused.interaction_id in gigwise.tree.refused
    assert f"Line {LARGE + 2}" in refused.followups[-1]["content"], refused.followups
    assert members_rows(database, ALICE) == {"clients": 0, "contracts": 0, "billings": 0}


async def test_an_import_past_the_quota_is_refused_saying_how_many_rows_fit(
    sandbox: SandboxDiscord, make_bot: BotFactory, settings: Settings, database: Database
) -> None:
    small = dataclasses.replace(settings, quotas=dataclasses.replace(settings.quotas, billings=30))
    async with connected(make_bot(settings=small), sandbox.token):
        first = await start_import(sandbox, ALICE, statements(20))
        assert first.embeds, first.text()
        sandbox.advance_clock(IMPORT_COOLDOWN + 1)
        second = await start_import(sandbox, ALICE, statements(20, first_ref=700_000_000))
        assert second.ephemeral
        assert "only 10 more fit" in second.content, second.text()
    assert members_rows(database, ALICE)["billings"] == 20


POSTGRES_URL = os.environ.get("GIGWISE_TEST_DATABASE_URL")
CROWD = 15


@pytest.mark.skipif(POSTGRES_URL is None, reason="needs PostgreSQL (GIGWISE_TEST_DATABASE_URL)")
async def test_fifteen_imports_at_once_on_postgresql_leave_room_for_another_member(
    sandbox: SandboxDiscord, make_bot: BotFactory, settings: Settings
) -> None:
    """Each import once held a pooled connection for its whole file: fifteen took all of them,
    and another member's write waited nearly a minute. Now they take turns in two slots."""
    assert POSTGRES_URL is not None
    async with fresh_postgres_database(POSTGRES_URL) as url:
        database = await open_database(url)
        on_postgres = dataclasses.replace(settings, database_url=url)
        try:
            async with connected(make_bot(settings=on_postgres, database=database), sandbox.token):
                await open_bobs_contract(sandbox)
                members = [200_000_000_000_000_000 + n for n in range(CROWD)]
                replies = await asyncio.gather(
                    *(
                        start_import(sandbox, member, statements(3_000, first_ref=n * 10_000))
                        for n, member in enumerate(members)
                    )
                )
                bills = 0
                while not all(finished(sandbox.latest(reply)) for reply in replies):
                    billed = await bob_bills(sandbox, 10 + bills)
                    assert BUSY not in billed.text(), billed.text()
                    assert billed.embeds, billed.text()
                    # Answered at once, not deferred after 1.5 s waiting for a connection.
                    assert billed.callback_type == CALLBACK_MESSAGE
                    bills += 1
                results = [await until(sandbox, reply, finished) for reply in replies]
                assert [r.embeds[0]["title"] for r in results] == ["Imported 3000 billings"] * CROWD
                assert any(
                    text.startswith("Import queued") for r in results for text in shown_texts(r)
                )
                assert bills >= 1
        finally:
            await database.dispose()


class _Stopped(BaseException):
    """The process stopping between two slices of an import."""


async def test_an_import_a_stopped_process_left_half_written_is_undone_at_start_up(
    sandbox: SandboxDiscord, make_bot: BotFactory, database: Database
) -> None:
    async def stop() -> None:
        raise _Stopped()

    rows = [b.for_ledger() for b in parse_upwork_csv(statements(3_000), "s.csv").billings]
    long_ago = time.time() - 3600
    with contextlib.suppress(_Stopped):
        await import_in_slices(database, ALICE, rows, between_slices=stop, clock=lambda: long_ago)
    assert members_rows(database, ALICE)["clients"] > 0
    async with connected(make_bot(), sandbox.token):
        assert members_rows(database, ALICE) == {"clients": 0, "contracts": 0, "billings": 0}
        reply = await start_import(sandbox, ALICE, statements(10))
        assert reply.embeds[0]["title"] == "Imported 10 billings"


async def test_a_confirmation_pressed_while_the_members_import_runs_waits_for_it(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, database: Database
) -> None:
    started = await sandbox.invoke(
        "contract", {"client": "C0", "title": "Retainer"}, subcommand="start", user_id=ALICE
    )
    assert started.embeds, started.text()
    asked = await sandbox.invoke("contract", {"contract": "#1"}, subcommand="delete", user_id=ALICE)
    delete = str(asked.message["components"][0]["components"][0]["custom_id"])
    reply = await start_import(sandbox, ALICE, statements(LARGE))
    pressed = await sandbox.click(asked, delete)
    if not finished(sandbox.latest(reply)):
        assert pressed.interaction_id in gigwise.tree.refused
        assert "Your import is still running" in pressed.text(), pressed.text()
        assert members_rows(database, ALICE)["contracts"] >= 1
    await until(sandbox, reply, finished)
