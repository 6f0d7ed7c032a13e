"""Members as a whole: everything stored about one member, to export it or to forget it."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from advisor.ledger import MemberExport
from db.models import Billing, Client, Contract, Member, MemberEvent
from db.repositories._records import (
    BILLING_COLUMNS,
    billing_from_row,
    client_record,
    contract_record,
    contracts_query,
)
from db.repositories._scope import checked_snowflake, ensure_member


class MemberRepository:
    """A member's presence in the database."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def ensure(self, member_id: int) -> None:
        """Create the member's row if it does not exist yet."""
        await ensure_member(self.session, member_id)

    async def exists(self, member_id: int) -> bool:
        """Whether anything is stored about the member."""
        member_id = checked_snowflake(member_id)
        found = await self.session.scalar(select(Member.id).where(Member.id == member_id))
        return found is not None

    async def forget_member(self, member_id: int) -> dict[str, int]:
        """Delete every row about the member; say how many of each kind went.

        The keys are `events`, `billings`, `contracts`, `clients` and `members` (1 if the member
        existed).
        """
        member_id = checked_snowflake(member_id)
        deleted: dict[str, int] = {}
        # Children first, so each count is what this member had, not what a cascade took.
        for name, model, column in (
            ("events", MemberEvent, MemberEvent.member_id),
            ("billings", Billing, Billing.member_id),
            ("contracts", Contract, Contract.member_id),
            ("clients", Client, Client.member_id),
            ("members", Member, Member.id),
        ):
            result = await self.session.execute(
                delete(model).where(column == member_id),
                execution_options={"synchronize_session": False},
            )
            deleted[name] = cast(CursorResult[Any], result).rowcount
        return deleted

    async def export(self, member_id: int) -> MemberExport:
        """Everything stored about the member, oldest first, for `/export`."""
        member_id = checked_snowflake(member_id)
        clients = await self.session.scalars(
            select(Client).where(Client.member_id == member_id).order_by(Client.id)
        )
        contracts = await self.session.execute(contracts_query(member_id).order_by(Contract.id))
        billings = await self.session.execute(
            select(*BILLING_COLUMNS)
            .join(Contract, Contract.id == Billing.contract_id)
            .where(Billing.member_id == member_id)
            .order_by(Billing.billed_on, Billing.id)
        )
        return MemberExport(
            member_id=member_id,
            clients=tuple(client_record(row) for row in clients),
            contracts=tuple(
                contract_record(contract, client, int(billed))
                for contract, client, billed in contracts
            ),
            billings=tuple(billing_from_row(row) for row in billings),
        )
