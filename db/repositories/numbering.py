"""Contract numbers: each member's own #1, #2, ..., never given twice, deleted ones included.

A new contract takes one more than the highest number the member has held. That is the highest of
their contracts, unless the contract that held it was deleted: then its number is kept in
`bot_state` under a key naming the member, so that a reply, a note or a confirmation button still
naming #3 can never come to mean another contract. `/forget-me` erases the key with the rest
(`MemberRepository.forget_member`): a member who starts over starts at #1.

Both the numbering and the retiring run while the member's row is locked (`lock_member`), so two
processes never give one number twice.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, ScalarSelect, bindparam, cast, delete, func, select, union_all

from db.models import BotState, Contract, Member
from db.units import Writes

_RETIRED_PREFIX = "retired_contract_number:"

_MEMBER_ROW = select(Member.id).where(Member.id == bindparam("member_id")).with_for_update()


def retired_key(member_id: int) -> str:
    """The `bot_state` key holding the highest number of the member's deleted contracts."""
    return f"{_RETIRED_PREFIX}{member_id}"


async def lock_member(writes: Writes, member_id: int) -> None:
    """Make other transactions numbering or retiring the member's contracts wait (PostgreSQL;
    SQLite's writers already take turns)."""
    await writes.lock(_MEMBER_ROW, {"member_id": member_id})


def next_number(member_id: int) -> ScalarSelect[Any]:
    """One more than the highest number the member has held, as a subquery for an INSERT."""
    held = union_all(
        select(Contract.number.label("number")).where(Contract.member_id == member_id),
        select(cast(BotState.value, Integer).label("number")).where(
            BotState.key == retired_key(member_id)
        ),
    ).subquery()
    return select(func.coalesce(func.max(held.c.number), 0) + 1).scalar_subquery()


async def retire_number(writes: Writes, member_id: int, number: int) -> None:
    """Remember `number`, of a contract being deleted, when no other contract holds a higher one
    (else that one keeps the numbering past it). Call with the member's row locked."""
    highest = await writes.scalar(
        select(func.max(Contract.number)).where(
            Contract.member_id == member_id, Contract.number != number
        )
    )
    retired = await writes.scalar(
        select(BotState.value).where(BotState.key == retired_key(member_id))
    )
    if number > max(int(highest or 0), int(retired or 0)):
        row = {"key": retired_key(member_id), "value": str(number)}
        await writes.run(writes.upsert(BotState, row, ["key"]))


async def forget_numbers(writes: Writes, member_id: int) -> int:
    """Erase what the numbering keeps about the member; how many rows went (0 or 1)."""
    return await writes.run(delete(BotState).where(BotState.key == retired_key(member_id)))
