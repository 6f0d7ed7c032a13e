"""Embeds for the fee commands: every number from advisor.fees, formatted, nothing computed here."""

from __future__ import annotations

from decimal import Decimal

import discord

from advisor.fee_calendar import FeeQuote, RateSource, seed_schedule
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


def _keeps(schedule: FeeSchedule, in_force: bool) -> str:
    """`Upwork keeps`, or for a schedule no longer in force, `Upwork's 2016–2023 tiers kept`."""
    if in_force or not schedule.era_name:
        return f"{schedule.platform} keeps"
    return f"{schedule.era_name} kept"


def rate_note(quote: FeeQuote) -> str | None:
    schedule = quote.breakdown.schedule
    if not schedule.needs_rate or quote.rate.rate is None:
        return None
    low, high = schedule.rate_range or (Decimal(0), Decimal(1))
    rate = format_rate(quote.rate.rate)
    span = f"{format_rate(low)} to {format_rate(high)}"
    if quote.rate.source is RateSource.ASSUMED:
        return (
            f"Assumed {rate}, the common rate: {schedule.platform} sets this fee per contract "
            f"({span}) and shows it on your proposal or offer. Give yours with `rate:`, or save "
            "it once with `/profile rate:`."
        )
    if quote.rate.source is RateSource.MEMBER:
        return f"{rate}, the rate you saved (this fee runs {span} per contract)."
    if quote.rate.source is RateSource.SERVER:
        return f"{rate}, this server's usual rate (this fee runs {span} per contract)."
    return None


def quote_embed(quote: FeeQuote) -> discord.Embed:
    """A /fee answer: the bill priced for today, its rate, and the seed's tiers beside it."""
    embed = fee_embed(quote.breakdown, in_force=quote.in_force)
    note = rate_note(quote)
    if note is not None:
        embed.insert_field_at(0, name="Rate", value=note, inline=False)
    if quote.seed is not None:
        seed = quote.seed
        embed.add_field(
            name="Under the seed's tiers",
            value=(
                f"{seed.schedule.era_name} kept {_money(seed.fee, seed.schedule)} of the same "
                f"bill (you took home {_money(seed.net, seed.schedule)}); see "
                "`platform:upwork-tiered`."
            ),
            inline=False,
        )
    return embed


def fee_embed(breakdown: FeeBreakdown, *, in_force: bool = True) -> discord.Embed:
    schedule = breakdown.schedule
    embed = discord.Embed(
        title=f"{_keeps(schedule, in_force)} {_money(breakdown.fee, schedule)} of "
        f"{_money(breakdown.amount, schedule)}",
        description=f"{'You take home' if in_force else 'That left you'} "
        f"**{_money(breakdown.net, schedule)}** "
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
    if len(schedule.bands) > 1 and schedule.per_client:
        embed.add_field(
            name="Next tier", value=tier_after_text(breakdown, in_force=in_force), inline=False
        )
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


def _difference_title(comparison: Comparison, schedule: FeeSchedule, tense: str) -> str:
    first = _scenario_name(comparison.first, schedule)
    second = _scenario_name(comparison.second, schedule)
    gap = _money(abs(comparison.difference), schedule)
    if comparison.difference > 0:
        return f"{second} {tense} {gap} more than {first}"
    if comparison.difference < 0:
        return f"{first} {tense} {gap} more than {second}"
    return "Both ways keep the same"


def comparison_embed(
    comparison: Comparison,
    schedule: FeeSchedule,
    *,
    in_force: bool = True,
    seed: Comparison | None = None,
) -> discord.Embed:
    first = _scenario_name(comparison.first, schedule)
    second = _scenario_name(comparison.second, schedule)
    gap = abs(comparison.difference)
    title = _difference_title(comparison, schedule, "keeps" if in_force else "kept")
    colour = GOOD if comparison.difference else NEUTRAL
    embed = discord.Embed(title=title, colour=colour)
    embed.add_field(name=first, value=_outcome_field(comparison.first, schedule), inline=True)
    embed.add_field(name=second, value=_outcome_field(comparison.second, schedule), inline=True)
    if comparison.difference:
        difference = (
            f"{_money(gap, schedule)} in your pocket, with every job billed to a new client."
        )
    else:
        difference = (
            f"{schedule.label} keeps the same share of every bill, so how you split the work "
            "changes nothing in fees: only your time and your reviews."
        )
    embed.add_field(name="Difference", value=difference, inline=False)
    if seed is not None:
        tiers = seed_schedule()
        embed.add_field(
            name="Under the seed's tiers",
            value=f"{_difference_title(seed, tiers, 'kept')} under {tiers.era_name}.",
            inline=False,
        )
    embed.set_footer(text=_footer(schedule))
    return embed


def target_embed(
    net: Decimal,
    breakdown: FeeBreakdown,
    *,
    in_force: bool = True,
    seed: FeeBreakdown | None = None,
    rate_note: str | None = None,
) -> discord.Embed:
    schedule = breakdown.schedule
    embed = discord.Embed(
        title=f"Bill {_money(breakdown.amount, schedule)} to take home {_money(net, schedule)}",
        description=f"{_keeps(schedule, in_force)} {_money(breakdown.fee, schedule)} "
        f"(effective fee {format_rate(breakdown.effective_rate)}); you take home "
        f"**{_money(breakdown.net, schedule)}**.",
        colour=NEUTRAL if breakdown.effective_rate < Decimal("0.15") else BAD,
    )
    embed.add_field(name="Breakdown", value=_band_lines(breakdown), inline=False)
    if rate_note is not None:
        embed.add_field(name="Rate", value=rate_note, inline=False)
    if seed is not None:
        embed.add_field(
            name="Under the seed's tiers",
            value=f"{seed.schedule.era_name}: billing {_money(seed.amount, seed.schedule)} took "
            f"home the same {_money(net, seed.schedule)}.",
            inline=False,
        )
    embed.set_footer(text=f"A new client · {_footer(schedule)}")
    return embed
