"""Importing a platform's earnings export: clients, contracts and billings, all or nothing.

The parser turns the file into `ImportedBilling` rows; this adds them in one savepoint, so a row
that cannot be added (the message names its line) takes every other row of the file back with
it. Each row's export id becomes its idempotency key, namespaced by platform, so importing
the same file twice, or two overlapping files, adds each transaction once.

Rows are grouped into contracts by client and title. Contracts the import creates are recorded
as completed, spanning their billings' dates; the member can start a new one for ongoing work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select, update

from advisor.errors import InputError
from advisor.ledger import (
    BillingSource,
    ContractKind,
    ContractStatus,
    ImportedBilling,
    ImportRowError,
    ImportSummary,
    check_amount,
    check_fee_charged,
    check_idempotency_key,
    clean_client_name,
    clean_title,
    fold_for_matching,
    normalise_client_name,
    normalise_currency,
    normalise_platform,
)
from db.models import Billing, Client, Contract
from db.repositories._scope import Repository, ensure_member
from db.repositories.billings import billing_values
from db.repositories.clients import ClientRepository
from db.repositories.contracts import insert_contract
from db.units import Writes

# Rows per INSERT: well inside both SQLite's and PostgreSQL's limit on bound parameters.
_ROWS_PER_INSERT = 500


@dataclass(frozen=True, slots=True)
class _CheckedRow:
    where: str
    platform: str
    client_name: str
    client_key: str
    currency: str
    billed_on: date
    amount: Decimal
    fee_charged: Decimal | None
    key: str
    title: str | None
    kind: ContractKind | None


@dataclass(slots=True)
class _ContractSpan:
    id: int
    active: bool
    started_on: date | None
    ended_on: date | None
    changed: bool = False

    def cover(self, billed_on: date) -> None:
        if self.active:
            return
        if self.started_on is None or billed_on < self.started_on:
            self.started_on, self.changed = billed_on, True
        if self.ended_on is None or billed_on > self.ended_on:
            self.ended_on, self.changed = billed_on, True


def import_key(platform: str, export_id: str) -> str:
    """The idempotency key of an imported row: its export id, namespaced by platform
    (`upwork:701123340`), so it can never equal a typed billing's `interaction:<id>` key.
    An id the parser has already namespaced is kept as it is."""
    cleaned = export_id.strip()
    if not cleaned:
        raise ValueError("an imported row needs its transaction id")
    prefix = f"{platform}:"
    return check_idempotency_key(cleaned if cleaned.startswith(prefix) else prefix + cleaned)


def _check_row(row: ImportedBilling, position: int) -> _CheckedRow:
    where = f"Line {row.line}" if row.line is not None else f"Row {position}"
    try:
        if not isinstance(row.billed_on, date):
            raise TypeError(f"billed_on must be a date, not {type(row.billed_on).__name__}")
        platform = normalise_platform(row.platform)
        currency = normalise_currency(row.currency)
        name = clean_client_name(row.client_name)
        try:
            key = import_key(platform, row.idempotency_key)
        except ValueError:
            raise ImportRowError("the transaction id is missing or too long.") from None
        return _CheckedRow(
            where=where,
            platform=platform,
            client_name=name,
            client_key=normalise_client_name(name),
            currency=currency,
            billed_on=row.billed_on,
            amount=check_amount(row.amount, currency),
            fee_charged=check_fee_charged(row.fee_charged, currency),
            key=key,
            title=clean_title(row.contract_title),
            kind=ContractKind(row.contract_kind) if row.contract_kind is not None else None,
        )
    except InputError as error:
        raise ImportRowError(f"{where}: {error.message}") from error


def _title_key(title: str | None) -> str:
    return fold_for_matching(title) if title else ""


class ImportRepository(Repository[Writes]):
    """Adding a parsed export to one member's ledger."""

    async def import_billings(
        self, member_id: int, rows: Sequence[ImportedBilling]
    ) -> ImportSummary:
        """Add the rows in one savepoint: every row, or (on `ImportRowError`) none of them."""
        checked = [_check_row(row, position) for position, row in enumerate(rows, start=1)]
        async with self.unit.savepoint():
            member_id = await ensure_member(self.unit, member_id)
            return await self._add(member_id, checked)

    async def _add(self, member_id: int, rows: list[_CheckedRow]) -> ImportSummary:
        known_keys = await self._keys_present(member_id, [row.key for row in rows])
        clients = {
            (client.platform, client.normalised_name): (client.id, client.currency)
            for client in await self.unit.rows(
                select(Client.id, Client.platform, Client.normalised_name, Client.currency)
                .where(Client.member_id == member_id)
                .order_by(Client.id)
            )
        }
        contracts = {
            (contract.client_id, _title_key(contract.title)): _ContractSpan(
                id=contract.id,
                active=contract.status == ContractStatus.ACTIVE.value,
                started_on=contract.started_on,
                ended_on=contract.ended_on,
            )
            for contract in await self.unit.rows(
                select(
                    Contract.id,
                    Contract.client_id,
                    Contract.title,
                    Contract.status,
                    Contract.started_on,
                    Contract.ended_on,
                )
                .where(Contract.member_id == member_id)
                .order_by(Contract.id)
            )
        }
        clients_added = contracts_added = already_present = 0
        pending: list[dict[str, object]] = []
        for row in rows:
            if row.key in known_keys:
                already_present += 1
                continue
            known_keys.add(row.key)

            client = clients.get((row.platform, row.client_key))
            if client is None:
                created = await ClientRepository(self.unit).get_or_create(
                    member_id, row.client_name, row.platform, row.currency
                )
                client = clients[(row.platform, row.client_key)] = (created.id, created.currency)
                clients_added += 1
            client_id, client_currency = client
            if row.currency != client_currency:
                raise ImportRowError(
                    f"{row.where}: {row.client_name} is billed in {client_currency}, but this "
                    f"row is in {row.currency}. Export the file in {client_currency}."
                )

            span = contracts.get((client_id, _title_key(row.title)))
            if span is None:
                span = contracts[(client_id, _title_key(row.title))] = await self._new_contract(
                    member_id, client_id, row
                )
                contracts_added += 1
            span.cover(row.billed_on)

            pending.append(
                billing_values(
                    member_id=member_id,
                    contract_id=span.id,
                    amount=row.amount,
                    currency=row.currency,
                    billed_on=row.billed_on,
                    fee_charged=row.fee_charged,
                    source=BillingSource.IMPORTED,
                    idempotency_key=row.key,
                )
            )

        billings_added = await self._insert_billings(pending)
        # Keys taken by a concurrent import of the same file between our check and our insert.
        already_present += len(pending) - billings_added
        await self._widen_spans(member_id, [span for span in contracts.values() if span.changed])
        return ImportSummary(
            clients_added=clients_added,
            contracts_added=contracts_added,
            billings_added=billings_added,
            billings_already_present=already_present,
        )

    async def _keys_present(self, member_id: int, keys: list[str]) -> set[str]:
        present: set[str] = set()
        for start in range(0, len(keys), _ROWS_PER_INSERT):
            chunk = keys[start : start + _ROWS_PER_INSERT]
            found = await self.unit.scalars(
                select(Billing.idempotency_key).where(
                    Billing.member_id == member_id, Billing.idempotency_key.in_(chunk)
                )
            )
            present.update(found)
        return present

    async def _new_contract(
        self, member_id: int, client_id: int, row: _CheckedRow
    ) -> _ContractSpan:
        contract_id = await insert_contract(
            self.unit,
            member_id=member_id,
            client_id=client_id,
            title=row.title,
            kind=row.kind,
            started_on=row.billed_on,
            ended_on=row.billed_on,
            status=ContractStatus.COMPLETED,
        )
        return _ContractSpan(
            id=contract_id, active=False, started_on=row.billed_on, ended_on=row.billed_on
        )

    async def _insert_billings(self, pending: list[dict[str, object]]) -> int:
        added = 0
        for start in range(0, len(pending), _ROWS_PER_INSERT):
            chunk = pending[start : start + _ROWS_PER_INSERT]
            statement = self.unit.insert_or_ignore(Billing, chunk, ["member_id", "idempotency_key"])
            added += len(await self.unit.rows(statement.returning(Billing.id)))
        return added

    async def _widen_spans(self, member_id: int, spans: list[_ContractSpan]) -> None:
        for span in spans:
            await self.unit.run(
                update(Contract)
                .where(Contract.id == span.id, Contract.member_id == member_id)
                .values(started_on=span.started_on, ended_on=span.ended_on)
            )
