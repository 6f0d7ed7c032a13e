"""Taking back one billing: the member's last typed one (`/contract undo`) or any of theirs
(`/contract unbill`), found by its contract and its date or amount.

Deleting a billing changes what the client was billed before every later billing, so the client's
computed fees are worked out again in the same transaction (`reprice_client`), and the result says
which changed. Recorded fees are facts and stay as they were. Taking back a refund raises the
totals after it, so it is checked against the limits (`db.repositories.totals`); taking back money
billed only lowers them and is never refused.

A billing is named by its id and its idempotency key together: on SQLite an id can be given again
once the newest row is deleted, and a confirmation asked for one billing must never delete another.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, String, and_, bindparam, cast, delete, func, select

from advisor.ledger import (
    MAX_CHOICE_LABEL_LENGTH,
    BillingRecord,
    BillingSource,
    ContractRecord,
    LedgerError,
    billing_label,
    fold_for_matching,
    from_minor_units,
    to_minor_units,
)
from db.models import Billing, Client, Contract
from db.repositories._records import (
    billing_record,
    billings_query,
    owned_contract,
    owned_contract_with_lifetime,
)
from db.repositories._scope import Repository, UnitT, checked_snowflake
from db.repositories.billings import Repriced, reprice_client
from db.repositories.clients import MAX_CHOICES
from db.repositories.totals import check_client_history, check_contract_total
from db.units import Prepared, Writes

# Record ids are INTEGER columns: 32-bit on PostgreSQL.
_MAX_RECORD_ID = 2**31 - 1
# The newest billings autocomplete looks through for what was typed (a date being typed is
# looked for in all of them).
_SCANNED = 500
_DAY_PREFIX = re.compile(r"[0-9]{4}(-[0-9]{0,2}(-[0-9]{0,2})?)?")


class UnknownBilling(LedgerError):
    """A billing that is not one of the member's own (or no longer there)."""

    def __init__(self) -> None:
        super().__init__(
            "I can't find that billing among yours. Pick it from the list as you type (after "
            "its contract), or type its date, like 2026-11-28, or its amount."
        )


class NothingToUndo(LedgerError):
    """`/contract undo` for a member who has typed no billing."""

    def __init__(self) -> None:
        super().__init__(
            "You have no billing to undo: nothing you typed with /contract bill or /contract add "
            "is left. To take back an imported one, use /contract unbill."
        )


class SeveralBillings(LedgerError):
    """A date or an amount that matches more than one billing of the contract."""

    def __init__(self, count: int) -> None:
        super().__init__(
            f"{count} billings of that contract match: pick the one you mean from the list as "
            "you type."
        )


@dataclass(frozen=True, slots=True)
class BillingOnContract:
    """A billing and its contract, as a confirmation shows them."""

    billing: BillingRecord
    contract: ContractRecord


@dataclass(frozen=True, slots=True)
class DeletedBilling:
    """What deleting a billing did: the billing as it was, its contract and its client's
    lifetime now, how many billings the contract has left, and the computed fees it changed."""

    billing: BillingRecord
    contract: ContractRecord
    lifetime_billed: Decimal
    billings_left: int
    repriced: tuple[Repriced, ...]


@dataclass(frozen=True, slots=True)
class BillingChoice:
    """An autocomplete choice: the billing's id (what is sent back) and what the member sees."""

    id: int
    label: str


_MEMBER_BILLINGS = billings_query(bindparam("member_id"))
_OWNED_BILLING = Prepared(_MEMBER_BILLINGS.where(Billing.id == bindparam("billing_id")))
_LAST_TYPED = Prepared(
    _MEMBER_BILLINGS.where(Billing.source == BillingSource.TYPED.value)
    .order_by(Billing.id.desc())
    .limit(1)
)
_BILLINGS_ON_CONTRACT = Prepared(
    select(func.count())
    .select_from(Billing)
    .where(
        Billing.member_id == bindparam("member_id"),
        Billing.contract_id == bindparam("contract_id"),
    )
)
_DELETE = Prepared(
    delete(Billing).where(
        Billing.id == bindparam("billing_id"),
        Billing.member_id == bindparam("member_id"),
        Billing.idempotency_key == bindparam("key"),
    )
)


def _choices_query(member_id: int) -> Select[int, date, int, str, int, str | None, str]:
    return (
        select(
            Billing.id,
            Billing.billed_on,
            Billing.amount_minor,
            Billing.currency,
            Contract.number,
            Contract.title,
            Client.name,
        )
        .join(
            Contract,
            and_(Contract.id == Billing.contract_id, Contract.member_id == Billing.member_id),
        )
        .join(Client, and_(Client.id == Contract.client_id, Client.member_id == Billing.member_id))
        .where(Billing.member_id == member_id)
    )


class BillingCorrectionRepository(Repository[UnitT]):
    """Finding and taking back one member's billings."""

    async def get(self, member_id: int, billing_id: int) -> BillingOnContract:
        """The member's billing with this id, with its contract; `UnknownBilling` if there is
        none (also for another member's)."""
        member_id = checked_snowflake(member_id)
        if not 0 < billing_id <= _MAX_RECORD_ID:
            raise UnknownBilling()
        row = await self.unit.first(
            _OWNED_BILLING, {"member_id": member_id, "billing_id": billing_id}
        )
        if row is None:
            raise UnknownBilling()
        billing = billing_record(row)
        return BillingOnContract(
            billing, await owned_contract(self.unit, member_id, row.contract_id)
        )

    async def last_typed(self, member_id: int) -> BillingOnContract:
        """The billing the member typed last (`/contract bill` or `/contract add`), with its
        contract; `NothingToUndo` if there is none."""
        member_id = checked_snowflake(member_id)
        row = await self.unit.first(_LAST_TYPED, {"member_id": member_id})
        if row is None:
            raise NothingToUndo()
        billing = billing_record(row)
        return BillingOnContract(
            billing, await owned_contract(self.unit, member_id, row.contract_id)
        )

    async def matching(
        self,
        member_id: int,
        contract: ContractRecord,
        *,
        on: date | None = None,
        amount: Decimal | None = None,
    ) -> BillingOnContract:
        """The one billing of the member's `contract` dated `on` or of `amount`;
        `UnknownBilling` when none is, `SeveralBillings` when more than one is."""
        member_id = checked_snowflake(member_id)
        query = billings_query(member_id).where(Billing.contract_id == contract.id)
        if on is not None:
            query = query.where(Billing.billed_on == on)
        if amount is not None:
            query = query.where(Billing.amount_minor == to_minor_units(amount, contract.currency))
        rows = await self.unit.rows(query.order_by(Billing.id).limit(MAX_CHOICES))
        if not rows:
            raise UnknownBilling()
        if len(rows) > 1:
            raise SeveralBillings(len(rows))
        return BillingOnContract(billing_record(rows[0]), contract)

    async def choices(
        self, member_id: int, typed: str, contract_id: int | None = None
    ) -> Sequence[BillingChoice]:
        """Autocomplete: the member's billings (of one contract, if given), newest first, whose
        date, amount or contract match what was typed."""
        member_id = checked_snowflake(member_id)
        query = _choices_query(member_id)
        if contract_id is not None:
            query = query.where(Billing.contract_id == contract_id)
        text = fold_for_matching(typed)
        if _DAY_PREFIX.fullmatch(text):
            # A date being typed: the database finds it however far back it lies.
            query = query.where(cast(Billing.billed_on, String).startswith(text, autoescape=True))
        rows = await self.unit.rows(
            query.order_by(Billing.billed_on.desc(), Billing.id.desc()).limit(_SCANNED)
        )
        found = []
        for row in rows:
            label = billing_label(
                row.billed_on,
                from_minor_units(row.amount_minor, row.currency),
                row.currency,
                row.number,
                row.title,
                row.name,
            )
            if text in fold_for_matching(label):
                found.append(BillingChoice(id=row.id, label=label[:MAX_CHOICE_LABEL_LENGTH]))
            if len(found) == MAX_CHOICES:
                break
        return found

    async def delete(
        self: BillingCorrectionRepository[Writes], member_id: int, billing: BillingRecord
    ) -> DeletedBilling:
        """Delete the member's `billing` (the one with its id and key) and work the client's
        computed fees out again; `UnknownBilling` if it is gone, `TotalLimitError` if taking
        back a refund would take a total past its limit."""
        member_id = checked_snowflake(member_id)
        if not 0 < billing.id <= _MAX_RECORD_ID or billing.member_id != member_id:
            raise UnknownBilling()
        # The client is locked first, as a new billing locks it: the totals and fees read
        # below then include every billing committed before.
        contract, _ = await owned_contract_with_lifetime(
            self.unit, member_id, billing.contract_id, to_bill=True
        )
        deleted = await self.unit.run(
            _DELETE,
            {"billing_id": billing.id, "member_id": member_id, "key": billing.idempotency_key},
        )
        if not deleted:
            raise UnknownBilling()
        currency = contract.currency
        if billing.amount < 0:
            # A refund taken back raises every running total after it.
            await check_client_history(self.unit, member_id, contract.client_id, currency)
        check_contract_total(
            contract.number, currency, contract.billed, contract.billed - billing.amount
        )
        repriced = await reprice_client(self.unit, member_id, contract.client_id, currency)
        after, lifetime = await owned_contract_with_lifetime(self.unit, member_id, contract.id)
        left = await self.unit.scalar(
            _BILLINGS_ON_CONTRACT, {"member_id": member_id, "contract_id": contract.id}
        )
        return DeletedBilling(
            billing=billing,
            contract=after,
            lifetime_billed=from_minor_units(lifetime, currency),
            billings_left=int(left or 0),
            repriced=repriced,
        )
