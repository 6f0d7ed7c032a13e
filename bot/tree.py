"""Gigwise's command tree: commands' errors go to the one error path (`commands.replies`), every
command is acknowledged within Discord's deadline (`commands.answering`), and the tree keeps what
each interaction came to (`Outcomes`).

It also counts the interactions being handled, so a shutdown can let them finish before closing the
database under them, and `on_idle` can run work that should not hold up any of them.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable, Mapping
from typing import Any, cast

import discord
from discord import app_commands

from commands import answering
from commands.answering import answer
from commands.heavy_jobs import LEDGER_COMMANDS, HeavyJobs, LedgerBusy
from commands.replies import Outcomes, handle_error

log = logging.getLogger(__name__)


class GigwiseTree(app_commands.CommandTree[Any]):
    """A CommandTree with a central error handler and an in-flight counter."""

    def __init__(self, client: discord.Client, **kwargs: Any) -> None:
        super().__init__(client, **kwargs)
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self.accepting = True
        self.outcomes = Outcomes()
        # Called soon after the last interaction in flight has finished (see bot.interpreter).
        self.on_idle: Callable[[], object] | None = None

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if not self.accepting:
            await answer(
                interaction, "Gigwise is restarting: try again in a few seconds.", ephemeral=True
            )
            return False
        if _waits_for_an_import(interaction):
            await handle_error(interaction, LedgerBusy())
            return False
        return True

    async def _call(self, interaction: discord.Interaction) -> None:
        # discord.py runs each interaction as a detached task; wrapping its single entry point is the only
        # way to know when every one of them has finished, which a graceful shutdown needs.
        self._in_flight += 1
        self._idle.clear()
        if interaction.type is discord.InteractionType.application_command:
            # Acknowledged in time whatever the command waits on (`commands.answering`).
            answering.watch(interaction)
        try:
            await super()._call(interaction)
        finally:
            answering.settle(interaction)
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

    @property
    def refused(self) -> deque[int]:
        """Interactions lately refused because of the member's input."""
        return self.outcomes.refused

    @property
    def failed(self) -> deque[int]:
        """Interactions lately failed on a bug."""
        return self.outcomes.failed

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError, /
    ) -> None:
        await handle_error(interaction, error)


def _waits_for_an_import(interaction: discord.Interaction) -> bool:
    """Whether this is a ledger command of a member whose import is unfinished: its rows are
    being written a slice at a time, and the member must not see (or change) half a file."""
    if interaction.type is not discord.InteractionType.application_command:
        return False
    jobs = getattr(interaction.client, "heavy_jobs", None)
    if not isinstance(jobs, HeavyJobs) or not jobs.ledger_busy(interaction.user.id):
        return False
    data: Mapping[str, object] = cast(Mapping[str, object], interaction.data or {})
    return data.get("name") in LEDGER_COMMANDS
