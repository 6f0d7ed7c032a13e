"""Contract numbers: each member's own #1, #2, ..., never given twice, deleted ones included.

A new contract takes one more than the highest number the member has held: the highest of their
contracts, or of their deleted ones, which the member's row keeps (`retired_contract_number`), so
that a reply, a note or a confirmation button still naming #3 can never come to mean another
contract. `/forget-me` deletes the member's row with the rest: a member who starts over starts at #1.

Both the numbering and the retiring run while the member's row is locked (`lock_member`), so two
processes never give one number twice.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ScalarSelect, bindparam, func, select, union_all, update

from db.models import Contract, Member
from db.units import Writes

_MEMBER_ROW = select(Member.id).where(Member.id == bindparam("member_id")).with_for_update()


async def lock_member(writes: Writes, member_id: int) -> None:
    """Make other transactions numbering or retiring the member's contracts wait (PostgreSQL;
    SQLite's writers already take turns)."""
    await writes.lock(_MEMBER_ROW, {"member_id": member_id})


def next_number(member_id: int) -> ScalarSelect[Any]:
    """One more than the highest number the member has held, as a subquery for an INSERT."""
    held = union_all(
        select(Contract.number.label("number")).where(Contract.member_id == member_id),
        select(Member.retired_contract_number.label("number")).where(Member.id == member_id),
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
        select(Member.retired_contract_number).where(Member.id == member_id)
    )
    if number > max(int(highest or 0), int(retired or 0)):
        await writes.run(
            update(Member).where(Member.id == member_id).values(retired_contract_number=number)
        )
