"""Corrections end to end: totals checked after each change, typed or imported, and a member
taking back a billing, editing a contract or deleting one, each after a confirmation only they
can give, with the fees it changed reported."""

from __future__ import annotations

from typing import Any

from bot.client import GigwiseBot
from bot.sandbox import Reply, SandboxDiscord
from db.database import Database
from db.repositories.contracts import ContractRepository

ALICE = 100_000_000_000_000_101
BOB = 100_000_000_000_000_202
HEADER = (
    "Date,Ref ID,Type,Description,Agency,Freelancer,Team,Account Name,PO,Amount,"
    "Amount in local currency,Currency,Balance\n"
)


async def _start(
    sandbox: SandboxDiscord, user: int = ALICE, client: str = "Acme Corp", title: str = "Retainer"
) -> int:
    reply = await sandbox.invoke(
        "contract",
        {"client": client, "title": title, "platform": "upwork-tiered", "date": "2020-01-01"},
        subcommand="start",
        user_id=user,
    )
    footer = reply.embeds[0]["footer"]["text"]
    return int(footer.split("#")[1].split(" ")[0])


async def _bill(
    sandbox: SandboxDiscord, contract: int, amount: str, day: str, user: int = ALICE
) -> Reply:
    return await sandbox.invoke(
        "contract",
        {"contract": str(contract), "amount": amount, "date": day},
        subcommand="bill",
        user_id=user,
    )


def _button(reply: Reply, index: int) -> str:
    return str(reply.message["components"][0]["components"][index]["custom_id"])


def _field(reply: Reply, name: str) -> str:
    return next(f["value"] for f in reply.embeds[0].get("fields", []) if f["name"] == name)


async def _contracts(database: Database, user: int = ALICE) -> list[Any]:
    async with database.read() as reads:
        return [
            (c.number, c.title, c.client_name, c.billed)
            for c in await ContractRepository(reads).list(user)
        ]


# -- totals ------------------------------------------------------------------------------------


async def test_a_billing_past_the_lifetime_limit_is_refused_and_the_client_stays_readable(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    contract = await _start(sandbox)
    first = await _bill(sandbox, contract, "1000m", "2020-02-01")
    assert first.embeds[0]["title"].startswith("Billing recorded")
    refused = await _bill(sandbox, contract, "15k", "2020-03-01")
    assert refused.ephemeral
    assert "past $1,000,000,000" in refused.content
    assert refused.interaction_id in gigwise.tree.refused
    clients = await sandbox.invoke("clients", user_id=ALICE)
    assert "$1,000,000,000.00" in clients.embeds[0]["description"]
    fee = await sandbox.invoke("fee", {"amount": "100", "client": "Acme Corp"}, user_id=ALICE)
    assert fee.embeds[0]["title"] == "Upwork keeps $5.00 of $100.00"


async def test_an_imported_row_past_the_limit_is_refused_naming_its_line(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    row = (
        '"Jun 21, 2021",500000001,Hourly,Invoice for 06/14/2021-06/20/2021,,Dana Kim,'
        'Acme Robotics,Acme Robotics Inc.,,"$1,000,000,000,000.00",1000000000000.00,USD,$0.00\n'
    )
    upload = {"file": ("statements.csv", (HEADER + row).encode(), "text/csv")}
    reply = await sandbox.invoke("import", attachments=upload, user_id=ALICE)
    assert reply.ephemeral
    assert "Line 2:" in reply.text()
    assert "1,000,000,000" in reply.text()
    clients = await sandbox.invoke("clients", user_id=ALICE)
    assert clients.embeds[0]["title"] == "No clients yet"


# -- taking back a billing ---------------------------------------------------------------------


async def test_undo_takes_back_the_last_billing_and_reports_the_fees_it_changed(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    contract = await _start(sandbox)
    await _bill(sandbox, contract, "400", "2020-02-01")
    await _bill(sandbox, contract, "200", "2020-03-01")
    await _bill(sandbox, contract, "100", "2020-01-15")
    asked = await sandbox.invoke("contract", subcommand="undo", user_id=ALICE)
    assert asked.ephemeral
    assert asked.embeds[0]["title"] == "Take back the last billing you typed?"
    assert "Billing of $100.00 on 2020-01-15" in asked.embeds[0]["description"]
    done = await sandbox.click(asked, _button(asked, 0))
    assert done.embeds[0]["title"] == "Billing taken back: $100.00"
    assert _field(done, "Fees worked out again") == ("#1 2020-03-01 $200.00: fee $20.00 → $30.00")
    assert _field(done, "Lifetime with this client") == "$600.00"
    assert done.message.get("components") in (None, [])


async def test_unbill_takes_back_a_billing_picked_from_the_list(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    contract = await _start(sandbox)
    await _bill(sandbox, contract, "400", "2020-02-01")
    await _bill(sandbox, contract, "200", "2020-03-01")
    choices = await sandbox.autocomplete(
        "contract",
        {"contract": str(contract), "billing": "400"},
        "billing",
        subcommand="unbill",
        user_id=ALICE,
    )
    assert [c["name"] for c in choices] == ["2020-02-01 · $400.00 · #1 Retainer"]
    asked = await sandbox.invoke(
        "contract",
        {"contract": str(contract), "billing": choices[0]["value"]},
        subcommand="unbill",
        user_id=ALICE,
    )
    done = await sandbox.click(asked, _button(asked, 0))
    assert _field(done, "Fees worked out again") == ("#1 2020-03-01 $200.00: fee $30.00 → $40.00")
    assert _field(done, "Contract total") == "$200.00"


async def test_unbill_finds_a_billing_by_its_date(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, database: Database
) -> None:
    contract = await _start(sandbox)
    await _bill(sandbox, contract, "400", "2020-02-01")
    asked = await sandbox.invoke(
        "contract",
        {"contract": str(contract), "billing": "2020-02-01"},
        subcommand="unbill",
        user_id=ALICE,
    )
    done = await sandbox.click(asked, _button(asked, 0))
    assert "no billings left" in done.embeds[0]["description"]
    assert await _contracts(database) == [(1, "Retainer", "Acme Corp", 0)]


async def test_cancelling_a_take_back_changes_nothing(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, database: Database
) -> None:
    contract = await _start(sandbox)
    await _bill(sandbox, contract, "400", "2020-02-01")
    asked = await sandbox.invoke("contract", subcommand="undo", user_id=ALICE)
    kept = await sandbox.click(asked, _button(asked, 1))
    assert kept.embeds[0]["title"] == "Nothing was changed"
    assert await _contracts(database) == [(1, "Retainer", "Acme Corp", 400)]


# -- editing a contract ------------------------------------------------------------------------


async def test_edit_shows_each_change_and_reprices_on_confirmation(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    contract = await _start(sandbox)
    await _bill(sandbox, contract, "400", "2020-02-01")
    await _bill(sandbox, contract, "200", "2020-03-01")
    asked = await sandbox.invoke(
        "contract",
        {"contract": str(contract), "title": "Logo work", "platform": "upwork-flat"},
        subcommand="edit",
        user_id=ALICE,
    )
    assert asked.ephemeral
    description = asked.embeds[0]["description"]
    assert "Title: Retainer → Logo work" in description
    assert "Fees: Upwork's 2016–2023 sliding fee → Upwork's flat 10% fee" in description
    done = await sandbox.click(asked, _button(asked, 0))
    assert done.embeds[0]["title"] == "Contract changed: #1 Logo work · Acme Corp (active)"
    assert _field(done, "Fees worked out again") == (
        "#1 2020-02-01 $400.00: fee $80.00 → $40.00\n#1 2020-03-01 $200.00: fee $30.00 → $20.00"
    )


async def test_edit_moves_a_contract_to_another_client(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, database: Database
) -> None:
    contract = await _start(sandbox, client="Acme Crop")
    await _bill(sandbox, contract, "400", "2020-02-01")
    asked = await sandbox.invoke(
        "contract",
        {"contract": str(contract), "client": "Acme Corp"},
        subcommand="edit",
        user_id=ALICE,
    )
    assert (
        "Client: Acme Crop (upwork) → Acme Corp (upwork) (a new client)"
        in (asked.embeds[0]["description"])
    )
    done = await sandbox.click(asked, _button(asked, 0))
    assert "Acme Crop has no other contract" in done.embeds[0]["description"]
    assert await _contracts(database) == [(1, "Retainer", "Acme Corp", 400)]


async def test_an_edit_that_would_leave_a_billing_outside_is_refused_privately(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    contract = await _start(sandbox)
    await _bill(sandbox, contract, "400", "2020-02-01")
    refused = await sandbox.invoke(
        "contract",
        {"contract": str(contract), "started": "2020-03-01"},
        subcommand="edit",
        user_id=ALICE,
    )
    assert refused.ephemeral
    assert "has a billing on 2020-02-01" in refused.content
    assert refused.interaction_id in gigwise.tree.refused


# -- deleting a contract -----------------------------------------------------------------------


async def test_delete_reprices_the_clients_later_fees_and_never_reuses_the_number(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, database: Database
) -> None:
    first = await _start(sandbox)
    later = await _start(sandbox, title="Second")
    await _bill(sandbox, first, "400", "2020-02-01")
    await _bill(sandbox, later, "200", "2020-03-01")
    asked = await sandbox.invoke(
        "contract", {"contract": str(first)}, subcommand="delete", user_id=ALICE
    )
    assert asked.embeds[0]["title"] == "Delete contract #1?"
    done = await sandbox.click(asked, _button(asked, 0))
    assert done.embeds[0]["title"] == "Contract #1 deleted"
    assert _field(done, "Fees worked out again") == ("#2 2020-03-01 $200.00: fee $30.00 → $40.00")
    newest = await _start(sandbox, title="Third")
    assert newest == 3
    assert [number for number, *_ in await _contracts(database)] == [3, 2]


async def test_cancelling_a_delete_changes_nothing(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, database: Database
) -> None:
    contract = await _start(sandbox)
    asked = await sandbox.invoke(
        "contract", {"contract": str(contract)}, subcommand="delete", user_id=ALICE
    )
    kept = await sandbox.click(asked, _button(asked, 1))
    assert kept.embeds[0]["title"] == "Nothing was changed"
    assert await _contracts(database) == [(1, "Retainer", "Acme Corp", 0)]


# -- another member ----------------------------------------------------------------------------


async def test_another_member_can_neither_correct_nor_confirm(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, database: Database
) -> None:
    contract = await _start(sandbox)
    await _bill(sandbox, contract, "400", "2020-02-01")
    before = await _contracts(database)
    undo = await sandbox.invoke("contract", subcommand="undo", user_id=BOB)
    assert "no billing to undo" in undo.content
    for subcommand, options in (
        ("unbill", {"contract": str(contract), "billing": "2020-02-01"}),
        ("edit", {"contract": str(contract), "title": "Bob's"}),
        ("delete", {"contract": str(contract)}),
    ):
        refused = await sandbox.invoke("contract", options, subcommand=subcommand, user_id=BOB)
        assert refused.ephemeral
        assert "can't find that contract" in refused.content
    billings = await sandbox.autocomplete(
        "contract",
        {"contract": str(contract), "billing": ""},
        "billing",
        subcommand="unbill",
        user_id=BOB,
    )
    assert billings == []
    for subcommand, options in (
        ("undo", {}),
        ("edit", {"contract": str(contract), "title": "Alice's"}),
        ("delete", {"contract": str(contract)}),
    ):
        asked = await sandbox.invoke("contract", options, subcommand=subcommand, user_id=ALICE)
        pressed = await sandbox.click(asked, _button(asked, 0), user_id=BOB)
        assert pressed.ephemeral
        assert "belong to the member who asked" in pressed.text()
    assert await _contracts(database) == before
