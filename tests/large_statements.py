"""Large Upwork statements exports made on the spot, for tests of big imports.

A real member's export can hold 100,000 rows in under 5 MB; committing such files would bloat the
repository, so tests make them here: hourly earnings spread over a few clients and a few years,
each with its own Ref ID, and optionally one bad row near the end.
"""

from __future__ import annotations

from datetime import date, timedelta

HEADER = (
    "Date,Ref ID,Type,Description,Agency,Freelancer,Team,Account Name,PO,Amount,"
    "Amount in local currency,Currency,Balance\n"
)
FIRST_DAY = date(2019, 1, 1)


def statements(
    rows: int,
    *,
    clients: int = 20,
    first_ref: int = 500_000_000,
    amount: str = "9",
    bad_row_at: int | None = None,
) -> bytes:
    """An export of `rows` hourly earnings; with `bad_row_at`, that row (counted from 0) is one
    the ledger refuses (a client billed in another currency than its others)."""
    lines = [HEADER]
    for number in range(rows):
        day = FIRST_DAY + timedelta(days=number % 1500)
        client = f"C{number % clients}"
        currency = "EUR" if number == bad_row_at else "USD"
        lines.append(
            f"{day.isoformat()},{first_ref + number},Hourly,W,,,{client},,,{amount},,{currency},\n"
        )
    return "".join(lines).encode()
