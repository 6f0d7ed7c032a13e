"""Gigwise's command tree: the one place where errors become friendly private replies.

It also counts the interactions being handled, so a shutdown can let them finish before closing the
database under them, and `on_idle` can run work that should not hold up any of them.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable
from typing import Any

import discord
from discord import app_commands

from commands.replies import member_message, report_failure, unwrap

log = logging.getLogger(__name__)

# Discord's code for a second answer to one interaction: what a redelivered interaction gets.
ALREADY_ACKNOWLEDGED = 40060


class GigwiseTree(app_commands.CommandTree[Any]):
    """A CommandTree with a central error handler and an in-flight counter."""

    def __init__(self, client: discord.Client, **kwargs: Any) -> None:
        super().__init__(client, **kwargs)
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self.accepting = True
        # Recent interactions refused because of the member's input: the console reads it to choose its
        # exit status. Bounded, so a long-running bot does not grow it forever.
        self.refused: deque[int] = deque(maxlen=1024)
        self.failed: deque[int] = deque(maxlen=1024)
        # Called soon after the last interaction in flight has finished (see bot.interpreter).
        self.on_idle: Callable[[], object] | None = None

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if self.accepting:
            return True
        await interaction.response.send_message(
            "Gigwise is restarting: try again in a few seconds.",
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )
        return False

    async def _call(self, interaction: discord.Interaction) -> None:
        # discord.py runs each interaction as a detached task; wrapping its single entry point is the only
        # way to know when every one of them has finished, which a graceful shutdown needs.
        self._in_flight += 1
        self._idle.clear()
        try:
            await super()._call(interaction)
        finally:
            self._in_flight -= 1
            if self._in_flight == 0:
                self._idle.set()
                if self.on_idle is not None:
                    # Soon rather than now: this task's own ending comes first.
                    asyncio.get_running_loop().call_soon(self.on_idle)

    async def wait_idle(self, within: float) -> bool:
        """Wait until no interaction is being handled; False if some were still running at the timeout."""
        try:
            await asyncio.wait_for(self._idle.wait(), within)
        except TimeoutError:
            return False
        return True

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError, /
    ) -> None:
        cause = unwrap(error)
        if isinstance(cause, discord.HTTPException) and cause.code == ALREADY_ACKNOWLEDGED:
            # Discord delivered the interaction twice, or lost its answer to a first try that had
            # gone through and refused discord.py's retry; either way the member was answered,
            # and every write is keyed by the interaction id, so the second run changed nothing.
            log.info(
                "Interaction %s had already been answered; nothing was done twice", interaction.id
            )
            return
        message = member_message(error)
        # Recorded before replying: whoever waits for the reply may look here as soon as it arrives.
        (self.refused if message is not None else self.failed).append(interaction.id)
        await report_failure(interaction, error, message)
