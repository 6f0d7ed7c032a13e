"""Billings: money billed on a contract, recorded exactly once per idempotency key.

Commands pass the interaction's id as the key (`interaction:<id>`), so a replayed interaction or
a double click finds the first billing instead of adding a second. The UNIQUE (member, key)
constraint with `ON CONFLICT DO NOTHING` decides, so it holds under concurrency too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import bindparam

from advisor.errors import InputError
from advisor.ledger import (
    BillingRecord,
    BillingResult,
    BillingSource,
    ContractRecord,
    CurrencyMismatch,
    check_amount,
    check_fee_charged,
    check_idempotency_key,
    from_minor_units,
    normalise_currency,
    to_minor_units,
)
from db.models import Billing
from db.repositories._records import (
    billing_record,
    billings_query,
    owned_contract_with_lifetime,
)
from db.repositories._scope import Repository, UnitT, checked_snowflake
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
    }


async def insert_billing(writes: Writes, values: dict[str, object]) -> int | None:
    """Insert one billing; None when its key was already taken (by this or a concurrent call)."""
    statement = prepared_insert_or_ignore(
        writes, Billing, tuple(values), ("member_id", "idempotency_key"), returning="id"
    )
    inserted = await writes.scalar(statement, values)
    return None if inserted is None else int(inserted)


@dataclass(frozen=True, slots=True)
class PricedBilling:
    """What `record_priced` recorded (or found already recorded), and its contract as the
    transaction read it."""

    contract: ContractRecord
    result: BillingResult


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
        """Record a billing on the member's contract, once per key.

        A second call with a key already used returns the first billing with `replayed=True`
        and adds nothing, whatever else it was given. The currency must be the client's.
        """
        priced = await self.record_priced(
            member_id,
            contract_id,
            amount,
            billed_on,
            lambda _contract, _lifetime_before: fee_charged,
            source,
            idempotency_key,
            currency=currency,
        )
        return priced.result

    async def record_priced(
        self: BillingRepository[Writes],
        member_id: int,
        contract_id: int,
        amount: Decimal,
        billed_on: date,
        fee: Callable[[ContractRecord, Decimal], Decimal | None],
        source: BillingSource,
        idempotency_key: str,
        *,
        currency: str | None = None,
    ) -> PricedBilling:
        """`record`, with the fee worked out from the contract and what its client was billed
        before this billing, and the contract given back with the result.

        `fee` gets the contract and that lifetime total as this transaction reads them: a
        contract's terms and a tiered schedule such as Upwork's are what the fee depends on.
        `currency` is the client's unless given.
        """
        member_id = checked_snowflake(member_id)
        key = check_idempotency_key(idempotency_key)
        try:
            contract, lifetime = await owned_contract_with_lifetime(
                self.unit, member_id, contract_id, to_bill=True
            )
            currency = contract.currency if currency is None else normalise_currency(currency)
            if currency != contract.currency:
                raise CurrencyMismatch(
                    f"{contract.client_name} is billed in {contract.currency}; give the amount "
                    f"in {contract.currency} rather than {currency}."
                )
            amount = check_amount(amount, currency)
            fee_charged = check_fee_charged(
                fee(contract, from_minor_units(lifetime, currency)), currency
            )
        except InputError:
            # A replay gets the first billing back whatever else it was given; only a new
            # billing has to make sense.
            earlier = await billing_by_key(self.unit, member_id, key)
            if earlier is None:
                raise
            return await self._replayed(member_id, earlier)
        values = billing_values(
            member_id=member_id,
            contract_id=contract.id,
            amount=amount,
            currency=currency,
            billed_on=billed_on,
            fee_charged=fee_charged,
            source=source,
            idempotency_key=key,
        )
        billing_id = await insert_billing(self.unit, values)
        if billing_id is None:
            # The key was used before, or by a concurrent call that committed first.
            earlier = await billing_by_key(self.unit, member_id, key)
            if earlier is None:
                raise RuntimeError("a billing key clashed but its billing cannot be read")
            return await self._replayed(member_id, earlier)
        billing = BillingRecord(
            id=billing_id,
            member_id=member_id,
            contract_id=contract.id,
            client_id=contract.client_id,
            amount=amount,
            currency=currency,
            billed_on=billed_on,
            fee_charged=fee_charged,
            source=source,
            idempotency_key=key,
        )
        result = BillingResult(
            billing=billing,
            replayed=False,
            lifetime_billed=from_minor_units(lifetime, currency) + amount,
        )
        return PricedBilling(contract=contract, result=result)

    async def _replayed(
        self: BillingRepository[Writes], member_id: int, billing: BillingRecord
    ) -> PricedBilling:
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
