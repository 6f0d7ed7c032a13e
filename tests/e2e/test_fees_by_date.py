"""Fees true for the date they are about and for the member's own records, end to end: each case
a member saw go wrong, asked of the real bot through the sandbox Discord."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.client import GigwiseBot
from bot.sandbox import MANAGER_PERMISSIONS, SandboxDiscord

ALICE = 100_000_000_000_000_101
BOB = 100_000_000_000_000_202
SAMPLES = Path(__file__).parent.parent / "data" / "upwork_csv"
# The sandbox's clock starts on 1 January 2025 (Upwork's flat 10%).
SANDBOX_FIRST_DAY = date(2025, 1, 1)


def _move_to(sandbox: SandboxDiscord, day: date) -> None:
    """Set the sandbox's today to `day` (noon), for questions about dates after its first."""
    sandbox.advance_clock((day - SANDBOX_FIRST_DAY).days * 86_400 + 12 * 3_600)


def _field(embed: dict[str, object], name: str) -> str:
    fields = embed.get("fields") or []
    assert isinstance(fields, list)
    return next(str(f["value"]) for f in fields if f["name"] == name)


async def _add(sandbox: SandboxDiscord, client: str, amount: str, day: str, **more: str) -> str:
    reply = await sandbox.invoke(
        "contract",
        {"client": client, "amount": amount, "date": day, **more},
        subcommand="add",
        user_id=ALICE,
    )
    assert reply.embeds, reply.content
    return str(reply.embeds[0]["description"])


async def _import(sandbox: SandboxDiscord, sample: str) -> None:
    upload = {"file": (sample, (SAMPLES / sample).read_bytes(), "text/csv")}
    reply = await sandbox.invoke("import", attachments=upload, user_id=ALICE)
    assert reply.embeds[0]["title"].startswith("Imported "), reply.text()


@pytest.mark.parametrize(
    ("day", "rate_said"),
    [("2024-03-15", "(10%)"), ("2015-09-15", "(10%)"), ("2025-09-15", "(10%)")],
)
async def test_a_job_is_charged_the_fee_in_force_on_its_date(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, day: str, rate_said: str
) -> None:
    _move_to(sandbox, date(2026, 12, 6))
    line = await _add(sandbox, f"Fresh client {day}", "400", day)
    assert line.startswith(f"Fee $40.00 {rate_said}")


async def test_a_job_under_the_per_contract_fee_says_its_rate_was_assumed(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    _move_to(sandbox, date(2026, 12, 6))
    reply = await sandbox.invoke(
        "contract",
        {"client": "Late 2025 client", "amount": "400", "date": "2025-09-15"},
        subcommand="add",
        user_id=ALICE,
    )
    assert "assumed" in _field(reply.embeds[0], "Fee rate").lower()


async def test_an_imported_statement_is_summed_from_its_own_fees(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    _move_to(sandbox, date(2026, 12, 6))
    await _import(sandbox, "transactions_2026_per_contract_rates.csv")
    momentum = await sandbox.invoke("momentum", user_id=ALICE)
    clients = await sandbox.invoke("clients", user_id=ALICE)
    assert "effective fee 9.7%" in momentum.text()
    assert "drops to 5%" not in clients.text()
    assert "5%" in clients.text()
    assert "15%" in clients.text()


@pytest.mark.parametrize(
    ("amount", "platform", "next_rate"),
    [("10000", "upwork-tiered", "5%"), ("5000", "peopleperhour", "3.5%")],
)
async def test_the_next_tier_names_the_rate_the_next_dollar_pays(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, amount: str, platform: str, next_rate: str
) -> None:
    reply = await sandbox.invoke("fee", {"amount": amount, "platform": platform})
    assert f"lowest rate, {next_rate}" in _field(reply.embeds[0], "Next tier")


async def test_a_refund_lowers_what_the_client_was_billed(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    _move_to(sandbox, date(2026, 12, 6))
    await _import(sandbox, "transactions_2026_refund.csv")
    clients = await sandbox.invoke("clients", user_id=ALICE)
    text = clients.text()
    assert "$600.00" in text
    assert "$1,000.00 billed" not in text
    assert "refund" in text.lower()


async def test_jobs_typed_out_of_date_order_are_priced_in_date_order(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    tiers = {"platform": "upwork-tiered"}
    october = await _add(sandbox, "Order client", "400", "2021-10-01", **tiers)
    assert october.startswith("Fee $80.00 (20%)")
    reply = await sandbox.invoke(
        "contract",
        {"client": "Order client", "amount": "400", "date": "2021-09-01", **tiers},
        subcommand="add",
        user_id=ALICE,
    )
    # September came first: it pays the 20% band, and October's fee is worked out again.
    assert str(reply.embeds[0]["description"]).startswith("Fee $80.00 (20%)")
    assert "$80.00 → $50.00" in reply.text()


async def test_a_server_on_the_per_contract_fee_with_no_rate_still_answers(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await sandbox.invoke(
        "settings",
        {"platform": "upwork-variable"},
        user_id=BOB,
        permissions=MANAGER_PERMISSIONS,
    )
    reply = await sandbox.invoke("fee", {"amount": "15000"}, user_id=ALICE)
    assert reply.embeds[0]["title"] == "Upwork keeps $1,500.00 of $15,000.00"
    assert "Assumed 10%" in _field(reply.embeds[0], "Rate")


async def test_a_server_setting_never_changes_a_members_past_contracts(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await _add(sandbox, "Steady client", "400", "2024-06-01")
    before = await sandbox.invoke("contract", {}, subcommand="list", user_id=ALICE)
    clients_before = await sandbox.invoke("clients", user_id=ALICE)
    await sandbox.invoke(
        "settings", {"platform": "fiverr"}, user_id=BOB, permissions=MANAGER_PERMISSIONS
    )
    after = await sandbox.invoke("contract", {}, subcommand="list", user_id=ALICE)
    clients_after = await sandbox.invoke("clients", user_id=ALICE)
    assert after.text() == before.text()
    assert clients_after.text() == clients_before.text()
    assert "Fiverr" not in after.text() + clients_after.text()


async def test_amounts_follow_the_servers_currency_and_the_one_typed(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await sandbox.invoke(
        "settings", {"currency": "GBP"}, user_id=BOB, permissions=MANAGER_PERMISSIONS
    )
    typed = await sandbox.invoke("fee", {"amount": "£15000"}, user_id=ALICE)
    bare = await sandbox.invoke("fee", {"amount": "15000"}, user_id=ALICE)
    euros = await sandbox.invoke("fee", {"amount": "15000 EUR"}, user_id=ALICE)
    assert typed.embeds[0]["title"] == "Upwork keeps £1,500.00 of £15,000.00"
    assert bare.embeds[0]["title"] == typed.embeds[0]["title"]
    assert euros.embeds[0]["title"] == "Upwork keeps €1,500.00 of €15,000.00"
    assert "$" not in typed.text()


async def test_dollar_bands_are_never_converted(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke(
        "fee", {"amount": "£15000", "platform": "upwork-tiered"}, user_id=ALICE
    )
    assert reply.ephemeral
    assert "doesn't convert" in reply.content
    assert reply.interaction_id in gigwise.tree.refused


async def test_a_bill_in_another_currency_than_its_client_is_refused(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await _add(sandbox, "Dollar client", "400", "2024-06-01")
    reply = await sandbox.invoke(
        "contract",
        {"client": "Dollar client", "amount": "€400", "date": "2024-07-01"},
        subcommand="add",
        user_id=ALICE,
    )
    assert reply.ephemeral
    assert "billed in USD" in reply.content


async def test_a_past_eras_tiers_are_told_as_history(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke(
        "contract",
        {"client": "Tiered era client", "amount": "300", "date": "2021-03-01"},
        subcommand="add",
        user_id=ALICE,
    )
    tier = _field(reply.embeds[0], "Fee tier")
    assert "The next dollar paid 20%" in tier
    assert "the rate dropped to 10%" in tier


async def test_a_contract_that_named_the_tiers_is_priced_by_them_now(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke(
        "contract",
        {"client": "Named tiers client", "amount": "300", "platform": "upwork-tiered"},
        subcommand="add",
        user_id=ALICE,
    )
    assert "The next dollar pays 20%" in _field(reply.embeds[0], "Fee tier")


async def test_a_new_client_in_a_pound_server_is_billed_in_pounds(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await sandbox.invoke(
        "settings", {"currency": "GBP"}, user_id=BOB, permissions=MANAGER_PERMISSIONS
    )
    line = await _add(sandbox, "London client", "400", "2024-06-01")
    assert line.startswith("Fee £40.00 (10%)")
    fee = await sandbox.invoke("fee", {"amount": "100", "client": "London client"}, user_id=ALICE)
    assert fee.embeds[0]["title"].endswith("£10.00 of £100.00")
