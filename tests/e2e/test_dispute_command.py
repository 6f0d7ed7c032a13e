"""/dispute end to end: what a win leaves after the service fee and each arbitration fee, on the
server's terms today or on a member's own contract, and privately when asked."""

from __future__ import annotations

import pytest

from bot.client import GigwiseBot
from bot.sandbox import MANAGER_PERMISSIONS, Reply, SandboxDiscord

ALICE = 100_000_000_000_000_101
BOB = 100_000_000_000_000_202
# The sandbox's clock starts on 1 January 2025; Upwork's per-contract fee began on 1 May 2025.
DAYS_TO_2026 = 365


def _fields(reply: Reply) -> dict[str, str]:
    return {field["name"]: field["value"] for field in reply.embeds[0]["fields"]}


async def _start_fixed_contract(
    sandbox: SandboxDiscord, title: str, rate: str = "15", kind: str = "fixed"
) -> None:
    started = await sandbox.invoke(
        "contract",
        {
            "client": "Acme Corp",
            "title": title,
            "kind": kind,
            "platform": "upwork-variable",
            "rate": rate,
        },
        subcommand="start",
        user_id=ALICE,
    )
    assert not started.content, started.content


async def test_dispute_1200_counts_the_service_fee_on_the_money_released(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke("dispute", {"owed": "1200"})
    assert not reply.ephemeral
    [embed] = reply.embeds
    assert embed["title"] == "Arbitration on $1,200.00: worth considering at every fee on record"
    fields = _fields(reply)
    wins = fields["If you win the $1,200.00 you're owed"].splitlines()
    # The sandbox's day is 1 January 2025, under Upwork's flat 10%.
    assert [line.split(": ")[1] for line in wins] == [
        "you keep **$783.00**, worth considering",
        "you keep **$789.00**, worth considering",
        "you keep **$742.50**, worth considering",
    ]
    assert [line.split(" fee ")[0] for line in wins] == ["$297.00", "$291.00", "$337.50"]
    service = fields["Service fee on the money released"]
    assert "$120.00 (10%) of $1,200.00" in service
    assert "$1,080.00" in service
    assert "in force today" in service
    assert "Upwork's flat 10% fee" in service
    assert "$903.00" not in reply.text()


async def test_dispute_after_may_2025_assumes_the_common_per_contract_rate(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    sandbox.advance_clock(DAYS_TO_2026 * 86_400)
    reply = await sandbox.invoke("dispute", {"owed": "1200"})
    service = _fields(reply)["Service fee on the money released"]
    assert "$120.00 (10%) of $1,200.00" in service
    assert "per-contract fee (0–15%)" in service
    assert "10%, the most common, is assumed" in service
    assert "you keep **$783.00**" in reply.text()


async def test_dispute_names_mediation_first_and_the_14_day_auto_approval(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke("dispute", {"owed": "1200"})
    description = reply.embeds[0]["description"]
    assert description.index("Mediation") < description.index("arbitration")
    assert "free" in description
    assert "14 days" in description
    assert "automatically" in description


async def test_dispute_on_a_small_claim_is_not_worth_it_at_any_fee(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke("dispute", {"owed": "300"})
    assert reply.embeds[0]["title"] == "Arbitration on $300.00: not worth it at any fee on record"
    wins = _fields(reply)["If you win the $300.00 you're owed"]
    assert "$27.00** out of pocket" in wins


async def test_dispute_with_a_quoted_fee_leads_with_it(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke("dispute", {"owed": "3000", "arbitration_fee": "291"})
    assert (
        reply.embeds[0]["title"]
        == "Arbitration on $3,000.00: worth considering at your $291.00 fee"
    )
    wins = _fields(reply)["If you win the $3,000.00 you're owed"].splitlines()
    assert wins[0].startswith("$291.00 fee (the fee you gave): you keep **$2,409.00**")
    assert len(wins) == 3


async def test_dispute_on_a_named_contract_uses_its_15_percent_rate_privately(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await _start_fixed_contract(sandbox, "Site rebuild")
    reply = await sandbox.invoke(
        "dispute", {"owed": "1200", "contract": "Site rebuild"}, user_id=ALICE
    )
    assert reply.ephemeral
    fields = _fields(reply)
    wins = fields["If you win the $1,200.00 you're owed"]
    assert "you keep **$723.00**" in wins
    assert "you keep **$729.00**" in wins
    assert "you keep **$682.50**" in wins
    service = fields["Service fee on the money released"]
    assert "$180.00 (15%)" in service
    assert "Site rebuild" in service
    assert "15% recorded on the contract" in service


async def test_a_member_may_share_an_answer_about_their_contract(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await _start_fixed_contract(sandbox, "Site rebuild")
    reply = await sandbox.invoke(
        "dispute",
        {"owed": "1200", "contract": "Site rebuild", "private": False},
        user_id=ALICE,
    )
    assert not reply.ephemeral
    assert "$723.00" in reply.text()


async def test_dispute_answers_privately_when_asked(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke("dispute", {"owed": "1200", "private": True})
    assert reply.ephemeral
    assert "$783.00" in reply.text()


async def test_dispute_with_a_typed_rate(sandbox: SandboxDiscord, gigwise: GigwiseBot) -> None:
    sandbox.advance_clock(DAYS_TO_2026 * 86_400)
    reply = await sandbox.invoke("dispute", {"owed": "1200", "rate": "15"})
    assert "$723.00" in reply.text()
    assert "the 15% you gave" in _fields(reply)["Service fee on the money released"]
    refused = await sandbox.invoke("dispute", {"owed": "1200", "rate": "20"})
    assert refused.ephemeral
    assert "0% to 15%" in refused.content


async def test_dispute_follows_the_servers_platform_and_fee(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await sandbox.invoke(
        "settings",
        {"platform": "fiverr", "arbitration_fee": "250"},
        user_id=ALICE,
        permissions=MANAGER_PERMISSIONS,
    )
    reply = await sandbox.invoke("dispute", {"owed": "1000"}, user_id=BOB)
    assert reply.embeds[0]["title"] == (
        "Arbitration on $1,000.00: worth considering at this server's $250.00 fee"
    )
    fields = _fields(reply)
    # Fiverr's 20%: a win releases $800, less the server's $250.
    assert "you keep **$550.00**" in fields["If you win the $1,000.00 you're owed"]
    assert "Fiverr" in fields["Platform"]


@pytest.mark.parametrize(
    ("options", "hint"),
    [
        ({"owed": "1200", "contract": "Nobody's contract"}, "can't find that contract"),
        # Before May 2025 Upwork's fee was a flat 10%, with no rate of its own to give.
        ({"owed": "1200", "rate": "15"}, "leave the rate out"),
        ({"owed": "1200", "arbitration_fee": "20000"}, "like 297"),
    ],
)
async def test_bad_dispute_input_gets_a_private_explanation(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, options: dict[str, str], hint: str
) -> None:
    reply = await sandbox.invoke("dispute", options, user_id=ALICE)
    assert reply.ephemeral
    assert hint in reply.content
    assert reply.interaction_id in gigwise.tree.refused


async def test_an_hourly_contract_is_refused_privately(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await _start_fixed_contract(sandbox, "Support hours", kind="hourly")
    reply = await sandbox.invoke(
        "dispute", {"owed": "1200", "contract": "Support hours"}, user_id=ALICE
    )
    assert reply.ephemeral
    assert "only for fixed-price contracts" in reply.content


async def test_another_members_contract_cannot_be_named(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await _start_fixed_contract(sandbox, "Site rebuild")
    reply = await sandbox.invoke(
        "dispute", {"owed": "1200", "contract": "Site rebuild"}, user_id=BOB
    )
    assert reply.ephemeral
    assert "can't find that contract" in reply.content
    assert "Acme" not in reply.text()


async def test_the_contract_option_suggests_the_members_own_contracts(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await _start_fixed_contract(sandbox, "Site rebuild")
    mine = await sandbox.autocomplete("dispute", {"contract": "site"}, "contract", user_id=ALICE)
    theirs = await sandbox.autocomplete("dispute", {"contract": "site"}, "contract", user_id=BOB)
    assert [choice["name"] for choice in mine] == ["#1 Site rebuild · Acme Corp (active)"]
    assert theirs == []


async def test_dispute_uses_the_members_saved_rate(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    sandbox.advance_clock(DAYS_TO_2026 * 86_400)
    await sandbox.invoke("profile", {"rate": "12"}, user_id=ALICE)
    reply = await sandbox.invoke("dispute", {"owed": "1000"}, user_id=ALICE)
    service = _fields(reply)["Service fee on the money released"]
    assert "$120.00 (12%) of $1,000.00" in service
    assert "assumed" not in service


async def test_dispute_answers_in_the_currency_typed(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke("dispute", {"owed": "£1200", "arbitration_fee": "£300"})
    assert reply.embeds[0]["title"].startswith("Arbitration on £1,200.00")
    assert "$" not in reply.text()


async def test_dispute_refuses_to_mix_currencies(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke("dispute", {"owed": "£1200", "arbitration_fee": "$297"})
    assert reply.ephemeral
    assert "doesn't convert" in reply.content
