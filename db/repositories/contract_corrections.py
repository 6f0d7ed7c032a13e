"""Editing a contract (client, title, dates, rating, kind, fee schedule or rate) and deleting one
with its billings.

Both change what a client's computed fees were priced on, so the fees of every client concerned
are worked out again in the same transaction (`reprice_client`) and the result says which changed;
recorded fees stay as they were. A contract moved to another client adds its billings to that
client's history, which is checked against the limits (`db.repositories.totals`) like a billing.
A client left with no contract is deleted with its last one: it has nothing left to show.

`plan` works an edit out on a read, for the confirmation; `edit` works it out again under the
clients' locks and applies it, so what is applied is what the records say when it is. A contract
is named by its id and its number together: numbers are never given twice (`numbering`), so a
confirmation can never apply to another contract than the one it showed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import bindparam, delete, func, select, update

from advisor.errors import CurrencyConversion
from advisor.fee_calendar import get_rule, rule_or_default, schedule_on
from advisor.ledger import (
    ClientRecord,
    ContractKind,
    ContractRecord,
    ContractStatus,
    LedgerError,
    UnknownContract,
    check_rating,
    clean_client_name,
    clean_title,
    from_minor_units,
    normalise_client_name,
)
from db.models import Billing, Client, Contract
from db.repositories._records import (
    client_lifetime_minor,
    owned_client,
    owned_contract,
    owned_contract_with_lifetime,
)
from db.repositories._scope import Repository, UnitT, checked_snowflake
from db.repositories.billings import Repriced, reprice_client
from db.repositories.clients import ClientRepository
from db.repositories.contracts import recorded_terms
from db.repositories.numbering import lock_member, retire_number
from db.repositories.totals import check_client_history
from db.units import Prepared, Reads, Writes

_CONTRACT_BILLINGS = Prepared(
    select(
        func.count(),
        func.min(Billing.billed_on),
        func.max(Billing.billed_on),
        func.min(Billing.amount_minor),
    ).where(
        Billing.member_id == bindparam("member_id"),
        Billing.contract_id == bindparam("contract_id"),
    )
)
_CLIENT_CONTRACTS = Prepared(
    select(func.count())
    .select_from(Contract)
    .where(
        Contract.member_id == bindparam("member_id"),
        Contract.client_id == bindparam("client_id"),
    )
)


class NothingToChange(LedgerError):
    """An edit that names nothing to change, or only what the contract already has."""


class EditRefused(LedgerError):
    """An edit that would leave the contract in a state it can't be in; the message says why."""


@dataclass(frozen=True, slots=True)
class ContractChanges:
    """What a member asked to change; None leaves a field as it is. `client` is a client's name:
    the contract moves to that client (created if new) on the platform its fee rule names."""

    client: str | None = None
    title: str | None = None
    started_on: date | None = None
    ended_on: date | None = None
    rating: Decimal | None = None
    kind: ContractKind | None = None
    fee_schedule: str | None = None
    fee_rate: Decimal | None = None

    @property
    def empty(self) -> bool:
        return all(getattr(self, field.name) is None for field in dataclasses.fields(self))


@dataclass(frozen=True, slots=True)
class _Billed:
    count: int
    first: date | None
    last: date | None
    has_refund: bool


@dataclass(frozen=True, slots=True)
class ContractEdit:
    """An edit worked out: the contract as it is and as it would be. `after.client_id` is 0 when
    the client it moves to is new."""

    before: ContractRecord
    after: ContractRecord
    billings: int

    @property
    def moves(self) -> bool:
        return self.after.client_id != self.before.client_id


@dataclass(frozen=True, slots=True)
class EditedContract:
    """What an edit did: the contract as it was and is, the computed fees it changed, and the
    name of a client it left with no contract (and so deleted), if any."""

    before: ContractRecord
    after: ContractRecord
    repriced: tuple[Repriced, ...]
    client_removed: str | None = None


@dataclass(frozen=True, slots=True)
class ContractToDelete:
    """A contract as the confirmation shows it, with how many billings go with it, and whether
    its client goes too (it has no other contract)."""

    contract: ContractRecord
    billings: int
    client_goes: bool = False


@dataclass(frozen=True, slots=True)
class DeletedContract:
    """What deleting a contract did: the contract as it was, the billings that went with it, the
    computed fees it changed, and whether its client went too (it had no other contract)."""

    contract: ContractRecord
    billings: int
    repriced: tuple[Repriced, ...]
    client_removed: bool
    lifetime_billed: Decimal


async def _billed(unit: Reads, member_id: int, contract_id: int) -> _Billed:
    row = await unit.first(_CONTRACT_BILLINGS, {"member_id": member_id, "contract_id": contract_id})
    assert row is not None
    count, first, last, lowest = row
    return _Billed(int(count), first, last, lowest is not None and int(lowest) < 0)


async def _owned_numbered(
    unit: Reads, member_id: int, contract_id: int, number: int
) -> ContractRecord:
    """The member's contract with this id, if it still has this number."""
    contract = await owned_contract(unit, member_id, contract_id)
    if contract.number != number:
        raise UnknownContract()
    return contract


async def _target_client(
    unit: Reads, member_id: int, contract: ContractRecord, name: str | None, platform: str
) -> ClientRecord | None:
    """The client the contract would belong to: the one named (its own when None) on
    `platform`; None when there is no such client yet."""
    wanted = normalise_client_name(name) if name is not None else None
    if wanted is None and platform == contract.platform:
        return await owned_client(unit, member_id, contract.client_id)
    return await ClientRepository(unit).find(
        member_id, name if name is not None else contract.client_name, platform
    )


def _check_dates(
    contract: ContractRecord, billed: _Billed, started_on: date | None, ended_on: date | None
) -> None:
    number = f"#{contract.number}"
    if started_on is not None and ended_on is not None and ended_on < started_on:
        raise EditRefused(
            f"Contract {number} can't end before it starts: give an end date on or after "
            f"{started_on.isoformat()}."
        )
    if started_on is not None and billed.first is not None and billed.first < started_on:
        raise EditRefused(
            f"Contract {number} has a billing on {billed.first.isoformat()}, before "
            f"{started_on.isoformat()}: give a start date on or before it, or take that billing "
            "back first with /contract unbill."
        )
    if ended_on is not None and billed.last is not None and billed.last > ended_on:
        raise EditRefused(
            f"Contract {number} has a billing on {billed.last.isoformat()}, after "
            f"{ended_on.isoformat()}: give an end date on or after it, or take that billing "
            "back first with /contract unbill."
        )


async def plan_edit(
    unit: Reads,
    member_id: int,
    contract: ContractRecord,
    changes: ContractChanges,
    server_rate: Decimal | None = None,
) -> ContractEdit:
    """Work out the member's edit of `contract`, refusing (`InputError`) what can't be done."""
    if changes.empty:
        raise NothingToChange(
            "Say what to change: a client, title, started, ended, rating, kind, platform or rate."
        )
    active = contract.status is ContractStatus.ACTIVE
    if changes.ended_on is not None and active:
        raise EditRefused(
            f"Contract #{contract.number} is still active: end it with /contract end, which "
            "takes its end date."
        )
    if changes.rating is not None and active:
        raise EditRefused(
            f"Contract #{contract.number} is still active: give the client's rating when you "
            "end it with /contract end."
        )
    billed = await _billed(unit, member_id, contract.id)
    started_on = changes.started_on or contract.started_on
    ended_on = changes.ended_on or contract.ended_on
    _check_dates(contract, billed, started_on, ended_on)

    rule = (
        get_rule(changes.fee_schedule)
        if changes.fee_schedule is not None
        else rule_or_default(contract.fee_schedule)
    )
    platform = rule.ledger_platform if changes.fee_schedule is not None else contract.platform
    name = clean_client_name(changes.client) if changes.client is not None else None
    target = await _target_client(unit, member_id, contract, name, platform)
    currency = target.currency if target is not None else contract.currency
    if billed.count and currency != contract.currency:
        assert target is not None
        raise CurrencyConversion(
            f"That client is billed in {currency} and contract #{contract.number} in "
            f"{contract.currency}; Gigwise doesn't convert currencies, so pick a client billed in "
            f"{contract.currency}."
        )

    schedule_key, rate, rate_source = (
        contract.fee_schedule,
        contract.fee_rate,
        contract.fee_rate_source,
    )
    if (
        changes.fee_schedule is not None
        or changes.fee_rate is not None
        or changes.started_on is not None
        or currency != contract.currency
    ):
        # As a contract started then: `contracts.recorded_terms`, but a rate of its own that
        # still fits the schedule stays, with where it came from.
        start = started_on or date.min
        schedule = schedule_on(rule, start).in_currency(currency)
        low, high = schedule.rate_range or (Decimal(0), Decimal(1))
        if (
            changes.fee_rate is None
            and schedule.needs_rate
            and rate is not None
            and low <= rate <= high
        ):
            schedule_key = rule.key
        else:
            terms = await recorded_terms(
                unit, member_id, rule.key, changes.fee_rate, server_rate, start, currency
            )
            schedule_key, rate = terms.schedule_key, terms.rate
            rate_source = terms.rate_source.value if terms.rate_source is not None else None

    after = dataclasses.replace(
        contract,
        client_id=target.id if target is not None else 0,
        client_name=target.name if target is not None else (name or contract.client_name),
        platform=platform,
        currency=currency,
        title=clean_title(changes.title) if changes.title is not None else contract.title,
        kind=changes.kind if changes.kind is not None else contract.kind,
        fee_schedule=schedule_key,
        fee_rate=rate,
        fee_rate_source=rate_source,
        started_on=started_on,
        ended_on=ended_on,
        rating=check_rating(changes.rating) if changes.rating is not None else contract.rating,
    )
    if after == contract:
        raise NothingToChange(
            f"Contract #{contract.number} already reads that way: nothing to change."
        )
    return ContractEdit(before=contract, after=after, billings=billed.count)


_LOCK_CLIENT = (
    select(Client.id)
    .where(Client.member_id == bindparam("member_id"), Client.id == bindparam("client_id"))
    .with_for_update()
)


class ContractCorrectionRepository(Repository[UnitT]):
    """Editing and deleting one member's contracts."""

    async def plan(
        self,
        member_id: int,
        contract_id: int,
        changes: ContractChanges,
        server_rate: Decimal | None = None,
    ) -> ContractEdit:
        """The member's edit of their contract worked out, for a confirmation; nothing is
        written. `UnknownContract` if it is not theirs."""
        member_id = checked_snowflake(member_id)
        contract = await owned_contract(self.unit, member_id, contract_id)
        return await plan_edit(self.unit, member_id, contract, changes, server_rate)

    async def edit(
        self: ContractCorrectionRepository[Writes],
        member_id: int,
        contract_id: int,
        number: int,
        changes: ContractChanges,
        server_rate: Decimal | None = None,
    ) -> EditedContract:
        """Apply the member's edit of their contract #`number` (id `contract_id`) and work out
        again the computed fees of every client it concerns."""
        member_id = checked_snowflake(member_id)
        contract = await _owned_numbered(self.unit, member_id, contract_id, number)
        planned = await plan_edit(self.unit, member_id, contract, changes, server_rate)
        # Both clients are locked, lowest id first, as a billing locks its client; then the
        # edit is worked out again on what is committed.
        for client_id in sorted({contract.client_id, planned.after.client_id} - {0}):
            await self.unit.lock(_LOCK_CLIENT, {"member_id": member_id, "client_id": client_id})
        contract = await _owned_numbered(self.unit, member_id, contract_id, number)
        planned = await plan_edit(self.unit, member_id, contract, changes, server_rate)
        after = planned.after
        if not after.client_id:
            created = await ClientRepository(self.unit).get_or_create(
                member_id, after.client_name, after.platform, after.currency
            )
            after = dataclasses.replace(after, client_id=created.id)
        await self.unit.run(
            update(Contract)
            .where(Contract.id == contract.id, Contract.member_id == member_id)
            .values(
                client_id=after.client_id,
                title=after.title,
                kind=after.kind.value if after.kind is not None else None,
                fee_schedule=after.fee_schedule,
                fee_rate=after.fee_rate,
                fee_rate_source=after.fee_rate_source,
                started_on=after.started_on,
                ended_on=after.ended_on,
                rating=after.rating,
            )
        )
        repriced: tuple[Repriced, ...] = ()
        removed = None
        if after.client_id != contract.client_id:
            # Its billings join the other client's history, and leave this one's.
            await check_client_history(self.unit, member_id, after.client_id, after.currency)
            if (await _billed(self.unit, member_id, contract.id)).has_refund:
                await check_client_history(
                    self.unit, member_id, contract.client_id, contract.currency
                )
            repriced += await reprice_client(
                self.unit, member_id, contract.client_id, contract.currency
            )
            if await self._remove_if_empty(member_id, contract.client_id):
                removed = contract.client_name
        repriced += await reprice_client(self.unit, member_id, after.client_id, after.currency)
        return EditedContract(
            before=contract,
            after=await owned_contract(self.unit, member_id, contract.id),
            repriced=repriced,
            client_removed=removed,
        )

    async def to_delete(self, member_id: int, contract_id: int) -> ContractToDelete:
        """The member's contract and how many billings it has, for a confirmation."""
        member_id = checked_snowflake(member_id)
        contract = await owned_contract(self.unit, member_id, contract_id)
        billed = await _billed(self.unit, member_id, contract.id)
        contracts = await self.unit.scalar(
            _CLIENT_CONTRACTS, {"member_id": member_id, "client_id": contract.client_id}
        )
        return ContractToDelete(contract, billed.count, client_goes=int(contracts or 0) <= 1)

    async def delete(
        self: ContractCorrectionRepository[Writes], member_id: int, contract_id: int, number: int
    ) -> DeletedContract:
        """Delete the member's contract #`number` (id `contract_id`) with its billings, and
        work the client's computed fees out again; the client goes too if it has no other
        contract. The number is never given to another contract."""
        member_id = checked_snowflake(member_id)
        # As when a contract is numbered: the member's row, then the client.
        await lock_member(self.unit, member_id)
        contract, _ = await owned_contract_with_lifetime(
            self.unit, member_id, contract_id, to_bill=True
        )
        if contract.number != number:
            raise UnknownContract()
        billed = await _billed(self.unit, member_id, contract.id)
        await self.unit.run(
            delete(Billing).where(
                Billing.member_id == member_id, Billing.contract_id == contract.id
            )
        )
        await retire_number(self.unit, member_id, contract.number)
        await self.unit.run(
            delete(Contract).where(Contract.member_id == member_id, Contract.id == contract.id)
        )
        if billed.has_refund:
            # Its refunds no longer lower what the client's later billings come to.
            await check_client_history(self.unit, member_id, contract.client_id, contract.currency)
        repriced = await reprice_client(self.unit, member_id, contract.client_id, contract.currency)
        removed = await self._remove_if_empty(member_id, contract.client_id)
        lifetime = (
            0 if removed else await client_lifetime_minor(self.unit, member_id, contract.client_id)
        )
        return DeletedContract(
            contract=contract,
            billings=billed.count,
            repriced=repriced,
            client_removed=removed,
            lifetime_billed=from_minor_units(lifetime, contract.currency),
        )

    async def _remove_if_empty(
        self: ContractCorrectionRepository[Writes], member_id: int, client_id: int
    ) -> bool:
        left = await self.unit.scalar(
            _CLIENT_CONTRACTS, {"member_id": member_id, "client_id": client_id}
        )
        if left:
            return False
        await self.unit.run(
            delete(Client).where(Client.member_id == member_id, Client.id == client_id)
        )
        return True
