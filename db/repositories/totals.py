"""The limits of `advisor.ledger_limits`, checked inside the transaction that changes the ledger.

A client's running total is the sum of its billings in the order `reprice_client` prices them
(date, then the order they were recorded), worked out by the database in one window query, so a
check costs one statement however long the history. The common change, a billing dated after all
of the client's others, needs none: its running total is the client's lifetime with it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, bindparam, func, select

from advisor.ledger import ImportRowError, from_minor_units, to_minor_units
from advisor.ledger_limits import (
    MAX_CONTRACT_TOTAL,
    MAX_LIFETIME,
    contract_total_error,
    lifetime_limit_error,
    moves_past,
)
from db.models import Billing, Contract
from db.units import Prepared, Reads

_IN_PRICING_ORDER = (Billing.billed_on, Billing.id)
_ON_CONTRACT = and_(Contract.id == Billing.contract_id, Contract.member_id == Billing.member_id)

_CLIENT_RUNNING = (
    select(
        Billing.billed_on,
        func.sum(Billing.amount_minor).over(order_by=_IN_PRICING_ORDER).label("running"),
    )
    .join(Contract, _ON_CONTRACT)
    .where(
        Billing.member_id == bindparam("member_id"), Contract.client_id == bindparam("client_id")
    )
    .subquery()
)
# The first day on which the client's running total is past the limit, if any.
_FIRST_DAY_OVER = Prepared(
    select(_CLIENT_RUNNING.c.billed_on)
    .where(_CLIENT_RUNNING.c.running > bindparam("limit"))
    .order_by(_CLIENT_RUNNING.c.billed_on)
    .limit(1)
)

_MEMBER_RUNNING = (
    select(
        Contract.client_id,
        Billing.billed_on,
        func.sum(Billing.amount_minor)
        .over(partition_by=Contract.client_id, order_by=_IN_PRICING_ORDER)
        .label("running"),
    )
    .join(Contract, _ON_CONTRACT)
    .where(Billing.member_id == bindparam("member_id"))
    .subquery()
)
# Each of the member's clients with the highest its running total reaches.
_HIGHEST_RUNNING = Prepared(
    select(_MEMBER_RUNNING.c.client_id, func.max(_MEMBER_RUNNING.c.running)).group_by(
        _MEMBER_RUNNING.c.client_id
    )
)
_CONTRACT_TOTALS = Prepared(
    select(Contract.id, Contract.number, Contract.billed_minor).where(
        Contract.member_id == bindparam("member_id")
    )
)


async def contract_totals(unit: Reads, member_id: int) -> dict[int, int]:
    """Each of the member's contracts' total, minor units, by id: what `check_imported` compares
    with."""
    rows = await unit.rows(_CONTRACT_TOTALS, {"member_id": member_id})
    return {row.id: int(row.billed_minor) for row in rows}


async def first_day_over(unit: Reads, member_id: int, client_id: int, currency: str) -> date | None:
    """The first day on which the client's running total is past `MAX_LIFETIME`, if any."""
    day = await unit.scalar(
        _FIRST_DAY_OVER,
        {
            "member_id": member_id,
            "client_id": client_id,
            "limit": to_minor_units(MAX_LIFETIME, currency),
        },
    )
    assert day is None or isinstance(day, date)
    return day


async def check_client_history(unit: Reads, member_id: int, client_id: int, currency: str) -> None:
    """Refuse (`TotalLimitError`) a change after which the client's running total passes
    `MAX_LIFETIME` on some day; for a change that may raise an earlier running total."""
    day = await first_day_over(unit, member_id, client_id, currency)
    if day is not None:
        raise lifetime_limit_error(currency, day)


def check_latest_billing(lifetime_minor: int, amount: Decimal, currency: str, day: date) -> None:
    """Refuse a billing dated after all of the client's others that would take its lifetime
    (`lifetime_minor` before it) past `MAX_LIFETIME`: its running total is the only new one."""
    if from_minor_units(lifetime_minor, currency) + amount > MAX_LIFETIME:
        raise lifetime_limit_error(currency, day)


def check_contract_total(number: int, currency: str, before: Decimal, after: Decimal) -> None:
    """Refuse a change that takes contract #`number`'s total from `before` to `after`, past
    `MAX_CONTRACT_TOTAL` either way."""
    if moves_past(before, after, MAX_CONTRACT_TOTAL):
        raise contract_total_error(number, currency, after)


@dataclass(frozen=True, slots=True)
class PlacedRow:
    """An imported row as the import placed it: for the message that names its line."""

    where: str
    client_id: int
    contract_id: int
    billed_on: date
    amount: Decimal
    currency: str


async def check_imported(
    unit: Reads,
    member_id: int,
    placed: Sequence[PlacedRow],
    contracts_before: Mapping[int, int],
) -> None:
    """Refuse an import (`ImportRowError`, naming a line) after which a client it added to
    passes `MAX_LIFETIME` on some day, or a contract it added to passes `MAX_CONTRACT_TOTAL`.

    `contracts_before` is each contract's total (minor units) before the import; a contract
    the import created is missing from it. Two statements, whatever the number of rows."""
    if not placed:
        return
    currency_of = {row.client_id: row.currency for row in placed}
    params = {"member_id": member_id}
    for client_id, highest in await unit.rows(_HIGHEST_RUNNING, params):
        currency = currency_of.get(client_id)
        if currency is None or int(highest) <= to_minor_units(MAX_LIFETIME, currency):
            continue
        day = await first_day_over(unit, member_id, client_id, currency)
        assert day is not None
        # The row that weighs most among those that took the client there.
        culprit = max(
            (r for r in placed if r.client_id == client_id and r.billed_on <= day),
            key=lambda r: r.amount,
        )
        raise ImportRowError(f"{culprit.where}: {lifetime_limit_error(currency, day).message}")
    contract_currency = {row.contract_id: row.currency for row in placed}
    for contract_id, number, billed_minor in await unit.rows(_CONTRACT_TOTALS, params):
        currency = contract_currency.get(contract_id)
        if currency is None:
            continue
        before = from_minor_units(int(contracts_before.get(contract_id, 0)), currency)
        after = from_minor_units(int(billed_minor), currency)
        if moves_past(before, after, MAX_CONTRACT_TOTAL):
            rows = [r for r in placed if r.contract_id == contract_id]
            culprit = max(rows, key=lambda r: r.amount if after > 0 else -r.amount)
            message = contract_total_error(number, currency, after).message
            raise ImportRowError(f"{culprit.where}: {message}")
