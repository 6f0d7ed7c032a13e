"""The look shared by every reply: colours, progress bars, and text made safe to show."""

from __future__ import annotations

import functools
import re
from decimal import Decimal

import discord

from advisor.fees import FeeBreakdown, FeeSchedule, FeeTier, NextBand
from advisor.money import format_money, format_rate

# Colours say the verdict before the words do.
GOOD = discord.Colour(0x2E9E5B)
NEUTRAL = discord.Colour(0x3B82F6)
CAUTION = discord.Colour(0xE3A008)
BAD = discord.Colour(0xD64545)

BAR_WIDTH = 12


def progress_bar(fraction: Decimal, width: int = BAR_WIDTH) -> str:
    """`▰▰▰▱▱▱▱▱▱▱▱▱`: how far through a band, for a monospace-free Discord embed. It carries no
    percentage of its own: beside fee rates, one would read as a fee."""
    clamped = min(max(fraction, Decimal(0)), Decimal(1))
    filled = int((clamped * width).to_integral_value(rounding="ROUND_FLOOR"))
    return f"{'▰' * filled}{'▱' * (width - filled)}"


# Discord's tags: channel and command mentions (both clickable), timestamps and custom emoji.
_DISCORD_TAG = re.compile(r"<(?=[#/@:]|[at]:)")
# Invite links Discord turns into a join card even without a scheme.
_INVITE = re.compile(r"(discord(?:app)?)(\.(?:gg|com|io|me|li)/)", re.IGNORECASE)
# Markup that works only at the start of a line, after any indentation: headings (# to ###),
# subtext (-#), quotes (> and >>>), bullets (-, * and +) and numbered lists (1. and, as
# CommonMark has it, 1)). Each is taken as markup when a space or the line's end follows it, which
# is more often than Discord does: an escape where none was needed does not show.
_INDENT = re.compile(r"\s*")
# A line and its break: every break str.splitlines knows starts a line here (more than Discord
# knows), so no markup can hide behind an unusual one.
_BREAKS = "\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_LINE = re.compile(f"([^{_BREAKS}]*)(\r\n|[{_BREAKS}]|$)")
_LINE_MARK = re.compile(r"(?:#{1,3}|-#|>>>|>|[-*+])(?=\s|$)")
_LIST_NUMBER = re.compile(r"\d+(?=[.)](?:\s|$))")


def _inert_line(line: str) -> str:
    """One line (without its line break), its markdown escaped, its line-start markup too."""
    indent = _INDENT.match(line)
    start = indent.end() if indent else 0
    # Markdown inside a URL is escaped too: the URL is broken below, which would bring it alive.
    rest = discord.utils.escape_markdown(line[start:], ignore_links=False)
    # discord.py escapes some line-start markup (#, -, >, *) but not numbered lists or +.
    if number := _LIST_NUMBER.match(rest):
        rest = f"{rest[: number.end()]}\\{rest[number.end() :]}"
    elif _LINE_MARK.match(rest):
        rest = "\\" + rest
    return line[:start] + rest


# Text made of these characters alone holds nothing that could come alive: no markdown character,
# no line break, no "@", "<", ":" or "/" for mentions, tags, links and invites. Only a number
# starting it could read as a list ("1. "), so that case takes the full path as well.
_PLAIN = re.compile(r"[A-Za-z0-9 ,.'\"!?$%&;=()]*")


def inert(text: str, limit: int = 1024) -> str:
    """User text shown as plain words: no markdown, mentions, links or invites can come alive."""
    if _PLAIN.fullmatch(text) and not text.lstrip(" ")[:1].isdigit():
        # The escapes below would leave such text as it is; most quoted evidence is like that.
        return text if len(text) <= limit else text[: limit - 1] + "…"
    escaped = _LINE.sub(lambda line: _inert_line(line[1]) + line[2], text)
    escaped = discord.utils.escape_mentions(escaped)
    # Breaking the scheme stops Discord from turning a URL into a link or an invite card.
    escaped = escaped.replace("://", ":\u200b//")
    escaped = _INVITE.sub("\\1\u200b\\2", _DISCORD_TAG.sub("<\u200b", escaped))
    return escaped if len(escaped) <= limit else escaped[: limit - 1] + "…"


def next_tier_text(
    schedule: FeeSchedule,
    next_rate: Decimal,
    next_band: NextBand | None,
    progress: Decimal | None,
    billed: Decimal,
    *,
    in_force: bool = True,
) -> str:
    """Where a client stands after `billed`: the rate the next dollar pays, and, while a cheaper
    band is ahead, a bar labelled with the money billed toward it. A schedule no longer in force is
    told in the past tense: its tiers are history, not what the next bill pays."""
    money = functools.partial(format_money, currency=schedule.currency)
    who = schedule.client_word
    pays, drops = ("pays", "drops") if in_force else ("paid", "dropped")
    if next_band is None:
        if len(schedule.bands) > 1 and schedule.per_client:
            return (
                f"Every further bill with this {who} {pays} the lowest rate, "
                f"{format_rate(next_rate)}."
            )
        if in_force:
            return f"The rate stays at {format_rate(next_rate)} whatever you bill."
        return f"The rate stayed at {format_rate(next_rate)} whatever you billed."
    bar = progress_bar(progress or Decimal(0))
    return (
        f"{bar} {money(billed)} of {money(next_band.starts_at)} toward the "
        f"{format_rate(next_band.rate)} band\n"
        f"The next dollar {pays} {format_rate(next_rate)}; {money(next_band.remaining)} more with "
        f"this {who} and the rate {drops} to {format_rate(next_band.rate)}."
    )


def tier_text(tier: FeeTier, *, in_force: bool = True) -> str:
    """Where a client stands now."""
    return next_tier_text(
        tier.schedule,
        tier.rate,
        tier.next_band,
        tier.progress_to_next_band,
        tier.lifetime_billed,
        in_force=in_force,
    )


def tier_after_text(breakdown: FeeBreakdown, *, in_force: bool = True) -> str:
    """Where the client stands once this bill is paid."""
    return next_tier_text(
        breakdown.schedule,
        breakdown.next_rate,
        breakdown.next_band,
        breakdown.progress_to_next_band,
        breakdown.lifetime_billed_after,
        in_force=in_force,
    )
