"""Importing a platform's earnings export: clients, contracts and billings, all or nothing.

The parser turns the file into `ImportedBilling` rows; this adds them in one savepoint, so a row
that cannot be added (the message names its line) takes every other row of the file back with
it. Each row's export id becomes its idempotency key, namespaced by platform, so importing
the same file twice, or two overlapping files, adds each transaction once.

Rows are grouped into contracts by client and title. Contracts the import creates are recorded
as completed, spanning their billings' dates, under the dated fee calendar (`upwork`); where the
schedule in force when one started set a rate per contract, the rate its statement's fees show
is kept as its own. The member can start a new one for ongoing work. A refund (a row below zero)
goes to the contract its title names, else to the client's latest.

Fees read from the statement are facts (`recorded`) and are never worked out again. Rows dated
before a typed billing of the same client change what that billing's computed fee was priced
on, so the client's computed fees are worked out again at the end. Before that, the clients'
lifetimes and the contracts' totals are checked (`db.repositories.totals`): a file that would take
one past what Gigwise works with is refused, naming a line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, bindparam, func, select, update

from advisor.errors import InputError
from advisor.fee_calendar import UPWORK, RateSource, schedule_on
from advisor.ledger import (
    BillingSource,
    ContractKind,
    ContractStatus,
    FeeSource,
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
from db.repositories.billings import billing_values, reprice_client
from db.repositories.clients import ClientRepository
from db.repositories.contracts import insert_contract
from db.repositories.totals import PlacedRow, check_imported, contract_totals
from db.units import Prepared, Writes

# Rows per INSERT: well inside both SQLite's and PostgreSQL's limit on bound parameters.
_ROWS_PER_INSERT = 500

# Whether a client has any fee Gigwise worked out (an import may change what it was priced on).
_COMPUTED_FEES = Prepared(
    select(func.count())
    .select_from(Billing)
    .join(
        Contract, and_(Contract.id == Billing.contract_id, Contract.member_id == Billing.member_id)
    )
    .where(
        Billing.member_id == bindparam("member_id"),
        Contract.client_id == bindparam("client_id"),
        Billing.fee_source == FeeSource.COMPUTED.value,
    )
)


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
    # Earnings and the fees the statement recorded on them, for the contract's own rate.
    gross: Decimal = Decimal(0)
    fees: Decimal = Decimal(0)
    created: bool = False

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
            amount=_signed(check_amount, row.amount, currency),
            fee_charged=(
                None
                if row.fee_charged is None
                else _signed(check_fee_charged, row.fee_charged, currency)
            ),
            key=key,
            title=clean_title(row.contract_title),
            kind=ContractKind(row.contract_kind) if row.contract_kind is not None else None,
        )
    except InputError as error:
        raise ImportRowError(f"{where}: {error.message}") from error


def _signed(
    check: Callable[[Decimal, str], Decimal | None], amount: Decimal, currency: str
) -> Decimal:
    """`check` on the size of an amount that may be below zero (a refund and its fee)."""
    checked = check(abs(amount), currency)
    assert checked is not None
    return -checked if amount < 0 else checked


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
        latest = {client_id: span for (client_id, _), span in contracts.items()}
        clients_added = contracts_added = already_present = refunds = 0
        touched: set[int] = set()
        pending: list[dict[str, object]] = []
        placed: list[PlacedRow] = []
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
            if span is None and row.amount < 0:
                # A refund that names no contract of the client goes to its latest.
                span = latest.get(client_id)
            if span is None:
                span = contracts[(client_id, _title_key(row.title))] = await self._new_contract(
                    member_id, client_id, row
                )
                contracts_added += 1
            latest[client_id] = span
            touched.add(client_id)
            span.cover(row.billed_on)
            if row.amount < 0:
                refunds += 1
            elif span.created and row.fee_charged is not None:
                span.gross += row.amount
                span.fees += row.fee_charged

            placed.append(
                PlacedRow(row.where, client_id, span.id, row.billed_on, row.amount, row.currency)
            )
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
                    fee_source=FeeSource.RECORDED,
                )
            )

        contracts_before = await contract_totals(self.unit, member_id)
        billings_added = await self._insert_billings(pending)
        await check_imported(self.unit, member_id, placed, contracts_before)
        # Keys taken by a concurrent import of the same file between our check and our insert.
        already_present += len(pending) - billings_added
        await self._widen_spans(member_id, [span for span in contracts.values() if span.changed])
        await self._keep_statement_rates(member_id, [s for s in contracts.values() if s.created])
        repriced = 0
        for client_id in sorted(touched):
            if await self.unit.scalar(
                _COMPUTED_FEES, {"member_id": member_id, "client_id": client_id}
            ):
                currency = next(c for (cid, c) in clients.values() if cid == client_id)
                repriced += len(await reprice_client(self.unit, member_id, client_id, currency))
        return ImportSummary(
            clients_added=clients_added,
            contracts_added=contracts_added,
            billings_added=billings_added,
            billings_already_present=already_present,
            refunds_added=refunds,
            fees_repriced=repriced,
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
            fee_schedule=UPWORK.key,
        )
        return _ContractSpan(
            id=contract_id,
            active=False,
            started_on=row.billed_on,
            ended_on=row.billed_on,
            created=True,
        )

    async def _insert_billings(self, pending: list[dict[str, object]]) -> int:
        added = 0
        for start in range(0, len(pending), _ROWS_PER_INSERT):
            chunk = pending[start : start + _ROWS_PER_INSERT]
            statement = self.unit.insert_or_ignore(Billing, chunk, ["member_id", "idempotency_key"])
            added += len(await self.unit.rows(statement.returning(Billing.id)))
        return added

    async def _keep_statement_rates(self, member_id: int, spans: list[_ContractSpan]) -> None:
        """A new contract whose schedule sets a rate per contract keeps the rate its fees show."""
        for span in spans:
            if span.started_on is None or span.gross <= 0:
                continue
            schedule = schedule_on(UPWORK, span.started_on)
            if not schedule.needs_rate:
                continue
            rate = (span.fees / span.gross).quantize(Decimal("0.0001"))
            low, high = schedule.rate_range or (Decimal(0), Decimal(1))
            if low <= rate <= high:
                await self.unit.run(
                    update(Contract)
                    .where(Contract.id == span.id, Contract.member_id == member_id)
                    .values(fee_rate=rate, fee_rate_source=RateSource.GIVEN.value)
                )

    async def _widen_spans(self, member_id: int, spans: list[_ContractSpan]) -> None:
        for span in spans:
            await self.unit.run(
                update(Contract)
                .where(Contract.id == span.id, Contract.member_id == member_id)
                .values(started_on=span.started_on, ended_on=span.ended_on)
            )
