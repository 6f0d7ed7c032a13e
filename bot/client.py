"""The Gigwise Discord client: which features it loads, how it syncs commands, what it caches.

Interactions reach a bot whatever its intents, so Gigwise asks only for `guilds` and keeps no member or
message cache: a bot in thousands of servers stays small.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

import discord
from discord.ext import commands

from advisor.warmup import warm_up
from bot.command_sync import sync_if_changed
from bot.settings import Settings
from bot.tree import GigwiseTree
from commands.heavy_jobs import HeavyJobs
from commands.services import MemberRates, ServerDefaults, quota_check
from db.database import Database
from db.import_slices import STALE_AFTER, recover_unfinished_imports, unfinished_import_wait
from db.repositories.bot_state import BotStateRepository

log = logging.getLogger(__name__)

# The feature packages, each with a `setup(bot)`; the order is the order /help lists them in.
FEATURES = (
    "commands.fees",
    "commands.disputes",
    "commands.screening",
    "commands.community",
    "commands.contracts",
    "commands.clients",
    "commands.earnings",
    "commands.momentum",
    "commands.imports",
    "commands.privacy",
    "commands.server_settings",
    "commands.profile",
    "commands.help",
)


class GigwiseBot(commands.AutoShardedBot):
    """discord.py's Bot with Gigwise's features, database and command-sync policy.

    Sharded from the start: one process owns every shard by default (SHARD_COUNT 1), and a large
    community runs several processes, each owning some shards (SHARD_COUNT, SHARD_IDS), on one
    PostgreSQL database.
    """

    tree: GigwiseTree

    def __init__(
        self,
        settings: Settings,
        database: Database,
        *,
        sync_on_start: bool = True,
        remember_sync: bool = True,
        warm_up_when_ready: bool = True,
        **options: Any,
    ) -> None:
        # Gigwise never joins voice; without this discord.py warns at every start about voice libraries.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        # No intents at all: interactions arrive whatever the intents, and carry the member, the
        # server id and the permissions an answer needs. Without GUILDS Discord sends no server's
        # channels, roles and emojis, so memory does not grow with the number of servers.
        intents = discord.Intents.none()
        if settings.jobs_channels:
            # The screened jobs channel reads the posts of the channels servers chose: guild
            # messages to be told of them, message content (privileged) to read them. Intents
            # are per connection, so this is the owner's switch, not a server's.
            intents.guild_messages = intents.message_content = True
        options.setdefault("chunk_guilds_at_startup", False)
        # discord.py waits this long after the last server arrives before calling itself ready
        # (2 s by default). Without the GUILDS intent no server ever arrives, so any wait is
        # start-up time lost.
        options.setdefault("guild_ready_timeout", 0)
        options.setdefault("shard_count", settings.shard_count or 1)
        if settings.shard_ids is not None:
            options.setdefault("shard_ids", list(settings.shard_ids))
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents,
            tree_cls=GigwiseTree,
            allowed_mentions=discord.AllowedMentions.none(),
            member_cache_flags=discord.MemberCacheFlags.none(),
            max_messages=None,
            **options,
        )
        self.settings = settings
        self.database = database
        self.server_defaults = ServerDefaults(database)
        self.member_rates = MemberRates(database)
        self.heavy_jobs = HeavyJobs(settings.heavy_jobs)
        self.quota_check = quota_check(settings.quotas)
        self._recovery: asyncio.Task[None] | None = None
        self.sync_on_start = sync_on_start
        # The sandbox starts empty every time, so it is always synced and never recorded: recording it would
        # make a later run against Discord believe its commands were already registered.
        self.remember_sync = remember_sync
        # A process that answers one command and exits (`gigwise ask`) has no first member to
        # get ready for: warming up would only delay its answer.
        self.warm_up_when_ready = warm_up_when_ready

    async def setup_hook(self) -> None:
        # Imports a stopped process left half written are undone before members are answered,
        # and those still fresh once they go stale (db.import_slices).
        await recover_unfinished_imports(self.database)
        self._recovery = asyncio.get_running_loop().create_task(
            self._recover_when_stale(), name="gigwise-import-recovery"
        )
        for feature in FEATURES:
            await self.load_extension(feature)
        if self.settings.guild_id is not None:
            # A test server sees new commands at once; global ones can take a while to spread.
            self.tree.copy_global_to(guild=discord.Object(self.settings.guild_id))
        if self.sync_on_start:
            await self.sync_commands(force=not self.remember_sync)

    async def sync_commands(self, *, guild_id: int | None = None, force: bool = False) -> bool:
        """Register the commands for one scope (the configured guild, or global) if they changed."""
        scope = guild_id if guild_id is not None else self.settings.guild_id
        if scope is not None and not self.tree.get_commands(guild=discord.Object(scope)):
            self.tree.copy_global_to(guild=discord.Object(scope))
        return await sync_if_changed(
            self.tree,
            scope,
            self._load_sync_hash,
            self._save_sync_hash if self.remember_sync else _forget_sync_hash,
            force=force,
        )

    async def _load_sync_hash(self, key: str) -> str | None:
        async with self.database.read() as reads:
            return await BotStateRepository(reads).get(key)

    async def _save_sync_hash(self, key: str, digest: str) -> None:
        async with self.database.write() as writes:
            await BotStateRepository(writes).set(key, digest)

    async def _recover_when_stale(self) -> None:
        """Undo unfinished imports as they go stale: one fresh at start-up (this process's
        before a quick restart, or a process's that stopped meanwhile), or one whose undoing
        failed. One short read every `STALE_AFTER` seconds while there is none."""
        while True:
            try:
                wait = await unfinished_import_wait(self.database)
                if wait is not None and wait <= 0:
                    await recover_unfinished_imports(self.database)
                    wait = 0
            except Exception:
                log.exception("Undoing an unfinished import failed; trying again later")
                wait = None
            await asyncio.sleep(STALE_AFTER if wait is None else wait + 1)

    async def close(self) -> None:
        if self._recovery is not None:
            self._recovery.cancel()
        await super().close()

    async def on_ready(self) -> None:
        log.info("Ready as %s in %d servers", self.user, len(self.guilds))
        if self.warm_up_when_ready:
            # What start-up put off (half a second of compiling screening patterns), done before
            # the first member needs it, on a thread so that the loop keeps answering meanwhile.
            # A daemon thread: a process that stops before it ends does not wait for it.
            threading.Thread(target=warm_up, name="gigwise-warm-up", daemon=True).start()


async def _forget_sync_hash(key: str, digest: str) -> None:
    """Where a sandbox sync's hash goes: nowhere."""
