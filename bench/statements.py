"""Upwork statement exports made up for the benchmark: as many earnings as a figure needs.

The file is Upwork's legacy statements export as `/import` reads it (`advisor.upwork_csv`), cut to
the columns the importer needs: a 100,000-row history, the most one file may hold, must also stay
under the importer's 5 MB. Each row is an hourly earning with its own Ref ID, dated oldest first
over several years; the clients take turns, and since no row names a contract, each client's
earnings make one contract.
"""

from __future__ import annotations

from datetime import date, timedelta

HEADER = "Date,Ref ID,Type,Team,Amount\n"
FIRST_DAY = date(2016, 1, 4)
# Years the earnings are spread over: a long history, as a member's first import would hold.
SPAN_DAYS = 8 * 365
AMOUNTS = ("60.00", "125.50", "42.25", "300.00", "87.75")


def client_name(number: int) -> str:
    return f"Client {number:03d}"


def statement_csv(rows: int, *, clients: int = 1, first_ref_id: int = 1_000_000) -> bytes:
    """`rows` earnings over `clients` clients, one contract each; Ref IDs count up from
    `first_ref_id`, so files for different members (or runs) never share a key."""
    if rows < 1 or clients < 1:
        raise ValueError("a statement needs at least one row and one client")
    lines = [HEADER]
    for number in range(rows):
        day = FIRST_DAY + timedelta(days=number * SPAN_DAYS // rows)
        lines.append(
            f"{day.isoformat()},{first_ref_id + number},Hourly,"
            f"{client_name(number % clients)},{AMOUNTS[number % len(AMOUNTS)]}\n"
        )
    return "".join(lines).encode()
