"""The /clients embed: one block per client, most billed first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import discord

from advisor.fees import FeeSchedule, FeeTier
from advisor.ledger import ClientSummary
from advisor.money import format_money, format_rate
from advisor.wording import plural
from commands.embeds import NEUTRAL, inert, tier_text

SHOWN = 15


@dataclass(frozen=True)
class ClientStanding:
    """A client with the schedule its next bill is priced by: a tier for a schedule tiered per
    client, else the one rate."""

    summary: ClientSummary
    schedule: FeeSchedule
    rate: Decimal | None
    tier: FeeTier | None


def _next_bill(standing: ClientStanding) -> str:
    schedule = standing.schedule
    if standing.tier is not None:
        return f"Next bill: {tier_text(standing.tier)}"
    rate = standing.rate if standing.rate is not None else schedule.bands[0].rate
    return f"Next bill: {format_rate(rate)} ({schedule.label})."


def _client_block(standing: ClientStanding) -> str:
    summary = standing.summary
    client = summary.client
    money = client.currency
    repeat = " · 🔁 repeat client" if summary.repeat_hire else ""
    head = (
        f"**{inert(client.name, 100)}** ({client.platform}) · "
        f"{format_money(summary.lifetime_billed, money)} · "
        f"{plural(summary.contracts, 'contract')}{repeat}"
    )
    lines = [head]
    if summary.refunded:
        lines.append(f"Refunded {format_money(summary.refunded, money)} (taken out above).")
    rate = summary.effective_fee_rate
    if rate is not None:
        lines.append(f"Fees paid {format_money(summary.fees, money)} ({format_rate(rate)}).")
    lines.append(_next_bill(standing))
    return "\n".join(lines)


def clients_embed(standings: Sequence[ClientStanding]) -> discord.Embed:
    if not standings:
        return discord.Embed(
            title="No clients yet",
            description="Log a job with `/contract add` or import your history with `/import`.",
            colour=NEUTRAL,
        )
    blocks = [_client_block(standing) for standing in standings[:SHOWN]]
    if len(standings) > SHOWN:
        blocks.append(f"… and {len(standings) - SHOWN} more (`/export` has them all).")
    return discord.Embed(
        title=f"Your clients ({len(standings)})",
        description="\n\n".join(blocks)[:4096],
        colour=NEUTRAL,
    )
