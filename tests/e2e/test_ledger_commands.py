"""The contract ledger end to end: each member's records, private, exact, and theirs alone."""

from __future__ import annotations

import asyncio
import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from bot.client import GigwiseBot
from bot.sandbox import MANAGER_PERMISSIONS, SandboxDiscord
from db.database import Database
from db.repositories.clients import ClientRepository
from db.repositories.contracts import ContractRepository
from tests.e2e.conftest import BotFactory, connected

ALICE = 100_000_000_000_000_101
BOB = 100_000_000_000_000_202
SAMPLES = Path(__file__).parent.parent / "data" / "upwork_csv"


async def _start_contract(
    sandbox: SandboxDiscord,
    user: int = ALICE,
    client: str = "Acme Corp",
    platform: str = "upwork-tiered",
) -> int:
    reply = await sandbox.invoke(
        "contract",
        {"client": client, "title": "Retainer", "platform": platform},
        subcommand="start",
        user_id=user,
    )
    footer = reply.embeds[0]["footer"]["text"]
    return int(footer.split("#")[1].split(" ")[0])


async def _lifetime(database: Database, user: int, client: str) -> Decimal:
    async with database.write() as writes:
        clients = ClientRepository(writes)
        record = await clients.find(user, client)
        assert record is not None
        return await clients.lifetime_billed(user, record.id)


async def test_contract_add_logs_a_finished_job_privately(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke(
        "contract",
        {
            "client": "Acme Corp",
            "amount": "600",
            "rating": "5",
            "title": "Logo",
            "platform": "upwork-tiered",
        },
        subcommand="add",
        user_id=ALICE,
    )
    assert reply.ephemeral
    embed = reply.embeds[0]
    assert embed["title"] == "Job logged: $600.00 from Acme Corp"
    assert "Fee $110.00" in embed["description"]
    assert "$490.00" in embed["description"]


async def test_contract_bill_prices_at_the_clients_tier(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    contract = await _start_contract(sandbox)
    await sandbox.invoke(
        "contract", {"contract": str(contract), "amount": "9800"}, subcommand="bill", user_id=ALICE
    )
    reply = await sandbox.invoke(
        "contract", {"contract": str(contract), "amount": "1000"}, subcommand="bill", user_id=ALICE
    )
    embed = reply.embeds[0]
    assert "Fee $60.00" in embed["description"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Lifetime with this client"] == "$10,800.00"
    assert "lowest rate, 5%" in fields["Fee tier"]


async def test_contract_bill_shows_the_way_to_the_next_tier(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    contract = await _start_contract(sandbox)
    reply = await sandbox.invoke(
        "contract", {"contract": str(contract), "amount": "300"}, subcommand="bill", user_id=ALICE
    )
    tier = next(f["value"] for f in reply.embeds[0]["fields"] if f["name"] == "Fee tier")
    assert "▰" in tier
    assert "$200.00 more with this client and the rate drops to 10%" in tier


async def test_fee_for_a_client_uses_what_was_billed_before(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await sandbox.invoke(
        "contract",
        {"client": "Acme Corp", "amount": "9800", "platform": "upwork-tiered"},
        subcommand="add",
        user_id=ALICE,
    )
    reply = await sandbox.invoke("fee", {"amount": "1000", "client": "acme  corp"}, user_id=ALICE)
    assert reply.ephemeral
    assert reply.embeds[0]["title"] == "Upwork keeps $60.00 of $1,000.00"


async def test_fee_for_an_unknown_client_is_a_private_error(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke("fee", {"amount": "1000", "client": "Nobody Inc"}, user_id=ALICE)
    assert reply.ephemeral
    assert "can't find that client" in reply.content


async def test_contract_end_then_list_by_status(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    contract = await _start_contract(sandbox)
    ended = await sandbox.invoke(
        "contract",
        {"contract": str(contract), "rating": "4.75", "feedback": "Great **work** @everyone"},
        subcommand="end",
        user_id=ALICE,
    )
    assert ended.embeds[0]["title"].startswith("Contract completed")
    feedback = next(f["value"] for f in ended.embeds[0]["fields"] if f["name"] == "Feedback")
    assert "**work**" not in feedback
    assert "@everyone" not in feedback
    completed = await sandbox.invoke(
        "contract", {"status": "completed"}, subcommand="list", user_id=ALICE
    )
    assert "Retainer" in completed.embeds[0]["description"]
    active = await sandbox.invoke(
        "contract", {"status": "active"}, subcommand="list", user_id=ALICE
    )
    assert active.embeds[0]["title"] == "No active contracts yet"


async def test_contract_list_can_be_shared(sandbox: SandboxDiscord, gigwise: GigwiseBot) -> None:
    await _start_contract(sandbox)
    reply = await sandbox.invoke("contract", {"share": True}, subcommand="list", user_id=ALICE)
    assert not reply.ephemeral


async def test_clients_lists_tiers_and_repeat_hires(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    for amount in ("300", "200"):
        await sandbox.invoke(
            "contract",
            {"client": "Acme Corp", "amount": amount, "platform": "upwork-tiered"},
            subcommand="add",
            user_id=ALICE,
        )
    reply = await sandbox.invoke("clients", user_id=ALICE)
    assert reply.ephemeral
    description = reply.embeds[0]["description"]
    assert "**Acme Corp** (upwork) · $500.00 · 2 contracts · 🔁 repeat client" in description
    assert "Fees paid $100.00 (20%)" in description
    assert "The next dollar pays 10%" in description
    assert "$9,500.00 more" in description


async def test_a_contract_typed_by_its_title_is_billed(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, database: Database
) -> None:
    await _start_contract(sandbox)
    reply = await sandbox.invoke(
        "contract", {"contract": "Retainer", "amount": "250"}, subcommand="bill", user_id=ALICE
    )
    assert reply.embeds[0]["title"] == (
        "Billing recorded: $250.00 on #1 Retainer · Acme Corp (active)"
    )
    assert await _lifetime(database, ALICE, "Acme Corp") == Decimal("250.00")


async def test_billing_a_contract_that_is_not_there_changes_nothing(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, database: Database
) -> None:
    contract = await _start_contract(sandbox)
    await sandbox.invoke(
        "contract", {"contract": str(contract), "amount": "100"}, subcommand="bill", user_id=ALICE
    )
    reply = await sandbox.invoke(
        "contract",
        {"contract": str(contract + 1), "amount": "100"},
        subcommand="bill",
        user_id=ALICE,
    )
    assert reply.ephemeral
    assert "can't find that contract" in reply.content
    assert await _lifetime(database, ALICE, "Acme Corp") == Decimal("100.00")


@pytest.mark.parametrize("typed", ["99999999999", "²", "0"])
async def test_digits_that_name_no_contract_get_a_private_answer(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, typed: str
) -> None:
    await _start_contract(sandbox)
    reply = await sandbox.invoke(
        "contract", {"contract": typed, "amount": "100"}, subcommand="bill", user_id=ALICE
    )
    assert reply.ephemeral
    assert "can't find that contract" in reply.content


async def test_a_redelivered_billing_is_recorded_once(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, database: Database
) -> None:
    contract = await _start_contract(sandbox)
    reply = await sandbox.invoke(
        "contract", {"contract": str(contract), "amount": "750"}, subcommand="bill", user_id=ALICE
    )
    await sandbox.redeliver(reply)
    assert await _lifetime(database, ALICE, "Acme Corp") == Decimal("750.00")
    assert reply.interaction_id not in gigwise.tree.failed


async def test_fifty_concurrent_bills_leave_the_lifetime_exact(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, database: Database
) -> None:
    contract = await _start_contract(sandbox)
    replies = await asyncio.gather(
        *(
            sandbox.invoke(
                "contract",
                {"contract": str(contract), "amount": f"{100 + n}.01"},
                subcommand="bill",
                user_id=ALICE,
                timeout=30,
            )
            for n in range(50)
        )
    )
    recorded = [
        r for r in replies if r.embeds and r.embeds[0]["title"].startswith("Billing recorded")
    ]
    expected = sum(Decimal(f"{100 + n}.01") for n in range(50))
    assert len(recorded) == 50
    assert await _lifetime(database, ALICE, "Acme Corp") == expected


async def test_members_never_see_each_others_records(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    alices = await _start_contract(sandbox, ALICE, "Alice's Client")
    listing = await sandbox.invoke("contract", subcommand="list", user_id=BOB)
    assert listing.embeds[0]["title"] == "No contracts yet"
    clients = await sandbox.invoke("clients", user_id=BOB)
    assert clients.embeds[0]["title"] == "No clients yet"
    bill = await sandbox.invoke(
        "contract", {"contract": str(alices), "amount": "100"}, subcommand="bill", user_id=BOB
    )
    assert bill.ephemeral
    assert "can't find that contract" in bill.content
    end = await sandbox.invoke("contract", {"contract": str(alices)}, subcommand="end", user_id=BOB)
    assert "can't find that contract" in end.content
    fee = await sandbox.invoke("fee", {"amount": "100", "client": "Alice's Client"}, user_id=BOB)
    assert "can't find that client" in fee.content


async def test_autocomplete_offers_only_the_members_own_records(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await _start_contract(sandbox, ALICE, "Acme Corp")
    await _start_contract(sandbox, BOB, "Acme Bob Ltd")
    clients = await sandbox.autocomplete(
        "contract", {"client": "ac", "amount": "1"}, "client", subcommand="add", user_id=BOB
    )
    assert [c["name"] for c in clients] == ["Acme Bob Ltd"]
    contracts = await sandbox.autocomplete(
        "contract", {"contract": "", "amount": "1"}, "contract", subcommand="bill", user_id=BOB
    )
    assert [c["name"] for c in contracts] == ["#1 Retainer · Acme Bob Ltd (active)"]
    assert [c["value"] for c in contracts] == ["1"]
    fee_clients = await sandbox.autocomplete(
        "fee", {"amount": "1", "client": ""}, "client", user_id=ALICE
    )
    assert [c["name"] for c in fee_clients] == ["Acme Corp"]


async def test_import_fills_in_clients_and_a_second_import_adds_nothing(
    sandbox: SandboxDiscord, make_bot: BotFactory
) -> None:
    sample = (SAMPLES / "statements_2021-01-01_2021-06-30.csv").read_bytes()
    upload = {"file": ("statements.csv", sample, "text/csv")}
    async with connected(make_bot(), sandbox.token):
        first = await sandbox.invoke("import", attachments=upload, user_id=ALICE)
        clients = await sandbox.invoke("clients", user_id=ALICE)
        second = await sandbox.invoke("import", attachments=upload, user_id=BOB)
    # A restarted bot (and so no cooldown) gets the same file again from the same member.
    async with connected(make_bot(), sandbox.token):
        again = await sandbox.invoke("import", attachments=upload, user_id=ALICE)
    assert first.ephemeral
    assert first.embeds[0]["title"].startswith("Imported ")
    assert "**Acme" in clients.embeds[0]["description"]
    assert second.embeds[0]["title"] == first.embeds[0]["title"]
    assert again.embeds[0]["title"] == "Nothing new to import"


@pytest.mark.parametrize(
    ("sample", "message"),
    [
        ("broken_bad_amount_line7.csv", "Line 7:"),
        ("broken_bad_date_line4.csv", "Line 4:"),
        ("broken_binary.csv", ""),
        ("broken_empty.csv", ""),
    ],
)
async def test_a_broken_import_writes_nothing_and_names_the_line(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, sample: str, message: str
) -> None:
    upload = {"file": (sample, (SAMPLES / sample).read_bytes(), "text/csv")}
    reply = await sandbox.invoke("import", attachments=upload, user_id=ALICE)
    assert reply.ephemeral
    assert message in reply.text()
    assert reply.interaction_id in gigwise.tree.refused
    clients = await sandbox.invoke("clients", user_id=ALICE)
    assert clients.embeds[0]["title"] == "No clients yet"


async def test_import_refuses_a_file_over_five_megabytes(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    upload = {"file": ("big.csv", b"x" * (5 * 1024 * 1024 + 1), "text/csv")}
    reply = await sandbox.invoke("import", attachments=upload, user_id=ALICE)
    assert reply.ephemeral
    assert "larger than 5 MB" in reply.text()


async def test_import_has_a_per_member_cooldown(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    upload = {"file": ("empty.csv", b"", "text/csv")}
    await sandbox.invoke("import", attachments=upload, user_id=ALICE)
    again = await sandbox.invoke("import", attachments=upload, user_id=ALICE)
    assert "Slow down" in again.content
    other = await sandbox.invoke("import", attachments=upload, user_id=BOB)
    assert "Slow down" not in other.text()


async def test_export_hands_back_spreadsheet_safe_files(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await sandbox.invoke(
        "contract",
        {"client": "=HYPERLINK(evil)", "amount": "100", "title": "+cmd"},
        subcommand="add",
        user_id=ALICE,
    )
    reply = await sandbox.invoke("export", user_id=ALICE)
    assert reply.ephemeral
    files = dict(reply.files)
    assert set(files) == {
        f"gigwise-{name}.{extension}"
        for name in ("settings", "clients", "contracts", "billings", "events")
        for extension in ("csv", "json")
    }
    assert "'=HYPERLINK(evil)" in files["gigwise-clients.csv"].decode("utf-8-sig")
    contracts = files["gigwise-contracts.csv"].decode("utf-8-sig")
    assert "'=HYPERLINK(evil)" in contracts
    assert "'+cmd" in contracts
    assert "\n=" not in contracts
    assert ",=" not in contracts


async def test_exported_billings_carry_their_net(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await sandbox.invoke(
        "contract",
        {"client": "Acme Corp", "amount": "600", "platform": "upwork-tiered"},
        subcommand="add",
        user_id=ALICE,
    )
    reply = await sandbox.invoke("export", user_id=ALICE)
    billings = dict(reply.files)["gigwise-billings.csv"].decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(billings)))
    assert [(row["amount"], row["fee_charged"], row["net"]) for row in rows] == [
        ("600.00", "110.00", "490.00")
    ]


async def test_forget_me_deletes_only_the_members_records_after_confirming(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, database: Database
) -> None:
    await _start_contract(sandbox, ALICE)
    await _start_contract(sandbox, BOB)
    await sandbox.invoke("log", {"event": "invite"}, user_id=ALICE)
    asked = await sandbox.invoke("forget-me", user_id=ALICE)
    assert asked.ephemeral
    done = await sandbox.click(asked, asked.message["components"][0]["components"][0]["custom_id"])
    assert "Deleted 0 billings, 1 contract, 1 client and 1 logged event." in done.text()
    async with database.write() as writes:
        assert await ContractRepository(writes).list(ALICE) == []
        assert len(await ContractRepository(writes).list(BOB)) == 1


async def test_forget_me_can_be_cancelled(sandbox: SandboxDiscord, gigwise: GigwiseBot) -> None:
    await _start_contract(sandbox, ALICE)
    asked = await sandbox.invoke("forget-me", user_id=ALICE)
    kept = await sandbox.click(asked, asked.message["components"][0]["components"][1]["custom_id"])
    assert "Nothing was deleted" in kept.text()
    listing = await sandbox.invoke("contract", subcommand="list", user_id=ALICE)
    assert "Retainer" in listing.embeds[0]["description"]


async def test_forget_me_buttons_refuse_another_member(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await _start_contract(sandbox, ALICE)
    asked = await sandbox.invoke("forget-me", user_id=ALICE)
    custom_id = asked.message["components"][0]["components"][0]["custom_id"]
    refused = await sandbox.click(asked, custom_id, user_id=BOB)
    assert refused.ephemeral
    assert "belong to the member who asked" in refused.text()


async def test_settings_need_manage_server(sandbox: SandboxDiscord, gigwise: GigwiseBot) -> None:
    refused = await sandbox.invoke("settings", {"platform": "fiverr"}, user_id=ALICE)
    assert refused.ephemeral
    assert "Manage Server" in refused.content
    fee = await sandbox.invoke("fee", {"amount": "100"}, user_id=ALICE)
    assert fee.embeds[0]["title"].startswith("Upwork")


async def test_settings_change_the_servers_defaults(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    saved = await sandbox.invoke(
        "settings",
        {"platform": "fiverr", "arbitration_fee": "291"},
        user_id=ALICE,
        permissions=MANAGER_PERMISSIONS,
    )
    assert saved.embeds[0]["title"] == "Server settings saved"
    fee = await sandbox.invoke("fee", {"amount": "100"}, user_id=BOB)
    assert fee.embeds[0]["title"] == "Fiverr keeps $20.00 of $100.00"
    dispute = await sandbox.invoke("dispute", {"owed": "1000"}, user_id=BOB)
    assert "$291.00" in dispute.text()


async def test_settings_are_hidden_from_members_by_default(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    settings = next(c for c in sandbox.commands() if c["name"] == "settings")
    assert str(settings["default_member_permissions"]) == str(1 << 5)
