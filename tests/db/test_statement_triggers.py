"""Contract totals and member revisions kept by the database, whatever one statement changes.

On PostgreSQL the triggers are statement-level since revision 0009 (each contract and member row
updated once per statement, from the statement's transition tables); on SQLite they are row-level.
Either way a contract's `billed_minor` equals the sum of its billings after any statement, and a
member's revision moves whenever one of their rows changes.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from db.database import Database
from db.migrate import downgrade, upgrade
from tests.db.ledger_seeding import ALICE, BOB, add_client, start_contract

_BILLING_COLUMNS = (
    "member_id, contract_id, amount_minor, currency, billed_on, fee_charged_minor, fee_source, "
    "source, idempotency_key"
)


def _insert_billings(rows: Sequence[tuple[int, int, int]], first_key: int = 0) -> str:
    """One INSERT of (member, contract, amount) rows."""
    values = ", ".join(
        f"({member}, {contract}, {amount}, 'USD', '2024-03-01', NULL, 'computed', 'typed', "
        f"'interaction:t{first_key + number}')"
        for number, (member, contract, amount) in enumerate(rows)
    )
    return f"INSERT INTO billings ({_BILLING_COLUMNS}) VALUES {values}"


async def _contracts(db: Database) -> tuple[int, int, int]:
    """Two contracts of Alice's (one client each) and one of Bob's."""
    ids = []
    for member, name in ((ALICE, "Acme Corp"), (ALICE, "Globex"), (BOB, "Initech")):
        client = await add_client(db, member, name)
        ids.append((await start_contract(db, member, client.id)).id)
    first, second, third = ids
    return first, second, third


async def _mismatched_totals(connection: AsyncConnection) -> list[tuple[int, int, int]]:
    """(contract, kept total, sum of its billings) wherever the two differ."""
    result = await connection.exec_driver_sql(
        "SELECT contracts.id, contracts.billed_minor, coalesce(sum(billings.amount_minor), 0) "
        "FROM contracts LEFT JOIN billings ON billings.contract_id = contracts.id "
        "GROUP BY contracts.id, contracts.billed_minor"
    )
    return [(int(c), int(kept), int(summed)) for c, kept, summed in result if kept != summed]


async def _revisions(connection: AsyncConnection) -> dict[int, int]:
    result = await connection.exec_driver_sql(
        f"SELECT id, revision FROM members WHERE id IN ({ALICE}, {BOB})"
    )
    return {int(member): int(revision) for member, revision in result}


async def _totals(connection: AsyncConnection, *contracts: int) -> list[int]:
    result = await connection.exec_driver_sql(
        "SELECT id, billed_minor FROM contracts WHERE id IN "
        f"({', '.join(str(c) for c in contracts)})"
    )
    kept = {int(c): int(total) for c, total in result}
    return [kept[c] for c in contracts]


async def _filled(db: Database) -> tuple[int, int, int]:
    """The three contracts, each with 300 billings from one statement."""
    first, second, third = await _contracts(db)
    rows = [
        (member, contract, 100 + number)
        for number in range(300)
        for member, contract in ((ALICE, first), (ALICE, second), (BOB, third))
    ]
    async with db.engine.begin() as connection:
        await connection.exec_driver_sql(_insert_billings(rows))
    return first, second, third


async def test_one_insert_of_many_rows_adds_each_contract_its_own(db: Database) -> None:
    first, second, third = await _contracts(db)
    async with db.engine.begin() as connection:
        before = await _revisions(connection)
        rows = [(ALICE, first, 100)] * 400 + [(ALICE, second, 250)] * 300 + [(BOB, third, -5)]
        await connection.exec_driver_sql(_insert_billings(rows))
        assert await _totals(connection, first, second, third) == [40_000, 75_000, -5]
        after = await _revisions(connection)
    assert all(after[member] != before[member] for member in (ALICE, BOB))


async def test_one_delete_of_many_rows_takes_each_contract_its_own(db: Database) -> None:
    _, second, _ = await _filled(db)
    async with db.engine.begin() as connection:
        before = await _revisions(connection)
        await connection.exec_driver_sql("DELETE FROM billings WHERE amount_minor % 3 = 0")
        assert await _mismatched_totals(connection) == []
        after = await _revisions(connection)
        await connection.exec_driver_sql(f"DELETE FROM billings WHERE contract_id = {second}")
        assert await _totals(connection, second) == [0]
        assert await _mismatched_totals(connection) == []
    assert all(after[member] != before[member] for member in (ALICE, BOB))


async def test_billings_moved_to_another_contract_move_their_amounts(db: Database) -> None:
    first, second, _ = await _filled(db)
    async with db.engine.begin() as connection:
        await connection.exec_driver_sql(
            f"UPDATE billings SET contract_id = {second} "
            f"WHERE contract_id = {first} AND amount_minor < 200"
        )
        assert await _mismatched_totals(connection) == []
        # Both ways in one statement: each contract gains what the other loses.
        await connection.exec_driver_sql(
            f"UPDATE billings SET contract_id = CASE contract_id WHEN {first} THEN {second} "
            f"ELSE {first} END WHERE contract_id IN ({first}, {second}) AND amount_minor > 350"
        )
        assert await _mismatched_totals(connection) == []


async def test_changed_amounts_change_the_totals_and_the_revision(db: Database) -> None:
    await _filled(db)
    async with db.engine.begin() as connection:
        before = await _revisions(connection)
        await connection.exec_driver_sql(
            "UPDATE billings SET amount_minor = amount_minor * 2 WHERE amount_minor > 250"
        )
        assert await _mismatched_totals(connection) == []
        after = await _revisions(connection)
    assert all(after[member] != before[member] for member in (ALICE, BOB))


async def test_a_change_of_fees_only_moves_the_revision_and_keeps_the_totals(
    db: Database,
) -> None:
    first, second, third = await _filled(db)
    async with db.engine.begin() as connection:
        totals = await _totals(connection, first, second, third)
        before = await _revisions(connection)
        await connection.exec_driver_sql(
            f"UPDATE billings SET fee_charged_minor = 1 WHERE member_id = {ALICE}"
        )
        assert await _totals(connection, first, second, third) == totals
        after = await _revisions(connection)
    assert after[ALICE] != before[ALICE]
    assert after[BOB] == before[BOB]


async def test_a_statement_that_changes_no_row_leaves_every_revision_alone(
    db: Database,
) -> None:
    await _filled(db)
    async with db.engine.begin() as connection:
        before = await _revisions(connection)
        await connection.exec_driver_sql("UPDATE billings SET amount_minor = 1 WHERE id < 0")
        await connection.exec_driver_sql("DELETE FROM clients WHERE id < 0")
        assert await _revisions(connection) == before


async def test_each_member_table_moves_only_its_members_revision(db: Database) -> None:
    await _filled(db)
    async with db.engine.begin() as connection:
        before = await _revisions(connection)
        await connection.exec_driver_sql(
            f"UPDATE clients SET name = name || ' Ltd' WHERE member_id = {BOB}"
        )
        await connection.exec_driver_sql(
            f"UPDATE contracts SET title = 'Renamed' WHERE member_id = {BOB}"
        )
        after = await _revisions(connection)
    assert after[ALICE] == before[ALICE]
    assert after[BOB] != before[BOB]


# -- PostgreSQL: what revision 0009 changed ---------------------------------------------------


def _postgres_only(db: Database) -> None:
    if db.backend.name != "postgresql":
        pytest.skip("revision 0009 changes PostgreSQL's triggers only")


async def _count_row_updates(connection: AsyncConnection, tables: Sequence[str]) -> None:
    """Record every row update of `tables` in `row_updates`, for this transaction only (the
    caller rolls it back, which takes the table, the function and the triggers with it)."""
    await connection.exec_driver_sql("CREATE TABLE row_updates (name text)")
    await connection.exec_driver_sql(
        "CREATE FUNCTION count_row_update() RETURNS trigger AS $$ BEGIN "
        "INSERT INTO row_updates VALUES (TG_TABLE_NAME); RETURN NULL; END $$ LANGUAGE plpgsql"
    )
    for table in tables:
        await connection.exec_driver_sql(
            f"CREATE TRIGGER count_row_update AFTER UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION count_row_update()"
        )


async def test_one_insert_updates_each_contract_and_member_row_once(db: Database) -> None:
    """What keeps a large import linear: a row updated once per statement, not once per row
    (every update of a row leaves a version that later ones walk)."""
    _postgres_only(db)
    first, second, _ = await _contracts(db)
    async with db.engine.connect() as connection:
        await _count_row_updates(connection, ("members", "contracts"))
        await connection.exec_driver_sql(
            _insert_billings([(ALICE, first, 100)] * 500 + [(ALICE, second, 100)] * 500)
        )
        result = await connection.exec_driver_sql(
            "SELECT name, count(*) FROM row_updates GROUP BY name"
        )
        updates = {str(name): int(count) for name, count in result}
        await connection.rollback()
    # Each contract once; the member once for the billings and once for their contracts.
    assert updates == {"contracts": 2, "members": 2}


async def _trigger_levels(connection: AsyncConnection) -> set[tuple[str, str]]:
    """(table, ROW or STATEMENT) of every trigger on the member tables."""
    result = await connection.exec_driver_sql(
        "SELECT event_object_table, action_orientation FROM information_schema.triggers "
        "WHERE action_statement LIKE '%gigwise_%'"
    )
    return {(str(table), str(level)) for table, level in result}


async def test_migration_0009_up_and_down_swaps_the_triggers_and_keeps_the_totals(
    empty_db: Database,
) -> None:
    if empty_db.backend.name != "postgresql":
        pytest.skip("revision 0009 changes PostgreSQL's triggers only")
    await upgrade(empty_db)
    first, second, third = await _filled(empty_db)
    async with empty_db.engine.begin() as connection:
        assert {level for _, level in await _trigger_levels(connection)} == {"STATEMENT"}

    await downgrade(empty_db, "0008")
    async with empty_db.engine.begin() as connection:
        assert {level for _, level in await _trigger_levels(connection)} == {"ROW"}
        before = await _revisions(connection)
        await connection.exec_driver_sql(
            _insert_billings([(ALICE, first, 7)] * 10 + [(BOB, third, 9)], first_key=10_000)
        )
        await connection.exec_driver_sql(f"DELETE FROM billings WHERE contract_id = {second}")
        assert await _mismatched_totals(connection) == []
        assert (await _revisions(connection))[BOB] != before[BOB]

    await upgrade(empty_db)
    async with empty_db.engine.begin() as connection:
        levels = await _trigger_levels(connection)
        assert {level for _, level in levels} == {"STATEMENT"}
        assert {table for table, _ in levels} == {
            "billings",
            "client_warnings",
            "clients",
            "contracts",
            "member_events",
            "member_settings",
            "never_again",
        }
        await connection.exec_driver_sql(
            f"UPDATE billings SET contract_id = {second} WHERE contract_id = {first}"
        )
        assert await _mismatched_totals(connection) == []
