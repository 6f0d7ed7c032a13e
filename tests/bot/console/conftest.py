"""A console typing to the rehearsal bot, which has every kind of component, plus a select menu
and a command that waits until the test lets it answer."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import discord
import pytest
from discord import app_commands

from bot.console import Console, Identity
from bot.sandbox import DEFAULT_GUILD_ID, DEFAULT_USER_ID, SandboxDiscord
from tests.bot.sandbox.conftest import connected, point_at
from tests.bot.sandbox.rehearsal_bot import RehearsalBot


class PlatformPicker(discord.ui.View):
    @discord.ui.select(
        custom_id="platform",
        placeholder="Platform",
        options=[
            discord.SelectOption(label="Fiverr", value="fiverr"),
            discord.SelectOption(label="Upwork", value="upwork"),
        ],
        max_values=2,
    )
    async def picked(
        self, interaction: discord.Interaction, select: discord.ui.Select[Any]
    ) -> None:
        await interaction.response.send_message(f"Picked {', '.join(select.values)}")


class ConsoleRehearsalBot(RehearsalBot):
    """The rehearsal bot with a select menu (/pick) and a command that holds its answer (/hold)."""

    def __init__(self) -> None:
        super().__init__()
        self.holding = asyncio.Event()
        self.release = asyncio.Event()

        @self.tree.command(description="Pick platforms")
        async def pick(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("Where?", view=PlatformPicker())

        @self.tree.command(description="Answer when the test says so")
        async def hold(interaction: discord.Interaction) -> None:
            self.holding.set()
            await self.release.wait()
            await interaction.response.send_message("Released")

        @self.tree.command(description="Hold a choice")
        @app_commands.choices(
            colour=[
                app_commands.Choice(name="Deep sea blue", value="navy"),
                app_commands.Choice(name="Red", value="red"),
            ]
        )
        async def paint(interaction: discord.Interaction, colour: app_commands.Choice[str]) -> None:
            await interaction.response.send_message(f"Painted {colour.value}")


@pytest.fixture
async def sandbox(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[SandboxDiscord]:
    async with SandboxDiscord() as started:
        point_at(monkeypatch, started)
        yield started


@pytest.fixture
async def rehearsal(sandbox: SandboxDiscord) -> AsyncIterator[ConsoleRehearsalBot]:
    bot = ConsoleRehearsalBot()
    async with connected(bot, sandbox.token):
        yield bot
        # A held command must answer before the bot closes, or its task is left pending.
        bot.release.set()
    assert sandbox.unknown_routes == []


@pytest.fixture
def console(sandbox: SandboxDiscord, rehearsal: ConsoleRehearsalBot, tmp_path: Path) -> Console:
    return Console(
        sandbox, Identity(DEFAULT_USER_ID, DEFAULT_GUILD_ID), tmp_path / "files", timeout=30
    )
