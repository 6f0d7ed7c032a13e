"""Turning rows into `advisor.ledger` records, and the queries several repositories share."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from advisor.ledger import (
    BillingRecord,
    BillingSource,
    ClientRecord,
    ContractKind,
    ContractRecord,
    ContractStatus,
    UnknownClient,
    UnknownContract,
    from_minor_units,
)
from db.models import Billing, Client, Contract


def client_record(row: Client) -> ClientRecord:
    return ClientRecord(
        id=row.id,
        member_id=row.member_id,
        platform=row.platform,
        name=row.name,
        normalised_name=row.normalised_name,
        currency=row.currency,
    )


def contract_record(row: Contract, client: Client, billed_minor: int) -> ContractRecord:
    return ContractRecord(
        id=row.id,
        member_id=row.member_id,
        client_id=row.client_id,
        client_name=client.name,
        platform=client.platform,
        title=row.title,
        kind=ContractKind(row.kind) if row.kind is not None else None,
        fee_schedule=row.fee_schedule,
        fee_rate=row.fee_rate,
        started_on=row.started_on,
        ended_on=row.ended_on,
        status=ContractStatus(row.status),
        rating=row.rating,
        feedback=row.feedback,
        billed=from_minor_units(int(billed_minor), client.currency),
        currency=client.currency,
    )


def billing_record(row: Billing, client_id: int) -> BillingRecord:
    return BillingRecord(
        id=row.id,
        member_id=row.member_id,
        contract_id=row.contract_id,
        client_id=client_id,
        amount=from_minor_units(row.amount_minor, row.currency),
        currency=row.currency,
        billed_on=row.billed_on,
        fee_charged=(
            from_minor_units(row.fee_charged_minor, row.currency)
            if row.fee_charged_minor is not None
            else None
        ),
        source=BillingSource(row.source),
        idempotency_key=row.idempotency_key,
    )


async def owned_client(session: AsyncSession, member_id: int, client_id: int) -> Client:
    """The member's client with this id, or `UnknownClient` (also for another member's client)."""
    row = await session.scalar(
        select(Client).where(Client.id == client_id, Client.member_id == member_id)
    )
    if row is None:
        raise UnknownClient()
    return row


def contracts_query(member_id: int) -> Select[Contract, Client, Any]:
    """The member's contracts with their client and what each has billed so far."""
    billed = (
        select(Billing.contract_id, func.sum(Billing.amount_minor).label("billed"))
        .where(Billing.member_id == member_id)
        .group_by(Billing.contract_id)
        .subquery()
    )
    return (
        select(Contract, Client, func.coalesce(billed.c.billed, 0))
        .join(Client, and_(Client.id == Contract.client_id, Client.member_id == Contract.member_id))
        .outerjoin(billed, billed.c.contract_id == Contract.id)
        .where(Contract.member_id == member_id)
    )


async def owned_contract(session: AsyncSession, member_id: int, contract_id: int) -> ContractRecord:
    """The member's contract with this id, or `UnknownContract` (also for another member's)."""
    result = await session.execute(contracts_query(member_id).where(Contract.id == contract_id))
    found = result.one_or_none()
    if found is None:
        raise UnknownContract()
    contract, client, billed = found
    return contract_record(contract, client, int(billed))


async def client_lifetime_minor(session: AsyncSession, member_id: int, client_id: int) -> int:
    """What the member has billed the client over all contracts, in minor units: a SUM, always."""
    total = await session.scalar(
        select(func.coalesce(func.sum(Billing.amount_minor), 0))
        .join(
            Contract,
            and_(Contract.id == Billing.contract_id, Contract.member_id == Billing.member_id),
        )
        .where(Billing.member_id == member_id, Contract.client_id == client_id)
    )
    # PostgreSQL's SUM over BIGINT is NUMERIC, which arrives as a Decimal.
    return int(total or 0)
