"""Tests for EventRepository: events logged once per key, read back per member, forgotten."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from sqlalchemy import func, select

from advisor.momentum import EventError, EventKind, EventLogResult
from db.database import Database
from db.models import MemberEvent
from db.repositories import MemberRepository
from db.repositories.events import EventRepository
from tests.db.ledger_seeding import ALICE, BOB, fresh_key

DAY = date(2025, 6, 2)


async def log(
    db: Database,
    member_id: int = ALICE,
    kind: EventKind | str = EventKind.PROPOSAL,
    count: int = 1,
    occurred_on: date = DAY,
    note: str | None = None,
    key: str | None = None,
) -> EventLogResult:
    async with db.write() as writes:
        return await EventRepository(writes).log(
            member_id, kind, count, occurred_on, note, key or fresh_key()
        )


async def stored_events(db: Database) -> int:
    async with db.read() as reads:
        return int(await reads.scalar(select(func.count()).select_from(MemberEvent)) or 0)


async def test_event_is_logged_with_what_was_given(db: Database) -> None:
    result = await log(db, kind="profile update", count=2, note="  new headline ", key="k1")
    event = result.event
    assert (result.replayed, event.member_id, event.kind, event.count) == (
        False,
        ALICE,
        EventKind.PROFILE_UPDATE,
        2,
    )
    assert (event.occurred_on, event.note, event.idempotency_key) == (DAY, "new headline", "k1")
    async with db.read() as reads:
        assert await EventRepository(reads).by_key(ALICE, "k1") == event


async def test_first_event_of_a_member_creates_the_member(db: Database) -> None:
    await log(db)
    async with db.read() as reads:
        assert await MemberRepository(reads).exists(ALICE)


async def test_replayed_key_returns_the_first_event_and_adds_nothing(db: Database) -> None:
    first = await log(db, count=3, key="interaction:9")
    replay = await log(db, kind=EventKind.INVITE, count=7, key="interaction:9")
    assert (replay.replayed, replay.event) == (True, first.event)
    assert await stored_events(db) == 1


async def test_same_key_is_separate_per_member(db: Database) -> None:
    await log(db, ALICE, key="interaction:1")
    bobs = await log(db, BOB, key="interaction:1")
    assert (bobs.replayed, bobs.event.member_id) == (False, BOB)


async def test_concurrent_logs_with_one_key_store_one_event(db: Database) -> None:
    results = await asyncio.gather(*(log(db, key="interaction:5") for _ in range(4)))
    assert sorted(result.replayed for result in results) == [False, True, True, True]
    assert len({result.event.id for result in results}) == 1
    assert await stored_events(db) == 1


@pytest.mark.parametrize(
    ("kind", "count", "note"),
    [("milestone", 1, None), ("invite", 0, None), ("invite", 1, "x" * 201)],
)
async def test_event_that_cannot_be_logged_says_why_and_stores_nothing(
    db: Database, kind: str, count: int, note: str | None
) -> None:
    with pytest.raises(EventError):
        await log(db, kind=kind, count=count, note=note)
    assert await stored_events(db) == 0


async def test_recent_events_come_newest_first_and_only_the_members(db: Database) -> None:
    await log(db, occurred_on=date(2025, 6, 1), key="a")
    await log(db, occurred_on=date(2025, 6, 3), key="b")
    await log(db, occurred_on=date(2025, 6, 3), kind="invite", key="c")
    await log(db, BOB, occurred_on=date(2025, 6, 4), key="d")
    async with db.read() as reads:
        events = EventRepository(reads)
        assert [e.idempotency_key for e in await events.recent(ALICE)] == ["c", "b", "a"]
        assert [e.idempotency_key for e in await events.recent(ALICE, limit=1)] == ["c"]
        only_proposals = await events.recent(ALICE, kind=EventKind.PROPOSAL)
        assert [e.idempotency_key for e in only_proposals] == ["b", "a"]


async def test_totals_add_up_counts_per_kind_within_the_days(db: Database) -> None:
    await log(db, count=3, occurred_on=date(2025, 6, 1))
    await log(db, count=2, occurred_on=date(2025, 6, 5))
    await log(db, count=9, occurred_on=date(2025, 6, 6))
    await log(db, kind="invite", count=4, occurred_on=date(2025, 6, 5))
    await log(db, BOB, count=50, occurred_on=date(2025, 6, 5))
    async with db.read() as reads:
        totals = await EventRepository(reads).totals(ALICE, date(2025, 6, 1), date(2025, 6, 5))
    assert totals == {EventKind.PROPOSAL: 5, EventKind.INVITE: 4}


async def test_last_logged_day_of_each_kind(db: Database) -> None:
    await log(db, occurred_on=date(2025, 5, 1))
    await log(db, occurred_on=date(2025, 6, 1))
    await log(db, kind="portfolio", occurred_on=date(2025, 4, 1))
    async with db.read() as reads:
        last = await EventRepository(reads).last_logged(ALICE)
    assert last == {EventKind.PROPOSAL: date(2025, 6, 1), EventKind.PORTFOLIO: date(2025, 4, 1)}


async def test_delete_takes_back_only_the_members_own_event(db: Database) -> None:
    alices = (await log(db)).event
    async with db.write() as writes:
        events = EventRepository(writes)
        assert not await events.delete(BOB, alices.id)
        assert await events.delete(ALICE, alices.id)
        assert not await events.delete(ALICE, alices.id)


async def test_forgetting_a_member_takes_their_events_with_them(db: Database) -> None:
    await log(db)
    async with db.write() as writes:
        await MemberRepository(writes).forget_member(ALICE)
    assert await stored_events(db) == 0


async def test_export_lists_only_the_members_events_oldest_first(db: Database) -> None:
    await log(db, ALICE, occurred_on=date(2026, 3, 2))
    await log(db, ALICE, occurred_on=date(2026, 3, 1))
    await log(db, BOB, occurred_on=date(2026, 3, 1))
    async with db.read() as reads:
        exported = (await MemberRepository(reads).export(ALICE)).events
    assert [event.occurred_on for event in exported] == [date(2026, 3, 1), date(2026, 3, 2)]
    assert {event.member_id for event in exported} == {ALICE}
