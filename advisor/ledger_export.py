"""Turn a member's records into files to download: a spreadsheet-safe CSV, and JSON.

Both functions take rows as mappings from column name to a cell (text, `Decimal`, `date`, `int` or
None) and return the file's bytes; they do no I/O.

Spreadsheet safety (OWASP "CSV injection"): a spreadsheet runs any cell that starts with `=`, `+`,
`-` or `@` (or with a tab or carriage return before one) as a formula, so a client name such as
`=HYPERLINK(...)` typed into Gigwise could act when the member opens their export. Every text cell
that starts with a tab, carriage return or line feed, or whose first non-blank character is one of
`= + - @` or their full-width forms, is written with a leading `'`; nothing else is changed.

Numbers need no prefix: a negative `Decimal` or `int` is written the accounting way, `(12.50)`,
which spreadsheets such as Excel read back as -12.50 and which does not start with `-`. So no cell
of the CSV starts with a formula character, and amounts still add up in a spreadsheet. Text that
merely looks like a negative number ("-12.00" typed as a title) is text, and is prefixed.

The CSV is UTF-8 with a byte-order mark (so Excel shows accented client names correctly) and CRLF
line ends. The JSON keeps values exact and unaltered: amounts as strings ("-12.50"), dates as ISO
8601 text, None as null.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import chain

from advisor.community.warnings import ClientWarning, NeverAgainEntry
from advisor.ledger import BillingRecord, ClientRecord, ContractRecord
from advisor.momentum.events import MemberEventRecord

Cell = str | Decimal | date | int | None
Row = Mapping[str, Cell]

# Full-width forms are included because some spreadsheets (East Asian locales of Excel) treat them
# like their ASCII counterparts.
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def neutralised(text: str) -> str:
    """`text` as a spreadsheet cell that is never run as a formula."""
    first = text.lstrip()[:1]
    if text[:1] in FORMULA_STARTS or first in FORMULA_STARTS:
        return "'" + text
    return text


def export_csv(rows: Iterable[Row], columns: Sequence[str] | None = None) -> bytes:
    """The rows as a spreadsheet-safe CSV file, with a header row in `columns` order.

    Without `columns`, the first row's keys give the order and every row must have the same keys.
    """
    names, ordered = _ordered(rows, columns)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if names:
        writer.writerow([neutralised(name) for name in names])
    for row in ordered:
        writer.writerow([_spreadsheet_cell(row[name], name) for name in names])
    return out.getvalue().encode("utf-8-sig")


def export_json(rows: Iterable[Row], columns: Sequence[str] | None = None) -> bytes:
    """The rows as a JSON array of objects, keys in `columns` order, values exact."""
    names, ordered = _ordered(rows, columns)
    records = [{name: _json_value(row[name], name) for name in names} for row in ordered]
    return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _ordered(rows: Iterable[Row], columns: Sequence[str] | None) -> tuple[list[str], Iterator[Row]]:
    remaining = iter(rows)
    if columns is not None:
        names = list(columns)
        return names, (_checked(row, names, exact=False) for row in remaining)
    first = next(remaining, None)
    if first is None:
        return [], iter(())
    names = list(first)
    return names, (_checked(row, names, exact=True) for row in chain([first], remaining))


def _checked(row: Row, names: list[str], *, exact: bool) -> Row:
    missing = [name for name in names if name not in row]
    if missing:
        raise ValueError(f"row has no {', '.join(missing)} column: {sorted(row)}")
    if exact and len(row) != len(names):
        extra = sorted(set(row) - set(names))
        raise ValueError(f"row has columns the first row lacks: {extra}")
    return row


def _number_text(value: Decimal | int, column: str) -> str:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{column}: {value} is not an amount")
        # copy_abs turns -0.00 into 0.00; format "f" never writes an exponent such as 1E+3.
        return format(value.copy_abs() if value == 0 else value, "f")
    return str(value)


def _spreadsheet_cell(value: Cell, column: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        # A spreadsheet cell cannot hold NUL, and Python's csv reader refuses one.
        return neutralised(value.replace("\x00", ""))
    if isinstance(value, bool):
        raise TypeError(f"{column}: {value!r} is a bool; give text instead")
    if isinstance(value, Decimal | int):
        text = _number_text(value, column)
        return f"({text[1:]})" if text.startswith("-") else text
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{column}: {type(value).__name__} cannot be exported; money is Decimal")


def _json_value(value: Cell, column: str) -> str | int | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise TypeError(f"{column}: {value!r} is a bool; give text instead")
    if isinstance(value, Decimal):
        return _number_text(value, column)
    if isinstance(value, int):
        return value
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{column}: {type(value).__name__} cannot be exported; money is Decimal")


@dataclass(frozen=True, slots=True)
class MemberExport:
    """Everything stored about one member, for `/export`: a field per table they own."""

    member_id: int
    clients: tuple[ClientRecord, ...]
    contracts: tuple[ContractRecord, ...]
    billings: tuple[BillingRecord, ...]
    events: tuple[MemberEventRecord, ...]
    # The member's saved per-contract fee rate (a fraction), if they saved one.
    settings: tuple[Decimal, ...] = ()
    # Warnings the member filed (with their status) and their private "never again" list.
    warnings: tuple[ClientWarning, ...] = ()
    never_again: tuple[NeverAgainEntry, ...] = ()


CLIENT_COLUMNS = ("client_id", "name", "platform", "currency")
SETTINGS_COLUMNS = ("default_fee_rate",)
CONTRACT_COLUMNS = (
    "contract_id",
    "client",
    "platform",
    "title",
    "kind",
    "status",
    "started_on",
    "ended_on",
    "rating",
    "feedback",
    "billed",
    "currency",
    "fee_schedule",
    "fee_rate",
)
BILLING_COLUMNS = (
    "billing_id",
    "contract_id",
    "client",
    "billed_on",
    "amount",
    "currency",
    "fee_charged",
    "net",
    "source",
)


def client_rows(export: MemberExport) -> list[Row]:
    """One row per client."""
    return [
        {
            "client_id": str(client.id),
            "name": client.name,
            "platform": client.platform,
            "currency": client.currency,
        }
        for client in export.clients
    ]


def contract_rows(export: MemberExport) -> list[Row]:
    """One row per contract, with its client and what it billed."""
    return [
        {
            "contract_id": str(contract.id),
            "client": contract.client_name,
            "platform": contract.platform,
            "title": contract.title,
            "kind": contract.kind.value if contract.kind else None,
            "status": contract.status.value,
            "started_on": contract.started_on,
            "ended_on": contract.ended_on,
            "rating": contract.rating,
            "feedback": contract.feedback,
            "billed": contract.billed,
            "currency": contract.currency,
            "fee_schedule": contract.fee_schedule,
            "fee_rate": contract.fee_rate,
        }
        for contract in export.contracts
    ]


def _net(billing: BillingRecord) -> Decimal | None:
    """What the billing left after the platform's fee: amount − fee, as `/earnings` counts it
    (a refund's is below zero). Blank where the fee is not known: a file keeps facts, and
    `fee_charged` is blank beside it."""
    return None if billing.fee_charged is None else billing.amount - billing.fee_charged


def billing_rows(export: MemberExport) -> list[Row]:
    """One row per billing, named by its client so a spreadsheet can group them."""
    client_names = {client.id: client.name for client in export.clients}
    return [
        {
            "billing_id": str(billing.id),
            "contract_id": str(billing.contract_id),
            "client": client_names.get(billing.client_id, ""),
            "billed_on": billing.billed_on,
            "amount": billing.amount,
            "currency": billing.currency,
            "fee_charged": billing.fee_charged,
            "net": _net(billing),
            "source": billing.source.value,
        }
        for billing in export.billings
    ]


EVENT_COLUMNS = ("event_id", "kind", "count", "occurred_on", "note")


def event_rows(export: MemberExport) -> list[Row]:
    """One row per logged event: invites, proposals, profile and portfolio updates."""
    return [
        {
            "event_id": str(event.id),
            "kind": event.kind.value,
            "count": str(event.count),
            "occurred_on": event.occurred_on,
            "note": event.note,
        }
        for event in export.events
    ]


def settings_rows(export: MemberExport) -> list[Row]:
    """The member's saved defaults, one row when they saved any."""
    return [{"default_fee_rate": rate} for rate in export.settings]


WARNING_COLUMNS = (
    "warning_id",
    "server_id",
    "client",
    "profile_link",
    "reasons",
    "details",
    "details_shown",
    "status",
    "filed_on",
)


def warning_rows(export: MemberExport) -> list[Row]:
    """One row per warning the member filed, in any server, whatever became of it."""
    return [
        {
            "warning_id": str(warning.id),
            "server_id": str(warning.guild_id),
            "client": warning.client_name,
            "profile_link": warning.profile_link,
            "reasons": "; ".join(reason.value for reason in warning.reasons),
            "details": warning.details,
            "details_shown": "yes" if warning.share_details else "no",
            "status": warning.status.value,
            "filed_on": warning.filed_on,
        }
        for warning in export.warnings
    ]


NEVER_AGAIN_COLUMNS = ("client", "note", "added_on")


def never_again_rows(export: MemberExport) -> list[Row]:
    """One row per client on the member's "never again" list."""
    return [
        {"client": entry.client_name, "note": entry.note, "added_on": entry.added_on}
        for entry in export.never_again
    ]


# The files of an export, one per table the member owns: name -> (rows, columns).
EXPORT_TABLES = {
    "settings": (settings_rows, SETTINGS_COLUMNS),
    "clients": (client_rows, CLIENT_COLUMNS),
    "contracts": (contract_rows, CONTRACT_COLUMNS),
    "billings": (billing_rows, BILLING_COLUMNS),
    "events": (event_rows, EVENT_COLUMNS),
    "warnings": (warning_rows, WARNING_COLUMNS),
    "never_again": (never_again_rows, NEVER_AGAIN_COLUMNS),
}


def export_files(export: MemberExport) -> list[tuple[str, bytes]]:
    """Every file of the member's export, as (file name, content): CSV and JSON per table."""
    # Table by table, so that a message of ten files holds whole tables, the oldest first.
    return [
        (f"gigwise-{name}.{extension}", write(rows(export), columns))
        for name, (rows, columns) in EXPORT_TABLES.items()
        for extension, write in (("csv", export_csv), ("json", export_json))
    ]
