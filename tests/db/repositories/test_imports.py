"""Tests for ImportRepository: a parsed export added in full or not at all, and only once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from advisor.ledger import (
    ContractKind,
    ContractStatus,
    ImportedBilling,
    ImportRowError,
    ImportSummary,
)
from advisor.ledger_export import MemberExport
from db.database import Database
from db.repositories import ClientRepository, ImportRepository, MemberRepository
from db.repositories.imports import import_key
from tests.db.ledger_seeding import ALICE, add_client, bill, client_with_contract


def row(
    ref: str,
    client: str = "Acme Corp",
    amount: str = "100.00",
    day: int = 1,
    title: str | None = "Logo design",
    *,
    fee: str | None = "10.00",
    currency: str = "USD",
    line: int | None = None,
) -> ImportedBilling:
    return ImportedBilling(
        client_name=client,
        platform="upwork",
        billed_on=date(2023, 1, day),
        amount=Decimal(amount),
        fee_charged=Decimal(fee) if fee is not None else None,
        currency=currency,
        idempotency_key=ref,
        contract_title=title,
        contract_kind=ContractKind.HOURLY,
        line=line,
    )


STATEMENT = [
    row("701", day=3),
    row("702", amount="250.50", day=10),
    row("703", client="Globex", amount="1200", title="Website", fee=None, day=7),
    row("704", client="acme corp", amount="50", title="Bug fixes", day=20),
]


async def import_rows(db: Database, rows: list[ImportedBilling]) -> ImportSummary:
    async with db.write() as writes:
        return await ImportRepository(writes).import_billings(ALICE, rows)


async def export(db: Database) -> MemberExport:
    async with db.write() as writes:
        return await MemberRepository(writes).export(ALICE)


async def test_import_adds_clients_contracts_and_billings(db: Database) -> None:
    summary = await import_rows(db, STATEMENT)
    assert summary == ImportSummary(
        clients_added=2, contracts_added=3, billings_added=4, billings_already_present=0
    )


async def test_imported_billings_count_toward_lifetime_billed(db: Database) -> None:
    await import_rows(db, STATEMENT)
    async with db.write() as writes:
        totals = {
            summary.client.name: summary.lifetime_billed
            for summary in await ClientRepository(writes).list_with_totals(ALICE)
        }
    assert totals == {"Globex": Decimal("1200.00"), "Acme Corp": Decimal("400.50")}


async def test_importing_the_same_rows_twice_adds_nothing(db: Database) -> None:
    await import_rows(db, STATEMENT)
    before = await export(db)
    again = await import_rows(db, STATEMENT)
    assert again == ImportSummary(0, 0, 0, billings_already_present=4)
    assert await export(db) == before


async def test_overlapping_export_adds_only_the_new_rows(db: Database) -> None:
    await import_rows(db, STATEMENT[:2])
    summary = await import_rows(db, STATEMENT[1:])
    assert (summary.billings_added, summary.billings_already_present) == (2, 1)


async def test_row_repeated_within_one_file_is_added_once(db: Database) -> None:
    summary = await import_rows(db, [row("701"), row("701")])
    assert (summary.billings_added, summary.billings_already_present) == (1, 1)


async def test_imported_contract_is_completed_and_spans_its_billings(db: Database) -> None:
    await import_rows(db, STATEMENT)
    contract = next(c for c in (await export(db)).contracts if c.title == "Logo design")
    assert (contract.status, contract.kind, contract.started_on, contract.ended_on) == (
        ContractStatus.COMPLETED,
        ContractKind.HOURLY,
        date(2023, 1, 3),
        date(2023, 1, 10),
    )


async def test_later_import_widens_the_span_of_an_imported_contract(db: Database) -> None:
    await import_rows(db, [row("701", day=10)])
    await import_rows(db, [row("702", day=2), row("703", day=25)])
    [contract] = (await export(db)).contracts
    assert (contract.started_on, contract.ended_on) == (date(2023, 1, 2), date(2023, 1, 25))


async def test_import_joins_a_client_and_contract_typed_before(db: Database) -> None:
    client, contract = await client_with_contract(db, ALICE, "ACME corp")
    await bill(db, ALICE, contract.id, "10")
    summary = await import_rows(db, [row("701", title="logo DESIGN")])
    exported = await export(db)
    assert (summary.clients_added, summary.contracts_added) == (0, 0)
    assert [b.contract_id for b in exported.billings] == [contract.id, contract.id]
    assert exported.contracts[0].status is ContractStatus.ACTIVE
    assert exported.clients == (client,)


async def test_imported_billing_keys_are_namespaced_by_platform(db: Database) -> None:
    await import_rows(db, [row("701"), row("upwork:702")])
    keys = [billing.idempotency_key for billing in (await export(db)).billings]
    assert keys == ["upwork:701", "upwork:702"]


async def test_typed_billing_with_the_same_number_is_not_taken_for_an_import(
    db: Database,
) -> None:
    _, contract = await client_with_contract(db, ALICE)
    await bill(db, ALICE, contract.id, "10", key="701")
    summary = await import_rows(db, [row("701")])
    assert summary.billings_added == 1


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (row("bad", amount="0", line=7), "Line 7: The amount must be more than zero."),
        (row("bad", currency="DOLLARS", line=8), "Line 8: Use a three-letter currency code"),
        (row("bad", client="  ", line=9), "Line 9: Type the client's name"),
        (row(" ", line=10), "Line 10: the transaction id is missing"),
        (row("bad", amount="0.001"), "Row 3: The amount can have at most 2 decimals."),
    ],
)
async def test_bad_row_is_named_and_nothing_is_imported(
    db: Database, bad: ImportedBilling, message: str
) -> None:
    with pytest.raises(ImportRowError) as refused:
        await import_rows(db, [*STATEMENT[:2], bad])
    assert str(refused.value).startswith(message)
    assert await export(db) == MemberExport(ALICE, (), (), (), ())


async def test_row_in_another_currency_than_its_client_undoes_the_whole_file(
    db: Database,
) -> None:
    await add_client(db, ALICE, "Globex")
    clash = row("799", client="Globex", currency="EUR", line=12)
    with pytest.raises(ImportRowError, match="Line 12: Globex is billed in USD"):
        await import_rows(db, [*STATEMENT, clash])
    exported = await export(db)
    assert (len(exported.clients), exported.billings, exported.contracts) == (1, (), ())


async def test_failed_import_is_undone_even_if_the_caller_carries_on(db: Database) -> None:
    async with db.write() as writes:
        with pytest.raises(ImportRowError):
            await ImportRepository(writes).import_billings(
                ALICE, [*STATEMENT, row("bad", amount="0", line=5)]
            )
        await ClientRepository(writes).get_or_create(ALICE, "Initech", "upwork")
    assert [client.name for client in (await export(db)).clients] == ["Initech"]


async def test_import_larger_than_one_insert_is_complete(db: Database) -> None:
    rows = [row(str(n), amount="1.00", day=1 + n % 28) for n in range(1234)]
    summary = await import_rows(db, rows)
    async with db.write() as writes:
        [client] = await ClientRepository(writes).list_with_totals(ALICE)
    assert (summary.billings_added, client.lifetime_billed) == (1234, Decimal("1234.00"))


@pytest.mark.parametrize(
    ("export_id", "key"),
    [("701123340", "upwork:701123340"), (" 42 ", "upwork:42"), ("upwork:9", "upwork:9")],
)
def test_import_key_namespaces_the_export_id(export_id: str, key: str) -> None:
    assert import_key("upwork", export_id) == key


def test_float_amount_in_an_imported_row_is_a_type_error() -> None:
    amount: Any = 10.0
    with pytest.raises(TypeError):
        ImportedBilling("Acme", "upwork", date(2023, 1, 1), amount, None, "USD", "1")
