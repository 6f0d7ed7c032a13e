"""Registering the slash commands with Discord only when they changed since the last time.

Discord rate-limits command registration hard, and a bot that re-syncs on every restart can lock itself
out for minutes. The payload is hashed and the hash kept in the database per scope (global or a guild).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands

log = logging.getLogger(__name__)

HashStore = tuple[Callable[[str], Awaitable[str | None]], Callable[[str, str], Awaitable[None]]]


def scope_key(guild_id: int | None) -> str:
    return "commands:global" if guild_id is None else f"commands:guild:{guild_id}"


def command_payload(
    tree: app_commands.CommandTree[Any], guild_id: int | None
) -> list[dict[str, Any]]:
    """Exactly what `tree.sync()` would send for this scope."""
    guild = discord.Object(guild_id) if guild_id is not None else None
    return [command.to_dict(tree) for command in tree._get_all_commands(guild=guild)]


def payload_hash(payload: list[dict[str, Any]]) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


async def sync_if_changed(
    tree: app_commands.CommandTree[Any],
    guild_id: int | None,
    load_hash: Callable[[str], Awaitable[str | None]],
    save_hash: Callable[[str, str], Awaitable[None]],
    *,
    force: bool = False,
) -> bool:
    """Sync the scope's commands when their payload differs from the last synced one; True if synced."""
    key = scope_key(guild_id)
    digest = payload_hash(command_payload(tree, guild_id))
    if not force and await load_hash(key) == digest:
        log.info("Commands unchanged since the last sync (%s); not syncing", key)
        return False
    guild = discord.Object(guild_id) if guild_id is not None else None
    synced = await tree.sync(guild=guild)
    await save_hash(key, digest)
    log.info("Synced %d commands (%s)", len(synced), key)
    return True
