"""The screening embed: verdict colour and score, each flag with its evidence quoted inert, the advice."""

from __future__ import annotations

from decimal import Decimal

import discord

from advisor.money import format_money
from advisor.redflags import RED_FLAG_KINDS, RedFlag, Screening, Severity, Verdict
from commands.embeds import BAD, CAUTION, GOOD, inert

SHOWN_FLAGS = 8

_COLOUR = {Verdict.GREEN: GOOD, Verdict.AMBER: CAUTION, Verdict.RED: BAD}
_HEADLINE = {
    Verdict.GREEN: "No red flags found",
    Verdict.AMBER: "Some red flags: read before applying",
    Verdict.RED: "Red flags: think twice before applying",
}
_MARK = {Severity.CRITICAL: "⛔", Severity.HIGH: "🚩", Severity.MEDIUM: "⚠️", Severity.LOW: "·"}


def _title(flag: RedFlag) -> str:
    kind = RED_FLAG_KINDS.get(flag.code)
    name = kind.title if kind is not None else flag.code.replace("_", " ").capitalize()
    return f"{_MARK[flag.severity]} {name} ({flag.severity.value}, {flag.category.value})"[:256]


def _flag_text(flag: RedFlag) -> str:
    quotes = " · ".join(f"“{inert(e.text, 120)}”" for e in flag.evidence[:3])
    text = (
        f"{quotes}\n{flag.explanation}\n**Advice:** {flag.advice}"
        if quotes
        else (f"{flag.explanation}\n**Advice:** {flag.advice}")
    )
    return text[:1024]


def screening_embed(screening: Screening, at_stake: Decimal | None = None) -> discord.Embed:
    embed = discord.Embed(
        title=f"{_HEADLINE[screening.verdict]} · score {screening.score}/100",
        description=screening.summary[:4096],
        colour=_COLOUR[screening.verdict],
    )
    for flag in screening.flags[:SHOWN_FLAGS]:
        embed.add_field(name=_title(flag), value=_flag_text(flag), inline=False)
    if len(screening.flags) > SHOWN_FLAGS:
        embed.add_field(
            name=f"… and {len(screening.flags) - SHOWN_FLAGS} smaller flags",
            value="The most serious ones are above.",
            inline=False,
        )
    if at_stake is not None and screening.verdict is not Verdict.GREEN:
        embed.add_field(
            name="What a bad review would cost you",
            value=(
                f"About {format_money(at_stake)} of work: a review under the 10 clients see "
                "stays until 10 more jobs are done (10 × your average job)."
            ),
            inline=False,
        )
    embed.set_footer(
        text="Gigwise reads the text only: it can't vouch for a client. Scores 0 (clean) to 100."
    )
    return embed
