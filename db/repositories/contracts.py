"""Contracts: starting, ending, listing and finding a member's contracts with their clients."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, case, func, insert, or_, update

from advisor.ledger import (
    ENDED_STATUSES,
    MAX_FEE_SCHEDULE_LENGTH,
    BillingSource,
    ContractChoice,
    ContractEndError,
    ContractKind,
    ContractRecord,
    ContractStatus,
    CurrencyMismatch,
    FinishedContract,
    check_amount,
    check_fee_charged,
    check_fee_rate,
    check_idempotency_key,
    check_rating,
    clean_feedback,
    clean_title,
    fold_for_matching,
    from_minor_units,
    normalise_currency,
)
from db.models import Client, Contract
from db.repositories._records import (
    client_lifetime_minor,
    contract_record,
    contracts_query,
    owned_client,
    owned_contract,
)
from db.repositories._scope import Repository, UnitT, checked_snowflake
from db.repositories.billings import billing_by_key, billing_values, insert_billing
from db.repositories.clients import MAX_CHOICES
from db.units import Writes


class _KeyTaken(Exception):
    """A concurrent call took the billing's key first: the savepoint takes the contract back."""


def _checked_schedule(fee_schedule: str | None) -> str | None:
    # Schedule keys come from the fee module's own list, so a bad one is a bug, not a typo.
    if fee_schedule is None:
        return None
    cleaned = fee_schedule.strip()
    if len(cleaned) > MAX_FEE_SCHEDULE_LENGTH:
        raise ValueError(f"a fee schedule key has at most {MAX_FEE_SCHEDULE_LENGTH} characters")
    return cleaned or None


async def insert_contract(
    writes: Writes,
    *,
    member_id: int,
    client_id: int,
    title: str | None,
    kind: ContractKind | None,
    started_on: date | None,
    ended_on: date | None = None,
    status: ContractStatus = ContractStatus.ACTIVE,
    fee_schedule: str | None = None,
    fee_rate: Decimal | None = None,
    rating: Decimal | None = None,
    feedback: str | None = None,
) -> int:
    """Insert one contract of the member's client (whose ownership the caller checked); its id.

    Title, feedback, rating and fee terms are checked and tidied here: a refusal is an
    `InputError` that says what to type instead.
    """
    contract_id = await writes.scalar(
        insert(Contract)
        .values(
            member_id=member_id,
            client_id=client_id,
            title=clean_title(title),
            kind=kind.value if kind is not None else None,
            fee_schedule=_checked_schedule(fee_schedule),
            fee_rate=check_fee_rate(fee_rate),
            started_on=started_on,
            ended_on=ended_on,
            status=status.value,
            rating=check_rating(rating),
            feedback=clean_feedback(feedback),
        )
        .returning(Contract.id)
    )
    if contract_id is None:
        raise RuntimeError("a contract was inserted but returned no id")
    return int(contract_id)


def _most_recent_first() -> tuple[ColumnElement[Any], ...]:
    active_first = case((Contract.status == ContractStatus.ACTIVE.value, 0), else_=1)
    latest = func.coalesce(Contract.ended_on, Contract.started_on)
    return (active_first, latest.desc().nulls_last(), Contract.id.desc())


class ContractRepository(Repository[UnitT]):
    """One member's contracts."""

    async def get(self, member_id: int, contract_id: int) -> ContractRecord:
        """The member's contract with this id; `UnknownContract` if there is none."""
        return await owned_contract(self.unit, checked_snowflake(member_id), contract_id)

    async def start(
        self: ContractRepository[Writes],
        member_id: int,
        client_id: int,
        *,
        title: str | None,
        started_on: date,
        kind: ContractKind | None = None,
        fee_schedule: str | None = None,
        fee_rate: Decimal | None = None,
    ) -> ContractRecord:
        """Open an active contract with the member's client, under the fee terms it starts with."""
        member_id = checked_snowflake(member_id)
        client = await owned_client(self.unit, member_id, client_id)
        contract_id = await insert_contract(
            self.unit,
            member_id=member_id,
            client_id=client.id,
            title=title,
            kind=kind,
            fee_schedule=fee_schedule,
            fee_rate=fee_rate,
            started_on=started_on,
        )
        return await owned_contract(self.unit, member_id, contract_id)

    async def add_finished(
        self: ContractRepository[Writes],
        member_id: int,
        client_id: int,
        *,
        amount: Decimal,
        currency: str,
        finished_on: date,
        fee_charged: Decimal | None,
        idempotency_key: str,
        title: str | None = None,
        kind: ContractKind | None = None,
        rating: Decimal | None = None,
        feedback: str | None = None,
        fee_schedule: str | None = None,
        fee_rate: Decimal | None = None,
        started_on: date | None = None,
    ) -> FinishedContract:
        """Log a finished job in one step: a completed contract and its one billing.

        Like `BillingRepository.record`, a key already used returns the first contract with
        `replayed=True`, so a double click never logs the job twice.
        """
        member_id = checked_snowflake(member_id)
        key = check_idempotency_key(idempotency_key)
        earlier = await billing_by_key(self.unit, member_id, key)
        if earlier is not None:
            return await self._finished(member_id, earlier.contract_id, key, replayed=True)

        client = await owned_client(self.unit, member_id, client_id)
        currency = normalise_currency(currency)
        if currency != client.currency:
            raise CurrencyMismatch(
                f"{client.name} is billed in {client.currency}; give the amount in "
                f"{client.currency} rather than {currency}."
            )
        if started_on is not None and started_on > finished_on:
            raise ContractEndError("A contract can't finish before it started; check the dates.")
        amount = check_amount(amount, currency)
        fee_charged = check_fee_charged(fee_charged, currency)

        # A savepoint, so a key taken concurrently also takes back the contract made for it.
        try:
            async with self.unit.savepoint():
                contract_id = await insert_contract(
                    self.unit,
                    member_id=member_id,
                    client_id=client.id,
                    title=title,
                    kind=kind,
                    fee_schedule=fee_schedule,
                    fee_rate=fee_rate,
                    started_on=started_on or finished_on,
                    ended_on=finished_on,
                    status=ContractStatus.COMPLETED,
                    rating=rating,
                    feedback=feedback,
                )
                billing_id = await insert_billing(
                    self.unit,
                    billing_values(
                        member_id=member_id,
                        contract_id=contract_id,
                        amount=amount,
                        currency=currency,
                        billed_on=finished_on,
                        fee_charged=fee_charged,
                        source=BillingSource.TYPED,
                        idempotency_key=key,
                    ),
                )
                if billing_id is None:
                    raise _KeyTaken()
        except _KeyTaken:
            concurrent = await billing_by_key(self.unit, member_id, key)
            if concurrent is None:
                raise RuntimeError("a billing key clashed but its billing cannot be read") from None
            return await self._finished(member_id, concurrent.contract_id, key, replayed=True)
        return await self._finished(member_id, contract_id, key, replayed=False)

    async def _finished(
        self, member_id: int, contract_id: int, key: str, *, replayed: bool
    ) -> FinishedContract:
        contract = await owned_contract(self.unit, member_id, contract_id)
        billing = await billing_by_key(self.unit, member_id, key)
        if billing is None:
            raise RuntimeError("a finished contract's billing cannot be read back")
        lifetime = await client_lifetime_minor(self.unit, member_id, contract.client_id)
        return FinishedContract(
            contract=contract,
            billing=billing,
            replayed=replayed,
            lifetime_billed=from_minor_units(lifetime, contract.currency),
        )

    async def end(
        self: ContractRepository[Writes],
        member_id: int,
        contract_id: int,
        *,
        ended_on: date,
        status: ContractStatus = ContractStatus.COMPLETED,
        rating: Decimal | None = None,
        feedback: str | None = None,
    ) -> ContractRecord:
        """Close the member's active contract as completed, cancelled or disputed.

        Ending it again with the same outcome (a replayed interaction) changes nothing; ending an
        already ended contract differently is refused.
        """
        member_id = checked_snowflake(member_id)
        if status not in ENDED_STATUSES:
            raise ContractEndError("End a contract as completed, cancelled or disputed.")
        rating = check_rating(rating)
        feedback = clean_feedback(feedback)
        contract = await owned_contract(self.unit, member_id, contract_id)
        if contract.status is not ContractStatus.ACTIVE:
            if (contract.status, contract.rating, contract.feedback) == (status, rating, feedback):
                return contract
            raise ContractEndError(
                f"That contract already ended ({contract.status.value} on "
                f"{contract.ended_on.isoformat() if contract.ended_on else 'an unknown date'})."
            )
        if contract.started_on is not None and ended_on < contract.started_on:
            raise ContractEndError(
                f"That contract started on {contract.started_on.isoformat()}; give an end date "
                "on or after it."
            )
        await self.unit.run(
            update(Contract)
            .where(Contract.id == contract.id, Contract.member_id == member_id)
            .values(ended_on=ended_on, status=status.value, rating=rating, feedback=feedback)
        )
        return await owned_contract(self.unit, member_id, contract.id)

    async def list(
        self, member_id: int, status: ContractStatus | None = None
    ) -> Sequence[ContractRecord]:
        """The member's contracts (with this status, if given): active first, newest first."""
        member_id = checked_snowflake(member_id)
        query = contracts_query(member_id)
        if status is not None:
            query = query.where(Contract.status == status.value)
        rows = await self.unit.rows(query.order_by(*_most_recent_first()))
        return [contract_record(row) for row in rows]

    async def search(
        self,
        member_id: int,
        typed: str,
        *,
        statuses: Collection[ContractStatus] | None = None,
        limit: int = MAX_CHOICES,
    ) -> Sequence[ContractChoice]:
        """Autocomplete: the member's contracts whose title or client contains what was typed.

        Active contracts come first, then the most recent. `statuses` narrows the list (for
        example to active contracts for `/contract end`).
        """
        member_id = checked_snowflake(member_id)
        query = contracts_query(member_id)
        text = fold_for_matching(typed)
        if text:
            query = query.where(
                or_(
                    func.lower(Contract.title).contains(text, autoescape=True),
                    Client.normalised_name.contains(text, autoescape=True),
                )
            )
        if statuses is not None:
            query = query.where(Contract.status.in_([status.value for status in statuses]))
        rows = await self.unit.rows(
            query.order_by(*_most_recent_first()).limit(min(limit, MAX_CHOICES))
        )
        return [ContractChoice(id=row.id, label=contract_record(row).label) for row in rows]
