"""How Gigwise connects: no gateway intents, no wait for servers that never come, and what it
puts off until ready."""

from __future__ import annotations

import threading
from pathlib import Path

import discord

from advisor.redflags import patterns
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


def _warm_up_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "gigwise-warm-up"]


async def test_a_running_bot_compiles_the_screening_patterns_off_the_loop_once_ready(
    tmp_path: Path,
) -> None:
    settings = load_settings({"GIGWISE_DATA_DIR": str(tmp_path)})
    database = Database(settings.database_url)
    patterns._tables.cache_clear()
    try:
        await GigwiseBot(settings, database).on_ready()
        for thread in _warm_up_threads():
            thread.join(timeout=30)
        assert patterns._tables.cache_info().currsize == 1
    finally:
        await database.dispose()


async def test_a_bot_answering_once_leaves_the_patterns_to_the_first_screening(
    tmp_path: Path,
) -> None:
    settings = load_settings({"GIGWISE_DATA_DIR": str(tmp_path)})
    database = Database(settings.database_url)
    patterns._tables.cache_clear()
    try:
        await GigwiseBot(settings, database, warm_up_when_ready=False).on_ready()
        assert not _warm_up_threads()
        assert patterns._tables.cache_info().currsize == 0
    finally:
        await database.dispose()
