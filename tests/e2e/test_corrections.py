"""Corrections end to end: totals checked after each change, and undoing, editing and deleting
a member's own records, each after a confirmation only they can give."""

from __future__ import annotations

from bot.client import GigwiseBot
from bot.sandbox import SandboxDiscord

ALICE = 100_000_000_000_000_101
BOB = 100_000_000_000_000_202


async def _start_contract(sandbox: SandboxDiscord, user: int = ALICE) -> int:
    reply = await sandbox.invoke(
        "contract",
        {"client": "Acme Corp", "title": "Retainer", "platform": "upwork-tiered"},
        subcommand="start",
        user_id=user,
    )
    footer = reply.embeds[0]["footer"]["text"]
    return int(footer.split("#")[1].split(" ")[0])


async def test_a_billing_past_the_lifetime_limit_is_refused_and_the_client_stays_readable(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    contract = await _start_contract(sandbox)
    first = await sandbox.invoke(
        "contract", {"contract": str(contract), "amount": "1000m"}, subcommand="bill", user_id=ALICE
    )
    assert first.embeds[0]["title"].startswith("Billing recorded")
    refused = await sandbox.invoke(
        "contract", {"contract": str(contract), "amount": "15k"}, subcommand="bill", user_id=ALICE
    )
    assert refused.ephemeral
    assert "$1,000,000,000" in refused.content
    clients = await sandbox.invoke("clients", user_id=ALICE)
    assert "$1,000,000,000.00" in clients.embeds[0]["description"]
    fee = await sandbox.invoke("fee", {"amount": "100", "client": "Acme Corp"}, user_id=ALICE)
    assert fee.embeds, fee.content
