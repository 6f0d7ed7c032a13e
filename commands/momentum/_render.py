"""The /momentum embed: every figure comes from advisor.momentum; this module only words and lays out."""

from __future__ import annotations

from decimal import Decimal

import discord

from advisor.momentum.report import MomentumReport
from advisor.momentum.reviews import WhatIf
from advisor.momentum.score import Direction
from advisor.money import format_money, format_rate
from advisor.wording import plural
from commands.embeds import BAD, GOOD, NEUTRAL, inert

_DIRECTION = {
    Direction.GAINING: ("gaining ground ↗", GOOD),
    Direction.STEADY: ("holding steady →", NEUTRAL),
    Direction.LOSING: ("losing ground ↘", BAD),
}
_BARS = "▁▂▃▄▅▆▇█"


def _money(amount: Decimal | None, report: MomentumReport) -> str:
    return format_money(amount, report.currency) if amount is not None else "—"


def _window(report: MomentumReport) -> str:
    window = report.review_window
    if window.average is None:
        return "No rated jobs yet: log one with `/contract add ... rating:5` or `/contract end`."
    lines = [f"Average of the {len(window.reviews)} reviews clients see: **{window.average} ★**"]
    for review in window.low_reviews:
        job = review.job
        more = plural(review.leaves_after, "more review")
        lines.append(
            f"{job.rating} ★ from {inert(job.client_name, 60)} ({job.ended_on.isoformat()}): "
            f"{more} push it out."
        )
    if not window.low_reviews:
        lines.append("Nothing under 4.5 ★ in view: keep it that way.")
    return "\n".join(lines)[:1024]


def _what_if(what_if: WhatIf, report: MomentumReport) -> str:
    change = f" ({what_if.change:+})" if what_if.change is not None else ""
    text = f"A next review of {what_if.stars} ★ makes the average **{what_if.average_after} ★**{change}."
    out = what_if.pushed_out
    if out is not None:
        text += f" It pushes out the {out.rating} ★ from {inert(out.job.client_name, 60)}."
    return text


def _stake(report: MomentumReport) -> str:
    stake = report.at_stake
    if stake.at_stake is None:
        return "Log a few jobs and Gigwise shows what one bad review would cost you."
    return (
        f"About **{_money(stake.at_stake, report)}** of work: a bad review stays in view for 10 jobs, "
        f"and your average job is {_money(stake.average_job_size, report)}."
    )


def _momentum(report: MomentumReport) -> str:
    score = report.momentum
    busiest = sorted(score.signals, key=lambda s: s.recent_points, reverse=True)[:3]
    signals = ", ".join(
        f"{s.signal.value.replace('_', ' ')} ×{s.recent_count}" for s in busiest if s.recent_count
    )
    text = (
        f"{score.recent} points in the last {score.period_days} days against {score.earlier} in the "
        f"{score.period_days} before (signals fade with a {score.half_life_days}-day half-life)."
    )
    return f"{text}\nStrongest lately: {signals}." if signals else text


def _actions(report: MomentumReport) -> str | None:
    overdue = report.overdue_actions
    if not overdue:
        return None
    lines = []
    for action in overdue:
        since = "never logged" if action.days_since is None else f"{action.days_since} days ago"
        lines.append(f"**{action.kind.label.capitalize()}** ({since}): {action.advice}")
    return "\n".join(lines)[:1024]


def _invites(report: MomentumReport) -> str:
    weeks = report.invites_per_week
    counts = [week.invites for week in weeks]
    top = max(counts, default=0)
    bars = "".join(_BARS[(c * (len(_BARS) - 1)) // top] if top else _BARS[0] for c in counts)
    return f"{bars}  {' '.join(str(c) for c in counts)} (oldest to this week)"


def _fees(report: MomentumReport) -> str:
    profile = report.fee_profile
    lines = []
    if profile.effective_fee_rate is not None:
        lines.append(
            f"Fees paid: {_money(profile.fees, report)} of {_money(profile.billed_with_fee, report)}"
            f" (effective fee {format_rate(profile.effective_fee_rate)})"
        )
    if profile.paid_rates:
        lines.append(
            "Billed at each rate: "
            + ", ".join(
                f"{paid.label} on {_money(paid.billed, report)}" for paid in profile.paid_rates
            )
        )
    else:
        lines.append("Nothing billed yet.")
    if profile.recorded_fee_rate is not None:
        lines.append(f"Last 12 months: {format_rate(profile.recorded_fee_rate)} kept")
    if profile.repeat_client_rate is not None:
        lines.append(f"Repeat clients: {format_rate(profile.repeat_client_rate)}")
    if profile.average_client_spend is not None:
        lines.append(f"Average client spend: {_money(profile.average_client_spend, report)}")
    for client in profile.closest_to_next_tier[:3]:
        lines.append(
            f"{inert(client.client_name, 60)}: {_money(client.remaining, report)} more to "
            f"{format_rate(client.next_rate)}"
        )
    return "\n".join(lines)[:1024]


def _jss(report: MomentumReport) -> str:
    checks = "\n".join(
        f"{'✅' if c.met else '❔' if c.met is None else '❌'} {c.requirement}: {c.detail}"
        for c in report.top_rated.checks
    )
    return f"{report.jss.summary}\n{checks}"[:1024]


def momentum_embed(report: MomentumReport, what_if: WhatIf | None = None) -> discord.Embed:
    heading, colour = _DIRECTION[report.momentum.direction]
    embed = discord.Embed(title=f"Your momentum: {heading}", colour=colour)
    embed.add_field(name="What clients see", value=_window(report), inline=False)
    if what_if is not None:
        embed.add_field(name="What if", value=_what_if(what_if, report), inline=False)
    embed.add_field(name="What one bad review costs", value=_stake(report), inline=False)
    embed.add_field(name="Ranking signals", value=_momentum(report), inline=False)
    actions = _actions(report)
    if actions:
        embed.add_field(name="Overdue, and in your hands", value=actions, inline=False)
    embed.add_field(name="Invites per week", value=_invites(report), inline=False)
    embed.add_field(name="Fees you paid", value=_fees(report), inline=False)
    embed.add_field(name="Job Success Score (estimate)", value=_jss(report), inline=False)
    others = (
        f" Not counted: clients billed in {', '.join(report.other_currencies)}."
        if report.other_currencies
        else ""
    )
    embed.set_footer(
        text=f"Upwork does not publish its JSS formula: Gigwise's score is an estimate.{others}"[
            :2048
        ]
    )
    return embed
