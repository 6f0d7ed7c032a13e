"""Running Gigwise against Discord (or anything that speaks its API) until told to stop.

SIGTERM and SIGINT stop the gateway from taking new interactions, let the ones in flight finish,
then close the connection and the database, so a deploy never cuts a member's reply in half.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

import discord

from bot.client import GigwiseBot
from bot.endpoints import point_discord_py_at
from bot.interpreter import collect_if_due, tune_for_serving
from bot.settings import Settings, SettingsError
from db.database import Database
from db.startup import open_database

log = logging.getLogger(__name__)

# How long in-flight interactions may take to finish once a shutdown starts; Discord gives 3 s to answer
# and 15 min to follow up, so this covers every ordinary reply.
DRAIN_SECONDS = 10.0


def point_discord_at(settings: Settings) -> None:
    """Honour DISCORD_API_URL and DISCORD_GATEWAY_URL (REST and gateway proxies, the sandbox)."""
    if settings.discord_api_url or settings.discord_gateway_url:
        point_discord_py_at(
            settings.discord_api_url or discord.http.Route.BASE,
            settings.discord_gateway_url or str(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY),
        )


async def shutdown(bot: GigwiseBot, database: Database) -> None:
    """Stop taking interactions, let the running ones finish, then close everything."""
    bot.tree.accepting = False
    if not await bot.tree.wait_idle(DRAIN_SECONDS):
        log.warning(
            "Some interactions were still running after %.0f s; closing anyway", DRAIN_SECONDS
        )
    await bot.close()
    await database.dispose()


async def tune_when_ready(bot: GigwiseBot) -> None:
    """Once the bot is ready, take the interpreter settings for serving (bot.interpreter), and
    collect garbage whenever no interaction is being handled."""
    # Once, in the bot's own process only: tests run many bots in one process and must not
    # pin each one's objects in the collector's permanent generation (see bot.interpreter).
    await bot.wait_until_ready()
    tune_for_serving()
    bot.tree.on_idle = collect_if_due


async def serve(settings: Settings) -> None:
    """Connect to Discord and answer interactions until SIGTERM or SIGINT."""
    if settings.discord_token is None:
        raise SettingsError(
            "DISCORD_TOKEN", "is not set (or run `gigwise console` to try Gigwise locally)"
        )
    point_discord_at(settings)
    database = await open_database(settings.database_url, lock_wait=settings.database_lock_wait)
    bot = GigwiseBot(settings, database)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)

    runner = asyncio.create_task(bot.start(settings.discord_token.reveal()), name="gigwise-gateway")
    stopper = asyncio.create_task(stop.wait(), name="gigwise-stop")
    tuner = asyncio.create_task(tune_when_ready(bot), name="gigwise-tune")
    try:
        await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopper.cancel()
        tuner.cancel()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
        if not runner.done():
            log.info("Shutting down")
        await shutdown(bot, database)
        if runner.done():
            with contextlib.suppress(asyncio.CancelledError):
                # Re-raise a login failure or a crash of the gateway task for main() to report.
                runner.result()
        else:
            runner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await runner
