"""Billings: money billed on a contract, recorded exactly once per idempotency key.

Commands pass the interaction's id as the key (`interaction:<id>`), so a replayed interaction or
a double click finds the first billing instead of adding a second. The UNIQUE (member, key)
constraint with `ON CONFLICT DO NOTHING` decides, so it holds under concurrency too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, bindparam, func, select, update

from advisor.errors import InputError
from advisor.fee_calendar import (
    ContractTerms,
    PastBill,
    price_bill,
    reprice,
    rule_or_default,
    switch_day_for,
)
from advisor.fees import FeeBreakdown
from advisor.ledger import (
    BillingRecord,
    BillingResult,
    BillingSource,
    ContractKind,
    ContractRecord,
    FeeSource,
    LedgerError,
    check_amount,
    check_fee_charged,
    check_idempotency_key,
    from_minor_units,
    require_currency,
    to_minor_units,
)
from advisor.ledger_limits import TotalLimitError
from advisor.quotas import QuotaReached
from db.models import Billing, Contract
from db.repositories._records import (
    billing_record,
    billings_query,
    owned_contract_with_lifetime,
)
from db.repositories._scope import Repository, UnitT, checked_snowflake
from db.repositories.quotas import QuotaCheck, check_room_for_billing
from db.repositories.totals import (
    check_client_history,
    check_contract_total,
    check_latest_billing,
)
from db.units import Prepared, Reads, Writes, prepared_insert_or_ignore

_MEMBER_BILLINGS = billings_query(bindparam("member_id"))

_BILLING_BY_KEY = Prepared(
    _MEMBER_BILLINGS.where(Billing.idempotency_key == bindparam("idempotency_key"))
)

_CONTRACT_BILLINGS = Prepared(
    _MEMBER_BILLINGS.where(Billing.contract_id == bindparam("contract_id")).order_by(
        Billing.billed_on, Billing.id
    )
)


async def billing_by_key(unit: Reads, member_id: int, idempotency_key: str) -> BillingRecord | None:
    """The member's billing recorded under this key, if any."""
    found = await unit.first(
        _BILLING_BY_KEY, {"member_id": member_id, "idempotency_key": idempotency_key}
    )
    return None if found is None else billing_record(found)


def billing_values(
    *,
    member_id: int,
    contract_id: int,
    amount: Decimal,
    currency: str,
    billed_on: date,
    fee_charged: Decimal | None,
    source: BillingSource,
    idempotency_key: str,
    fee_source: FeeSource = FeeSource.RECORDED,
) -> dict[str, object]:
    """A billings row from values already checked, amounts turned into minor units."""
    return {
        "member_id": member_id,
        "contract_id": contract_id,
        "amount_minor": to_minor_units(amount, currency),
        "currency": currency,
        "billed_on": billed_on,
        "fee_charged_minor": (
            to_minor_units(fee_charged, currency) if fee_charged is not None else None
        ),
        "source": BillingSource(source).value,
        "idempotency_key": idempotency_key,
        "fee_source": FeeSource(fee_source).value,
    }


async def insert_billing(writes: Writes, values: dict[str, object]) -> int | None:
    """Insert one billing; None when its key was already taken (by this or a concurrent call)."""
    statement = prepared_insert_or_ignore(
        writes, Billing, tuple(values), ("member_id", "idempotency_key"), returning="id"
    )
    inserted = await writes.scalar(statement, values)
    return None if inserted is None else int(inserted)


@dataclass(frozen=True, slots=True)
class Repriced:
    """A computed fee that changed because an earlier billing was added."""

    contract_number: int
    billed_on: date
    amount: Decimal
    old_fee: Decimal | None
    new_fee: Decimal


@dataclass(frozen=True, slots=True)
class PricedBilling:
    """What `bill` recorded (or found already recorded): its contract as the transaction read
    it, the breakdown of a fee Gigwise worked out (None for a fee given as a fact or a replay),
    and the later billings whose computed fees it changed."""

    contract: ContractRecord
    result: BillingResult
    breakdown: FeeBreakdown | None = None
    repriced: tuple[Repriced, ...] = ()


class BillingDateError(LedgerError):
    """A billing dated outside its contract."""


@dataclass(frozen=True, slots=True)
class _Recorded:
    """A fee the platform charged, as its statement or the member gives it (None: unknown)."""

    amount: Decimal | None


def recorded_fee(amount: Decimal | None) -> _Recorded:
    """A fee to record as a fact, for `BillingRepository.bill`."""
    return _Recorded(amount)


def _check_dates(contract: ContractRecord, billed_on: date, *, after_end: bool) -> None:
    number = f"#{contract.number}"
    if contract.started_on is not None and billed_on < contract.started_on:
        raise BillingDateError(
            f"Contract {number} started on {contract.started_on.isoformat()}: give a date on "
            "or after it."
        )
    if contract.ended_on is not None:
        if billed_on > contract.ended_on:
            raise BillingDateError(
                f"Contract {number} ended on {contract.ended_on.isoformat()}: give a date on or "
                "before it, or start a new contract for new work."
            )
        if not after_end:
            raise ContractAlreadyEnded(contract)


class ContractAlreadyEnded(LedgerError):
    """A billing on a contract that has ended: the member is asked before it is recorded."""

    def __init__(self, contract: ContractRecord) -> None:
        super().__init__(
            f"Contract #{contract.number} ended on "
            f"{contract.ended_on.isoformat() if contract.ended_on else 'an unknown date'}."
        )
        self.contract = contract


def terms_of(contract: ContractRecord) -> ContractTerms:
    """What the contract's bills are priced by."""
    return ContractTerms(
        rule_key=contract.fee_schedule,
        started_on=contract.started_on or date.min,
        rate=contract.fee_rate,
        hourly=contract.kind is ContractKind.HOURLY,
        currency=contract.currency,
    )


_CLIENT_BILLINGS = (
    select(Billing.amount_minor)
    .join(
        Contract, and_(Contract.id == Billing.contract_id, Contract.member_id == Billing.member_id)
    )
    .where(
        Billing.member_id == bindparam("member_id"), Contract.client_id == bindparam("client_id")
    )
)
# How many of the client's billings are dated after a day: a new billing dated before any of
# them changes the tier the later ones were priced at.
_BILLED_AFTER = Prepared(
    select(func.count()).select_from(
        _CLIENT_BILLINGS.where(Billing.billed_on > bindparam("day")).subquery()
    )
)
_CLIENT_TOTAL = (
    select(func.coalesce(func.sum(Billing.amount_minor), 0))
    .join(
        Contract, and_(Contract.id == Billing.contract_id, Contract.member_id == Billing.member_id)
    )
    .where(
        Billing.member_id == bindparam("member_id"), Contract.client_id == bindparam("client_id")
    )
)
# What the member billed the client before a day, and up to it (same-day billings already
# recorded come before a new one).
_BILLED_BEFORE = Prepared(_CLIENT_TOTAL.where(Billing.billed_on < bindparam("day")))
_BILLED_THROUGH = Prepared(_CLIENT_TOTAL.where(Billing.billed_on <= bindparam("day")))
# Every billing of the client with its contract's terms, oldest first.
_CLIENT_HISTORY = Prepared(
    select(
        Billing.id,
        Billing.amount_minor,
        Billing.billed_on,
        Billing.fee_charged_minor,
        Billing.fee_source,
        Contract.number,
        Contract.fee_schedule,
        Contract.fee_rate,
        Contract.started_on,
        Contract.kind,
    )
    .join(
        Contract, and_(Contract.id == Billing.contract_id, Contract.member_id == Billing.member_id)
    )
    .where(
        Billing.member_id == bindparam("member_id"), Contract.client_id == bindparam("client_id")
    )
    .order_by(Billing.billed_on, Billing.id)
)
_SET_FEE = Prepared(
    update(Billing)
    .where(Billing.id == bindparam("billing_id"), Billing.member_id == bindparam("owner"))
    .values(fee_charged_minor=bindparam("fee_minor", type_=Billing.fee_charged_minor.type))
)


async def reprice_client(
    writes: Writes, member_id: int, client_id: int, currency: str, *, skip: int | None = None
) -> tuple[Repriced, ...]:
    """Work out again, in date order, every computed fee of the client's billings and store the
    ones that changed; the changes, but for billing `skip` (the one just added)."""
    params = {"member_id": member_id, "client_id": client_id}
    rows = await writes.rows(_CLIENT_HISTORY, params)
    history = [
        PastBill(
            id=row.id,
            amount=from_minor_units(row.amount_minor, currency),
            billed_on=row.billed_on,
            fee=(
                from_minor_units(row.fee_charged_minor, currency)
                if row.fee_charged_minor is not None
                else None
            ),
            computed=row.fee_source == FeeSource.COMPUTED.value,
            terms=ContractTerms(
                rule_key=row.fee_schedule,
                started_on=row.started_on or date.min,
                rate=row.fee_rate,
                hourly=row.kind == ContractKind.HOURLY.value,
                currency=currency,
            ),
        )
        for row in rows
    ]
    numbers = {row.id: row.number for row in rows}
    changed = []
    fees = reprice(history)
    for bill in history:
        fee = fees.get(bill.id)
        if fee is None or fee == bill.fee:
            continue
        await writes.run(
            _SET_FEE,
            {
                "billing_id": bill.id,
                "owner": member_id,
                "fee_minor": to_minor_units(fee, currency),
            },
        )
        if bill.id != skip:
            changed.append(
                Repriced(
                    contract_number=numbers[bill.id],
                    billed_on=bill.billed_on,
                    amount=bill.amount,
                    old_fee=bill.fee,
                    new_fee=fee,
                )
            )
    return tuple(changed)


class BillingRepository(Repository[UnitT]):
    """Recording and reading one member's billings."""

    async def record(
        self: BillingRepository[Writes],
        member_id: int,
        contract_id: int,
        amount: Decimal,
        currency: str,
        billed_on: date,
        fee_charged: Decimal | None,
        source: BillingSource,
        idempotency_key: str,
    ) -> BillingResult:
        """Record a billing whose fee is known (or, None, unknown) on the member's contract,
        once per key. The fee is a fact: it is never worked out again.

        A second call with a key already used returns the first billing with `replayed=True`
        and adds nothing, whatever else it was given. The currency must be the client's.
        """
        priced = await self.bill(
            member_id,
            contract_id,
            amount=amount,
            billed_on=billed_on,
            idempotency_key=idempotency_key,
            fee=_Recorded(fee_charged),
            source=source,
            currency=currency,
            after_end=True,
        )
        return priced.result

    async def bill(
        self: BillingRepository[Writes],
        member_id: int,
        contract: int,
        *,
        amount: Decimal,
        billed_on: date,
        idempotency_key: str,
        fee: _Recorded | None = None,
        source: BillingSource = BillingSource.TYPED,
        currency: str | None = None,
        by_number: bool = False,
        after_end: bool = False,
        quotas: QuotaCheck | None = None,
    ) -> PricedBilling:
        """Record a billing on the member's contract (its id, or `by_number` the member's number
        for it), once per key, with the fee its contract's terms give on its date, unless `fee`
        records the fee the platform charged.

        Billings of one client are priced in date order: one dated before others of the client
        works their computed fees out again, and the result says which changed. A billing dated
        before its contract started, or after it ended, is refused; one on a contract that has
        ended raises `ContractAlreadyEnded` unless `after_end`. `currency` is the client's
        unless given. A new billing is refused (`QuotaReached`) when the member keeps as many
        as `quotas` allow; a replay is not.
        """
        member_id = checked_snowflake(member_id)
        key = check_idempotency_key(idempotency_key)
        try:
            record, lifetime = await owned_contract_with_lifetime(
                self.unit, member_id, contract, to_bill=True, by_number=by_number
            )
            currency = require_currency(record.client_name, record.currency, currency)
            amount = check_amount(amount, currency)
            fee_fact = check_fee_charged(fee.amount, currency) if fee is not None else None
            _check_dates(record, billed_on, after_end=after_end)
        except (InputError, ContractAlreadyEnded):
            # A replay gets the first billing back whatever else it was given; only a new
            # billing has to make sense.
            earlier = await billing_by_key(self.unit, member_id, key)
            if earlier is None:
                raise
            return await self._replayed(member_id, earlier)
        if quotas is not None:
            try:
                await check_room_for_billing(self.unit, member_id, quotas)
            except QuotaReached:
                # A replay of a billing already stored takes no room: only then is it looked up,
                # so the common billing far below the cap pays no lookup for it.
                if await billing_by_key(self.unit, member_id, key) is None:
                    raise
        return await self._add(record, lifetime, amount, billed_on, key, fee, fee_fact, source)

    async def _add(
        self: BillingRepository[Writes],
        contract: ContractRecord,
        lifetime_minor: int,
        amount: Decimal,
        billed_on: date,
        key: str,
        fee: _Recorded | None,
        fee_fact: Decimal | None,
        source: BillingSource,
    ) -> PricedBilling:
        member_id, currency = contract.member_id, contract.currency
        params = {"member_id": member_id, "client_id": contract.client_id, "day": billed_on}
        later = int(await self.unit.scalar(_BILLED_AFTER, params) or 0)
        try:
            if not later:
                check_latest_billing(lifetime_minor, amount, currency, billed_on)
            check_contract_total(
                contract.number, currency, contract.billed, contract.billed + amount
            )
        except TotalLimitError:
            # A replay gets the first billing back, though it is in the totals already.
            earlier = await billing_by_key(self.unit, member_id, key)
            if earlier is None:
                raise
            return await self._replayed(member_id, earlier)
        breakdown = None
        if fee is None:
            lifetime = from_minor_units(lifetime_minor, currency)
            if later:
                # Billed before later ones of the client: priced on what came before its day,
                # and the later computed fees are worked out again below.
                lifetime = from_minor_units(
                    int(await self.unit.scalar(_BILLED_THROUGH, params) or 0), currency
                )
            breakdown = await self._price(contract, amount, billed_on, lifetime)
            fee_fact = breakdown.fee
        values = billing_values(
            member_id=member_id,
            contract_id=contract.id,
            amount=amount,
            currency=currency,
            billed_on=billed_on,
            fee_charged=fee_fact,
            source=source,
            idempotency_key=key,
            fee_source=FeeSource.COMPUTED if fee is None else FeeSource.RECORDED,
        )
        billing_id = await insert_billing(self.unit, values)
        if billing_id is None:
            # The key was used before, or by a concurrent call that committed first.
            earlier = await billing_by_key(self.unit, member_id, key)
            if earlier is None:
                raise RuntimeError("a billing key clashed but its billing cannot be read")
            return await self._replayed(member_id, earlier)
        repriced: tuple[Repriced, ...] = ()
        if later:
            # Dated before others of the client: every running total after it grows.
            await check_client_history(self.unit, member_id, contract.client_id, currency)
            repriced = await reprice_client(
                self.unit, member_id, contract.client_id, currency, skip=billing_id
            )
        billing = BillingRecord(
            id=billing_id,
            member_id=member_id,
            contract_id=contract.id,
            client_id=contract.client_id,
            amount=amount,
            currency=currency,
            billed_on=billed_on,
            fee_charged=fee_fact,
            source=source,
            idempotency_key=key,
            fee_source=FeeSource.COMPUTED if fee is None else FeeSource.RECORDED,
        )
        result = BillingResult(
            billing=billing,
            replayed=False,
            lifetime_billed=from_minor_units(lifetime_minor, currency) + amount,
        )
        return PricedBilling(
            contract=contract, result=result, breakdown=breakdown, repriced=repriced
        )

    async def _price(
        self, contract: ContractRecord, amount: Decimal, billed_on: date, lifetime: Decimal
    ) -> FeeBreakdown:
        terms = terms_of(contract)
        switch = switch_day_for(rule_or_default(terms.rule_key), terms.started_on, billed_on)
        at_switch = None
        if switch is not None:
            at_switch = from_minor_units(
                int(
                    await self.unit.scalar(
                        _BILLED_BEFORE,
                        {
                            "member_id": contract.member_id,
                            "client_id": contract.client_id,
                            "day": switch,
                        },
                    )
                    or 0
                ),
                contract.currency,
            )
        return price_bill(terms, amount, billed_on, lifetime, at_switch)

    async def _replayed(self, member_id: int, billing: BillingRecord) -> PricedBilling:
        contract, lifetime = await owned_contract_with_lifetime(
            self.unit, member_id, billing.contract_id
        )
        result = BillingResult(
            billing=billing,
            replayed=True,
            lifetime_billed=from_minor_units(lifetime, billing.currency),
        )
        return PricedBilling(contract=contract, result=result)

    async def for_contract(self, member_id: int, contract_id: int) -> Sequence[BillingRecord]:
        """The contract's billings, oldest first; `UnknownContract` if it is not the member's."""
        member_id = checked_snowflake(member_id)
        contract, _ = await owned_contract_with_lifetime(self.unit, member_id, contract_id)
        rows = await self.unit.rows(
            _CONTRACT_BILLINGS, {"member_id": member_id, "contract_id": contract.id}
        )
        return [billing_record(row) for row in rows]

    async def by_key(self, member_id: int, idempotency_key: str) -> BillingRecord | None:
        """The member's billing recorded under this key, if any."""
        member_id = checked_snowflake(member_id)
        return await billing_by_key(self.unit, member_id, check_idempotency_key(idempotency_key))
