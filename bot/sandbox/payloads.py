"""Discord JSON objects as the sandbox sends them: users, guilds, channels, messages, interactions.

Each builder returns the smallest payload that discord.py 2.7 parses without a KeyError, filled
the way Discord fills it, so that the bot under test cannot tell the sandbox from the real thing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

DISCORD_EPOCH_MS = 1_420_070_400_000

# Fixed ids make payload snapshots stable from one run to the next.
DEFAULT_APPLICATION_ID = 1_300_000_000_000_000_000
DEFAULT_BOT_USER_ID = DEFAULT_APPLICATION_ID
DEFAULT_GUILD_ID = 1_100_000_000_000_000_000
DEFAULT_USER_ID = 1_200_000_000_000_000_000

# A normal member, without Manage Server: invite, react, stream, view, send, embed, attach, read
# history, external emojis, connect, speak, voice activity, nickname, application commands,
# threads, external stickers, activities.
_MEMBER_PERMISSION_BITS = (0, 6, 9, 10, 11, 14, 15, 16, 18, 20, 21, 25, 26, 31, 35, 36, 37, 38, 39)
MEMBER_PERMISSIONS = sum(1 << bit for bit in _MEMBER_PERMISSION_BITS)
MANAGE_GUILD = 1 << 5
ADMINISTRATOR = 1 << 3
MANAGER_PERMISSIONS = MEMBER_PERMISSIONS | MANAGE_GUILD
# What the bot itself may do in a channel: a member's rights plus embeds and files.
BOT_PERMISSIONS = MEMBER_PERMISSIONS

ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024
EPHEMERAL = 1 << 6
LOADING = 1 << 7
SANDBOX_TIMESTAMP = "2025-01-01T00:00:00.000000+00:00"

GUILD_INSTALL = "0"
USER_INSTALL = "1"
CONTEXT_GUILD = 0
CONTEXT_BOT_DM = 1


class SnowflakeSource:
    """Hands out increasing snowflake ids, deterministic from one sandbox to the next.

    An id carries the time it was made, and discord.py reads an interaction's time from its id
    (cooldowns, `created_at`). The sandbox's clock stands still unless `advance` moves it, so a
    test decides when a cooldown runs out instead of sleeping through it. Given `now_ms` (the
    console's wall clock), ids follow real time instead, and `advance` adds to it.
    """

    def __init__(
        self, start_ms: int = 1_735_689_600_000, now_ms: Callable[[], int] | None = None
    ) -> None:
        self._now_ms = now_ms
        self._next = ((now_ms() if now_ms else start_ms) - DISCORD_EPOCH_MS) << 22

    def __call__(self) -> int:
        if self._now_ms is not None:
            self._next = max(self._next, (self._now_ms() - DISCORD_EPOCH_MS) << 22)
        made, self._next = self._next, self._next + 1
        return made

    def advance(self, seconds: float) -> None:
        """Move the time stamped into the next ids forward by `seconds`."""
        if seconds < 0:
            raise ValueError("the sandbox's clock only moves forward")
        self._next += round(seconds * 1000) << 22


def shard_of(guild_id: int | None, shard_count: int) -> int:
    """The shard Discord routes a guild's events to; direct messages go to shard 0."""
    if guild_id is None or shard_count <= 1:
        return 0
    return (guild_id >> 22) % shard_count


def now_timestamp() -> str:
    return datetime.now(UTC).isoformat()


def user(user_id: int, username: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": username,
        "discriminator": "0",
        "global_name": None if bot else username.title(),
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
        "flags": 0,
        "primary_guild": None,
    }


def member(
    user_payload: Mapping[str, Any],
    permissions: int | None = None,
    roles: Sequence[int] = (),
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "user": dict(user_payload),
        "roles": [str(role_id) for role_id in roles],
        "joined_at": SANDBOX_TIMESTAMP,
        "flags": 0,
        "deaf": False,
        "mute": False,
        "nick": None,
        "pending": False,
    }
    if permissions is not None:
        payload["permissions"] = str(permissions)
    return payload


def text_channel(channel_id: int, guild_id: int, name: str = "general") -> dict[str, Any]:
    return {
        "id": str(channel_id),
        "type": 0,
        "guild_id": str(guild_id),
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "rate_limit_per_user": 0,
        "last_message_id": None,
        "flags": 0,
    }


def dm_channel(channel_id: int, recipient: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": str(channel_id),
        "type": 1,
        "last_message_id": None,
        "recipients": [dict(recipient)],
        "flags": 0,
    }


def guild_create(
    guild_id: int, *, name: str, channel: Mapping[str, Any], bot_user: Mapping[str, Any]
) -> dict[str, Any]:
    return {
        "id": str(guild_id),
        "name": name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": str(DEFAULT_USER_ID),
        "unavailable": False,
        "member_count": 2,
        "large": False,
        "features": [],
        "emojis": [],
        "stickers": [],
        "roles": [
            {
                "id": str(guild_id),
                "name": "@everyone",
                "permissions": str(MEMBER_PERMISSIONS),
                "position": 0,
                "color": 0,
                "hoist": False,
                "managed": False,
                "mentionable": False,
                "flags": 0,
            }
        ],
        "channels": [dict(channel)],
        "threads": [],
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "members": [member(bot_user)],
        "joined_at": SANDBOX_TIMESTAMP,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "system_channel_id": None,
        "afk_channel_id": None,
        "afk_timeout": 300,
    }


def ready(
    *,
    bot_user: Mapping[str, Any],
    session_id: str,
    resume_gateway_url: str,
    guild_ids: Sequence[int],
    application_id: int,
    shard: Sequence[int] | None,
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "v": 10,
        "user": dict(bot_user),
        "session_id": session_id,
        "resume_gateway_url": resume_gateway_url,
        "guilds": [{"id": str(guild_id), "unavailable": True} for guild_id in guild_ids],
        "application": {"id": str(application_id), "flags": 0},
        "private_channels": [],
        "relationships": [],
        "user_settings": {},
        "presences": [],
        "geo_ordered_rtc_regions": [],
        "guild_join_requests": [],
    }
    if shard is not None:
        payload["shard"] = list(shard)
    return payload


def application(application_id: int, bot_user: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": str(application_id),
        "name": bot_user["username"],
        "description": "",
        "icon": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": {
            "id": str(DEFAULT_USER_ID),
            "username": "owner",
            "discriminator": "0",
            "global_name": "Owner",
            "avatar": None,
            "public_flags": 0,
        },
        "verify_key": "0" * 64,
        "flags": 0,
        "interactions_endpoint_url": None,
        "bot": dict(bot_user),
    }


def attachment(
    attachment_id: int, filename: str, size: int, url: str, content_type: str | None
) -> dict[str, Any]:
    return {
        "id": str(attachment_id),
        "filename": filename,
        "size": size,
        "url": url,
        "proxy_url": url,
        "content_type": content_type,
        "ephemeral": False,
    }


def message(
    *,
    message_id: int,
    channel_id: int,
    author: Mapping[str, Any],
    content: str = "",
    embeds: Sequence[Any] = (),
    components: Sequence[Any] = (),
    attachments: Sequence[Any] = (),
    flags: int = 0,
    message_type: int = 0,
    guild_id: int | None = None,
    application_id: int | None = None,
    interaction_metadata: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "type": message_type,
        "content": content,
        "author": dict(author),
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": list(attachments),
        "embeds": list(embeds),
        "components": list(components),
        "flags": flags,
        "timestamp": now_timestamp(),
        "edited_timestamp": None,
        "pinned": False,
    }
    if guild_id is not None:
        payload["guild_id"] = str(guild_id)
    if application_id is not None:
        payload["application_id"] = str(application_id)
        payload["webhook_id"] = str(application_id)
    if interaction_metadata is not None:
        payload["interaction_metadata"] = dict(interaction_metadata)
    return payload


def interaction(
    *,
    interaction_id: int,
    interaction_type: int,
    token: str,
    application_id: int,
    invoker: Mapping[str, Any],
    channel: Mapping[str, Any],
    guild_id: int | None,
    permissions: int,
    data: Mapping[str, Any] | None,
    locale: str = "en-US",
    message_payload: Mapping[str, Any] | None = None,
    roles: Sequence[int] = (),
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": str(interaction_id),
        "application_id": str(application_id),
        "type": interaction_type,
        "token": token,
        "version": 1,
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        "channel_id": channel["id"],
        "channel": dict(channel),
        "app_permissions": str(BOT_PERMISSIONS),
        "locale": locale,
        "entitlements": [],
        "entitlement_sku_ids": [],
    }
    if data is not None:
        payload["data"] = dict(data)
    if guild_id is None:
        payload["user"] = dict(invoker)
        payload["context"] = CONTEXT_BOT_DM
        payload["authorizing_integration_owners"] = {USER_INSTALL: invoker["id"]}
    else:
        payload["guild_id"] = str(guild_id)
        payload["guild_locale"] = "en-US"
        payload["guild"] = {"id": str(guild_id), "locale": "en-US", "features": []}
        payload["member"] = member(invoker, permissions, roles)
        payload["context"] = CONTEXT_GUILD
        payload["authorizing_integration_owners"] = {GUILD_INSTALL: str(guild_id)}
    if message_payload is not None:
        payload["message"] = dict(message_payload)
    return payload


# Gateway intents the channel-message events depend on.
GUILD_MESSAGES_INTENT = 1 << 9
MESSAGE_CONTENT_INTENT = 1 << 15
PUBLIC_THREAD = 11


def thread_channel(
    thread_id: int, parent: Mapping[str, Any], name: str, owner_id: int, archive_minutes: int
) -> dict[str, Any]:
    """A public thread started from a message, as POST .../messages/{id}/threads answers."""
    return {
        "id": str(thread_id),
        "type": PUBLIC_THREAD,
        "guild_id": parent["guild_id"],
        "parent_id": parent["id"],
        "owner_id": str(owner_id),
        "name": name,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "flags": 0,
        "message_count": 0,
        "member_count": 1,
        "total_message_sent": 0,
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": archive_minutes,
            "archive_timestamp": now_timestamp(),
            "locked": False,
            "create_timestamp": now_timestamp(),
        },
    }


def message_delete(message: Mapping[str, Any]) -> dict[str, Any]:
    """MESSAGE_DELETE's data: the message's id and where it was."""
    data = {"id": message["id"], "channel_id": message["channel_id"]}
    if "guild_id" in message:
        data["guild_id"] = message["guild_id"]
    return data


def as_seen_by(message: Mapping[str, Any], intents: int) -> dict[str, Any]:
    """A member's message as a session with `intents` receives it: without the message-content
    intent, Discord sends it with its text, embeds, attachments and components emptied."""
    seen = dict(message)
    if not intents & MESSAGE_CONTENT_INTENT:
        seen.update(content="", embeds=[], attachments=[], components=[])
    return seen
