"""What the community features share while the bot runs: each server's approved warnings and
settings, kept a minute, and the map of jobs channels.

A job post or a new client is checked against its server's approved warnings on every /screen
and /contract, so they are read once a minute per server, not per command; a review, a
withdrawal or a settings change here is seen at once (another process sees it within the minute).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

import discord
from discord.ext import commands

from advisor.community import (
    ClientWarning,
    NeverAgainEntry,
    WarningSummary,
    client_key,
    find_names,
    links_in,
    summarise,
)
from advisor.community.settings import CommunitySettings, may_moderate
from commands.kept import Kept
from commands.services import database_of
from db.database import Database
from db.repositories.clients import ClientRepository
from db.repositories.community_settings import CommunitySettingsRepository
from db.repositories.never_again import NeverAgainRepository
from db.repositories.warnings import WarningRepository

# How long another process's change may take to be seen here.
TTL_SECONDS = 60.0


class CommunityMemory:
    """Each server's approved warnings and community settings, kept `ttl` seconds."""

    def __init__(
        self,
        database: Database,
        *,
        ttl: float = TTL_SECONDS,
        maxsize: int = 10_000,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self.database = database
        self._warnings: Kept[int, tuple[ClientWarning, ...]] = Kept(
            "approved warnings", maxsize, ttl=ttl, timer=timer
        )
        self._settings: Kept[int, CommunitySettings] = Kept(
            "community settings", maxsize, ttl=ttl, timer=timer
        )
        # Jobs channel id -> its server's settings; None until first loaded.
        self.jobs_channels: dict[int, CommunitySettings] | None = None
        self._jobs_loaded_at = 0.0
        self._ttl = ttl
        self._timer = timer

    async def settings(self, guild_id: int) -> CommunitySettings:
        kept = self._settings.get(guild_id)
        if kept is not None:
            return kept
        async with self.database.read() as reads:
            settings = await CommunitySettingsRepository(reads).get(guild_id)
        return self._settings.put(guild_id, settings)

    def remember(self, settings: CommunitySettings) -> None:
        """Settings just saved: seen at once, jobs channel included."""
        self._settings.put(settings.guild_id, settings)
        if self.jobs_channels is not None:
            for channel_id, kept in list(self.jobs_channels.items()):
                if kept.guild_id == settings.guild_id:
                    del self.jobs_channels[channel_id]
            if settings.jobs_channel_id is not None:
                self.jobs_channels[settings.jobs_channel_id] = settings

    async def approved(self, guild_id: int) -> tuple[ClientWarning, ...]:
        kept = self._warnings.get(guild_id)
        if kept is not None:
            return kept
        async with self.database.read() as reads:
            warnings = tuple(await WarningRepository(reads).approved(guild_id))
        return self._warnings.put(guild_id, warnings)

    def changed(self, guild_id: int) -> None:
        """The server's approved warnings changed: read them again next time."""
        self._warnings.forget(guild_id)

    async def about_post(
        self, guild_id: int | None, post: str, client: str | None, today: date
    ) -> list[WarningSummary]:
        """Approved warnings about any client the post names or links, or `client`."""
        if guild_id is None:
            return []
        warnings = await self.approved(guild_id)
        if not warnings:
            return []
        settings = await self.settings(guild_id)
        by_key = {warning.client_key: warning.client_key for warning in warnings}
        keys = set(find_names(post, by_key))
        if client:
            keys.add(client_key(client))
        links = set(links_in(post)) | set(links_in(client or ""))
        chosen = [
            warning
            for warning in warnings
            if warning.client_key in keys
            or (warning.profile_link and warning.profile_link in links)
        ]
        return summarise(chosen, today, settings.expiry_months)

    async def about_client(self, guild_id: int, name: str, today: date) -> WarningSummary | None:
        """The approved warnings about one client, if any."""
        key = client_key(name)
        warnings = [w for w in await self.approved(guild_id) if w.client_key == key]
        if not warnings:
            return None
        settings = await self.settings(guild_id)
        summaries = summarise(warnings, today, settings.expiry_months)
        return summaries[0] if summaries else None

    async def about_new_client(
        self, guild_id: int | None, member_id: int, name: str, today: date
    ) -> tuple[WarningSummary | None, NeverAgainEntry | None]:
        """What to tell a member starting work with `name`, if it is new to them: the server's
        approved warnings and their own never-again entry (both None when there is nothing)."""
        summary = None
        if guild_id is not None:
            summary = await self.about_client(guild_id, name, today)
        async with self.database.read() as reads:
            entry = await NeverAgainRepository(reads).find(member_id, name)
            if summary is None and entry is None:
                return None, None
            if await ClientRepository(reads).find(member_id, name) is not None:
                return None, None
        return summary, entry

    async def jobs_channel(self, channel_id: int) -> CommunitySettings | None:
        """The settings of the server whose jobs channel this is, if it is one."""
        now = self._timer()
        if self.jobs_channels is None or now - self._jobs_loaded_at > self._ttl:
            async with self.database.read() as reads:
                self.jobs_channels = await CommunitySettingsRepository(reads).jobs_channels()
            self._jobs_loaded_at = now
        return self.jobs_channels.get(channel_id)


def memory_of(bot: discord.Client | commands.Bot) -> CommunityMemory:
    """The bot's community memory, made on first use: every feature that asks shares one."""
    memory = getattr(bot, "community_memory", None)
    if not isinstance(memory, CommunityMemory):
        memory = CommunityMemory(database_of(bot))  # type: ignore[arg-type]
        bot.community_memory = memory  # type: ignore[union-attr]
    return memory


def member_roles(user: discord.abc.User) -> set[int]:
    """The role ids the member has in the server the interaction came from.

    Gigwise keeps no server's roles (no GUILDS intent), so `Member.roles` is empty; the ids the
    interaction carried are all there is, and all a check needs.
    """
    return {int(role_id) for role_id in getattr(user, "_roles", ())}


async def is_moderator(memory: CommunityMemory, interaction: discord.Interaction) -> bool:
    """Whether the member may moderate this server's warnings: Manage Server, or its role."""
    if interaction.guild_id is None:
        return False
    settings = await memory.settings(interaction.guild_id)
    return may_moderate(
        interaction.permissions.manage_guild,
        member_roles(interaction.user),
        settings.moderator_role_id,
    )
