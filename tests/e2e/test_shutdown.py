"""A shutdown lets the replies in progress finish, and turns newcomers away politely."""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands

from bot.runner import shutdown
from bot.sandbox import SandboxDiscord
from db.database import Database
from tests.e2e.conftest import BotFactory, connected


async def test_in_flight_interaction_finishes_before_the_bot_closes(
    sandbox: SandboxDiscord, make_bot: BotFactory, database: Database
) -> None:
    release = asyncio.Event()
    started = asyncio.Event()

    @app_commands.command(name="slow", description="Answers when the test says so")
    async def slow(interaction: discord.Interaction) -> None:
        started.set()
        await release.wait()
        await interaction.response.send_message(
            "done", allowed_mentions=discord.AllowedMentions.none()
        )

    bot = make_bot()
    bot.tree.add_command(slow)
    async with connected(bot, sandbox.token):
        in_flight = asyncio.create_task(sandbox.invoke("slow"))
        await started.wait()
        closing = asyncio.create_task(shutdown(bot, database))
        # While draining, a new interaction is told to come back instead of being dropped.
        turned_away = await sandbox.invoke("fee", {"amount": "100"})
        assert not closing.done()
        release.set()
        reply = await in_flight
        await closing
    assert reply.content == "done"
    assert turned_away.ephemeral
    assert "restarting" in turned_away.content
    assert bot.is_closed()
