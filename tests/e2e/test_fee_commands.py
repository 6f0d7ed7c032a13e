"""The fee family end to end: the real bot, the real command tree, the sandbox Discord."""

from __future__ import annotations

import pytest

from bot.client import GigwiseBot
from bot.sandbox import SandboxDiscord


async def test_fee_gives_the_seed_articles_answer(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke("fee", {"amount": "15000", "platform": "upwork-tiered"})
    assert not reply.ephemeral
    [embed] = reply.embeds
    assert embed["title"] == "Upwork's 2016–2023 tiers kept $1,300.00 of $15,000.00"
    assert "$13,700.00" in embed["description"]
    breakdown = next(f for f in embed["fields"] if f["name"] == "Breakdown")["value"]
    assert breakdown.splitlines() == [
        "$500.00 at 20% → $100.00",
        "$9,500.00 at 10% → $950.00",
        "$5,000.00 at 5% → $250.00",
    ]


async def test_fee_in_the_twenty_percent_band_shows_a_progress_bar_and_advice(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke("fee", {"amount": "300", "platform": "upwork-tiered"})
    fields = {f["name"]: f["value"] for f in reply.embeds[0]["fields"]}
    assert "▰" in fields["Next tier"]
    assert "$300.00 of $500.00 toward the 10% band" in fields["Next tier"]
    assert "60%" not in fields["Next tier"]
    assert "$200.00 more" in fields["Next tier"]
    assert "Better projects beat more projects" in fields["Advice"]


async def test_fee_on_another_platform(sandbox: SandboxDiscord, gigwise: GigwiseBot) -> None:
    reply = await sandbox.invoke("fee", {"amount": "$2.5k", "platform": "fiverr"})
    assert reply.embeds[0]["title"] == "Fiverr keeps $500.00 of $2,500.00"


async def test_fee_with_a_rate_of_ones_own(sandbox: SandboxDiscord, gigwise: GigwiseBot) -> None:
    reply = await sandbox.invoke("fee", {"amount": "1000", "platform": "custom", "rate": "12.5%"})
    assert reply.embeds[0]["title"] == "Custom keeps $125.00 of $1,000.00"
    assert "$875.00" in reply.embeds[0]["description"]


async def test_compare_shows_the_seed_articles_difference(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke(
        "compare", {"first": "30x500", "second": "1x15000", "platform": "upwork-tiered"}
    )
    [embed] = reply.embeds
    assert "$1,700.00 more" in embed["title"]
    assert "kept" in embed["title"]
    text = reply.text()
    assert "Fees $3,000.00" in text
    assert "$12,000.00" in text
    assert "Fees $1,300.00" in text
    assert "$13,700.00" in text


async def test_target_prices_a_bill_to_net_the_target(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke("target", {"net": "490", "platform": "upwork-tiered"})
    assert reply.embeds[0]["title"] == "Bill $600.00 to take home $490.00"


async def test_fee_today_is_the_fee_in_force_with_the_seeds_tiers_beside_it(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    # The sandbox's day falls in Upwork's flat 10% (January 2025).
    reply = await sandbox.invoke("fee", {"amount": "15000"})
    [embed] = reply.embeds
    assert embed["title"] == "Upwork keeps $1,500.00 of $15,000.00"
    seed = next(f for f in embed["fields"] if f["name"] == "Under the seed's tiers")["value"]
    assert "kept $1,300.00" in seed
    assert "$13,700.00" in seed


async def test_a_per_contract_rate_nobody_gave_is_assumed_and_said(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke("fee", {"amount": "15000", "platform": "upwork-variable"})
    [embed] = reply.embeds
    assert embed["title"] == "Upwork keeps $1,500.00 of $15,000.00"
    rate = next(f for f in embed["fields"] if f["name"] == "Rate")["value"]
    assert "Assumed 10%" in rate
    assert "0% to 15%" in rate
    assert "/profile rate:" in rate


async def test_compare_says_when_both_ways_cost_the_same(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke("compare", {"first": "30x500", "second": "1x15000"})
    [embed] = reply.embeds
    assert embed["title"] == "Both ways keep the same"
    assert "1 job × $15,000.00 kept $1,700.00 more" in reply.text()


async def test_help_lists_every_command_with_an_example(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke("help")
    assert reply.ephemeral
    description = reply.embeds[0]["description"]
    for command in sandbox.commands():
        slash = command.get("type", 1) == 1
        assert (f"/{command['name']}" if slash else command["name"]) in description
        for option in command.get("options", []):
            if option["type"] == 1:
                assert f"**/{command['name']} {option['name']}" in description
    assert "Example: `/fee 15000`" in description


@pytest.mark.parametrize(
    ("command", "options", "hint"),
    [
        ("fee", {"amount": "fifteen thousand"}, "Type an amount like 15000"),
        ("fee", {"amount": "-5"}, "more than zero"),
        ("fee", {"amount": "15.005"}, "at most 2 decimals"),
        ("fee", {"amount": "15.000,50"}, "Type an amount like 15000"),
        ("fee", {"amount": "2000000000"}, "smaller amount"),
        ("fee", {"amount": "1000", "platform": "upwork-flat", "rate": "12"}, "set rate"),
        ("fee", {"amount": "1000", "rate": "150"}, "100"),
        ("compare", {"first": "lots", "second": "1x15000"}, "30x500"),
        ("target", {"net": "0"}, "more than zero"),
        ("dispute", {"owed": "abc"}, "Type an amount like 15000"),
    ],
)
async def test_bad_input_gets_a_private_explanation(
    sandbox: SandboxDiscord,
    gigwise: GigwiseBot,
    command: str,
    options: dict[str, str],
    hint: str,
) -> None:
    reply = await sandbox.invoke(command, options)
    assert reply.ephemeral
    assert hint in reply.content
    assert reply.interaction_id in gigwise.tree.refused


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("fee", {"amount": "@everyone"}),
        ("fee", {"amount": "<@&123456789012345678> 500"}),
        ("compare", {"first": "@everyone", "second": "@here"}),
        ("target", {"net": "@here"}),
        ("dispute", {"owed": "500", "arbitration_fee": "@everyone"}),
    ],
)
async def test_everyone_in_any_input_never_pings(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, command: str, options: dict[str, str]
) -> None:
    reply = await sandbox.invoke(command, options)
    assert reply.ephemeral
    assert "@everyone" not in reply.content
    assert "@here" not in reply.content
    assert reply.message is not None
    assert reply.message["allowed_mentions"]["parse"] == []
