"""A large import written a slice at a time, still all or nothing.

One transaction for a whole file held SQLite's write lock (or a pooled PostgreSQL connection) for
as long as the file took: every other member's write waited behind it. Here an import is:

1. claimed on the member's row (`members.import_id`): one import per member at a time, on every
   process sharing the database;
2. planned from one read (`db.repositories.imports.plan_import`), and refused before anything is
   written if it would take the member past a quota;
3. written in short write transactions of `SLICE_ROWS` rows each, every row marked with the
   import's id. Other writers take their turn between slices (SQLite's writers queue in order),
   so none waits longer than a slice;
4. checked against the totals' limits in a read, which holds no write lock;
5. finished in one short write: contract spans, statement rates, the computed fees of clients
   that have any worked out again (found in the read before), and the claim let go. Until
   then the rows are there but the import is unfinished: the bot answers none of the member's
   ledger commands meanwhile (`commands.heavy_jobs`), so nobody sees half a file.

If any step fails, the rows marked with the import's id are deleted (a slice at a time too) and
the claim let go: nothing of the file is left. If the process stops half way, the claim stays on
the member's row with the time of its last slice; `recover_unfinished_imports` (run at start-up,
and again once such a claim has gone stale) undoes it then.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence

from sqlalchemy import delete, select, update

from advisor.errors import InputError
from advisor.ledger import ImportedBilling, ImportSummary
from advisor.quotas import MemberQuotas
from db.database import Database
from db.models import Billing, Client, Contract, Member
from db.repositories._scope import checked_snowflake, ensure_member
from db.repositories.imports import (
    add_billings,
    add_clients,
    add_contracts,
    check_plan_totals,
    check_rows,
    clients_to_reprice,
    finish_import,
    placed_rows,
    plan_import,
    read_ledger_state,
    summary_of,
)
from db.repositories.quotas import billings_kept, contracts_kept
from db.units import Writes

log = logging.getLogger(__name__)

# Billings per write transaction: some 20 ms of SQLite's write lock (a tenth of a second at
# worst), the longest another member's write waits for an import.
SLICE_ROWS = 500
# Clients and contracts per write transaction (each contract is its own INSERT, numbered).
CREATED_PER_SLICE = 200
# Rows deleted per write transaction when an import is undone.
UNDO_ROWS = 2000
# Seconds without a slice after which an unfinished import is taken for one whose process
# stopped, and undone.
STALE_AFTER = 120.0
# `import_seen_at` of a claim being undone: stale whatever the clock says.
_UNDOING = -1

Progress = Callable[[int, int], None]
Clock = Callable[[], float]


class ImportAlreadyRunning(InputError):
    """The member has an import under way already (perhaps on another process)."""

    def __init__(self) -> None:
        super().__init__(
            "Your earlier import is still running: wait for its answer, then import the next file."
        )


class ImportAbandoned(RuntimeError):
    """The import's claim was taken away: it stalled so long it was undone as abandoned."""


def new_import_id() -> int:
    """A random id: an undone import's rows can never be confused with another import's."""
    return secrets.randbits(62) + 1


async def import_in_slices(
    database: Database,
    member_id: int,
    rows: Sequence[ImportedBilling],
    *,
    quotas: MemberQuotas | None = None,
    on_progress: Progress | None = None,
    between_slices: Callable[[], Awaitable[None]] | None = None,
    slice_rows: int = SLICE_ROWS,
    clock: Clock = time.time,
) -> ImportSummary:
    """Add the rows to the member's ledger as the module docstring says: every row, or (on
    `ImportRowError`, `QuotaReached`, or any failure) none of them.

    `on_progress(done, total)` is told of each slice of billings written; `between_slices` is
    awaited after each slice (tests use it to act between slices)."""
    member_id = checked_snowflake(member_id)
    checked = await asyncio.to_thread(check_rows, rows)
    import_id = new_import_id()
    await _claim(database, member_id, import_id, clock)
    try:
        async with database.bulk_read() as reads:
            state = await read_ledger_state(reads, member_id, checked)
            billings, contracts = (
                await billings_kept(reads, member_id),
                await contracts_kept(reads, member_id),
            )
        # Tens of thousands of rows take a moment of CPU: a thread keeps the bot answering.
        plan = await asyncio.to_thread(plan_import, member_id, checked, state)
        if quotas is not None:
            quotas.check_import(
                billings=billings,
                contracts=contracts,
                new_billings=plan.rows_to_add,
                new_contracts=len(plan.new_contracts),
            )
        total = plan.rows_to_add

        @contextlib.asynccontextmanager
        async def one_slice() -> AsyncIterator[Writes]:
            async with database.bulk_write() as writes:
                await _still_ours(writes, member_id, import_id, clock)
                yield writes
            if between_slices is not None:
                await between_slices()

        for start in range(0, len(plan.new_clients), CREATED_PER_SLICE):
            async with one_slice() as writes:
                await add_clients(
                    writes, plan, plan.new_clients[start : start + CREATED_PER_SLICE], import_id
                )
        for start in range(0, len(plan.new_contracts), CREATED_PER_SLICE):
            async with one_slice() as writes:
                await add_contracts(
                    writes, plan, plan.new_contracts[start : start + CREATED_PER_SLICE], import_id
                )
        added = 0
        if on_progress is not None:
            on_progress(0, total)
        for start in range(0, total, slice_rows):
            async with one_slice() as writes:
                added += await add_billings(
                    writes, plan, plan.placed[start : start + slice_rows], import_id
                )
            if on_progress is not None:
                on_progress(min(start + slice_rows, total), total)
        # The longest read of the import, with no write lock held: the member's ledger cannot
        # change meanwhile (their commands wait for the import, and the claim keeps other
        # imports out).
        placed = await asyncio.to_thread(placed_rows, plan)
        async with database.bulk_read() as reads:
            await check_plan_totals(reads, plan, placed)
            to_reprice = await clients_to_reprice(reads, plan)
        async with database.bulk_write() as writes:
            await _still_ours(writes, member_id, import_id, clock)
            repriced = await finish_import(writes, plan, to_reprice)
            await _let_go(writes, member_id, import_id)
        return summary_of(plan, added, repriced)
    except BaseException as error:
        # A process being stopped (any other BaseException) leaves the claim for
        # `recover_unfinished_imports`; an error or a cancelled task undoes the import now.
        if isinstance(error, Exception | asyncio.CancelledError) and not isinstance(
            error, ImportAbandoned
        ):
            try:
                await undo_import(database, member_id, import_id)
            except Exception:
                # The member hears why the import failed; its rows are undone once its claim
                # goes stale (`recover_unfinished_imports`).
                log.exception("Undoing import %s failed; it is undone once stale", import_id)
        raise


async def _claim(database: Database, member_id: int, import_id: int, clock: Clock) -> None:
    """Mark the member's row with the import; `ImportAlreadyRunning` if another has it, after
    undoing a claim left stale by a process that stopped."""
    for _ in range(2):
        async with database.write() as writes:
            await ensure_member(writes, member_id)
            claimed = await writes.run(
                update(Member)
                .where(Member.id == member_id, Member.import_id.is_(None))
                .values(import_id=import_id, import_seen_at=int(clock()))
            )
        if claimed:
            return
        if not await recover_unfinished_imports(database, clock=clock, member_id=member_id):
            raise ImportAlreadyRunning()
    raise ImportAlreadyRunning()


async def _still_ours(writes: Writes, member_id: int, import_id: int, clock: Clock) -> None:
    """Note the time of this slice on the claim, inside the slice's transaction;
    `ImportAbandoned` (and the slice rolled back) if the claim is no longer the import's."""
    kept = await writes.run(
        update(Member)
        .where(
            Member.id == member_id,
            Member.import_id == import_id,
            Member.import_seen_at != _UNDOING,
        )
        .values(import_seen_at=int(clock()))
    )
    if not kept:
        raise ImportAbandoned(f"import {import_id} was undone while it ran")


async def _let_go(writes: Writes, member_id: int, import_id: int) -> None:
    await writes.run(
        update(Member)
        .where(Member.id == member_id, Member.import_id == import_id)
        .values(import_id=None, import_seen_at=None)
    )


async def undo_import(database: Database, member_id: int, import_id: int) -> int:
    """Delete every row the import added, a slice at a time, and let its claim go; how many
    rows went. Billings first (their triggers take them out of their contracts' totals), then
    contracts, then clients."""
    removed = 0
    for table in (Billing, Contract, Client):
        while True:
            batch = (
                select(table.id)
                .where(table.member_id == member_id, table.import_id == import_id)
                .limit(UNDO_ROWS)
                .scalar_subquery()
            )
            async with database.bulk_write() as writes:
                gone = await writes.run(delete(table).where(table.id.in_(batch)))
            removed += gone
            if gone < UNDO_ROWS:
                break
    async with database.write() as writes:
        await _let_go(writes, member_id, import_id)
    return removed


async def recover_unfinished_imports(
    database: Database,
    *,
    stale_after: float = STALE_AFTER,
    clock: Clock = time.time,
    member_id: int | None = None,
) -> int:
    """Undo the imports whose process stopped half way: those whose last slice is more than
    `stale_after` seconds old (of one member, if given). How many were undone."""
    cutoff = int(clock() - stale_after)
    stale = select(Member.id, Member.import_id).where(
        Member.import_id.is_not(None), Member.import_seen_at < cutoff
    )
    if member_id is not None:
        stale = stale.where(Member.id == member_id)
    async with database.read() as reads:
        found = [(int(row.id), int(row.import_id)) for row in await reads.rows(stale)]
    undone = 0
    for owner, import_id in found:
        # Taken over first, so that the import's own process, if it only stalled, stops at
        # its next slice rather than write on while its rows are deleted.
        async with database.write() as writes:
            taken = await writes.run(
                update(Member)
                .where(
                    Member.id == owner,
                    Member.import_id == import_id,
                    Member.import_seen_at < cutoff,
                )
                .values(import_seen_at=_UNDOING)
            )
        if taken:
            await undo_import(database, owner, import_id)
            undone += 1
    return undone


async def unfinished_import_wait(database: Database, *, clock: Clock = time.time) -> float | None:
    """Seconds until the oldest unfinished import goes stale (0 if one already has), or None
    when there is none: when `recover_unfinished_imports` next has work."""
    async with database.read() as reads:
        oldest = await reads.scalar(
            select(Member.import_seen_at)
            .where(Member.import_id.is_not(None))
            .order_by(Member.import_seen_at)
            .limit(1)
        )
    if oldest is None:
        return None
    return max(0.0, float(oldest) + STALE_AFTER - clock())
