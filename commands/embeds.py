"""The look shared by every reply: colours, progress bars, and text made safe to show."""

from __future__ import annotations

from decimal import Decimal

import discord

# Colours say the verdict before the words do.
GOOD = discord.Colour(0x2E9E5B)
NEUTRAL = discord.Colour(0x3B82F6)
CAUTION = discord.Colour(0xE3A008)
BAD = discord.Colour(0xD64545)

BAR_WIDTH = 12


def progress_bar(fraction: Decimal, width: int = BAR_WIDTH) -> str:
    """`▰▰▰▱▱▱▱▱▱▱▱▱ 25%`: how far through a band, for a monospace-free Discord embed."""
    clamped = min(max(fraction, Decimal(0)), Decimal(1))
    filled = int((clamped * width).to_integral_value(rounding="ROUND_FLOOR"))
    percent = int((clamped * 100).to_integral_value(rounding="ROUND_FLOOR"))
    return f"{'▰' * filled}{'▱' * (width - filled)} {percent}%"


def inert(text: str, limit: int = 1024) -> str:
    """User text shown as plain words: no markdown, mentions, links or invites can come alive."""
    escaped = discord.utils.escape_mentions(discord.utils.escape_markdown(text))
    # Breaking the scheme stops Discord from turning a URL into a link or an invite card.
    escaped = escaped.replace("://", ":\u200b//").replace("discord.gg/", "discord\u200b.gg/")
    return escaped if len(escaped) <= limit else escaped[: limit - 1] + "…"
