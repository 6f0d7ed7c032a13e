"""Per-member rate limits for work that a command decorator cannot guard, such as a button."""

from __future__ import annotations

import discord
from discord import app_commands


class PerMemberCooldown:
    """`rate` uses per `per` seconds for each member; raises CommandOnCooldown past that.

    Raising discord.py's own error means the member reads the same friendly "slow down" reply
    whether a command or a button was throttled.
    """

    def __init__(self, rate: int, per: float) -> None:
        self.cooldown = app_commands.Cooldown(rate, per)
        self._buckets: dict[int, app_commands.Cooldown] = {}

    def hit(self, interaction: discord.Interaction) -> None:
        now = interaction.created_at.timestamp()
        # Members whose bucket has refilled are forgotten, so the map holds only the active few.
        for member_id in [m for m, b in self._buckets.items() if b.get_tokens(now) == b.rate]:
            del self._buckets[member_id]
        bucket = self._buckets.setdefault(interaction.user.id, self.cooldown.copy())
        retry_after = bucket.update_rate_limit(now)
        if retry_after:
            raise app_commands.CommandOnCooldown(bucket, retry_after)
