"""Member events: invites, proposals, profile updates, portfolio work and feedback responses that
the member logs with `/log`, recorded exactly once per idempotency key.

Like billings, commands pass the interaction's id as the key (`interaction:<id>`), so a replayed
interaction or a double click finds the first event instead of adding a second; the UNIQUE
(member, key) constraint with `ON CONFLICT DO NOTHING` decides, so it holds under concurrency too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from sqlalchemy import bindparam, delete, func, select

from advisor.ledger import check_idempotency_key
from advisor.momentum.events import (
    EventKind,
    EventLogResult,
    MemberEventRecord,
    check_event_count,
    check_event_day,
    clean_event_note,
    parse_event_kind,
)
from db.models import MemberEvent
from db.repositories._scope import Repository, UnitT, checked_snowflake, ensure_member
from db.units import Prepared, Row, Writes, prepared_insert_or_ignore

# Enough for a page of recent events; Discord shows 25 choices or fields at most.
MAX_RECENT_EVENTS = 25


EVENT_COLUMNS = (
    MemberEvent.id,
    MemberEvent.member_id,
    MemberEvent.kind,
    # Not `count`: a row's `count` is the tuple method.
    MemberEvent.count.label("times"),
    MemberEvent.occurred_on,
    MemberEvent.note,
    MemberEvent.idempotency_key,
)

_EVENT_BY_KEY = Prepared(
    select(*EVENT_COLUMNS).where(
        MemberEvent.member_id == bindparam("member_id"),
        MemberEvent.idempotency_key == bindparam("idempotency_key"),
    )
)


def event_record(row: Row) -> MemberEventRecord:
    """An event from a row of `EVENT_COLUMNS`."""
    return MemberEventRecord(
        id=row.id,
        member_id=row.member_id,
        kind=EventKind(row.kind),
        count=row.times,
        occurred_on=row.occurred_on,
        note=row.note,
        idempotency_key=row.idempotency_key,
    )


class EventRepository(Repository[UnitT]):
    """Logging and reading one member's events."""

    async def log(
        self: EventRepository[Writes],
        member_id: int,
        kind: EventKind | str,
        count: int,
        occurred_on: date,
        note: str | None,
        idempotency_key: str,
    ) -> EventLogResult:
        """Log `count` events of `kind` on `occurred_on`, once per key.

        A key already used returns the first event with `replayed=True` and adds nothing,
        whatever else it was given. `EventError` (an `InputError`) for a kind, count or note that
        can't be logged.
        """
        member_id = checked_snowflake(member_id)
        key = check_idempotency_key(idempotency_key)
        earlier = await self.by_key(member_id, key)
        if earlier is not None:
            return EventLogResult(event=earlier, replayed=True)

        event = MemberEventRecord(
            id=0,
            member_id=member_id,
            kind=parse_event_kind(kind),
            count=check_event_count(count),
            occurred_on=check_event_day(occurred_on),
            note=clean_event_note(note),
            idempotency_key=key,
        )
        await ensure_member(self.unit, member_id)
        values = {
            "member_id": member_id,
            "kind": event.kind.value,
            "count": event.count,
            "occurred_on": event.occurred_on,
            "note": event.note,
            "idempotency_key": key,
        }
        statement = prepared_insert_or_ignore(
            self.unit, MemberEvent, tuple(values), ("member_id", "idempotency_key"), "id"
        )
        inserted: int | None = await self.unit.scalar(statement, values)
        if inserted is None:
            # A concurrent call with the same key committed first.
            concurrent = await self.by_key(member_id, key)
            if concurrent is None:
                raise RuntimeError("an event key clashed but its event cannot be read")
            return EventLogResult(event=concurrent, replayed=True)
        return EventLogResult(event=replace(event, id=inserted), replayed=False)

    async def by_key(self, member_id: int, idempotency_key: str) -> MemberEventRecord | None:
        """The member's event logged under this key, if any."""
        member_id = checked_snowflake(member_id)
        row = await self.unit.first(
            _EVENT_BY_KEY,
            {"member_id": member_id, "idempotency_key": check_idempotency_key(idempotency_key)},
        )
        return event_record(row) if row is not None else None

    async def recent(
        self, member_id: int, *, kind: EventKind | None = None, limit: int = MAX_RECENT_EVENTS
    ) -> Sequence[MemberEventRecord]:
        """The member's latest events (of one kind, if given), newest first; at most 25."""
        member_id = checked_snowflake(member_id)
        query = select(*EVENT_COLUMNS).where(MemberEvent.member_id == member_id)
        if kind is not None:
            query = query.where(MemberEvent.kind == EventKind(kind).value)
        rows = await self.unit.rows(
            query.order_by(MemberEvent.occurred_on.desc(), MemberEvent.id.desc()).limit(
                max(0, min(limit, MAX_RECENT_EVENTS))
            )
        )
        return [event_record(row) for row in rows]

    async def totals(self, member_id: int, since: date, until: date) -> dict[EventKind, int]:
        """How many of each kind the member logged from `since` to `until`, both included."""
        member_id = checked_snowflake(member_id)
        rows = await self.unit.rows(
            select(MemberEvent.kind, func.sum(MemberEvent.count))
            .where(
                MemberEvent.member_id == member_id,
                MemberEvent.occurred_on >= since,
                MemberEvent.occurred_on <= until,
            )
            .group_by(MemberEvent.kind)
        )
        return {EventKind(kind): int(total) for kind, total in rows}

    async def last_logged(self, member_id: int) -> dict[EventKind, date]:
        """The last day the member logged each kind they ever logged."""
        member_id = checked_snowflake(member_id)
        rows = await self.unit.rows(
            select(MemberEvent.kind, func.max(MemberEvent.occurred_on))
            .where(MemberEvent.member_id == member_id)
            .group_by(MemberEvent.kind)
        )
        return {EventKind(kind): last for kind, last in rows}

    async def delete(self: EventRepository[Writes], member_id: int, event_id: int) -> bool:
        """Take back one of the member's events (a mistaken `/log`); whether there was one."""
        member_id = checked_snowflake(member_id)
        deleted = await self.unit.run(
            delete(MemberEvent).where(
                MemberEvent.id == event_id, MemberEvent.member_id == member_id
            )
        )
        return deleted > 0
