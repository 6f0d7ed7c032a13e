"""Work kept for when no interaction is being handled: it runs after the last one in flight ends,
never while one is running, and a running bot's collector works that way."""

from __future__ import annotations

import asyncio
import gc

import discord
from discord import app_commands

from bot.interpreter import BACKSTOP_THRESHOLD, collect_if_due
from bot.runner import tune_when_ready
from bot.sandbox import SandboxDiscord
from tests.e2e.conftest import BotFactory, connected


class IdleCalls:
    """Records each call of a tree's `on_idle`, and lets a test wait for the next one."""

    def __init__(self) -> None:
        self.count = 0
        self._called = asyncio.Event()

    def __call__(self) -> None:
        self.count += 1
        self._called.set()

    async def next(self) -> None:
        await asyncio.wait_for(self._called.wait(), 5)
        self._called.clear()


def _slow_command(release: asyncio.Event, started: asyncio.Queue[int]) -> app_commands.Command:
    @app_commands.command(name="slow", description="Answers when the test says so")
    async def slow(interaction: discord.Interaction) -> None:
        started.put_nowait(interaction.id)
        await release.wait()
        await interaction.response.send_message(
            "done", allowed_mentions=discord.AllowedMentions.none()
        )

    return slow


async def test_idle_work_waits_for_the_last_interaction_in_flight(
    sandbox: SandboxDiscord, make_bot: BotFactory
) -> None:
    release, started = asyncio.Event(), asyncio.Queue[int]()
    idle = IdleCalls()
    bot = make_bot()
    bot.tree.add_command(_slow_command(release, started))
    async with connected(bot, sandbox.token):
        bot.tree.on_idle = idle
        replies = [asyncio.create_task(sandbox.invoke("slow")) for _ in range(2)]
        for _ in replies:
            await started.get()
        # Both in flight; a quick one comes and goes meanwhile, which must not count as idle.
        assert (await sandbox.invoke("fee", {"amount": "100"})).embeds
        release.set()
        assert [(await reply).content for reply in replies] == ["done", "done"]
        assert await bot.tree.wait_idle(5)
        await idle.next()
        assert idle.count == 1


async def test_idle_work_runs_after_each_interaction_when_they_come_one_at_a_time(
    sandbox: SandboxDiscord, make_bot: BotFactory
) -> None:
    idle = IdleCalls()
    bot = make_bot()
    async with connected(bot, sandbox.token):
        bot.tree.on_idle = idle
        for amount in ("100", "200", "300"):
            await sandbox.invoke("fee", {"amount": amount})
            await idle.next()
        assert idle.count == 3


async def test_a_ready_bot_collects_when_idle_with_the_collector_as_backstop(
    sandbox: SandboxDiscord, make_bot: BotFactory, restored_interpreter: None
) -> None:
    bot = make_bot()
    async with connected(bot, sandbox.token):
        await tune_when_ready(bot)
        assert bot.tree.on_idle is collect_if_due
        assert gc.get_threshold()[0] == BACKSTOP_THRESHOLD
