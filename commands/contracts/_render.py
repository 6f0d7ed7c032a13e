"""Embeds for the contract commands: what was logged, the fee at the client's tier, the way to the next."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from advisor.fees import FeeBreakdown, FeeSchedule
from advisor.ledger import BillingResult, ContractRecord, ContractStatus, FinishedContract
from advisor.money import format_money, format_rate
from commands.embeds import BAD, CAUTION, GOOD, NEUTRAL, inert, tier_after_text

LIST_LIMIT = 20

_STATUS_COLOUR = {
    ContractStatus.ACTIVE: NEUTRAL,
    ContractStatus.COMPLETED: GOOD,
    ContractStatus.CANCELLED: CAUTION,
    ContractStatus.DISPUTED: BAD,
}


def _fee_line(breakdown: FeeBreakdown) -> str:
    currency = breakdown.schedule.currency
    return (
        f"Fee {format_money(breakdown.fee, currency)} ({format_rate(breakdown.effective_rate)}), "
        f"you keep **{format_money(breakdown.net, currency)}**."
    )


def finished_embed(finished: FinishedContract, breakdown: FeeBreakdown) -> discord.Embed:
    contract = finished.contract
    title = "Already logged" if finished.replayed else "Job logged"
    embed = discord.Embed(
        title=f"{title}: {format_money(finished.billing.amount, contract.currency)} from "
        f"{inert(contract.client_name, 100)}",
        description=_fee_line(breakdown),
        colour=GOOD,
    )
    if contract.rating is not None:
        embed.add_field(name="Rating", value=f"{contract.rating} ★", inline=True)
    embed.add_field(
        name="Lifetime with this client",
        value=format_money(finished.lifetime_billed, contract.currency),
        inline=True,
    )
    embed.add_field(name="Fee tier", value=tier_after_text(breakdown), inline=False)
    embed.set_footer(text=f"Contract #{contract.id} · {breakdown.schedule.label}")
    return embed


def started_embed(contract: ContractRecord, schedule: FeeSchedule) -> discord.Embed:
    rate = f" at {format_rate(contract.fee_rate)}" if contract.fee_rate is not None else ""
    embed = discord.Embed(
        title=f"Contract started with {inert(contract.client_name, 100)}",
        description=f"{inert(contract.title or 'Untitled', 200)}\nFees: {schedule.label}{rate}.",
        colour=NEUTRAL,
    )
    embed.set_footer(text=f"Contract #{contract.id} · bill it with /contract bill")
    return embed


def billed_embed(
    contract: ContractRecord, result: BillingResult, breakdown: FeeBreakdown
) -> discord.Embed:
    currency = contract.currency
    title = "Already recorded" if result.replayed else "Billing recorded"
    embed = discord.Embed(
        title=f"{title}: {format_money(result.billing.amount, currency)} on "
        f"{inert(contract.label, 150)}",
        description=_fee_line(breakdown),
        colour=GOOD,
    )
    embed.add_field(
        name="Lifetime with this client",
        value=format_money(result.lifetime_billed, currency),
        inline=True,
    )
    embed.add_field(name="Fee tier", value=tier_after_text(breakdown), inline=False)
    embed.set_footer(text=f"Contract #{contract.id} · {breakdown.schedule.label}")
    return embed


def ended_embed(contract: ContractRecord) -> discord.Embed:
    embed = discord.Embed(
        title=f"Contract {contract.status.value}: {inert(contract.label, 200)}",
        colour=_STATUS_COLOUR[contract.status],
    )
    embed.add_field(
        name="Billed", value=format_money(contract.billed, contract.currency), inline=True
    )
    if contract.rating is not None:
        embed.add_field(name="Rating", value=f"{contract.rating} ★", inline=True)
    if contract.feedback:
        embed.add_field(name="Feedback", value=inert(contract.feedback, 1024), inline=False)
    return embed


def _contract_line(contract: ContractRecord) -> str:
    rating = f" · {contract.rating} ★" if contract.rating is not None else ""
    return (
        f"`#{contract.id}` {inert(contract.label, 120)} · "
        f"{format_money(contract.billed, contract.currency)}{rating}"
    )


def list_embed(contracts: Sequence[ContractRecord], status: ContractStatus | None) -> discord.Embed:
    which = f"{status.value} contracts" if status is not None else "contracts"
    if not contracts:
        return discord.Embed(
            title=f"No {which} yet",
            description="Log a finished job with `/contract add` or open one with `/contract start`.",
            colour=NEUTRAL,
        )
    lines = [_contract_line(contract) for contract in contracts[:LIST_LIMIT]]
    if len(contracts) > LIST_LIMIT:
        lines.append(f"… and {len(contracts) - LIST_LIMIT} more (`/export` has them all).")
    return discord.Embed(
        title=f"Your {which} ({len(contracts)})",
        description="\n".join(lines)[:4096],
        colour=NEUTRAL,
    )
