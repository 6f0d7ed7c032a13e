"""Read an Upwork earnings export into the billings that count toward each client's fee tier.

`parse_upwork_csv` takes the bytes of an uploaded file and returns every earning in it, with the
service fee Upwork actually charged on it. It does no I/O and keeps nothing between calls.

Two layouts are recognised from the header row (names compared without case or surrounding spaces,
a UTF-8 byte-order mark is ignored):

- the legacy *statements* export (``statements_YYYY-MM-DD_YYYY-MM-DD.csv``):
  ``Date, Ref ID, Type, Description, Agency, Freelancer, Team, Account Name, PO, Amount, ...``
- the newer *transactions* export:
  ``Date, Transaction ID, Transaction Type, Transaction Summary, ..., Team, Account Name, PO,
  Ref ID, Amount $, ...`` (some versions say ``Client team`` and ``Transaction type``).

What each row becomes:

- Hourly, Fixed Price / Fixed-price, Milestone and Bonus rows with a positive amount are billings.
- Service Fee rows are the fee charged on a billing: in the transactions export the fee rows share
  the billing's Transaction ID; in the statements export the fee row names the billing's Ref ID in
  its description ("Service Fee for Hourly - Ref ID 701123340"), or, when it names none, it is the
  row right above or below a billing of the same client and day.
- Refunds lower a client's billings: Refund rows and negative earning rows (money returned to a
  client) become billings below zero, and the fee Upwork hands back with a refund (a positive
  Service Fee row, matched as a fee row is) becomes their fee, below zero too. A refund row
  that names no client is skipped and counted under "Refund"; a fee handed back that matches
  no refund under "Service Fee refund".
- Withdrawals, payments, Connects, subscriptions, memberships, taxes (GST, VAT, WHT), processing
  fees, adjustments and miscellaneous rows are skipped and counted by type; so are fee rows that
  match no billing ("Service Fee"), earnings of $0.00 ("Zero amount"), a row pasted twice
  ("Duplicate row") and types Upwork may add later (by their own name).

Each billing's key is "upwork:<Ref ID>" (statements) or "upwork:<Transaction ID>" (transactions),
so importing the same rows again, from the same file or a longer export, adds nothing. A
transaction that holds several earnings keys each one by its Ref ID as well, and leaves their fee
unknown rather than guess how it was split.

Amounts are US dollars as the ``Amount`` / ``Amount $`` column gives them ("$1,234.56", "-12.00",
"(12.00)"), rounded to the cent; local-currency columns are ignored. Dates are read in the forms
the exports use: "Jun 3, 2021" (or "June 3, 2021"), "2021-06-03", and "06/03/2021" (month first,
as Upwork writes it).

A file that cannot be read raises `ImportFileError` naming the first bad line, numbered as a
spreadsheet shows it (the header is line 1); nothing is returned for a broken file. The work is one
pass over the rows, and both the file size and the row count are capped, so a hostile upload is
refused early instead of being held in memory.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType

from advisor import ledger
from advisor.days import MONTH_NUMBERS
from advisor.errors import InputError

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 100_000

HOW_TO_EXPORT = (
    "Download the CSV again from Upwork (Reports › Transaction history › Download CSV) "
    "and upload it unchanged."
)

_CENT = Decimal("0.01")
# The ledger's own limits, so that every billing read here can be stored as it is.
_MAX_TITLE = 200
_MAX_CLIENT_NAME = 100
_MAX_ID = 40
_ID = re.compile(r"[A-Za-z0-9_-]+")


class ImportFileError(InputError):
    """An uploaded export that cannot be read; `line` is the spreadsheet line at fault, if any."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message if line is None else f"Line {line}: {message}")
        self.line = line


@dataclass(frozen=True, slots=True)
class ImportedBilling:
    """One earning from the export, with the service fee Upwork took from it."""

    key: str  # "upwork:<Ref ID or Transaction ID>": the same row imported twice is one billing
    client: str
    billed_on: date
    kind: str  # "hourly" | "fixed" | "bonus" | "refund"
    contract_title: str | None
    gross: Decimal  # below zero for a refund
    fee_charged: (
        Decimal | None
    )  # None when the export holds no fee row for it; below zero for a refund
    currency: str = "USD"
    line: int | None = None  # where the earning is in the file, for messages about it

    def for_ledger(self) -> ledger.ImportedBilling:
        """The same earning as the ledger records it: an Upwork client, a contract by title."""
        kind = self.kind if self.kind in {k.value for k in ledger.ContractKind} else None
        return ledger.ImportedBilling(
            client_name=self.client,
            platform="upwork",
            billed_on=self.billed_on,
            amount=self.gross,
            fee_charged=self.fee_charged,
            currency=self.currency,
            idempotency_key=self.key,
            contract_title=self.contract_title,
            contract_kind=ledger.ContractKind(kind) if kind else None,
            line=self.line,
        )


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What one export held: the billings found, oldest first, and how many rows were skipped."""

    rows_read: int
    billings: tuple[ImportedBilling, ...]
    skipped: Mapping[str, int]  # by row type, e.g. {"Withdrawal": 3, "Refund": 1}


# --- the two layouts -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    name: str
    id_column: str  # the column whose value makes the idempotency key
    type_column: str
    amount_columns: tuple[str, ...]
    description_columns: tuple[str, ...]
    shown_header: str  # for the message when a column is missing


_CLIENT_COLUMNS = ("team", "client team", "account name")

_STATEMENTS = _Layout(
    name="statements",
    id_column="ref id",
    type_column="type",
    amount_columns=("amount",),
    description_columns=("description",),
    shown_header="Date, Ref ID, Type, Description, Agency, Freelancer, Team, Account Name, PO, "
    "Amount, Amount in local currency, Currency, Balance",
)

_TRANSACTIONS = _Layout(
    name="transactions",
    id_column="transaction id",
    type_column="transaction type",
    amount_columns=("amount $", "amount", "amount ($)", "amount usd"),
    description_columns=(
        "transaction summary",
        "description 1",
        "transaction summary details",
        "description",
    ),
    shown_header="Date, Transaction ID, Transaction Type, Transaction Summary, "
    "Transaction Summary Details, Description 1, Description 2, Description 3, Agency, "
    "Freelancer, Team, Account Name, PO, Ref ID, Amount $, Amount in local currency, Currency, "
    "Current Balance $, Payment Method",
)


@dataclass(frozen=True)
class _Columns:
    """Where each column the parser reads sits in a row."""

    layout: _Layout
    width: int
    date: int
    type: int
    row_id: int  # Ref ID (statements) or Transaction ID (transactions)
    ref_id: int | None  # the transactions export's own Ref ID column, when present
    amount: int
    clients: tuple[int, ...]
    descriptions: tuple[int, ...]


def _header_name(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").split()).casefold()


def _columns(header: Sequence[str], line: int) -> _Columns:
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        positions.setdefault(_header_name(cell), index)

    if _TRANSACTIONS.type_column in positions:
        layout = _TRANSACTIONS
    elif _STATEMENTS.type_column in positions:
        layout = _STATEMENTS
    else:
        raise ImportFileError(_unknown_header_message(header), line=line)

    missing = [
        shown
        for shown, names in (
            ("Date", ("date",)),
            (_shown_column(layout.id_column), (layout.id_column,)),
            (_shown_column(layout.type_column), (layout.type_column,)),
            (_shown_column(layout.amount_columns[0]), layout.amount_columns),
            ("Team (or Account Name)", _CLIENT_COLUMNS),
        )
        if not any(name in positions for name in names)
    ]
    if missing:
        raise ImportFileError(
            f"this looks like Upwork's {layout.name} export but has no "
            f"{', '.join(missing)} column. Its header should be: {layout.shown_header}. "
            + HOW_TO_EXPORT,
            line=line,
        )

    return _Columns(
        layout=layout,
        width=len(header),
        date=positions["date"],
        type=positions[layout.type_column],
        row_id=positions[layout.id_column],
        ref_id=positions.get("ref id") if layout is _TRANSACTIONS else None,
        amount=next(positions[name] for name in layout.amount_columns if name in positions),
        clients=tuple(positions[name] for name in _CLIENT_COLUMNS if name in positions),
        descriptions=tuple(
            positions[name] for name in layout.description_columns if name in positions
        ),
    )


def _shown_column(name: str) -> str:
    return {
        "ref id": "Ref ID",
        "transaction id": "Transaction ID",
        "transaction type": "Transaction Type",
        "type": "Type",
        "amount": "Amount",
        "amount $": "Amount $",
    }.get(name, name)


def _unknown_header_message(header: Sequence[str]) -> str:
    found = ", ".join(_shown(cell, 30) for cell in header[:8])
    hint = ""
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        hint = " The columns are separated by semicolons or tabs; Upwork's export uses commas."
    return (
        f"this is not an Upwork earnings export (its columns are: {found}).{hint} "
        f"Gigwise reads the statements export ({_STATEMENTS.shown_header}) and the transactions "
        f"export ({_TRANSACTIONS.shown_header}). " + HOW_TO_EXPORT
    )


# --- reading the bytes -----------------------------------------------------------------------


_SPREADSHEET_EXTENSIONS = (".xlsx", ".xls", ".xlsm", ".ods", ".numbers", ".pdf", ".zip")


def _text(content: bytes, filename: str) -> str:
    if not isinstance(content, bytes | bytearray):
        raise TypeError(f"content must be bytes, not {type(content).__name__}")
    if len(content) > MAX_IMPORT_BYTES:
        raise ImportFileError(
            f"The file is larger than 5 MB ({len(content) / 1024 / 1024:.1f} MB). "
            "Export a shorter date range from Upwork, a year at a time, and import each file."
        )
    if filename.casefold().endswith(_SPREADSHEET_EXTENSIONS):
        raise ImportFileError(
            f"{_shown(filename, 60)} is not a CSV file. Upload the .csv file Upwork downloads, "
            "or in your spreadsheet use Save As › CSV UTF-8 (comma delimited)."
        )
    if not content.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ImportFileError("The file is empty. " + HOW_TO_EXPORT)
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(
            "The file is saved as UTF-16 text, not CSV. Upload Upwork's original .csv download, "
            "or in your spreadsheet use Save As › CSV UTF-8 (comma delimited)."
        )
    if b"\x00" in content:
        raise ImportFileError(
            "The file is not a CSV text file (it holds binary data, like a spreadsheet workbook "
            "or an image). " + HOW_TO_EXPORT
        )
    try:
        return bytes(content).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content.count(b"\n", 0, error.start) + 1
        raise ImportFileError(
            "the file is not UTF-8 text (it was probably saved by a spreadsheet in another "
            "encoding). Upload Upwork's original .csv download, or use Save As › CSV UTF-8.",
            line=line,
        ) from None


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Rows with their spreadsheet line numbers; a quoted cell may span several text lines."""
    # Lines are cut lazily from the decoded text: a copy of the whole file per line or in a
    # StringIO buffer would multiply the memory a large upload takes.
    lines = (match.group() for match in _LINE.finditer(text))
    reader = csv.reader(lines, strict=False)
    line = 0
    while True:
        line += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise ImportFileError(
                'a cell is far too long or a quote (") is never closed. ' + HOW_TO_EXPORT,
                line=line,
            ) from None
        if line > MAX_IMPORT_ROWS + 1:
            raise ImportFileError(
                f"The file has more than {MAX_IMPORT_ROWS:,} rows. Export a shorter date range "
                "from Upwork, a year at a time, and import each file."
            )
        yield line, row


# --- cells -----------------------------------------------------------------------------------


# What Discord would read as markdown in a quoted cell: a bracket that may open a masked link,
# and any emphasis character with a partner later on (a lone one, as in `1_000`, shows as typed).
_MARKUP = re.compile(r"[\\\[]|([*_~|])(?=.*\1)")
# Discord's tags: channel and command mentions (both clickable), timestamps and custom emoji.
_TAG = re.compile(r"<(?=[#/@:]|[at]:)")
# Invite links Discord turns into a join card even without a scheme.
_INVITE = re.compile(r"(discord(?:app)?)(\.(?:gg|com|io|me|li)/)", re.IGNORECASE)


def _shown(value: str, limit: int = 40) -> str:
    """A cell quoted back to the member: short, on one line, and shown as typed, so it can
    neither ping anyone nor come alive as markdown, a link or an invite."""
    flat = " ".join(value.split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    flat = _MARKUP.sub(lambda found: "\\" + found.group(), flat.replace("`", "'"))
    flat = _INVITE.sub("\\1\u200b\\2", flat.replace("://", ":\u200b//"))
    return _TAG.sub("<\u200b", flat).replace("@", "@\u200b")


_SIGNS = ("-", "+", "\u2212")
_NUMBER = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d{1,15})(?:\.\d{1,6})?|\.\d{1,6}")


def _amount(cell: str, line: int) -> Decimal:
    text = cell.strip()
    negative = signed = False
    if text.startswith("(") and text.endswith(")"):
        negative = signed = True
        text = text[1:-1].strip()
    # A sign may come before or after the dollar sign: "-$25.80", "$-25.80".
    if text[:1] in _SIGNS and not signed:
        negative, signed, text = text[0] != "+", True, text[1:].lstrip()
    if text.startswith("$"):
        text = text[1:].lstrip()
    if text[:1] in _SIGNS and not signed:
        negative, text = text[0] != "+", text[1:].lstrip()
    if text.endswith("USD"):
        text = text[:-3].rstrip()
    if not _NUMBER.fullmatch(text):
        raise ImportFileError(
            f"the amount '{_shown(cell)}' is not a number. Upwork writes amounts like "
            "$1,234.56, -12.00 or (12.00). " + HOW_TO_EXPORT,
            line=line,
        )
    value = Decimal(text.replace(",", "")).quantize(_CENT, rounding=ROUND_HALF_UP)
    return -value if negative else value


_DATE_WORDS = re.compile(r"([A-Za-z]{3,9})\.? (\d{1,2}), (\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DATE_US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _date(cell: str, line: int) -> date:
    # Month names are matched here rather than with strptime("%b"), which follows the locale.
    text = " ".join(cell.split())
    try:
        if match := _DATE_WORDS.fullmatch(text):
            month = MONTH_NUMBERS.get(match[1].casefold())
            if month is not None:
                return date(int(match[3]), month, int(match[2]))
        elif match := _DATE_ISO.fullmatch(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
        elif match := _DATE_US.fullmatch(text):
            return date(int(match[3]), int(match[1]), int(match[2]))
    except ValueError:
        pass  # a day or month out of range: reported below like any other unreadable date
    raise ImportFileError(
        f"the date '{_shown(cell)}' is not a date. Upwork writes dates like 'Jun 3, 2021', "
        "'2021-06-03' or '06/03/2021'. " + HOW_TO_EXPORT,
        line=line,
    )


def _row_type(cell: str) -> str:
    return " ".join(cell.replace("-", " ").replace("_", " ").split()).casefold()


_BILLING_KINDS = {
    "hourly": "hourly",
    "fixed price": "fixed",
    "milestone": "fixed",
    "bonus": "bonus",
}
_SERVICE_FEE = "service fee"
_REFUND_TYPES = frozenset({"refund", "refund to client"})
REFUND_KIND = "refund"
_SKIPPED_LABELS = {
    "withdrawal": "Withdrawal",
    "withdrawal fee": "Withdrawal Fee",
    "payment": "Payment",
    "connects": "Connects",
    "subscription": "Subscription",
    "membership": "Membership",
    "membership fee": "Membership",
    "gst": "GST",
    "vat": "VAT",
    "wht": "WHT",
    "processing fee": "Processing Fee",
    "adjustment": "Adjustment",
    "miscellaneous": "Miscellaneous",
}
# Names under which skipped rows are counted, besides the row types themselves.
REFUND = "Refund"
ZERO_AMOUNT = "Zero amount"
UNMATCHED_FEE = "Service Fee"
FEE_CREDIT = "Service Fee refund"
DUPLICATE_ROW = "Duplicate row"
OTHER_TYPES = "Other"
_MAX_UNKNOWN_TYPES = 20

_REF_IN_TEXT = re.compile(r"\bRef\.?\s*ID\s*#?:?\s*(\d+)", re.IGNORECASE)
_HOURS = re.compile(r"\d+(?::\d{2})?\s*hrs?\b.*", re.IGNORECASE)
_DAY = re.compile(r"\d{1,2}/\d{1,2}/\d{4}(?:\s*-\s*\d{1,2}/\d{1,2}/\d{4})?")
_MONEY = re.compile(r"\(?-?\$?[\d,]+(?:\.\d+)?\)?")
_LABEL_ONLY = re.compile(r"(?:project\s+)?bonus(?:\s+payment)?|fixed[\s-]price|hourly", re.I)


def contract_title(description: str) -> str | None:
    """The contract title inside an earning's description, or None when there is none to see.

    Recognised: "Invoice for <period or milestone> - <title>" and "Refund for <milestone> -
    <title>" (hours, dates, amounts and "Ref ID ..." parts are dropped), and "Bonus for <title>" /
    "Bonus - <title>".
    """
    text = " ".join(description.split())
    lowered = text.casefold()
    if lowered.startswith(("bonus for ", "bonus payment for ")):
        parts = text.split(" for ", 1)[1].split(" - ")
    elif lowered.startswith(("invoice for ", "refund for ")) or _LABEL_ONLY.fullmatch(
        text.split(" - ", 1)[0]
    ):
        # The first part is "Invoice for <period or milestone>" or the row type, never the title.
        parts = text.split(" - ")[1:]
    else:
        return None
    kept = [
        part.strip()
        for part in parts
        if part.strip()
        and not _REF_IN_TEXT.search(part)
        and not _HOURS.fullmatch(part.strip())
        and not _DAY.fullmatch(part.strip())
        and not _MONEY.fullmatch(part.strip())
        and not _LABEL_ONLY.fullmatch(part.strip())
    ]
    title = " - ".join(kept)[:_MAX_TITLE].strip()
    return title or None


# --- rows ------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Earning:
    """A billing row still waiting for its fee."""

    line: int
    seq: int  # position among the file's data rows, to find the fee row next to it
    row_id: str
    ref_id: str
    client: str
    billed_on: date
    kind: str
    title: str | None
    gross: Decimal
    fee: Decimal | None = None


@dataclass(frozen=True, slots=True)
class _FeeRow:
    line: int
    seq: int
    target: str | None  # the Ref ID or Transaction ID of the earning it was taken from
    client: str
    billed_on: date
    fee: Decimal  # what was kept: above zero when taken, below when handed back with a refund


@dataclass
class _Reading:
    """Everything kept while reading the rows once."""

    rows_read: int = 0
    earnings: list[_Earning] = field(default_factory=list)
    fees: list[_FeeRow] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    seen_rows: dict[str, str] = field(default_factory=dict)  # own Ref ID -> the row's cells
    unknown_types: set[str] = field(default_factory=set)

    def skip(self, label: str) -> None:
        self.skipped[label] = self.skipped.get(label, 0) + 1

    def skip_type(self, row_type: str, cell: str) -> None:
        label = _SKIPPED_LABELS.get(row_type)
        if label is None:
            # Types Upwork adds later are counted by name, up to a point: a hostile file with
            # thousands of made-up types must not turn the summary into a wall of text.
            label = _shown(cell, 40)
            if label not in self.unknown_types and len(self.unknown_types) >= _MAX_UNKNOWN_TYPES:
                label = OTHER_TYPES
            self.unknown_types.add(label)
        self.skip(label)


def parse_upwork_csv(content: bytes, filename: str = "") -> ImportSummary:
    """Every billing in an Upwork export, oldest first, with the fee Upwork charged on it.

    Raises ImportFileError (naming the first bad line) for a file that is too large, empty, not
    UTF-8 CSV text, not one of Upwork's layouts, or that holds a row that cannot be read.
    """
    records = _records(_text(content, filename))
    header: list[str] | None = None
    header_line = 0
    for line, row in records:
        if any(cell.strip() for cell in row):
            header = row
            header_line = line
            break
    if header is None:
        raise ImportFileError("The file is empty. " + HOW_TO_EXPORT)
    columns = _columns(header, header_line)

    reading = _Reading()
    for line, row in records:
        if not any(cell.strip() for cell in row):
            continue  # Spreadsheets leave blank lines at the end; they carry nothing.
        _read_row(columns, line, row, reading)

    _attach_fees(columns.layout, reading.earnings, reading.fees, reading)
    billings = _billings(columns.layout, reading.earnings)
    return ImportSummary(
        rows_read=reading.rows_read,
        billings=billings,
        skipped=MappingProxyType(dict(sorted(reading.skipped.items()))),
    )


def _read_row(columns: _Columns, line: int, row: list[str], reading: _Reading) -> None:
    if len(row) < columns.width:
        raise ImportFileError(
            f"the row has {len(row)} cells but the header has {columns.width} columns. "
            + HOW_TO_EXPORT,
            line=line,
        )
    if any(cell.strip() for cell in row[columns.width :]):
        raise ImportFileError(
            f"the row has {len(row)} cells but the header has {columns.width} columns "
            "(a comma inside a cell may have lost its quotes). " + HOW_TO_EXPORT,
            line=line,
        )
    seq = reading.rows_read
    reading.rows_read += 1

    row_type_cell = row[columns.type].strip()
    if not row_type_cell:
        raise ImportFileError(
            f"the {_shown_column(columns.layout.type_column)} cell is empty. " + HOW_TO_EXPORT,
            line=line,
        )
    row_type = _row_type(row_type_cell)
    date_cell, amount_cell = row[columns.date], row[columns.amount]
    kind = REFUND_KIND if row_type in _REFUND_TYPES else _BILLING_KINDS.get(row_type)

    if kind is None and row_type != _SERVICE_FEE:
        # Skipped rows are still checked, so a damaged file is refused rather than half-read.
        if date_cell.strip():
            _date(date_cell, line)
        if amount_cell.strip():
            _amount(amount_cell, line)
        reading.skip_type(row_type, row_type_cell)
        return

    billed_on = _date(date_cell, line)
    amount = _amount(amount_cell, line)
    row_id = row[columns.row_id].strip()
    ref_id = row[columns.ref_id].strip() if columns.ref_id is not None else ""
    own_id = row_id if columns.layout is _STATEMENTS else ref_id
    if own_id:
        # Rows carrying their own Ref ID are unique in Upwork's export: a repeat was pasted twice.
        cells = "\x1f".join(cell.strip() for cell in row[: columns.width])
        if reading.seen_rows.get(own_id) == cells:
            reading.skip(DUPLICATE_ROW)
            return
        reading.seen_rows.setdefault(own_id, cells)
    client = next((" ".join(row[i].split()) for i in columns.clients if row[i].strip()), "")

    if kind is None:
        if amount == 0:
            reading.skip(ZERO_AMOUNT)
            return
        if columns.layout is _STATEMENTS:
            description = next((row[i] for i in columns.descriptions if row[i].strip()), "")
            named = _REF_IN_TEXT.search(description)
            target = named[1] if named else None
        else:
            target = row_id or None
        # A fee row below zero was taken from an earning; one above zero was handed back with a
        # refund. Either way the fee is what was kept: `-amount`.
        reading.fees.append(_FeeRow(line, seq, target, client, billed_on, -amount))
        return

    if amount == 0 or (kind == REFUND_KIND and amount > 0):
        reading.skip(ZERO_AMOUNT if amount == 0 else REFUND)
        return
    if amount < 0:
        kind = REFUND_KIND
    if not client:
        if kind == REFUND_KIND:
            reading.skip(REFUND)
            return
        raise ImportFileError(
            "the earning has no client: its Team (or Account Name) cell is empty. " + HOW_TO_EXPORT,
            line=line,
        )
    if len(client) > _MAX_CLIENT_NAME:
        raise ImportFileError(
            f"the client name '{_shown(client)}' is longer than {_MAX_CLIENT_NAME} characters. "
            + HOW_TO_EXPORT,
            line=line,
        )
    if not row_id and not ref_id:
        raise ImportFileError(
            f"the earning has no {_shown_column(columns.layout.id_column)}, so it could be "
            "imported twice. " + HOW_TO_EXPORT,
            line=line,
        )
    for found_id in (row_id, ref_id):
        if found_id and (len(found_id) > _MAX_ID or not _ID.fullmatch(found_id)):
            raise ImportFileError(
                f"'{_shown(found_id)}' is not an id Upwork writes (it uses digits). "
                + HOW_TO_EXPORT,
                line=line,
            )
    title = next(
        (found for i in columns.descriptions if (found := contract_title(row[i])) is not None),
        None,
    )
    reading.earnings.append(
        _Earning(line, seq, row_id, ref_id, client, billed_on, kind, title, amount)
    )


def _attach_fees(
    layout: _Layout, earnings: list[_Earning], fees: list[_FeeRow], reading: _Reading
) -> None:
    by_id: dict[str, list[_Earning]] = {}
    for earning in earnings:
        by_id.setdefault(earning.row_id or earning.ref_id, []).append(earning)
    by_seq = {earning.seq: earning for earning in earnings}

    for fee in fees:
        handed_back = fee.fee < 0
        owner: _Earning | None = None
        if fee.target is not None:
            # A transaction holding several earnings does not say which one a fee belongs to.
            group = [
                earning
                for earning in by_id.get(fee.target, [])
                if (earning.gross < 0) == handed_back
            ]
            owner = group[0] if len(group) == 1 else None
        elif layout is _STATEMENTS:
            # Upwork lists the fee right above its earning (newest first); older files vary.
            owner = next(
                (
                    candidate
                    for candidate in (by_seq.get(fee.seq + 1), by_seq.get(fee.seq - 1))
                    if candidate is not None
                    and candidate.fee is None
                    and (candidate.gross < 0) == handed_back
                    and candidate.billed_on == fee.billed_on
                    and (not fee.client or candidate.client == fee.client)
                ),
                None,
            )
        if owner is None:
            reading.skip(FEE_CREDIT if handed_back else UNMATCHED_FEE)
            continue
        owner.fee = fee.fee if owner.fee is None else owner.fee + fee.fee


def _billings(layout: _Layout, earnings: list[_Earning]) -> tuple[ImportedBilling, ...]:
    keys = _keys(layout, earnings)
    if len(earnings) > 1 and earnings[0].billed_on > earnings[-1].billed_on:
        earnings = earnings[::-1]  # Upwork lists the newest first; billings count oldest first.
        keys = keys[::-1]
    ordered = sorted(zip(earnings, keys, strict=True), key=lambda pair: pair[0].billed_on)
    return tuple(
        ImportedBilling(
            key=key,
            client=earning.client,
            billed_on=earning.billed_on,
            kind=earning.kind,
            contract_title=earning.title,
            gross=earning.gross,
            fee_charged=earning.fee,
            line=earning.line,
        )
        for earning, key in ordered
    )


def _keys(layout: _Layout, earnings: list[_Earning]) -> list[str]:
    if layout is _STATEMENTS:
        first_line: dict[str, int] = {}
        for earning in earnings:
            if earning.row_id in first_line:
                raise ImportFileError(
                    f"Ref ID {_shown(earning.row_id)} is also on line "
                    f"{first_line[earning.row_id]} with different values. " + HOW_TO_EXPORT,
                    line=earning.line,
                )
            first_line[earning.row_id] = earning.line
        return [f"upwork:{earning.row_id}" for earning in earnings]

    groups: dict[str, list[_Earning]] = {}
    for earning in earnings:
        groups.setdefault(earning.row_id or earning.ref_id, []).append(earning)
    keys: dict[int, str] = {}
    for group_id, group in groups.items():
        if len(group) == 1:
            keys[group[0].seq] = f"upwork:{group_id}"
            continue
        refs = [earning.ref_id for earning in group]
        distinct_refs = all(refs) and len(set(refs)) == len(refs)
        for number, earning in enumerate(group, start=1):
            suffix = earning.ref_id if distinct_refs else str(number)
            keys[earning.seq] = f"upwork:{group_id}:{suffix}"
    return [keys[earning.seq] for earning in earnings]
