"""Nobody sees or changes another member's records: two members against every command,
autocomplete and button. Admin commands need Manage Server, in the synced payload and when they run.

Alice keeps records (typed and imported); Bob then runs every command, every autocomplete and every
button of Alice's replies, aiming at Alice's records where an option lets him. Nothing Bob is shown
names anything of Alice's, and Alice's rows are exactly as they were.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.client import GigwiseBot
from bot.sandbox import MANAGER_PERMISSIONS, MEMBER_PERMISSIONS, Reply, SandboxDiscord
from bot.sandbox.options import SUB_COMMAND, leaf_options
from bot.sandbox.payloads import MANAGE_GUILD
from db.database import Database
from tests.e2e.conftest import BotFactory, connected

ALICE = 100_000_000_000_000_101
BOB = 100_000_000_000_000_202
SAMPLE = (
    Path(__file__).parent.parent / "data" / "upwork_csv" / "statements_2021-01-01_2021-06-30.csv"
)
SCAM = (
    "Data entry, $45/hr. Message me on Telegram @quickhire before applying. Payment by gift cards."
)
# Everything of Alice's that a leak would show: her clients (typed and imported) and titles.
ALICES = (
    "Alice Secret Co",
    "Alice retainer",
    "Alice logo",
    "Alice pitch",
    "Acme Robotics",
    "Northwind Studio",
)


@dataclass
class Ledger:
    """Alice's records, as the tests need to aim at them."""

    active_contract: str = ""
    finished_contract: str = ""
    replies: list[Reply] = field(default_factory=list)


def _contract_id(reply: Reply) -> str:
    return reply.embeds[0]["footer"]["text"].split("#")[1].split(" ")[0]


async def _keep_records(sandbox: SandboxDiscord) -> Ledger:
    ledger = Ledger()
    finished = await sandbox.invoke(
        "contract",
        {"client": "Alice Secret Co", "amount": "1200", "title": "Alice logo", "rating": "5"},
        subcommand="add",
        user_id=ALICE,
    )
    started = await sandbox.invoke(
        "contract",
        {"client": "Alice Secret Co", "title": "Alice retainer"},
        subcommand="start",
        user_id=ALICE,
    )
    ledger.finished_contract, ledger.active_contract = _contract_id(finished), _contract_id(started)
    await sandbox.invoke(
        "contract",
        {"contract": ledger.active_contract, "amount": "800"},
        subcommand="bill",
        user_id=ALICE,
    )
    await sandbox.invoke(
        "log", {"event": "proposal", "count": 4, "note": "Alice pitch"}, user_id=ALICE
    )
    # A pending warning and a never-again entry: neither is ever shown to anyone else.
    await sandbox.invoke(
        "warn",
        {"client": "Northwind Studio", "reasons": "scope creep", "details": "Alice pitch"},
        user_id=ALICE,
    )
    await sandbox.invoke(
        "never-again", {"client": "Acme Robotics"}, subcommand="add", user_id=ALICE
    )
    upload = {"file": ("statements.csv", SAMPLE.read_bytes(), "text/csv")}
    imported = await sandbox.invoke("import", attachments=upload, user_id=ALICE)
    assert imported.embeds[0]["title"].startswith("Imported ")
    ledger.replies += [finished, started, imported]
    return ledger


def _rows_of(file: Path, member: int) -> dict[str, list[tuple[Any, ...]]]:
    """The member's rows in every table that names a member (tables added later too)."""
    with contextlib.closing(sqlite3.connect(file)) as reader:
        rows = {}
        for table, column in _member_columns(reader):
            rows[table] = sorted(
                reader.execute(f'SELECT * FROM "{table}" WHERE "{column}" = ?', (member,))
            )
        return rows


def _member_columns(reader: sqlite3.Connection) -> list[tuple[str, str]]:
    tables = [n for (n,) in reader.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    found = []
    for table in tables:
        columns = {row[1] for row in reader.execute(f'PRAGMA table_info("{table}")')}
        if table == "members":
            found.append((table, "id"))
        elif "member_id" in columns:
            found.append((table, "member_id"))
    return found


def _everything_shown(reply: Reply) -> str:
    """All Bob could read: text, embeds, buttons, files, autocomplete choices."""
    return repr(reply.message) + repr(reply.followups) + repr(reply.files) + repr(reply.choices)


def _leaks(reply: Reply, typed: str = "") -> list[str]:
    """Alice's names in what Bob was shown, other than those he typed himself."""
    shown = _everything_shown(reply)
    return [name for name in ALICES if name in shown and name not in typed]


@pytest.fixture
async def alices_gigwise(
    sandbox: SandboxDiscord, make_bot: BotFactory
) -> AsyncIterator[tuple[GigwiseBot, Ledger]]:
    async with connected(make_bot(), sandbox.token) as bot:
        yield bot, await _keep_records(sandbox)


# -- every command, run by Bob ----------------------------------------------------------------

Call = Callable[[Ledger], dict[str, Any]]
BOBS_TURN: Mapping[str, list[Call]] = {
    "fee": [
        lambda alice: {"options": {"amount": "100"}},
        lambda alice: {"options": {"amount": "100", "client": "Alice Secret Co"}},
        lambda alice: {"options": {"amount": "100", "client": "Acme Robotics"}},
    ],
    "compare": [lambda alice: {"options": {"first": "30x500", "second": "1x15000"}}],
    "target": [lambda alice: {"options": {"net": "5000"}}],
    "dispute": [lambda alice: {"options": {"owed": "1200"}}],
    "screen": [lambda alice: {"options": {"post": SCAM}}],
    "contract add": [
        lambda alice: {"options": {"client": "Alice Secret Co", "amount": "50", "title": "Mine"}}
    ],
    "contract start": [lambda alice: {"options": {"client": "Acme Robotics", "title": "Mine"}}],
    "contract bill": [
        lambda alice: {"options": {"contract": alice.active_contract, "amount": "100"}},
        lambda alice: {"options": {"contract": "Alice retainer", "amount": "100"}},
        lambda alice: {"options": {"contract": alice.finished_contract, "amount": "100"}},
    ],
    "contract end": [
        lambda alice: {"options": {"contract": alice.active_contract, "rating": "1"}},
        lambda alice: {"options": {"contract": "Alice retainer", "feedback": "Bob was here"}},
    ],
    "contract list": [
        lambda alice: {"options": {}},
        lambda alice: {"options": {"status": "completed", "share": True}},
    ],
    "contract undo": [lambda alice: {"options": {}}],
    "contract unbill": [
        lambda alice: {"options": {"contract": alice.active_contract, "billing": "today"}},
        lambda alice: {"options": {"contract": "Alice retainer", "billing": "800"}},
    ],
    "contract edit": [
        lambda alice: {"options": {"contract": alice.active_contract, "title": "Bob was here"}},
        lambda alice: {"options": {"contract": "Alice retainer", "client": "Alice Secret Co"}},
        lambda alice: {"options": {"contract": alice.finished_contract, "rating": "1"}},
    ],
    "contract delete": [
        lambda alice: {"options": {"contract": alice.active_contract}},
        lambda alice: {"options": {"contract": alice.finished_contract}},
    ],
    "clients": [lambda alice: {"options": {"share": True}}],
    "earnings": [
        lambda alice: {"options": {"share": True}},
        lambda alice: {"options": {"start": "2000-01-01", "end": "today"}},
    ],
    "momentum": [
        lambda alice: {"options": {}},
        lambda alice: {"options": {"what_if": "1", "public": True}},
    ],
    "log": [lambda alice: {"options": {"event": "invite", "count": 3, "note": "Mine"}}],
    "import": [
        lambda alice: {"attachments": {"file": ("statements.csv", SAMPLE.read_bytes(), "text/csv")}}
    ],
    "export": [lambda alice: {"options": {}}],
    "forget-me": [lambda alice: {"options": {}, "confirm": True}],
    "settings": [
        lambda alice: {"options": {"platform": "fiverr"}, "permissions": MANAGER_PERMISSIONS}
    ],
    "profile": [lambda alice: {"options": {"rate": "12"}}],
    "help": [lambda alice: {"options": {}}],
    "warn": [
        lambda alice: {
            "options": {"client": "Bob Client", "reasons": "abusive", "details": "Shouted."}
        }
    ],
    "warnings lookup": [
        lambda alice: {"options": {"client": "Acme Robotics"}},
        lambda alice: {"options": {"client": "Northwind Studio"}},
    ],
    "warnings withdraw": [lambda alice: {"options": {"client": "Northwind Studio"}}],
    "never-again add": [lambda alice: {"options": {"client": "Bob Client"}}],
    "never-again remove": [lambda alice: {"options": {"client": "Acme Robotics"}}],
    "never-again list": [lambda alice: {"options": {}}],
    # A manager of another server: their powers end at their own server's edge.
    "moderate queue": [
        lambda alice: {"options": {}},
        lambda alice: {"options": {}, "permissions": MANAGER_PERMISSIONS, "guild_id": OTHER_GUILD},
    ],
    "moderate delete": [
        lambda alice: {"options": {"warning": "1"}},
        lambda alice: {
            "options": {"warning": "1"},
            "permissions": MANAGER_PERMISSIONS,
            "guild_id": OTHER_GUILD,
        },
    ],
    "moderate log": [
        lambda alice: {"options": {}, "permissions": MANAGER_PERMISSIONS, "guild_id": OTHER_GUILD}
    ],
    "moderate settings": [lambda alice: {"options": {"expiry_months": 3}}],
    "moderate jobs-channel": [lambda alice: {"options": {"off": True}}],
}
OTHER_GUILD = 1_100_000_000_000_000_999
# Commands answered with Bob's own records: each must show them, to prove the answer is not empty.
BOBS_OWN = {
    "contract add": "Lifetime with this client: $50.00",
    "import": "Imported",
    "export": "Your Gigwise data",
    "never-again list": "Empty",
    "moderate queue": "No warnings wait",
}


def _leaf_paths(sandbox: SandboxDiscord) -> set[str]:
    paths = set()
    for command in sandbox.commands():
        if command.get("type", 1) != 1:
            continue
        subcommands = [o for o in command.get("options", ()) if o["type"] == SUB_COMMAND]
        paths |= {f"{command['name']} {s['name']}" for s in subcommands} or {command["name"]}
    return paths


async def test_the_matrix_covers_every_command(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    assert _leaf_paths(sandbox) == set(BOBS_TURN)


async def _bobs_turn(sandbox: SandboxDiscord, path: str, call: dict[str, Any]) -> list[Reply]:
    name, _, subcommand = path.partition(" ")
    confirm = call.pop("confirm", False)
    reply = await sandbox.invoke(name, subcommand=subcommand or None, user_id=BOB, **call)
    replies = [reply]
    if confirm:
        button = reply.message["components"][0]["components"][0]["custom_id"]
        replies.append(await sandbox.click(reply, button))
    return replies


@pytest.mark.parametrize(
    ("path", "turn"),
    [(path, n) for path, calls in BOBS_TURN.items() for n in range(len(calls))],
)
async def test_another_member_neither_sees_nor_changes_alices_records(
    sandbox: SandboxDiscord,
    alices_gigwise: tuple[GigwiseBot, Ledger],
    database: Database,
    path: str,
    turn: int,
) -> None:
    _, alice = alices_gigwise
    assert database.file is not None
    before = _rows_of(database.file, ALICE)
    call = BOBS_TURN[path][turn](alice)
    typed = repr(call.get("options"))
    replies = await _bobs_turn(sandbox, path, call)
    for reply in replies:
        assert _leaks(reply, typed) == [], reply.text()
        assert "What a bad review would cost you" not in reply.text()
    if path in BOBS_OWN and turn == len(BOBS_TURN[path]) - 1:
        assert BOBS_OWN[path] in replies[-1].text()
    assert _rows_of(database.file, ALICE) == before


async def test_importing_a_file_alice_imported_is_news_to_bob(
    sandbox: SandboxDiscord, alices_gigwise: tuple[GigwiseBot, Ledger]
) -> None:
    upload = {"file": ("statements.csv", SAMPLE.read_bytes(), "text/csv")}
    reply = await sandbox.invoke("import", attachments=upload, user_id=BOB)
    fields = {f["name"] for f in reply.embeds[0].get("fields", [])}
    assert "Already imported" not in fields
    assert reply.embeds[0]["title"].startswith("Imported ")


async def test_bobs_export_holds_only_bobs_records(
    sandbox: SandboxDiscord, alices_gigwise: tuple[GigwiseBot, Ledger]
) -> None:
    await sandbox.invoke(
        "contract", {"client": "Bob Own Ltd", "amount": "70"}, subcommand="add", user_id=BOB
    )
    exported = await sandbox.invoke("export", user_id=BOB)
    files = b"".join(content for _, content in exported.files).decode("utf-8-sig")
    assert "Bob Own Ltd" in files
    assert [name for name in ALICES if name in files] == []


# -- autocomplete -----------------------------------------------------------------------------


def _autocompleted(sandbox: SandboxDiscord) -> list[tuple[str, str]]:
    found = []
    for path in sorted(_leaf_paths(sandbox)):
        name, _, subcommand = path.partition(" ")
        definition = next(c for c in sandbox.commands() if c["name"] == name)
        for option in leaf_options(definition, None, subcommand or None):
            if option.get("autocomplete"):
                found.append((path, option["name"]))
    return found


async def test_every_autocomplete_offers_bob_nothing_of_alices(
    sandbox: SandboxDiscord, alices_gigwise: tuple[GigwiseBot, Ledger]
) -> None:
    _, alice = alices_gigwise
    completions = _autocompleted(sandbox)
    assert {option for _, option in completions} >= {"client", "contract"}
    typed = ["", "a", "Ali", "Acme", "North", "retainer", alice.active_contract]
    for path, option in completions:
        name, _, subcommand = path.partition(" ")
        mine = await sandbox.autocomplete(
            name, {option: ""}, option, subcommand=subcommand or None, user_id=ALICE
        )
        if (path, option) not in MODERATORS_ONLY:
            assert mine, f"/{path} {option} suggests Alice nothing of her own"
        for text in typed:
            offered = await sandbox.autocomplete(
                name, {option: text}, option, subcommand=subcommand or None, user_id=BOB
            )
            if (path, option) in FIXED_LISTS:
                assert [c for c in offered if any(n in str(c) for n in ALICES)] == []
            else:
                assert offered == [], (path, option, text)


# Autocompletes of a fixed list everyone is offered (the reasons a warning may give).
FIXED_LISTS = {("warn", "reasons")}
# Autocompletes only a server's moderators are offered anything by (Alice is not one).
MODERATORS_ONLY = {("moderate delete", "warning")}


# -- buttons ----------------------------------------------------------------------------------


def _buttons(reply: Reply) -> list[str]:
    return [
        component["custom_id"]
        for row in (reply.message or {}).get("components") or []
        for component in row.get("components") or []
        if component.get("type") == 2 and "custom_id" in component
    ]


async def test_bob_cannot_press_the_buttons_on_alices_replies(
    sandbox: SandboxDiscord, alices_gigwise: tuple[GigwiseBot, Ledger], database: Database
) -> None:
    _, alice = alices_gigwise
    assert database.file is not None
    # Alice runs every command once, so that any reply with buttons is in the matrix.
    for path, calls in BOBS_TURN.items():
        name, _, subcommand = path.partition(" ")
        call = calls[0](alice)
        call.pop("confirm", None)
        alice.replies.append(
            await sandbox.invoke(name, subcommand=subcommand or None, user_id=ALICE, **call)
        )
    pressed = 0
    before = _rows_of(database.file, ALICE)
    for reply in alice.replies:
        for custom_id in _buttons(reply):
            refused = await sandbox.click(reply, custom_id, user_id=BOB)
            pressed += 1
            assert refused.ephemeral
            assert "belong to the member who asked" in refused.text()
            assert sandbox.latest(reply).message == reply.message
    assert pressed >= 2
    assert _rows_of(database.file, ALICE) == before


# -- admin commands ---------------------------------------------------------------------------


def _admin_commands(sandbox: SandboxDiscord) -> list[dict[str, Any]]:
    return [c for c in sandbox.commands() if c.get("default_member_permissions") is not None]


async def test_admin_commands_ask_discord_for_manage_server(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    admin = _admin_commands(sandbox)
    assert [c["name"] for c in admin] == ["settings"]
    for command in admin:
        assert int(command["default_member_permissions"]) & MANAGE_GUILD
        assert command["dm_permission"] is False
        assert command.get("contexts") == [0]


@pytest.mark.parametrize(
    ("permissions", "guild", "allowed"),
    [
        (MEMBER_PERMISSIONS, True, False),
        (MANAGER_PERMISSIONS, True, True),
        (MANAGER_PERMISSIONS, False, False),
    ],
)
async def test_admin_commands_check_manage_server_when_they_run(
    sandbox: SandboxDiscord,
    gigwise: GigwiseBot,
    database: Database,
    permissions: int,
    guild: bool,
    allowed: bool,
) -> None:
    reply = await sandbox.invoke(
        "settings",
        {"platform": "fiverr"},
        user_id=BOB,
        permissions=permissions,
        guild_id=sandbox.state.guild_ids[0] if guild else None,
    )
    assert reply.ephemeral
    assert (reply.interaction_id in gigwise.tree.refused) is not allowed
    fee = await sandbox.invoke("fee", {"amount": "100"}, user_id=ALICE)
    assert fee.embeds[0]["title"].startswith("Fiverr" if allowed else "Upwork")


# -- erasure ----------------------------------------------------------------------------------


def _rows_naming(file: Path, member: int) -> dict[str, int]:
    return {table: len(rows) for table, rows in _rows_of(file, member).items()}


async def test_forget_me_leaves_no_row_about_the_member_in_any_table(
    sandbox: SandboxDiscord, alices_gigwise: tuple[GigwiseBot, Ledger], database: Database
) -> None:
    assert database.file is not None
    await sandbox.invoke(
        "contract", {"client": "Bob Own Ltd", "amount": "70"}, subcommand="add", user_id=BOB
    )
    bobs = _rows_naming(database.file, BOB)
    assert sum(_rows_naming(database.file, ALICE).values()) > 0
    asked = await sandbox.invoke("forget-me", user_id=ALICE)
    await sandbox.click(asked, asked.message["components"][0]["components"][0]["custom_id"])
    assert set(_rows_naming(database.file, ALICE).values()) == {0}
    assert _rows_naming(database.file, BOB) == bobs
