"""Benchmark an import's growth: does a statement four times longer take four times as long?

Run as `python -m bench.import_scaling [--rows 10000,40000] [--revision REV] [--postgres URL]
[--no-sqlite]`. For each backend and each size it makes a new database at `--revision` (the
newest by default), and times `ImportRepository.import_billings` of one member's statement of that
many rows, all for one contract (the generated statement of `bench.statements`), in one bulk
write, as `/import` runs it. Parsing is not timed.

Each row of the import changes its contract's total and its member's revision, which the database
keeps by trigger. Updating one row many times within a transaction grows with the square of the
updates on PostgreSQL (each update leaves a row version that later ones walk), so triggers that
update once per inserted row made the import quadratic there; `--revision 0008` measures those.

It prints each time and, per backend, the time per row at the largest size over the time per
row at the smallest; it exits with status 1 when that exceeds GROWTH_GOAL (a linear import stays
near 1, a quadratic one grows with the ratio of the sizes).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections.abc import Sequence

from advisor.upwork_csv import parse_upwork_csv
from bench.context import DEFAULT_POSTGRES_URL
from bench.postgres import PostgresUnavailable, scratch_database
from bench.statements import statement_csv
from db.database import Database
from db.migrate import upgrade
from db.repositories.imports import ImportRepository

MEMBER_ID = 330_000_000_000_000_001
GROWTH_GOAL = 2.0


async def timed_import(database_url: str, revision: str, rows: int) -> float:
    """Seconds to import `rows` rows for one contract into a new database at `revision`."""
    database = Database(database_url)
    try:
        await upgrade(database, revision)
        statement = parse_upwork_csv(statement_csv(rows), "statements.csv")
        billings = [billing.for_ledger() for billing in statement.billings]
        started = time.perf_counter()
        async with database.bulk_write() as writes:
            summary = await ImportRepository(writes).import_billings(MEMBER_ID, billings)
        seconds = time.perf_counter() - started
    finally:
        await database.dispose()
    if summary.billings_added != rows:
        raise RuntimeError(f"imported {summary.billings_added} of {rows} rows")
    return seconds


async def _on_sqlite(revision: str, rows: int) -> float:
    with tempfile.TemporaryDirectory(prefix="gigwise-import-") as folder:
        return await timed_import(f"sqlite+aiosqlite:///{folder}/gigwise.sqlite3", revision, rows)


async def _on_postgres(server_url: str, revision: str, rows: int) -> float:
    async with scratch_database(server_url) as database_url:
        return await timed_import(database_url, revision, rows)


def growth(times: dict[int, float]) -> float:
    """Time per row at the largest size over time per row at the smallest."""
    smallest, largest = min(times), max(times)
    return (times[largest] / largest) / (times[smallest] / smallest)


async def _run(args: argparse.Namespace) -> int:
    sizes = sorted(int(size) for size in args.rows.split(","))
    backends = [] if args.no_sqlite else ["SQLite"]
    backends += ["PostgreSQL"] if args.postgres else []
    failed = False
    for backend in backends:
        times: dict[int, float] = {}
        for rows in sizes:
            try:
                if backend == "SQLite":
                    times[rows] = await _on_sqlite(args.revision, rows)
                else:
                    times[rows] = await _on_postgres(args.postgres, args.revision, rows)
            except PostgresUnavailable as error:
                print(f"{backend}: not available: {error}")
                break
            print(f"{backend} at revision {args.revision}: {rows:,} rows in {times[rows]:.2f} s")
        if len(times) > 1:
            ratio = growth(times)
            failed |= ratio > GROWTH_GOAL
            print(f"{backend}: time per row grew {ratio:.2f}x (goal <= {GROWTH_GOAL:g})")
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.import_scaling", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--rows", default="10000,40000", help="sizes, comma-separated")
    parser.add_argument("--revision", default="head", help="schema revision to import into")
    parser.add_argument(
        "--postgres",
        default=DEFAULT_POSTGRES_URL,
        metavar="URL",
        help="PostgreSQL server for scratch databases; empty to skip (default: %(default)s)",
    )
    parser.add_argument("--no-sqlite", action="store_true", help="measure PostgreSQL only")
    return asyncio.run(_run(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
