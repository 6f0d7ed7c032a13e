"""The /clients embed: one block per client, most billed first."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from advisor.fees import FeeTier
from advisor.ledger import ClientSummary
from advisor.money import format_money, format_rate
from advisor.wording import plural
from commands.embeds import NEUTRAL, inert, tier_text

SHOWN = 15


def _client_block(summary: ClientSummary, tier: FeeTier | None) -> str:
    client = summary.client
    repeat = " · 🔁 repeat client" if summary.repeat_hire else ""
    contracts = plural(summary.contracts, "contract")
    head = (
        f"**{inert(client.name, 100)}** ({client.platform}) · "
        f"{format_money(summary.lifetime_billed, client.currency)} · {contracts}{repeat}"
    )
    if tier is None:
        return head
    return f"{head}\nNow at {format_rate(tier.rate)}. {tier_text(tier)}"


def clients_embed(tiers: Sequence[tuple[ClientSummary, FeeTier | None]]) -> discord.Embed:
    if not tiers:
        return discord.Embed(
            title="No clients yet",
            description="Log a job with `/contract add` or import your history with `/import`.",
            colour=NEUTRAL,
        )
    blocks = [_client_block(summary, tier) for summary, tier in tiers[:SHOWN]]
    if len(tiers) > SHOWN:
        blocks.append(f"… and {len(tiers) - SHOWN} more (`/export` has them all).")
    return discord.Embed(
        title=f"Your clients ({len(tiers)})",
        description="\n\n".join(blocks)[:4096],
        colour=NEUTRAL,
    )
