"""Embeds for the fee commands: every number from advisor.fees, formatted, nothing computed here."""

from __future__ import annotations

from decimal import Decimal

import discord

from advisor.fees import Comparison, FeeBreakdown, FeeSchedule, ScenarioOutcome, seed_advice
from advisor.money import format_money, format_rate
from advisor.wording import plural
from commands.embeds import BAD, GOOD, NEUTRAL, tier_after_text


def _money(amount: Decimal, schedule: FeeSchedule) -> str:
    return format_money(amount, schedule.currency)


def _footer(schedule: FeeSchedule) -> str:
    note = f" · {schedule.note}" if schedule.note else ""
    return f"{schedule.label}{note}"


def _band_lines(breakdown: FeeBreakdown) -> str:
    schedule = breakdown.schedule
    lines = [
        f"{_money(line.amount_in_band, schedule)} at {format_rate(line.band.rate)} → "
        f"{_money(line.fee, schedule)}"
        for line in breakdown.lines
    ]
    if breakdown.minimum_fee_applied and schedule.minimum_fee is not None:
        lines.append(f"Minimum fee applies: {_money(schedule.minimum_fee, schedule)}")
    return "\n".join(lines) or "No fee."


def fee_embed(breakdown: FeeBreakdown) -> discord.Embed:
    schedule = breakdown.schedule
    embed = discord.Embed(
        title=f"{schedule.platform} keeps {_money(breakdown.fee, schedule)} of "
        f"{_money(breakdown.amount, schedule)}",
        description=f"You take home **{_money(breakdown.net, schedule)}** "
        f"(effective fee {format_rate(breakdown.effective_rate)}).",
        colour=NEUTRAL,
    )
    if breakdown.lifetime_billed_before > 0:
        embed.add_field(
            name="Already billed to this client",
            value=_money(breakdown.lifetime_billed_before, schedule),
            inline=False,
        )
    embed.add_field(name="Breakdown", value=_band_lines(breakdown), inline=False)
    if len(schedule.bands) > 1:
        embed.add_field(name="Next tier", value=tier_after_text(breakdown), inline=False)
    advice = seed_advice(breakdown)
    if advice:
        embed.add_field(name="Advice", value=advice, inline=False)
    embed.set_footer(text=_footer(schedule))
    return embed


def _outcome_field(outcome: ScenarioOutcome, schedule: FeeSchedule) -> str:
    return (
        f"Billed {_money(outcome.billed, schedule)}\n"
        f"Fees {_money(outcome.fee, schedule)} ({format_rate(outcome.effective_rate)})\n"
        f"You keep **{_money(outcome.net, schedule)}**"
    )


def _scenario_name(outcome: ScenarioOutcome, schedule: FeeSchedule) -> str:
    scenario = outcome.scenario
    return f"{plural(scenario.jobs, 'job')} × {_money(scenario.job_amount, schedule)}"


def comparison_embed(comparison: Comparison, schedule: FeeSchedule) -> discord.Embed:
    first = _scenario_name(comparison.first, schedule)
    second = _scenario_name(comparison.second, schedule)
    gap = abs(comparison.difference)
    if comparison.difference > 0:
        title, colour = f"{second} keeps {_money(gap, schedule)} more than {first}", GOOD
    elif comparison.difference < 0:
        title, colour = f"{first} keeps {_money(gap, schedule)} more than {second}", GOOD
    else:
        title, colour = "Both ways keep the same", NEUTRAL
    embed = discord.Embed(title=title, colour=colour)
    embed.add_field(name=first, value=_outcome_field(comparison.first, schedule), inline=True)
    embed.add_field(name=second, value=_outcome_field(comparison.second, schedule), inline=True)
    embed.add_field(
        name="Difference",
        value=f"{_money(gap, schedule)} in your pocket, with every job billed to a new client.",
        inline=False,
    )
    embed.set_footer(text=_footer(schedule))
    return embed


def target_embed(net: Decimal, breakdown: FeeBreakdown) -> discord.Embed:
    schedule = breakdown.schedule
    embed = discord.Embed(
        title=f"Bill {_money(breakdown.amount, schedule)} to take home {_money(net, schedule)}",
        description=f"{schedule.platform} keeps {_money(breakdown.fee, schedule)} "
        f"(effective fee {format_rate(breakdown.effective_rate)}); you take home "
        f"**{_money(breakdown.net, schedule)}**.",
        colour=NEUTRAL if breakdown.effective_rate < Decimal("0.15") else BAD,
    )
    embed.add_field(name="Breakdown", value=_band_lines(breakdown), inline=False)
    embed.set_footer(text=f"A new client · {_footer(schedule)}")
    return embed
