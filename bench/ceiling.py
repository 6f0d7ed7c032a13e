"""The reference bots Gigwise is measured against: bare discord.py, doing no work of its own.

- `bare`: one slash command, `/ceiling`, that answers a fixed embed. It keeps Gigwise's
  client settings (guilds intent only, no member or message cache, no pings), so what separates
  it from Gigwise is Gigwise's own work: the ceiling of discord.py on this machine.
- `default`: the same bot as discord.py configures it out of the box (`Intents.default()`, the
  default member cache and message cache): the yardstick for Gigwise's memory.

With `database=True` (`--database`), the bot also opens a database the way Gigwise's stack does,
with SQLAlchemy's asyncio engine over aiosqlite, before it connects. It still does no work of its
own: its memory is the least that any bot built on discord.py and SQLAlchemy holds.

Run one as `python -m bench.ceiling [--caches bare|default] [--database]` with DISCORD_TOKEN,
DISCORD_API_URL and DISCORD_GATEWAY_URL set; it prints READY_MARKER once on_ready has fired, and
stops on SIGTERM. Without `--database` it imports nothing but discord.py, so its memory is
discord.py's alone.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any

import discord
import discord.gateway
import discord.http
import yarl
from discord import app_commands

READY_MARKER = "bench-bot ready"
COMMAND_NAME = "ceiling"
ANSWER_TITLE = "Ceiling"
ANSWER = discord.Embed(
    title=ANSWER_TITLE,
    description="A fixed answer: no parsing, no database, no arithmetic.",
    colour=discord.Colour.dark_grey(),
)
CACHES = ("bare", "default")


@app_commands.command(name=COMMAND_NAME, description="Answer a fixed embed and do nothing else.")
@app_commands.describe(text="Ignored: lets a call carry as much text as the command it stands for")
async def ceiling(
    interaction: discord.Interaction, text: app_commands.Range[str, 1, 6000] | None = None
) -> None:
    await interaction.response.send_message(embed=ANSWER)


class CeilingBot(discord.Client):
    """A discord.py client with one command tree and nothing else."""

    def __init__(self, caches: str = "bare", *, database: bool = False, **options: object) -> None:
        if caches not in CACHES:
            raise ValueError(f"caches must be one of {', '.join(CACHES)}")
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        if caches == "default":
            settings: dict[str, object] = {"intents": discord.Intents.default()}
        else:
            # Gigwise's own settings (bot.client): no intents, no member or message cache.
            settings = {
                "intents": discord.Intents.none(),
                "member_cache_flags": discord.MemberCacheFlags.none(),
                "max_messages": None,
                "chunk_guilds_at_startup": False,
            }
        settings.update(options)
        super().__init__(allowed_mentions=discord.AllowedMentions.none(), **settings)  # type: ignore[arg-type]
        self.tree = app_commands.CommandTree(self)
        self.tree.add_command(ceiling)
        self.database = database
        # SQLAlchemy's AsyncConnection once setup_hook has opened it, kept open as Gigwise keeps
        # its own; typed loosely so that this module imports SQLAlchemy only when asked to.
        self.connection: Any = None

    async def setup_hook(self) -> None:
        if self.database:
            self.connection = await open_database()
        await self.tree.sync()

    async def close(self) -> None:
        await super().close()
        if self.connection is not None:
            await self.connection.close()
            await self.connection.engine.dispose()

    async def on_ready(self) -> None:
        print(f"{READY_MARKER} in {len(self.guilds)} guilds", flush=True)


async def open_database() -> Any:
    """A connection to an in-memory SQLite database through SQLAlchemy's asyncio engine, with one
    statement run on it: the modules and the connection that such a bot holds at the least."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    connection = await create_async_engine("sqlite+aiosqlite://").connect()
    await connection.execute(text("SELECT 1"))
    return connection


def point_at(api_url: str, gateway_url: str) -> None:
    # The same two class attributes Gigwise sets from DISCORD_API_URL and DISCORD_GATEWAY_URL,
    # set here without importing Gigwise so that this process holds discord.py alone.
    discord.http.Route.BASE = api_url.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


async def serve(caches: str, database: bool) -> None:
    point_at(os.environ["DISCORD_API_URL"], os.environ["DISCORD_GATEWAY_URL"])
    bot = CeilingBot(caches, database=database)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    runner = asyncio.create_task(bot.start(os.environ["DISCORD_TOKEN"]))
    stopper = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopper.cancel()
        await bot.close()
        if runner.done():
            runner.result()
        else:
            runner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await runner


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.ceiling", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--caches", choices=CACHES, default="bare")
    parser.add_argument(
        "--database",
        action="store_true",
        help="also open a database with SQLAlchemy's asyncio engine over aiosqlite",
    )
    args = parser.parse_args(argv)
    asyncio.run(serve(args.caches, args.database))
    return 0


if __name__ == "__main__":
    sys.exit(main())
