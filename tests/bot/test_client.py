"""How Gigwise connects: no gateway intents, and no wait for servers that never come."""

from __future__ import annotations

from pathlib import Path

import discord

from bot.client import GigwiseBot
from bot.settings import load_settings
from db.database import Database


async def test_gigwise_asks_for_no_intents_and_waits_for_no_servers(tmp_path: Path) -> None:
    settings = load_settings({"GIGWISE_DATA_DIR": str(tmp_path)})
    database = Database(settings.database_url)
    try:
        bot = GigwiseBot(settings, database)
        assert bot.intents == discord.Intents.none()
        # discord.py's own setting: how long to wait after the last GUILD_CREATE before ready.
        assert bot._connection.guild_ready_timeout == 0
    finally:
        await database.dispose()
