"""Tests for db.models' constraints: the database itself refuses rows that break the ledger."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from db.database import Database
from tests.db.ledger_seeding import ALICE, BOB, client_with_contract


async def execute(db: Database, statement: str) -> None:
    async with db.engine.begin() as connection:
        await connection.exec_driver_sql(statement)


@pytest.fixture
async def ids(db: Database) -> dict[str, int]:
    alice_client, alice_contract = await client_with_contract(db, ALICE)
    bob_client, bob_contract = await client_with_contract(db, BOB)
    return {
        "alice_client": alice_client.id,
        "alice_contract": alice_contract.id,
        "bob_client": bob_client.id,
        "bob_contract": bob_contract.id,
    }


def contract_row(client: str, **changes: str) -> str:
    values = {
        "member_id": str(ALICE),
        "number": "99",
        "client_id": client,
        "status": "'completed'",
        "started_on": "'2024-01-01'",
        "ended_on": "'2024-02-01'",
        "rating": "NULL",
        "kind": "'fixed'",
        **changes,
    }
    return f"INSERT INTO contracts ({', '.join(values)}) VALUES ({', '.join(values.values())})"


@pytest.mark.parametrize(
    "changes",
    [
        {"rating": "5.01"},
        {"rating": "0.5"},
        {"status": "'paused'"},
        {"kind": "'weekly'"},
        {"ended_on": "'2023-12-31'"},
        {"status": "'active'"},
        {"status": "'completed'", "ended_on": "NULL"},
    ],
)
async def test_contract_breaking_a_rule_is_refused(
    db: Database, ids: dict[str, int], changes: dict[str, str]
) -> None:
    with pytest.raises(IntegrityError):
        await execute(db, contract_row(str(ids["alice_client"]), **changes))


async def test_contract_valid_by_the_rules_is_accepted(db: Database, ids: dict[str, int]) -> None:
    await execute(db, contract_row(str(ids["alice_client"]), rating="4.85"))


async def test_contract_cannot_point_at_another_members_client(
    db: Database, ids: dict[str, int]
) -> None:
    with pytest.raises(IntegrityError):
        await execute(db, contract_row(str(ids["bob_client"])))


def billing_row(
    member: int, contract: int, amount: str = "100", key: str = "'k1'", fee: str = "NULL"
) -> str:
    return (
        "INSERT INTO billings (member_id, contract_id, amount_minor, currency, billed_on, "
        f"fee_charged_minor, fee_source, source, idempotency_key) VALUES ({member}, {contract}, "
        f"{amount}, 'USD', '2024-01-05', {fee}, 'recorded', 'typed', {key})"
    )


async def test_billing_cannot_point_at_another_members_contract(
    db: Database, ids: dict[str, int]
) -> None:
    with pytest.raises(IntegrityError):
        await execute(db, billing_row(ALICE, ids["bob_contract"]))


async def test_billing_of_no_money_is_refused(db: Database, ids: dict[str, int]) -> None:
    with pytest.raises(IntegrityError):
        await execute(db, billing_row(ALICE, ids["alice_contract"], amount="0"))


@pytest.mark.parametrize(("amount", "fee"), [("100", "-10"), ("-100", "10")])
async def test_a_fee_against_the_billing_s_sign_is_refused(
    db: Database, ids: dict[str, int], amount: str, fee: str
) -> None:
    # A fee is kept on money billed, and handed back (below zero) with money refunded.
    with pytest.raises(IntegrityError):
        await execute(db, billing_row(ALICE, ids["alice_contract"], amount=amount, fee=fee))


async def test_a_refund_with_its_fee_handed_back_is_accepted(
    db: Database, ids: dict[str, int]
) -> None:
    await execute(db, billing_row(ALICE, ids["alice_contract"], amount="-100", fee="-10"))


async def test_idempotency_key_is_unique_per_member(db: Database, ids: dict[str, int]) -> None:
    await execute(db, billing_row(ALICE, ids["alice_contract"]))
    with pytest.raises(IntegrityError):
        await execute(db, billing_row(ALICE, ids["alice_contract"]))


async def test_client_name_is_unique_per_member_and_platform(
    db: Database, ids: dict[str, int]
) -> None:
    with pytest.raises(IntegrityError):
        await execute(
            db,
            "INSERT INTO clients (member_id, platform, name, normalised_name, currency) "
            f"VALUES ({ALICE}, 'upwork', 'ACME CORP', 'acme corp', 'USD')",
        )


async def test_lowercase_currency_is_refused(db: Database, ids: dict[str, int]) -> None:
    with pytest.raises(IntegrityError):
        await execute(
            db,
            "INSERT INTO clients (member_id, platform, name, normalised_name, currency) "
            f"VALUES ({ALICE}, 'upwork', 'Globex', 'globex', 'usd')",
        )
