"""Importing a platform's earnings export: clients, contracts and billings, all or nothing.

The parser turns the file into `ImportedBilling` rows. An import is planned first, from one read
of the member's ledger (`plan_import`: where each row goes, which clients and contracts it
creates), then written in steps: clients, contracts, billings, the totals check, and the finish.
`ImportRepository` runs every step in one savepoint; `db.import_slices` runs them a slice at a
time, so that a large file never holds up other members. Either way a row that cannot be added
(the message names its line) takes every other row of the file back with it. Each row's export
id becomes its idempotency key, namespaced by platform, so importing the same file twice, or two
overlapping files, adds each transaction once.

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
from db.units import Prepared, Reads, Writes, insert_or_ignore_each

# Keys per IN list when looking up which rows are there already: well inside both SQLite's and
# PostgreSQL's limit on bound parameters.
_KEYS_PER_LOOKUP = 500

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


@dataclass(eq=False, slots=True)
class _ClientRef:
    """A client the import adds to: one the member has (`id` known) or one it creates."""

    id: int | None
    currency: str
    # For a client the import creates: the first row that names it.
    first: _CheckedRow | None = None


@dataclass(eq=False, slots=True)
class _NewContract:
    """A contract the import creates, for the first row that needs it."""

    client: _ClientRef
    first: _CheckedRow
    span: _ContractSpan


@dataclass(frozen=True, slots=True)
class _Placed:
    row: _CheckedRow
    client: _ClientRef
    span: _ContractSpan


@dataclass(slots=True)
class ImportPlan:
    """What an import will do, worked out before it writes anything: the clients and contracts
    it creates, where each new row goes, and what it finds already there.

    Ids of what it creates are filled in as it is written (`add_clients`, `add_contracts`)."""

    member_id: int
    new_clients: list[_ClientRef]
    new_contracts: list[_NewContract]
    placed: list[_Placed]
    spans: list[_ContractSpan]
    touched: list[_ClientRef]
    already_present: int
    refunds: int
    # Each of the member's contracts' total before the import, minor units, by id.
    contracts_before: dict[int, int]

    @property
    def rows_to_add(self) -> int:
        return len(self.placed)


@dataclass(frozen=True, slots=True)
class LedgerState:
    """What an import is planned on: the member's keys, clients and contracts, as read."""

    known_keys: set[str]
    clients: dict[tuple[str, str], tuple[int, str]]
    contracts: dict[tuple[int, str], _ContractSpan]
    contracts_before: dict[int, int]


def check_rows(rows: Sequence[ImportedBilling]) -> list[_CheckedRow]:
    """Each row checked and tidied; `ImportRowError` naming the first bad one's line."""
    return [_check_row(row, position) for position, row in enumerate(rows, start=1)]


async def read_ledger_state(unit: Reads, member_id: int, rows: list[_CheckedRow]) -> LedgerState:
    """The member's keys among the rows', clients and contracts, for `plan_import`."""
    known = await _keys_present(unit, member_id, [row.key for row in rows])
    clients = {
        (client.platform, client.normalised_name): (client.id, client.currency)
        for client in await unit.rows(
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
        for contract in await unit.rows(
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
    return LedgerState(known, clients, contracts, await contract_totals(unit, member_id))


def plan_import(member_id: int, rows: list[_CheckedRow], state: LedgerState) -> ImportPlan:
    """Where each row goes (`ImportRowError` for a row in another currency than its client's).

    Rows are grouped into contracts by client and title; a refund that names no contract of
    its client goes to the client's latest."""
    known_keys = set(state.known_keys)
    clients = {
        key: _ClientRef(id=client_id, currency=currency)
        for key, (client_id, currency) in state.clients.items()
    }
    by_id = {ref.id: ref for ref in clients.values()}
    contracts: dict[tuple[_ClientRef, str], _ContractSpan] = {}
    latest: dict[_ClientRef, _ContractSpan] = {}
    for (client_id, title), known in state.contracts.items():
        ref = by_id.get(client_id)
        if ref is None:
            continue
        contracts[(ref, title)] = known
        latest[ref] = known
    new_clients: list[_ClientRef] = []
    new_contracts: list[_NewContract] = []
    placed: list[_Placed] = []
    touched: dict[_ClientRef, None] = {}
    already_present = refunds = 0
    for row in rows:
        if row.key in known_keys:
            already_present += 1
            continue
        known_keys.add(row.key)
        client = clients.get((row.platform, row.client_key))
        if client is None:
            client = clients[(row.platform, row.client_key)] = _ClientRef(
                id=None, currency=row.currency, first=row
            )
            new_clients.append(client)
        if row.currency != client.currency:
            raise ImportRowError(
                f"{row.where}: {row.client_name} is billed in {client.currency}, but this "
                f"row is in {row.currency}. Export the file in {client.currency}."
            )
        span: _ContractSpan | None = contracts.get((client, _title_key(row.title)))
        if span is None and row.amount < 0:
            span = latest.get(client)
        if span is None:
            span = contracts[(client, _title_key(row.title))] = _ContractSpan(
                id=0,
                active=False,
                started_on=row.billed_on,
                ended_on=row.billed_on,
                created=True,
            )
            new_contracts.append(_NewContract(client, row, span))
        latest[client] = span
        touched[client] = None
        span.cover(row.billed_on)
        if row.amount < 0:
            refunds += 1
        elif span.created and row.fee_charged is not None:
            span.gross += row.amount
            span.fees += row.fee_charged
        placed.append(_Placed(row, client, span))
    return ImportPlan(
        member_id=member_id,
        new_clients=new_clients,
        new_contracts=new_contracts,
        placed=placed,
        spans=list(contracts.values()),
        touched=list(touched),
        already_present=already_present,
        refunds=refunds,
        contracts_before=dict(state.contracts_before),
    )


async def _keys_present(unit: Reads, member_id: int, keys: list[str]) -> set[str]:
    present: set[str] = set()
    for start in range(0, len(keys), _KEYS_PER_LOOKUP):
        chunk = keys[start : start + _KEYS_PER_LOOKUP]
        found = await unit.scalars(
            select(Billing.idempotency_key).where(
                Billing.member_id == member_id, Billing.idempotency_key.in_(chunk)
            )
        )
        present.update(found)
    return present


async def add_clients(
    writes: Writes, plan: ImportPlan, clients: Sequence[_ClientRef], import_id: int | None
) -> None:
    """Create the plan's new `clients`, filling in their ids."""
    for client in clients:
        row = client.first
        assert row is not None
        created = await ClientRepository(writes).get_or_create(
            plan.member_id, row.client_name, row.platform, row.currency, import_id=import_id
        )
        if created.currency != client.currency:
            # Created meanwhile, elsewhere, in another currency.
            raise ImportRowError(
                f"{row.where}: {created.name} is billed in {created.currency}, but this "
                f"row is in {row.currency}. Export the file in {created.currency}."
            )
        client.id = created.id


async def add_contracts(
    writes: Writes, plan: ImportPlan, contracts: Sequence[_NewContract], import_id: int | None
) -> None:
    """Create the plan's new `contracts` (their clients created first), filling in their ids.

    A contract the import creates is recorded as completed, spanning its billings' dates, under
    the dated fee calendar."""
    for contract in contracts:
        assert contract.client.id is not None
        contract.span.id = await insert_contract(
            writes,
            member_id=plan.member_id,
            client_id=contract.client.id,
            title=contract.first.title,
            kind=contract.first.kind,
            started_on=contract.span.started_on,
            ended_on=contract.span.ended_on,
            status=ContractStatus.COMPLETED,
            fee_schedule=UPWORK.key,
            import_id=import_id,
        )


async def add_billings(
    writes: Writes, plan: ImportPlan, placed: Sequence[_Placed], import_id: int | None
) -> int:
    """Insert the `placed` rows (their contracts created first); how many were new."""
    values = [
        {
            **billing_values(
                member_id=plan.member_id,
                contract_id=item.span.id,
                amount=item.row.amount,
                currency=item.row.currency,
                billed_on=item.row.billed_on,
                fee_charged=item.row.fee_charged,
                source=BillingSource.IMPORTED,
                idempotency_key=item.row.key,
                fee_source=FeeSource.RECORDED,
            ),
            "import_id": import_id,
        }
        for item in placed
    ]
    statement = insert_or_ignore_each(writes, Billing, ("member_id", "idempotency_key"), "id")
    return len(await writes.returned_by_each(statement, values))


def placed_rows(plan: ImportPlan) -> list[PlacedRow]:
    """The plan's rows as `check_imported` reads them, once their clients and contracts have
    ids."""
    return [
        PlacedRow(
            item.row.where,
            _id_of(item.client),
            item.span.id,
            item.row.billed_on,
            item.row.amount,
            item.row.currency,
        )
        for item in plan.placed
    ]


async def check_plan_totals(
    unit: Reads, plan: ImportPlan, placed: Sequence[PlacedRow] | None = None
) -> None:
    """Refuse (`ImportRowError`, naming a line) an import, once its rows are in, after which a
    client passes `MAX_LIFETIME` on some day or a contract `MAX_CONTRACT_TOTAL`. `placed` is
    `placed_rows(plan)`, made here when not given."""
    if placed is None:
        placed = placed_rows(plan)
    await check_imported(unit, plan.member_id, placed, plan.contracts_before)


def _id_of(client: _ClientRef) -> int:
    assert client.id is not None
    return client.id


async def clients_to_reprice(unit: Reads, plan: ImportPlan) -> list[_ClientRef]:
    """The clients the import added to that have fees Gigwise worked out: an import may change
    what those were priced on. A read of every such client's billings, so a sliced import makes
    it before its last, short, write."""
    found = []
    for client in sorted(plan.touched, key=_id_of):
        params = {"member_id": plan.member_id, "client_id": _id_of(client)}
        if await unit.scalar(_COMPUTED_FEES, params):
            found.append(client)
    return found


async def finish_import(
    writes: Writes, plan: ImportPlan, to_reprice: Sequence[_ClientRef] | None = None
) -> int:
    """Widen the spans of the contracts the rows went to, keep the rates new contracts' fees
    show, and work out again the computed fees of `to_reprice` (found here when None); how many
    fees changed."""
    member_id = plan.member_id
    for span in plan.spans:
        if span.changed and not span.created:
            await writes.run(
                update(Contract)
                .where(Contract.id == span.id, Contract.member_id == member_id)
                .values(started_on=span.started_on, ended_on=span.ended_on)
            )
    for contract in plan.new_contracts:
        await _keep_statement_rate(writes, member_id, contract.span)
    if to_reprice is None:
        to_reprice = await clients_to_reprice(writes, plan)
    repriced = 0
    for client in to_reprice:
        repriced += len(await reprice_client(writes, member_id, _id_of(client), client.currency))
    return repriced


async def _keep_statement_rate(writes: Writes, member_id: int, span: _ContractSpan) -> None:
    """A new contract whose schedule sets a rate per contract keeps the rate its fees show."""
    if span.started_on is None or span.gross <= 0:
        return
    schedule = schedule_on(UPWORK, span.started_on)
    if not schedule.needs_rate:
        return
    rate = (span.fees / span.gross).quantize(Decimal("0.0001"))
    low, high = schedule.rate_range or (Decimal(0), Decimal(1))
    if low <= rate <= high:
        await writes.run(
            update(Contract)
            .where(Contract.id == span.id, Contract.member_id == member_id)
            .values(fee_rate=rate, fee_rate_source=RateSource.GIVEN.value)
        )


def summary_of(plan: ImportPlan, billings_added: int, repriced: int) -> ImportSummary:
    """What the import did, for its answer. Rows whose keys a concurrent import took between
    the plan and the insert count as already present."""
    return ImportSummary(
        clients_added=len(plan.new_clients),
        contracts_added=len(plan.new_contracts),
        billings_added=billings_added,
        billings_already_present=plan.already_present + plan.rows_to_add - billings_added,
        refunds_added=plan.refunds,
        fees_repriced=repriced,
    )


class ImportRepository(Repository[Writes]):
    """Adding a parsed export to one member's ledger in one transaction (a small file, or a
    test); `db.import_slices` adds a large one a slice at a time."""

    async def import_billings(
        self, member_id: int, rows: Sequence[ImportedBilling]
    ) -> ImportSummary:
        """Add the rows in one savepoint: every row, or (on `ImportRowError`) none of them."""
        checked = check_rows(rows)
        async with self.unit.savepoint():
            member_id = await ensure_member(self.unit, member_id)
            state = await read_ledger_state(self.unit, member_id, checked)
            plan = plan_import(member_id, checked, state)
            await add_clients(self.unit, plan, plan.new_clients, None)
            await add_contracts(self.unit, plan, plan.new_contracts, None)
            added = await add_billings(self.unit, plan, plan.placed, None)
            await check_plan_totals(self.unit, plan)
            repriced = await finish_import(self.unit, plan)
            return summary_of(plan, added, repriced)
