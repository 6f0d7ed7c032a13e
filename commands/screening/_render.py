"""The screening embed: a title that says what to do, each flag with its evidence quoted inert and
its advice, strongest evidence first; and the note that goes with a verdict shared to the channel."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import discord

from advisor.money import format_money
from advisor.redflags import RED_FLAG_KINDS, RedFlag, Screening, Severity, Verdict
from commands.embeds import BAD, CAUTION, GOOD, inert

if TYPE_CHECKING:
    from discord.types.embed import EmbedField

SHOWN_FLAGS = 8

_COLOUR = {Verdict.GREEN: GOOD, Verdict.AMBER: CAUTION, Verdict.RED: BAD}
_HEADLINE = {
    Verdict.GREEN: "No sign of a scam",
    Verdict.AMBER: "Ask questions before you apply",
    Verdict.RED: "Likely scam: don't apply, report it",
}
SHARED_NOTE = "A job post was screened with /screen. The verdict, to warn the channel:"
"""The line above a shared verdict; it names no member, so sharing never says who asked."""
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


def verdict_embed(screening: Screening) -> discord.Embed:
    """The screening as every member sees it: the verdict, each flag with its evidence, the advice.

    It is the costly part of the reply (every quote is made inert), and the same for everyone who
    screens the post, so `ScreenedPosts` keeps it with the verdict.
    """
    embed = discord.Embed(
        title=f"{_HEADLINE[screening.verdict]} · scam score {screening.score}/100",
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
    embed.set_footer(
        text="Gigwise reads the text only: it can't vouch for a client. Scam score 0 (no sign) "
        "to 100; the flags are listed strongest evidence first."
    )
    return embed


def with_at_stake(
    embed: discord.Embed, verdict: Verdict, at_stake: Decimal | None
) -> discord.Embed:
    """A verdict's embed with what a bad review would cost this member, when worth saying.

    `embed` is left as it is: it may be shared by every member who screens the post.
    """
    if at_stake is None or verdict is Verdict.GREEN:
        return embed
    price: EmbedField = {
        "name": "What a bad review would cost you",
        "value": (
            f"About {format_money(at_stake)} of work: a review under the 10 clients see "
            "stays until 10 more jobs are done (10 × your average job)."
        ),
        "inline": False,
    }
    # Embed.copy() would share the fields' list with the original; this builds a new one.
    data = embed.to_dict()
    data["fields"] = [*data.get("fields", []), price]
    return discord.Embed.from_dict(data)
