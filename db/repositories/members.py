"""Members as a whole: everything stored about one member, to export it or to forget it.

Both follow `db.ownership.MEMBER_TABLES`, the one list of the tables a member owns.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import bindparam, delete, select, update

from advisor.ledger import BillingRecord, ClientRecord, ContractRecord
from advisor.ledger_export import MemberExport
from advisor.momentum.events import MemberEventRecord
from db.models import Billing, Client, Contract, Member, MemberEvent, MemberSetting
from db.ownership import MEMBER_COLUMN, MEMBER_MENTIONS, MEMBER_TABLES
from db.repositories._records import (
    CLIENT_COLUMNS,
    billing_record,
    billings_query,
    client_record,
    contract_record,
    contracts_query,
)
from db.repositories._scope import Repository, UnitT, checked_snowflake, ensure_member
from db.repositories.events import EVENT_COLUMNS, event_record
from db.repositories.never_again import never_again_entries
from db.repositories.warnings import own_warnings
from db.units import Prepared, Reads, Writes

_MEMBER = Prepared(select(Member.id).where(Member.id == bindparam("member_id")))


async def _clients(unit: Reads, member_id: int) -> tuple[ClientRecord, ...]:
    rows = await unit.rows(
        select(*CLIENT_COLUMNS).where(Client.member_id == member_id).order_by(Client.id)
    )
    return tuple(client_record(row) for row in rows)


async def _contracts(unit: Reads, member_id: int) -> tuple[ContractRecord, ...]:
    rows = await unit.rows(contracts_query(member_id).order_by(Contract.id))
    return tuple(contract_record(row) for row in rows)


async def _billings(unit: Reads, member_id: int) -> tuple[BillingRecord, ...]:
    rows = await unit.rows(billings_query(member_id).order_by(Billing.billed_on, Billing.id))
    return tuple(billing_record(row) for row in rows)


async def _events(unit: Reads, member_id: int) -> tuple[MemberEventRecord, ...]:
    rows = await unit.rows(
        select(*EVENT_COLUMNS)
        .where(MemberEvent.member_id == member_id)
        .order_by(MemberEvent.occurred_on, MemberEvent.id)
    )
    return tuple(event_record(row) for row in rows)


async def _settings(unit: Reads, member_id: int) -> tuple[Decimal, ...]:
    rate = await unit.scalar(
        select(MemberSetting.default_fee_rate).where(MemberSetting.member_id == member_id)
    )
    return () if rate is None else (Decimal(rate),)


class MemberRepository(Repository[UnitT]):
    """A member's presence in the database."""

    async def ensure(self: MemberRepository[Writes], member_id: int) -> None:
        """Create the member's row if it does not exist yet."""
        await ensure_member(self.unit, member_id)

    async def exists(self, member_id: int) -> bool:
        """Whether anything is stored about the member."""
        member_id = checked_snowflake(member_id)
        return await self.unit.first(_MEMBER, {"member_id": member_id}) is not None

    async def forget_member(self: MemberRepository[Writes], member_id: int) -> dict[str, int]:
        """Delete every row about the member; say how many of each kind went.

        The keys are the tables' export names (`events`, `billings`, `contracts`, `clients`) and
        `members` (1 if the member existed).
        """
        member_id = checked_snowflake(member_id)
        deleted: dict[str, int] = {}
        # Children first, so each count is what this member had, not what a cascade took.
        for owned in MEMBER_TABLES:
            mine = owned.table.c[MEMBER_COLUMN] == member_id
            if owned.kept_when is not None:
                cleared = dict.fromkeys((MEMBER_COLUMN, *owned.kept_without))
                await self.unit.run(
                    update(owned.table).where(mine, owned.kept_when).values(cleared)
                )
            deleted[owned.export_as] = await self.unit.run(delete(owned.table).where(mine))
        for table, column in MEMBER_MENTIONS:
            await self.unit.run(
                update(table).where(table.c[column] == member_id).values({column: None})
            )
        # The numbering's memory of deleted contracts is about the member too.
        deleted["members"] = await self.unit.run(delete(Member).where(Member.id == member_id))
        return deleted

    async def export(self, member_id: int) -> MemberExport:
        """Everything stored about the member, oldest first, for `/export`."""
        member_id = checked_snowflake(member_id)
        # One field per member table, named as db.ownership exports it (a test holds the two
        # together).
        return MemberExport(
            member_id=member_id,
            clients=await _clients(self.unit, member_id),
            contracts=await _contracts(self.unit, member_id),
            billings=await _billings(self.unit, member_id),
            events=await _events(self.unit, member_id),
            settings=await _settings(self.unit, member_id),
            warnings=await own_warnings(self.unit, member_id),
            never_again=await never_again_entries(self.unit, member_id),
        )
