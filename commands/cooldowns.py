"""Per-member rate limits: a check for commands, and the same limit for a button to call.

discord.py's own cooldown check looks through every member's bucket on each call to drop the
expired ones, so its cost grows with the number of members active in the window: in a burst of
a thousand members screening at once, that scan was a large part of each answer. Here a member's
bucket expires from a TTL cache `per` seconds after their last use (by then it has refilled),
oldest first, so a hit costs the same however many members are active.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import discord
from cachetools import TTLCache
from discord import app_commands

T = TypeVar("T")

# Members tracked at once; past this the least recently seen are forgotten early.
MAX_MEMBERS_TRACKED = 100_000


class PerMemberCooldown:
    """`rate` uses per `per` seconds for each member; raises CommandOnCooldown past that.

    Raising discord.py's own error means the member reads the same friendly "slow down" reply
    whether a command or a button was throttled.
    """

    def __init__(self, rate: int, per: float, *, maxsize: int = MAX_MEMBERS_TRACKED) -> None:
        self.cooldown = app_commands.Cooldown(rate, per)
        # Interactions carry the time Discord created them, which is what buckets count in.
        self._now = 0.0
        self._buckets: TTLCache[int, app_commands.Cooldown] = TTLCache(
            maxsize=maxsize, ttl=per, timer=lambda: self._now
        )

    def __len__(self) -> int:
        """Members whose bucket has not refilled yet (and maybe a few that just have)."""
        self._buckets.expire()
        return len(self._buckets)

    def hit(self, interaction: discord.Interaction) -> None:
        # Never backwards, though interactions may arrive a little out of order.
        self._now = max(self._now, interaction.created_at.timestamp())
        member_id = interaction.user.id
        bucket = self._buckets.get(member_id) or self.cooldown.copy()
        retry_after = bucket.update_rate_limit(self._now)
        # Stored again on every use, so it expires `per` seconds after the last one.
        self._buckets[member_id] = bucket
        if retry_after:
            raise app_commands.CommandOnCooldown(bucket, retry_after)


def per_member_cooldown(rate: int, per: float) -> Callable[[T], T]:
    """`app_commands.checks.cooldown` keyed by member, without its per-call scan."""
    limiter = PerMemberCooldown(rate, per)

    async def predicate(interaction: discord.Interaction) -> bool:
        limiter.hit(interaction)
        return True

    return app_commands.check(predicate)
