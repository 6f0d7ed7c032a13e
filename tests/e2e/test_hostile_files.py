"""Hostile and broken uploads to /import: refused, or read safely, and never half-imported.

Each file is uploaded by a member with no records. A refused file leaves the member with none; a
file read safely (formulas in cells) keeps its cells as plain text, shows them inert, and hands
them back spreadsheet-safe from /export. The bot keeps serving after each one.
"""

from __future__ import annotations

import contextlib
import csv
import io
import sqlite3
from pathlib import Path

import pytest

from bot.client import GigwiseBot
from bot.sandbox import SandboxDiscord
from db.database import Database

ALICE = 100_000_000_000_000_101
SAMPLE = (
    Path(__file__).parent.parent / "data" / "upwork_csv" / "statements_2021-01-01_2021-06-30.csv"
)
HEADER = SAMPLE.read_text("utf-8-sig").splitlines()[0] + "\n"
FIVE_MB = 5 * 1024 * 1024
# A row the file reader accepts but the ledger refuses, after rows it would have imported.
INVISIBLE_CLIENT_ROW = (
    '"Jul 1, 2021",409999998,Hourly,Work,,Dana Kim,\u200b\u200b,,,$10.00,10,USD,$1\n'
)
ATTACHMENT_ROUTE = "/attachments/{attachment_id}/{filename}"


def _padded_to(size: int) -> bytes:
    """A real export grown to exactly `size` bytes with rows Upwork writes (withdrawals)."""
    body = SAMPLE.read_bytes()
    row = (
        b'"Jun 1, 2021",409999999,Withdrawal,Direct to Local Bank,,Dana Kim,,,,-1.00,-1.00,USD,$1\n'
    )
    body += row * ((size - len(body)) // len(row))
    return body + b" " * (size - len(body))


REFUSED = {
    "an image": ("receipt.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "image/png"),
    "a workbook": ("statements.xlsx", b"PK\x03\x04" + b"\x00" * 512, "application/vnd.ms-excel"),
    "JSON named .csv": ("statements.csv", b'{"transactions": [1, 2, 3]}', "text/csv"),
    "UTF-16 text": ("statements.csv", HEADER.encode("utf-16"), "text/csv"),
    "binary": ("statements.csv", bytes(range(256)) * 64, "text/csv"),
    "empty": ("statements.csv", b"", "text/csv"),
    "only blank lines": ("statements.csv", b"\r\n \n\t\n" * 100, "text/csv"),
    "5 MB and 1 byte": ("statements.csv", _padded_to(FIVE_MB + 1), "text/csv"),
    "a million blank rows": ("statements.csv", HEADER.encode() + b"\n" * 1_000_000, "text/csv"),
    "a million short rows": ("statements.csv", HEADER.encode() + b"1,2\n" * 1_000_000, "text/csv"),
    "a cell of a million lines": (
        "statements.csv",
        HEADER.encode() + b'"Jun 1, 2021",1,Hourly,"' + b"x\n" * 1_000_000,
        "text/csv",
    ),
    "good rows, then a client of zero-width spaces": (
        "statements.csv",
        SAMPLE.read_bytes() + INVISIBLE_CLIENT_ROW.encode(),
        "text/csv",
    ),
}


def _members_rows(file: Path, member: int = ALICE) -> dict[str, int]:
    with contextlib.closing(sqlite3.connect(file)) as reader:
        return {
            table: reader.execute(
                f"SELECT COUNT(*) FROM {table} WHERE member_id = ?", (member,)
            ).fetchone()[0]
            for table in ("clients", "contracts", "billings")
        }


def _database_file(database: Database) -> Path:
    assert database.file is not None
    return database.file


@pytest.mark.parametrize("upload", sorted(REFUSED))
async def test_a_broken_or_hostile_upload_is_refused_privately_and_writes_nothing(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, database: Database, upload: str
) -> None:
    reply = await sandbox.invoke("import", attachments={"file": REFUSED[upload]}, user_id=ALICE)
    assert reply.ephemeral
    assert reply.interaction_id in gigwise.tree.refused
    assert "Something went wrong" not in reply.text()
    assert _members_rows(_database_file(database)) == {"clients": 0, "contracts": 0, "billings": 0}
    still_serving = await sandbox.invoke("fee", {"amount": "15000"}, user_id=ALICE)
    assert still_serving.embeds


async def test_a_file_over_five_megabytes_is_refused_without_downloading_it(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke(
        "import", attachments={"file": REFUSED["5 MB and 1 byte"]}, user_id=ALICE
    )
    assert "larger than 5 MB" in reply.text()
    assert [r for r in sandbox.requests if r.route == ATTACHMENT_ROUTE] == []


async def test_a_file_of_exactly_five_megabytes_is_read(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    upload = ("statements.csv", _padded_to(FIVE_MB), "text/csv")
    reply = await sandbox.invoke("import", attachments={"file": upload}, user_id=ALICE)
    assert reply.embeds[0]["title"].startswith("Imported ")


def _with_formulas() -> bytes:
    """The sample export with its clients and descriptions turned into spreadsheet formulas."""
    rows = list(csv.reader(io.StringIO(SAMPLE.read_text("utf-8-sig"))))
    header = rows[0]
    team, account = header.index("Team"), header.index("Account Name")
    description = header.index("Description")
    formulas = {
        "Acme Robotics": '=HYPERLINK("https://evil.example","**Acme** @everyone")',
        "Northwind Studio": "@SUM(1+1)*cmd|' /C calc'!A0",
    }
    for row in rows[1:]:
        if row[team] in formulas:
            row[team] = row[account] = formulas[row[team]]
        if row[description].startswith("Invoice for Milestone"):
            row[description] = "Invoice for Milestone 1 - +1+1 [x](https://evil.example)"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


async def test_formulas_in_cells_are_read_as_text_shown_inert_and_exported_safe(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    upload = {"file": ("statements.csv", _with_formulas(), "text/csv")}
    imported = await sandbox.invoke("import", attachments=upload, user_id=ALICE)
    assert imported.embeds[0]["title"].startswith("Imported ")
    clients = await sandbox.invoke("clients", user_id=ALICE)
    shown = clients.embeds[0]["description"]
    assert "HYPERLINK" in shown
    for live in ("https://evil", "@everyone", "**Acme**"):
        assert live not in shown
    contracts = await sandbox.invoke("contract", subcommand="list", user_id=ALICE)
    assert "[x](https://" not in contracts.embeds[0]["description"]
    exported = await sandbox.invoke("export", user_id=ALICE)
    for name, content in exported.files:
        if name.endswith(".csv"):
            for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))):
                assert not any(cell[:1] in ("=", "+", "-", "@") for cell in row if cell), (
                    name,
                    row,
                )
