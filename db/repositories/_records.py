"""Turning rows into `advisor.ledger` records, and the queries several repositories share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, and_, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import aliased

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
from db.repositories._driver import connection_of, first_row


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


# A billing's columns and its client's id, in the order `billing_from_row` takes them.
BILLING_COLUMNS = (
    Billing.id,
    Billing.member_id,
    Billing.contract_id,
    Billing.amount_minor,
    Billing.currency,
    Billing.billed_on,
    Billing.fee_charged_minor,
    Billing.source,
    Billing.idempotency_key,
    Contract.client_id,
)


def billing_from_row(row: Sequence[Any]) -> BillingRecord:
    """A billing from a row of `BILLING_COLUMNS`."""
    (
        id_,
        member_id,
        contract_id,
        amount_minor,
        currency,
        billed_on,
        fee_charged_minor,
        source,
        idempotency_key,
        client_id,
    ) = row
    return BillingRecord(
        id=id_,
        member_id=member_id,
        contract_id=contract_id,
        client_id=client_id,
        amount=from_minor_units(amount_minor, currency),
        currency=currency,
        billed_on=billed_on,
        fee_charged=(
            from_minor_units(fee_charged_minor, currency) if fee_charged_minor is not None else None
        ),
        source=BillingSource(source),
        idempotency_key=idempotency_key,
    )


async def owned_client(
    session: AsyncSession, member_id: int, client_id: int, *, to_bill: bool = False
) -> Client:
    """The member's client with this id, or `UnknownClient` (also for another member's client).

    `to_bill=True` locks the client on PostgreSQL until the transaction ends, as
    `owned_contract_with_lifetime` does for a billing, and for the same reason.
    """
    query = select(Client).where(Client.id == client_id, Client.member_id == member_id)
    if to_bill and (await session.connection()).dialect.name == "postgresql":
        query = query.with_for_update()
    row = await session.scalar(query)
    if row is None:
        raise UnknownClient()
    return row


def contracts_query(member_id: int) -> Select[Contract, Client, Any]:
    """The member's contracts with their client and what each has billed so far."""
    return (
        select(Contract, Client, Contract.billed_minor)
        .join(Client, and_(Client.id == Contract.client_id, Client.member_id == Contract.member_id))
        .where(Contract.member_id == member_id)
    )


def _client_lifetime(client_id: Any, member_id: Any) -> Select[Any]:
    """What the member billed the client over all contracts, in minor units: the sum of the
    contracts' totals, which the database keeps equal to their billings (revision 0005)."""
    billed = aliased(Contract, name="billed_contract")
    return select(func.coalesce(func.sum(billed.billed_minor), 0)).where(
        billed.member_id == member_id, billed.client_id == client_id
    )


# Record ids are INTEGER columns: 32-bit on PostgreSQL.
_MAX_RECORD_ID = 2**31 - 1

# One contract by id, read column by column rather than as ORM objects, with what it has billed
# and what its client has billed in all. Built once: looking up a contract is on the path of
# every /contract command, and building the statement cost more than running it.
_ONE_CONTRACT = (
    select(
        Contract.id,
        Contract.member_id,
        Contract.client_id,
        Client.name,
        Client.platform,
        Contract.title,
        Contract.kind,
        Contract.fee_schedule,
        Contract.fee_rate,
        Contract.started_on,
        Contract.ended_on,
        Contract.status,
        Contract.rating,
        Contract.feedback,
        Client.currency,
        Contract.billed_minor.label("billed"),
        _client_lifetime(Contract.client_id, Contract.member_id)
        .correlate(Contract)
        .scalar_subquery()
        .label("lifetime"),
    )
    .join(Client, and_(Client.id == Contract.client_id, Client.member_id == Contract.member_id))
    .where(Contract.member_id == bindparam("member_id"), Contract.id == bindparam("contract_id"))
)


# The client of one contract, locked until the transaction ends (PostgreSQL only, see below).
_LOCK_CONTRACT_CLIENT = (
    select(Client.id)
    .join(Contract, and_(Contract.client_id == Client.id, Contract.member_id == Client.member_id))
    .where(Contract.member_id == bindparam("member_id"), Contract.id == bindparam("contract_id"))
    .with_for_update(of=Client)
)


async def owned_contract_with_lifetime(
    session: AsyncSession | AsyncConnection,
    member_id: int,
    contract_id: int,
    *,
    to_bill: bool = False,
) -> tuple[ContractRecord, int]:
    """The member's contract with this id and what its client has billed in all (minor units).

    `UnknownContract` when there is none, also for another member's contract. `to_bill=True`
    is for a transaction about to add a billing priced on that lifetime: until it ends, any
    other such transaction for the same client waits, and then reads a lifetime with this
    transaction's billing in it.
    """
    if not 0 < contract_id <= _MAX_RECORD_ID:
        # No contract has such an id, and PostgreSQL refuses to compare one with an INTEGER.
        raise UnknownContract()
    connection = await connection_of(session)
    params = {"member_id": member_id, "contract_id": contract_id}
    if to_bill and connection.dialect.name == "postgresql":
        # SQLite's BEGIN IMMEDIATE already lets one writer in at a time. PostgreSQL's READ
        # COMMITTED lets two billings of one client both read the lifetime before either
        # commits, and both be charged as if the other did not exist; a row lock on the client
        # makes them take turns. The lock is taken by its own statement because each statement
        # reads what was committed when it began: the read below, once the lock is ours, sees
        # the billing of whoever held it before.
        await first_row(connection, _LOCK_CONTRACT_CLIENT, params)
    found = await first_row(connection, _ONE_CONTRACT, params)
    if found is None:
        raise UnknownContract()
    (
        id_,
        owner,
        client_id,
        client_name,
        platform,
        title,
        kind,
        fee_schedule,
        fee_rate,
        started_on,
        ended_on,
        status,
        rating,
        feedback,
        currency,
        billed,
        lifetime,
    ) = found
    record = ContractRecord(
        id=id_,
        member_id=owner,
        client_id=client_id,
        client_name=client_name,
        platform=platform,
        title=title,
        kind=ContractKind(kind) if kind is not None else None,
        fee_schedule=fee_schedule,
        fee_rate=fee_rate,
        started_on=started_on,
        ended_on=ended_on,
        status=ContractStatus(status),
        rating=rating,
        feedback=feedback,
        billed=from_minor_units(int(billed), currency),
        currency=currency,
    )
    # PostgreSQL's SUM over BIGINT is NUMERIC, which arrives as a Decimal.
    return record, int(lifetime)


async def owned_contract(session: AsyncSession, member_id: int, contract_id: int) -> ContractRecord:
    """The member's contract with this id, or `UnknownContract` (also for another member's)."""
    contract, _ = await owned_contract_with_lifetime(session, member_id, contract_id)
    return contract


_CLIENT_LIFETIME = _client_lifetime(bindparam("client_id"), bindparam("member_id"))


async def client_lifetime_minor(
    reader: AsyncSession | AsyncConnection, member_id: int, client_id: int
) -> int:
    """What the member has billed the client over all contracts, in minor units: a SUM, always."""
    found = await first_row(
        await connection_of(reader),
        _CLIENT_LIFETIME,
        {"member_id": member_id, "client_id": client_id},
    )
    # PostgreSQL's SUM over BIGINT is NUMERIC, which arrives as a Decimal.
    return int(found[0]) if found is not None else 0
