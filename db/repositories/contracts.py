"""Contracts: starting, ending, listing and finding a member's contracts with their clients."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    exists,
    func,
    insert,
    or_,
    update,
)
from sqlalchemy.orm import aliased

from advisor.errors import ScheduleError
from advisor.fee_calendar import UPWORK, RateSource, get_rule, rate_for_contract, schedule_on
from advisor.fees import FeeBreakdown
from advisor.ledger import (
    ENDED_STATUSES,
    MAX_FEE_SCHEDULE_LENGTH,
    ContractChoice,
    ContractEndError,
    ContractKind,
    ContractRecord,
    ContractStatus,
    FinishedContract,
    LedgerError,
    check_amount,
    check_fee_rate,
    check_idempotency_key,
    check_rating,
    clean_feedback,
    clean_title,
    fold_for_matching,
    from_minor_units,
    require_currency,
    to_minor_units,
)
from advisor.money import format_money, format_rate
from db.models import Client, Contract
from db.repositories._records import (
    client_lifetime_minor,
    contract_record,
    contracts_query,
    owned_client,
    owned_contract,
)
from db.repositories._scope import Repository, UnitT, checked_snowflake
from db.repositories.billings import (
    BillingRepository,
    Repriced,
    billing_by_key,
    recorded_fee,
)
from db.repositories.clients import MAX_CHOICES
from db.repositories.member_settings import MemberSettingsRepository
from db.repositories.numbering import lock_member, next_number
from db.repositories.quotas import QuotaCheck, check_room_for_billing, check_room_for_contract
from db.units import Reads, Writes


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
    fee_rate_source: RateSource | None = None,
    rating: Decimal | None = None,
    feedback: str | None = None,
    import_id: int | None = None,
) -> int:
    """Insert one contract of the member's client (whose ownership the caller checked), with the
    member's next number; its id. `import_id` marks a contract an import creates.

    Title, feedback, rating and fee terms are checked and tidied here: a refusal is an
    `InputError` that says what to type instead.
    """
    # Two processes numbering one member's contracts at once take turns (PostgreSQL; SQLite's
    # writers already do).
    await lock_member(writes, member_id)
    contract_id = await writes.scalar(
        insert(Contract)
        .values(
            member_id=member_id,
            number=next_number(member_id),
            client_id=client_id,
            title=clean_title(title),
            kind=kind.value if kind is not None else None,
            fee_schedule=_checked_schedule(fee_schedule),
            fee_rate=check_fee_rate(fee_rate),
            fee_rate_source=fee_rate_source.value if fee_rate_source is not None else None,
            started_on=started_on,
            ended_on=ended_on,
            status=status.value,
            rating=check_rating(rating),
            feedback=clean_feedback(feedback),
            import_id=import_id,
        )
        .returning(Contract.id)
    )
    if contract_id is None:
        raise RuntimeError("a contract was inserted but returned no id")
    return int(contract_id)


@dataclass(frozen=True, slots=True)
class RecordedTerms:
    """The fee terms a contract is recorded with: its rule's key, and its rate and where the
    rate came from, where the rule needs one."""

    schedule_key: str
    rate: Decimal | None
    rate_source: RateSource | None


async def recorded_terms(
    unit: Reads,
    member_id: int,
    rule_key: str | None,
    rate: Decimal | None,
    server_rate: Decimal | None,
    started_on: date,
    currency: str,
) -> RecordedTerms:
    """The terms a new contract in `currency` is recorded with: its rule (the dated calendar
    unless another is named), and the rate it is priced at where the schedule in force on its
    start needs one (given, else the member's saved rate, the server's, or assumed). A schedule
    whose bands are set in another currency is refused."""
    rule = get_rule(rule_key) if rule_key is not None else UPWORK
    schedule = schedule_on(rule, started_on).in_currency(currency)
    if not schedule.needs_rate:
        if rate is not None:
            raise ScheduleError(
                f"{schedule.label} had a set rate on {started_on.isoformat()}, so leave the rate "
                "out; use the custom schedule to try your own rate."
            )
        return RecordedTerms(rule.key, None, None)
    member_rate = await MemberSettingsRepository(unit).default_rate(member_id)
    chosen = rate_for_contract(schedule, check_fee_rate(rate), member_rate, server_rate)
    low, high = schedule.rate_range or (Decimal(0), Decimal(1))
    if chosen.rate is not None and not low <= chosen.rate <= high:
        raise ScheduleError(
            f"{schedule.label} runs from {format_rate(low)} to {format_rate(high)}: type a rate "
            "in that range."
        )
    return RecordedTerms(rule.key, chosen.rate, chosen.source)


class DuplicateJob(LedgerError):
    """A finished job just like one logged the same day: the member is asked before it is
    logged again."""

    def __init__(self, existing: ContractRecord) -> None:
        super().__init__(
            f"You logged the same job (#{existing.number}, {existing.client_name}, "
            f"{format_money(existing.billed, existing.currency)}) on that day already."
        )
        self.existing = existing


@dataclass(frozen=True, slots=True)
class LoggedJob:
    """A finished job logged in one step, with how its fee was worked out."""

    finished: FinishedContract
    breakdown: FeeBreakdown | None
    repriced: tuple[Repriced, ...]


def _most_recent_first() -> tuple[ColumnElement[Any], ...]:
    active_first = case((Contract.status == ContractStatus.ACTIVE.value, 0), else_=1)
    latest = func.coalesce(Contract.ended_on, Contract.started_on)
    return (active_first, latest.desc().nulls_last(), Contract.id.desc())


class ContractRepository(Repository[UnitT]):
    """One member's contracts."""

    async def get(
        self, member_id: int, contract_id: int, *, by_number: bool = False
    ) -> ContractRecord:
        """The member's contract with this id (or, `by_number`, the member's number for it);
        `UnknownContract` if there is none."""
        return await owned_contract(
            self.unit, checked_snowflake(member_id), contract_id, by_number=by_number
        )

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
        server_rate: Decimal | None = None,
        quotas: QuotaCheck | None = None,
    ) -> ContractRecord:
        """Open an active contract with the member's client, under the fee terms it starts with:
        the rule `fee_schedule` names (the dated calendar when None) and, where the schedule in
        force on `started_on` needs one, a rate (`fee_rate`, else the member's saved rate,
        `server_rate`, or the common 10% assumed). `QuotaReached` if the member keeps as many
        contracts as `quotas` allow."""
        member_id = checked_snowflake(member_id)
        client = await owned_client(self.unit, member_id, client_id)
        if quotas is not None:
            await check_room_for_contract(self.unit, member_id, quotas)
        terms = await recorded_terms(
            self.unit, member_id, fee_schedule, fee_rate, server_rate, started_on, client.currency
        )
        contract_id = await insert_contract(
            self.unit,
            member_id=member_id,
            client_id=client.id,
            title=title,
            kind=kind,
            fee_schedule=terms.schedule_key,
            fee_rate=terms.rate,
            fee_rate_source=terms.rate_source,
            started_on=started_on,
        )
        return await owned_contract(self.unit, member_id, contract_id)

    async def add_finished(
        self: ContractRepository[Writes],
        member_id: int,
        client_id: int,
        *,
        amount: Decimal,
        finished_on: date,
        fee_charged: Decimal | None,
        idempotency_key: str,
        title: str | None = None,
        kind: ContractKind | None = None,
        rating: Decimal | None = None,
        feedback: str | None = None,
        fee_schedule: str | None = None,
        fee_rate: Decimal | None = None,
        server_rate: Decimal | None = None,
        started_on: date | None = None,
        again: bool = False,
        currency: str | None = None,
        quotas: QuotaCheck | None = None,
    ) -> LoggedJob:
        """Log a finished job in one step: a completed contract and its one billing, priced by
        the terms `start` would give it (or at `fee_charged`, a fact, when given).

        Like `BillingRepository.bill`, a key already used returns the first contract with
        `replayed=True`, so a double click never logs the job twice. A job just like one logged
        for the same client, amount and day raises `DuplicateJob` unless `again`. `currency` is
        the client's unless given (and then must be the client's). `QuotaReached` if the member
        keeps as many contracts or billings as `quotas` allow.
        """
        member_id = checked_snowflake(member_id)
        key = check_idempotency_key(idempotency_key)
        earlier = await billing_by_key(self.unit, member_id, key)
        if earlier is not None:
            return await self._logged(member_id, earlier.contract_id, key, replayed=True)
        if quotas is not None:
            await check_room_for_contract(self.unit, member_id, quotas)
            await check_room_for_billing(self.unit, member_id, quotas)

        client = await owned_client(self.unit, member_id, client_id)
        currency = require_currency(client.name, client.currency, currency)
        starts = started_on or finished_on
        if starts > finished_on:
            raise ContractEndError("A contract can't finish before it started; check the dates.")
        amount = check_amount(amount, currency)
        if not again:
            await self._refuse_same_job(member_id, client.id, amount, currency, finished_on)
        terms = await recorded_terms(
            self.unit, member_id, fee_schedule, fee_rate, server_rate, starts, currency
        )

        # A savepoint, so a key taken concurrently also takes back the contract made for it.
        try:
            async with self.unit.savepoint():
                contract_id = await insert_contract(
                    self.unit,
                    member_id=member_id,
                    client_id=client.id,
                    title=title,
                    kind=kind,
                    fee_schedule=terms.schedule_key,
                    fee_rate=terms.rate,
                    fee_rate_source=terms.rate_source,
                    started_on=starts,
                    ended_on=finished_on,
                    status=ContractStatus.COMPLETED,
                    rating=rating,
                    feedback=feedback,
                )
                priced = await BillingRepository(self.unit).bill(
                    member_id,
                    contract_id,
                    amount=amount,
                    billed_on=finished_on,
                    idempotency_key=key,
                    fee=recorded_fee(fee_charged) if fee_charged is not None else None,
                    currency=currency,
                    after_end=True,
                )
                if priced.result.replayed:
                    raise _KeyTaken()
        except _KeyTaken:
            concurrent = await billing_by_key(self.unit, member_id, key)
            if concurrent is None:
                raise RuntimeError("a billing key clashed but its billing cannot be read") from None
            return await self._logged(member_id, concurrent.contract_id, key, replayed=True)
        logged = await self._logged(member_id, contract_id, key, replayed=False)
        return LoggedJob(logged.finished, priced.breakdown, priced.repriced)

    async def _refuse_same_job(
        self, member_id: int, client_id: int, amount: Decimal, currency: str, day: date
    ) -> None:
        same = await self.unit.first(
            contracts_query(member_id)
            .where(
                Contract.client_id == client_id,
                Contract.started_on == day,
                Contract.ended_on == day,
                Contract.billed_minor == to_minor_units(amount, currency),
            )
            .order_by(Contract.id.desc())
            .limit(1)
        )
        if same is not None:
            raise DuplicateJob(contract_record(same))

    async def _logged(
        self, member_id: int, contract_id: int, key: str, *, replayed: bool
    ) -> LoggedJob:
        return LoggedJob(
            await self._finished(member_id, contract_id, key, replayed=replayed), None, ()
        )

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

    async def latest_for_client(self, member_id: int, client_id: int) -> ContractRecord | None:
        """The member's most recently started contract with the client, if any."""
        member_id = checked_snowflake(member_id)
        row = await self.unit.first(
            contracts_query(member_id)
            .where(Contract.client_id == client_id)
            .order_by(Contract.started_on.desc().nulls_last(), Contract.id.desc())
            .limit(1)
        )
        return None if row is None else contract_record(row)

    async def latest_per_client(self, member_id: int) -> dict[int, ContractRecord]:
        """Each of the member's clients' most recently started contract, by client id."""
        member_id = checked_snowflake(member_id)
        newer = aliased(Contract)
        rows = await self.unit.rows(
            contracts_query(member_id).where(
                ~exists().where(
                    newer.member_id == Contract.member_id,
                    newer.client_id == Contract.client_id,
                    or_(
                        func.coalesce(newer.started_on, date.min)
                        > func.coalesce(Contract.started_on, date.min),
                        and_(
                            func.coalesce(newer.started_on, date.min)
                            == func.coalesce(Contract.started_on, date.min),
                            newer.id > Contract.id,
                        ),
                    ),
                )
            )
        )
        return {row.client_id: contract_record(row) for row in rows}

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
        return [
            ContractChoice(id=row.id, label=contract_record(row).label, number=row.number)
            for row in rows
        ]
