"""The local console: the real bot and command tree, answering on the sandbox Discord.

`gigwise console` reads commands as a member would type them (`/fee 15000`) and prints each reply as
text; `gigwise ask "/fee 15000"` answers once. Both go through the full discord.py stack, so what the
console shows is what Discord would show: there is no second implementation of any command.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from bot.client import GigwiseBot
from bot.runner import point_discord_at
from bot.sandbox import (
    MANAGER_PERMISSIONS,
    MEMBER_PERMISSIONS,
    CommandLineError,
    Reply,
    SandboxDiscord,
    SandboxTimeout,
    connected,
)
from bot.settings import Settings
from db.startup import open_database

PROMPT = "gigwise> "
GREETING = (
    "Gigwise console: a local Discord sandbox running the real bot.\n"
    "Type a command as you would in Discord, e.g. /fee 15000 or /fee amount:15000 platform:fiverr.\n"
    "/help lists every command; quit or Ctrl-D leaves.\n"
)

# Exit statuses of `gigwise ask`.
ANSWERED, FAILED, REFUSED = 0, 1, 2


@dataclass(frozen=True)
class Identity:
    """Who the console types as: a member of a server, or a direct message when guild_id is None;
    `manager` adds Manage Server, for `/settings`."""

    user_id: int
    guild_id: int | None
    manager: bool = False

    @property
    def permissions(self) -> int:
        return MANAGER_PERMISSIONS if self.manager else MEMBER_PERMISSIONS


class Console:
    """A running sandbox with the bot connected to it."""

    def __init__(self, sandbox: SandboxDiscord, bot: GigwiseBot) -> None:
        self.sandbox = sandbox
        self.bot = bot

    async def ask(self, line: str, identity: Identity) -> tuple[int, str]:
        """Send one typed command; return the exit status and the reply as text."""
        try:
            reply = await self.sandbox.run_line(
                line,
                user_id=identity.user_id,
                guild_id=identity.guild_id,
                permissions=identity.permissions,
            )
        except CommandLineError as error:
            return REFUSED, str(error)
        except SandboxTimeout:
            return FAILED, "Gigwise did not answer in time."
        return self._status(reply), render(reply)

    def _status(self, reply: Reply) -> int:
        if reply.interaction_id in self.bot.tree.refused:
            return REFUSED
        if reply.interaction_id in self.bot.tree.failed:
            return FAILED
        return ANSWERED


def render(reply: Reply) -> str:
    text = reply.text()
    return f"(only you can see this)\n{text}" if reply.ephemeral else text


@contextlib.asynccontextmanager
async def running_console(settings: Settings) -> AsyncIterator[Console]:
    """Start the sandbox, open the database, connect the bot; tear all three down afterwards."""
    database = await open_database(settings.database_url)
    try:
        # The console is a person at a keyboard: interactions carry the real time, so "today",
        # dates like "3 days ago" and cooldowns behave as they would in Discord.
        async with SandboxDiscord(real_clock=True) as sandbox:
            sandbox_settings = dataclasses.replace(
                settings,
                discord_api_url=sandbox.api_url,
                discord_gateway_url=sandbox.gateway_url,
                guild_id=None,
            )
            point_discord_at(sandbox_settings)
            bot = GigwiseBot(
                sandbox_settings, database, remember_sync=False, guild_ready_timeout=0.01
            )
            async with connected(bot, sandbox.token):
                yield Console(sandbox, bot)
    finally:
        await database.dispose()


async def ask_once(settings: Settings, line: str, identity: Identity) -> int:
    async with running_console(settings) as console:
        status, text = await console.ask(line, identity)
    print(text)
    return status


async def interactive(
    settings: Settings, identity: Identity, read_line: Callable[[str], str] = input
) -> int:
    print(GREETING)
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (history and line editing for input())
    async with running_console(settings) as console:
        while True:
            try:
                # input() blocks; a thread keeps the gateway's heartbeats going meanwhile.
                line = (await asyncio.to_thread(read_line, PROMPT)).strip()
            except (EOFError, KeyboardInterrupt):
                print()
                break
            if line.lower() in {"quit", "exit", "q"}:
                break
            if not line:
                continue
            _, text = await console.ask(line, identity)
            print(text, end="\n\n")
            sys.stdout.flush()
    return ANSWERED
