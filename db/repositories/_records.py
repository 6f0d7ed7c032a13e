"""Rows into `advisor.ledger` records, each built in one place, and the queries several
repositories share.

Each record type has its columns (named as the record names them) and the one function that
builds the record from a row of them; a query that returns a record selects those columns.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, bindparam, func, select
from sqlalchemy.orm import aliased

from advisor.ledger import (
    BillingRecord,
    BillingSource,
    ClientRecord,
    ContractKind,
    ContractRecord,
    ContractStatus,
    FeeSource,
    UnknownClient,
    UnknownContract,
    from_minor_units,
)
from db.models import Billing, Client, Contract
from db.units import Prepared, Reads, Row, Writes

CLIENT_COLUMNS = (
    Client.id,
    Client.member_id,
    Client.platform,
    Client.name,
    Client.normalised_name,
    Client.currency,
)


def client_record(row: Row) -> ClientRecord:
    """A client from a row of `CLIENT_COLUMNS`."""
    return ClientRecord(
        id=row.id,
        member_id=row.member_id,
        platform=row.platform,
        name=row.name,
        normalised_name=row.normalised_name,
        currency=row.currency,
    )


CONTRACT_COLUMNS = (
    Contract.id,
    Contract.number,
    Contract.member_id,
    Contract.client_id,
    Client.name.label("client_name"),
    Client.platform,
    Contract.title,
    Contract.kind,
    Contract.fee_schedule,
    Contract.fee_rate,
    Contract.fee_rate_source,
    Contract.started_on,
    Contract.ended_on,
    Contract.status,
    Contract.rating,
    Contract.feedback,
    Client.currency,
    Contract.billed_minor,
)


def contract_record(row: Row) -> ContractRecord:
    """A contract from a row of `CONTRACT_COLUMNS`."""
    currency = row.currency
    return ContractRecord(
        id=row.id,
        member_id=row.member_id,
        client_id=row.client_id,
        client_name=row.client_name,
        platform=row.platform,
        title=row.title,
        kind=ContractKind(row.kind) if row.kind is not None else None,
        fee_schedule=row.fee_schedule,
        fee_rate=row.fee_rate,
        started_on=row.started_on,
        ended_on=row.ended_on,
        status=ContractStatus(row.status),
        rating=row.rating,
        feedback=row.feedback,
        billed=from_minor_units(int(row.billed_minor), currency),
        currency=currency,
        number=row.number,
        fee_rate_source=row.fee_rate_source,
    )


def contracts_query(member_id: Any) -> Select[*tuple[Any, ...]]:
    """The member's contracts (`CONTRACT_COLUMNS`), each with its client."""
    return (
        select(*CONTRACT_COLUMNS)
        .join(Client, and_(Client.id == Contract.client_id, Client.member_id == Contract.member_id))
        .where(Contract.member_id == member_id)
    )


# A billing's columns and its client's id.
BILLING_COLUMNS = (
    Billing.id,
    Billing.member_id,
    Billing.contract_id,
    Contract.client_id,
    Billing.amount_minor,
    Billing.currency,
    Billing.billed_on,
    Billing.fee_charged_minor,
    Billing.fee_source,
    Billing.source,
    Billing.idempotency_key,
)


def billing_record(row: Row) -> BillingRecord:
    """A billing from a row of `BILLING_COLUMNS`."""
    currency = row.currency
    fee_charged = row.fee_charged_minor
    return BillingRecord(
        id=row.id,
        member_id=row.member_id,
        contract_id=row.contract_id,
        client_id=row.client_id,
        amount=from_minor_units(row.amount_minor, currency),
        currency=currency,
        billed_on=row.billed_on,
        fee_charged=from_minor_units(fee_charged, currency) if fee_charged is not None else None,
        source=BillingSource(row.source),
        idempotency_key=row.idempotency_key,
        fee_source=FeeSource(row.fee_source),
    )


def billings_query(member_id: Any) -> Select[*tuple[Any, ...]]:
    """The member's billings (`BILLING_COLUMNS`)."""
    return (
        select(*BILLING_COLUMNS)
        .join(Contract, Contract.id == Billing.contract_id)
        .where(Billing.member_id == member_id)
    )


_CLIENT_BY_ID = select(*CLIENT_COLUMNS).where(
    Client.id == bindparam("client_id"), Client.member_id == bindparam("member_id")
)
_OWNED_CLIENT = Prepared(_CLIENT_BY_ID)
# SQLite has no FOR UPDATE (its writers take turns anyway); PostgreSQL locks the row.
_OWNED_CLIENT_TO_BILL = Prepared(_CLIENT_BY_ID.with_for_update())


async def owned_client(
    unit: Reads, member_id: int, client_id: int, *, to_bill: bool = False
) -> ClientRecord:
    """The member's client with this id, or `UnknownClient` (also for another member's client).

    `to_bill=True` (in a write) locks the client until the transaction ends, as
    `owned_contract_with_lifetime` does for a billing, and for the same reason.
    """
    if not 0 < client_id <= _MAX_RECORD_ID:
        raise UnknownClient()
    query = _OWNED_CLIENT_TO_BILL if to_bill else _OWNED_CLIENT
    row = await unit.first(query, {"member_id": member_id, "client_id": client_id})
    if row is None:
        raise UnknownClient()
    return client_record(row)


def _client_lifetime(client_id: Any, member_id: Any) -> Select[*tuple[Any, ...]]:
    """What the member billed the client over all contracts, in minor units: the sum of the
    contracts' totals, which the database keeps equal to their billings (revision 0005)."""
    billed = aliased(Contract, name="billed_contract")
    return select(func.coalesce(func.sum(billed.billed_minor), 0)).where(
        billed.member_id == member_id, billed.client_id == client_id
    )


# Record ids are INTEGER columns: 32-bit on PostgreSQL.
_MAX_RECORD_ID = 2**31 - 1

_WITH_LIFETIME = contracts_query(bindparam("member_id")).add_columns(
    _client_lifetime(Contract.client_id, Contract.member_id)
    .correlate(Contract)
    .scalar_subquery()
    .label("lifetime")
)
# One contract by id or by the member's number for it, with what its client has billed in all.
# On the path of every /contract command.
_ONE_CONTRACT = Prepared(_WITH_LIFETIME.where(Contract.id == bindparam("contract")))
_NUMBERED_CONTRACT = Prepared(_WITH_LIFETIME.where(Contract.number == bindparam("contract")))


def _contract_client(contract_column: Any) -> Select[*tuple[Any, ...]]:
    """The client of one contract, to lock until the transaction ends."""
    return (
        select(Client.id)
        .join(
            Contract, and_(Contract.client_id == Client.id, Contract.member_id == Client.member_id)
        )
        .where(
            Contract.member_id == bindparam("member_id"), contract_column == bindparam("contract")
        )
        .with_for_update(of=Client)
    )


_CONTRACT_CLIENT = _contract_client(Contract.id)
_NUMBERED_CONTRACT_CLIENT = _contract_client(Contract.number)


async def owned_contract_with_lifetime(
    unit: Reads,
    member_id: int,
    contract_id: int,
    *,
    to_bill: bool = False,
    by_number: bool = False,
) -> tuple[ContractRecord, int]:
    """The member's contract with this id (or, `by_number`, the member's number for it) and what
    its client has billed in all (minor units).

    `UnknownContract` when there is none, also for another member's contract. `to_bill=True`
    (in a write) is for a transaction about to add a billing priced on that lifetime: until it
    ends, any other such transaction for the same client waits, and then reads a lifetime with
    this transaction's billing in it.
    """
    if not 0 < contract_id <= _MAX_RECORD_ID:
        # No contract has such an id, and PostgreSQL refuses to compare one with an INTEGER.
        raise UnknownContract()
    params = {"member_id": member_id, "contract": contract_id}
    if to_bill and isinstance(unit, Writes):
        # The lock is taken by its own statement because, on PostgreSQL, each statement reads
        # what was committed when it began: the read below, once the lock is ours, sees the
        # billing of whoever held it before.
        await unit.lock(_NUMBERED_CONTRACT_CLIENT if by_number else _CONTRACT_CLIENT, params)
    found = await unit.first(_NUMBERED_CONTRACT if by_number else _ONE_CONTRACT, params)
    if found is None:
        raise UnknownContract()
    # PostgreSQL's SUM over BIGINT is NUMERIC, which arrives as a Decimal.
    return contract_record(found), int(found.lifetime)


async def owned_contract(
    unit: Reads, member_id: int, contract_id: int, *, by_number: bool = False
) -> ContractRecord:
    """The member's contract with this id (or number), or `UnknownContract` (also for another
    member's)."""
    contract, _ = await owned_contract_with_lifetime(
        unit, member_id, contract_id, by_number=by_number
    )
    return contract


_CLIENT_LIFETIME = Prepared(_client_lifetime(bindparam("client_id"), bindparam("member_id")))


async def client_lifetime_minor(unit: Reads, member_id: int, client_id: int) -> int:
    """What the member has billed the client over all contracts, in minor units: a SUM, always."""
    found = await unit.scalar(_CLIENT_LIFETIME, {"member_id": member_id, "client_id": client_id})
    # PostgreSQL's SUM over BIGINT is NUMERIC, which arrives as a Decimal.
    return int(found or 0)
