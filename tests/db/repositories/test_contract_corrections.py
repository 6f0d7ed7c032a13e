"""Tests for ContractCorrectionRepository: editing and deleting a member's contract, with every
computed fee it changes worked out again and reported, and nothing of another member's touched."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from advisor.errors import CurrencyConversion, ScheduleError
from advisor.ledger import ContractKind, ContractRecord, ContractStatus, UnknownContract
from advisor.ledger_limits import TotalLimitError
from db.database import Database
from db.repositories import (
    BillingRepository,
    ClientRepository,
    ContractRepository,
    MemberRepository,
)
from db.repositories.billings import PricedBilling
from db.repositories.contract_corrections import (
    ContractChanges,
    ContractCorrectionRepository,
    ContractEdit,
    DeletedContract,
    EditedContract,
    EditRefused,
    NothingToChange,
)
from tests.db.ledger_seeding import ALICE, BOB, add_client, fresh_key


async def _contract(
    db: Database,
    client: str = "Acme Corp",
    *,
    member: int = ALICE,
    schedule: str = "upwork-tiered",
    started_on: date = date(2020, 1, 1),
) -> ContractRecord:
    record = await add_client(db, member, client)
    async with db.write() as writes:
        return await ContractRepository(writes).start(
            member, record.id, title="Retainer", started_on=started_on, fee_schedule=schedule
        )


async def _typed(db: Database, contract: ContractRecord, amount: str, day: date) -> PricedBilling:
    async with db.write() as writes:
        return await BillingRepository(writes).bill(
            contract.member_id,
            contract.id,
            amount=Decimal(amount),
            billed_on=day,
            idempotency_key=fresh_key(),
        )


async def _fees(db: Database, contract: ContractRecord) -> list[Decimal | None]:
    async with db.read() as reads:
        billings = await BillingRepository(reads).for_contract(contract.member_id, contract.id)
    return [billing.fee_charged for billing in billings]


async def _plan(db: Database, contract: ContractRecord, **changes: object) -> ContractEdit:
    async with db.read() as reads:
        return await ContractCorrectionRepository(reads).plan(
            ALICE,
            contract.id,
            ContractChanges(**changes),  # type: ignore[arg-type]
        )


async def _edit(
    db: Database, contract: ContractRecord, member: int = ALICE, **changes: object
) -> EditedContract:
    async with db.write() as writes:
        return await ContractCorrectionRepository(writes).edit(
            member,
            contract.id,
            contract.number,
            ContractChanges(**changes),  # type: ignore[arg-type]
        )


async def _delete(db: Database, contract: ContractRecord, member: int = ALICE) -> DeletedContract:
    async with db.write() as writes:
        return await ContractCorrectionRepository(writes).delete(
            member, contract.id, contract.number
        )


async def _get(db: Database, contract: ContractRecord) -> ContractRecord:
    async with db.read() as reads:
        return await ContractRepository(reads).get(ALICE, contract.id)


async def test_a_plan_shows_the_edit_and_writes_nothing(db: Database) -> None:
    contract = await _contract(db)
    planned = await _plan(db, contract, title="Logo work")
    assert (planned.before.title, planned.after.title, planned.moves) == (
        "Retainer",
        "Logo work",
        False,
    )
    assert (await _get(db, contract)).title == "Retainer"


async def test_an_edit_of_the_title_keeps_everything_else(db: Database) -> None:
    contract = await _contract(db)
    await _typed(db, contract, "400.00", date(2020, 2, 1))
    edited = await _edit(db, contract, title="Logo work")
    assert edited.after.title == "Logo work"
    assert (edited.after.number, edited.after.billed, edited.repriced) == (
        contract.number,
        Decimal("400.00"),
        (),
    )


async def test_changing_the_fee_schedule_reprices_and_reports(db: Database) -> None:
    contract = await _contract(db)
    await _typed(db, contract, "400.00", date(2020, 2, 1))
    await _typed(db, contract, "200.00", date(2020, 3, 1))
    edited = await _edit(db, contract, fee_schedule="upwork-flat")
    assert [(r.old_fee, r.new_fee) for r in edited.repriced] == [
        (Decimal("80.00"), Decimal("40.00")),
        (Decimal("30.00"), Decimal("20.00")),
    ]
    assert await _fees(db, contract) == [Decimal("40.00"), Decimal("20.00")]


async def test_changing_the_rate_reprices(db: Database) -> None:
    contract = await _contract(db, schedule="custom", started_on=date(2025, 6, 1))
    await _typed(db, contract, "1000.00", date(2025, 7, 1))
    edited = await _edit(db, contract, fee_rate=Decimal("0.05"))
    assert (edited.after.fee_rate, edited.after.fee_rate_source) == (Decimal("0.0500"), "given")
    assert [r.new_fee for r in edited.repriced] == [Decimal("50.00")]


async def test_a_rate_for_a_schedule_with_a_set_rate_is_refused(db: Database) -> None:
    contract = await _contract(db)
    with pytest.raises(ScheduleError, match="leave the rate out"):
        await _edit(db, contract, fee_rate=Decimal("0.05"))


async def test_moving_a_contract_to_another_client_reprices_both(db: Database) -> None:
    first = await _contract(db)
    later = await _contract(db)
    other = await _contract(db, "Globex")
    await _typed(db, first, "400.00", date(2020, 2, 1))
    await _typed(db, later, "200.00", date(2020, 3, 1))
    await _typed(db, other, "200.00", date(2020, 3, 1))
    edited = await _edit(db, first, client="globex")
    assert (edited.after.client_id, edited.client_removed) == (other.client_id, None)
    # Acme's later billing lost the $400 before it; Globex's gained it.
    assert sorted((r.contract_number, r.old_fee, r.new_fee) for r in edited.repriced) == [
        (later.number, Decimal("30.00"), Decimal("40.00")),
        (other.number, Decimal("40.00"), Decimal("30.00")),
    ]
    async with db.read() as reads:
        totals = {
            s.client.name: s.lifetime_billed
            for s in await ClientRepository(reads).list_with_totals(ALICE)
        }
    assert totals == {"Acme Corp": Decimal("200.00"), "Globex": Decimal("600.00")}


async def test_moving_to_a_new_name_creates_it_and_removes_the_emptied_client(
    db: Database,
) -> None:
    contract = await _contract(db, "Acme Crop")
    await _typed(db, contract, "400.00", date(2020, 2, 1))
    edited = await _edit(db, contract, client="Acme Corp")
    assert (edited.after.client_name, edited.client_removed) == ("Acme Corp", "Acme Crop")
    async with db.read() as reads:
        names = [s.client.name for s in await ClientRepository(reads).list_with_totals(ALICE)]
    assert names == ["Acme Corp"]


async def test_moving_to_a_client_in_another_currency_is_refused(db: Database) -> None:
    contract = await _contract(db)
    await _typed(db, contract, "400.00", date(2020, 2, 1))
    async with db.write() as writes:
        await ClientRepository(writes).get_or_create(ALICE, "Euro Ltd", "upwork", "EUR")
    with pytest.raises(CurrencyConversion, match="billed in EUR"):
        await _edit(db, contract, client="Euro Ltd")


async def test_moving_past_the_other_clients_limit_is_refused(db: Database) -> None:
    contract = await _contract(db)
    other = await _contract(db, "Globex")
    await _typed(db, contract, "600000000", date(2020, 2, 1))
    await _typed(db, other, "600000000", date(2020, 3, 1))
    with pytest.raises(TotalLimitError, match="from 2020-03-01 on"):
        await _edit(db, contract, client="Globex")
    assert (await _get(db, contract)).client_id == contract.client_id


async def test_dates_must_keep_the_billings_inside(db: Database) -> None:
    contract = await _contract(db)
    await _typed(db, contract, "400.00", date(2020, 2, 1))
    with pytest.raises(EditRefused, match="billing on 2020-02-01, before 2020-03-01"):
        await _edit(db, contract, started_on=date(2020, 3, 1))
    async with db.write() as writes:
        await ContractRepository(writes).end(ALICE, contract.id, ended_on=date(2020, 6, 1))
    with pytest.raises(EditRefused, match="billing on 2020-02-01, after 2020-01-15"):
        await _edit(db, contract, ended_on=date(2020, 1, 15))
    edited = await _edit(db, contract, started_on=date(2020, 2, 1), ended_on=date(2020, 2, 1))
    assert (edited.after.started_on, edited.after.ended_on) == (date(2020, 2, 1), date(2020, 2, 1))


async def test_an_active_contract_takes_no_end_date_or_rating(db: Database) -> None:
    contract = await _contract(db)
    with pytest.raises(EditRefused, match="still active"):
        await _edit(db, contract, ended_on=date(2020, 2, 1))
    with pytest.raises(EditRefused, match="still active"):
        await _edit(db, contract, rating=Decimal("4.5"))


async def test_an_ended_contract_takes_a_new_rating_and_kind(db: Database) -> None:
    contract = await _contract(db)
    async with db.write() as writes:
        await ContractRepository(writes).end(
            ALICE, contract.id, ended_on=date(2020, 6, 1), rating=Decimal("3")
        )
    edited = await _edit(db, contract, rating=Decimal("4.75"), kind=ContractKind.HOURLY)
    assert (edited.after.rating, edited.after.kind, edited.after.status) == (
        Decimal("4.75"),
        ContractKind.HOURLY,
        ContractStatus.COMPLETED,
    )


async def test_an_edit_that_changes_nothing_is_refused(db: Database) -> None:
    contract = await _contract(db)
    with pytest.raises(NothingToChange, match="Say what to change"):
        await _edit(db, contract)
    with pytest.raises(NothingToChange, match="already reads that way"):
        await _edit(db, contract, title="Retainer")


async def test_deleting_a_contract_reprices_the_clients_later_fees(db: Database) -> None:
    first = await _contract(db)
    later = await _contract(db)
    await _typed(db, first, "400.00", date(2020, 2, 1))
    await _typed(db, first, "50.00", date(2020, 2, 2))
    await _typed(db, later, "200.00", date(2020, 3, 1))
    deleted = await _delete(db, first)
    assert (deleted.billings, deleted.client_removed, deleted.lifetime_billed) == (
        2,
        False,
        Decimal("200.00"),
    )
    assert [(r.contract_number, r.old_fee, r.new_fee) for r in deleted.repriced] == [
        (later.number, Decimal("25.00"), Decimal("40.00"))
    ]
    async with db.read() as reads:
        assert [c.number for c in await ContractRepository(reads).list(ALICE)] == [later.number]


async def test_deleting_the_last_contract_of_a_client_deletes_the_client(db: Database) -> None:
    contract = await _contract(db)
    await _typed(db, contract, "400.00", date(2020, 2, 1))
    async with db.read() as reads:
        asked = await ContractCorrectionRepository(reads).to_delete(ALICE, contract.id)
    assert (asked.billings, asked.client_goes) == (1, True)
    assert (await _delete(db, contract)).client_removed
    async with db.read() as reads:
        assert await ClientRepository(reads).list_with_totals(ALICE) == []


async def test_a_deleted_number_is_never_given_again(db: Database) -> None:
    await _contract(db)
    newest = await _contract(db)
    await _delete(db, newest)
    after = await _contract(db)
    assert (newest.number, after.number) == (2, 3)


async def test_forget_me_lets_a_returning_member_start_at_one(db: Database) -> None:
    await _delete(db, await _contract(db))
    async with db.write() as writes:
        await MemberRepository(writes).forget_member(ALICE)
    assert (await _contract(db)).number == 1


async def test_a_stale_number_deletes_nothing(db: Database) -> None:
    contract = await _contract(db)
    async with db.write() as writes:
        with pytest.raises(UnknownContract):
            await ContractCorrectionRepository(writes).delete(ALICE, contract.id, 99)
    assert (await _get(db, contract)).number == contract.number


async def test_another_members_contract_is_as_if_it_did_not_exist(db: Database) -> None:
    contract = await _contract(db)
    await _contract(db, member=BOB)
    with pytest.raises(UnknownContract):
        await _edit(db, contract, member=BOB, title="Bob's now")
    with pytest.raises(UnknownContract):
        await _delete(db, contract, member=BOB)
    async with db.read() as reads:
        with pytest.raises(UnknownContract):
            await ContractCorrectionRepository(reads).plan(
                BOB, contract.id, ContractChanges(title="x")
            )
    assert (await _get(db, contract)).title == "Retainer"
