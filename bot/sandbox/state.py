"""The sandbox's little model of Discord: users, channels, messages, files, commands, interactions.

The REST handlers change it and the driving API (invoke, click, ...) reads it; nothing here
touches the network.
"""

from __future__ import annotations

import asyncio
import mimetypes
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.sandbox import payloads
from bot.sandbox.pending import PendingInteraction, is_loading
from bot.sandbox.recording import RecordedRequest, SyncRequest

# Interactions and messages kept for late edits and follow-ups; older ones are forgotten so a
# long benchmark does not grow without bound.
KEEP_LIMIT = 50_000
_KEPT_FLAGS = payloads.EPHEMERAL | (1 << 2) | (1 << 12) | (1 << 15)


@dataclass(frozen=True)
class StoredFile:
    filename: str
    content: bytes
    content_type: str


@dataclass(frozen=True)
class CallbackFault:
    """A failure the next interaction callback answers with instead of succeeding.

    With `applied`, Discord carries the callback out and only its answer is the failure, as when
    its edge times out on a request that went through: the bot cannot tell, and retries.
    """

    status: int
    retry_after: float = 0.0
    applied: bool = False


@dataclass(frozen=True)
class RequestFault:
    """A failure the next request to one route answers with, before the route is served.

    With `echo_token`, the error's message repeats the bot's Authorization header (`Bot
    <token>`), as a proxy or a verbose error page that echoes request headers does: the bot then
    holds its own token in an exception, and whatever reports that exception must not show it.
    Interaction callbacks and follow-ups carry no Authorization header; for them the echo stands
    for any error that holds the token (a shared proxy's error page repeating an earlier request).
    """

    status: int
    echo_token: bool = False


# Discord's interaction deadlines, in seconds.
RESPONSE_DEADLINE = 3.0
FOLLOWUP_WINDOW = 15 * 60.0


class SandboxState:
    def now(self) -> float:
        """The sandbox's monotonic time, moved on by `advance_clock` as the ids' time is."""
        return time.perf_counter() + self.advanced

    def __init__(
        self,
        *,
        token: str,
        application_id: int,
        bot_user_id: int,
        bot_name: str,
        guild_ids: Sequence[int],
        real_clock: bool = False,
        response_deadline: float | None = RESPONSE_DEADLINE,
    ) -> None:
        self.token = token
        # Discord's limits on answering an interaction: a first response within 3 s, then
        # follow-ups and edits for 15 minutes. None leaves the first unenforced.
        self.response_deadline = response_deadline
        self.followup_window = FOLLOWUP_WINDOW
        # Seconds the test moved the clock on (advance_clock): deadlines count them too.
        self.advanced = 0.0
        # Interactions whose first response came too late, as Discord would have refused it.
        self.late_interactions: list[int] = []
        self.application_id = application_id
        self.snowflake = payloads.SnowflakeSource(
            now_ms=(lambda: time.time_ns() // 1_000_000) if real_clock else None
        )
        self.bot_user = payloads.user(bot_user_id, bot_name, bot=True)
        self.guild_ids = list(guild_ids)
        self.base_url = ""
        self.users: dict[int, dict[str, Any]] = {}
        # The roles a member holds in a server, carried on each of their interactions there.
        self.member_roles: dict[tuple[int, int], list[int]] = {}
        self.guild_channels = {
            guild_id: payloads.text_channel(self.snowflake(), guild_id) for guild_id in guild_ids
        }
        self.dm_channels: dict[int, dict[str, Any]] = {}
        # Channels beyond each guild's first (a #jobs channel), and threads the bot started.
        self.more_channels: dict[int, dict[str, Any]] = {}
        self.threads: dict[int, dict[str, Any]] = {}
        self.messages: dict[int, dict[str, Any]] = {}
        self.allowed_mentions: dict[int, Any] = {}
        self.files: dict[int, StoredFile] = {}
        self.pending: dict[int, PendingInteraction] = {}
        self.by_token: dict[str, PendingInteraction] = {}
        self.sent_commands: dict[int | None, list[dict[str, Any]]] = {}
        self.synced_commands: dict[int | None, list[dict[str, Any]]] = {}
        self.command_ids: dict[tuple[int | None, str, int], int] = {}
        self.sync_requests: list[SyncRequest] = []
        self.requests: list[RecordedRequest] = []
        self.unknown_routes: list[RecordedRequest] = []
        self.channel_messages: list[dict[str, Any]] = []
        # Set each time the bot posts to a channel, for tests that wait for a post after a reply.
        self.channel_message_posted = asyncio.Event()
        self.callback_faults: deque[CallbackFault] = deque()
        self.request_faults: dict[str, deque[RequestFault]] = {}
        self.add_user(payloads.DEFAULT_USER_ID, "freelancer")

    # -- people and places ------------------------------------------------------------------

    def add_user(self, user_id: int, username: str) -> dict[str, Any]:
        self.users[user_id] = payloads.user(user_id, username)
        return self.users[user_id]

    def user(self, user_id: int) -> dict[str, Any]:
        known = self.users.get(user_id)
        if known is not None:
            return known
        if user_id == int(self.bot_user["id"]):
            return self.bot_user
        return self.add_user(user_id, f"member{user_id % 10_000}")

    def give_role(self, guild_id: int, user_id: int, role_id: int) -> None:
        roles = self.member_roles.setdefault((guild_id, user_id), [])
        if role_id not in roles:
            roles.append(role_id)

    def take_role(self, guild_id: int, user_id: int, role_id: int) -> None:
        roles = self.member_roles.get((guild_id, user_id), [])
        if role_id in roles:
            roles.remove(role_id)

    def roles_of(self, guild_id: int | None, user_id: int) -> tuple[int, ...]:
        if guild_id is None:
            return ()
        return tuple(self.member_roles.get((guild_id, user_id), ()))

    def channel_for(self, guild_id: int | None, invoker: Mapping[str, Any]) -> dict[str, Any]:
        if guild_id is not None:
            channel = self.guild_channels.get(guild_id)
            if channel is None:
                channel = payloads.text_channel(self.snowflake(), guild_id)
                self.guild_channels[guild_id] = channel
            return channel
        user_id = int(invoker["id"])
        channel = self.dm_channels.get(user_id)
        if channel is None:
            channel = payloads.dm_channel(self.snowflake(), invoker)
            self.dm_channels[user_id] = channel
        return channel

    def add_channel(self, guild_id: int, name: str) -> dict[str, Any]:
        """A text channel called `name` in the guild, made if it does not exist."""
        for channel in self.channels_of(guild_id):
            if channel["name"] == name:
                return channel
        channel = payloads.text_channel(self.snowflake(), guild_id, name)
        self.more_channels[int(channel["id"])] = channel
        return channel

    def channels_of(self, guild_id: int) -> list[dict[str, Any]]:
        first = self.guild_channels.get(guild_id)
        more = [c for c in self.more_channels.values() if c["guild_id"] == str(guild_id)]
        return ([first] if first else []) + more

    def channel(self, channel_id: int) -> dict[str, Any] | None:
        """Any channel or thread the sandbox knows, by id."""
        for channel in (*self.guild_channels.values(), *self.dm_channels.values()):
            if channel["id"] == str(channel_id):
                return channel
        return self.more_channels.get(channel_id) or self.threads.get(channel_id)

    def guild_payload(self, guild_id: int) -> dict[str, Any]:
        return payloads.guild_create(
            guild_id,
            name=f"Sandbox {guild_id % 10_000}",
            channel=self.guild_channels[guild_id],
            bot_user=self.bot_user,
        )

    # -- files ------------------------------------------------------------------------------

    def store_file(self, filename: str, content: bytes, content_type: str | None = None) -> int:
        attachment_id = self.snowflake()
        guessed = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        self.files[attachment_id] = StoredFile(filename, content, guessed)
        _forget_oldest(self.files)
        return attachment_id

    def attachment_payload(self, attachment_id: int) -> dict[str, Any]:
        stored = self.files[attachment_id]
        url = f"{self.base_url}/attachments/{attachment_id}/{stored.filename}"
        return payloads.attachment(
            attachment_id, stored.filename, len(stored.content), url, stored.content_type
        )

    def _attachments(
        self, described: Sequence[Mapping[str, Any]] | None, files: Sequence[tuple[str, bytes]]
    ) -> list[dict[str, Any]]:
        descriptions = {str(item.get("id")): item for item in described or ()}
        uploaded = []
        for index, (filename, content) in enumerate(files):
            attachment_id = self.store_file(filename, content)
            attachment = self.attachment_payload(attachment_id)
            description = descriptions.get(str(index), {}).get("description")
            if description:
                attachment["description"] = description
            uploaded.append(attachment)
        return uploaded

    # -- messages ---------------------------------------------------------------------------

    def create_message(
        self,
        body: Mapping[str, Any],
        files: Sequence[tuple[str, bytes]],
        *,
        channel: Mapping[str, Any],
        guild_id: int | None,
        message_type: int = 0,
        extra_flags: int = 0,
        interaction: PendingInteraction | None = None,
        message_id: int | None = None,
    ) -> dict[str, Any]:
        message_id = message_id or self.snowflake()
        metadata = None
        if interaction is not None:
            metadata = {
                "id": str(interaction.interaction_id),
                "type": interaction.interaction_type,
                "user": dict(interaction.invoker),
                "authorizing_integration_owners": {},
            }
        message = payloads.message(
            message_id=message_id,
            channel_id=int(channel["id"]),
            author=self.bot_user,
            content=str(body.get("content") or ""),
            embeds=body.get("embeds") or (),
            components=body.get("components") or (),
            attachments=self._attachments(body.get("attachments"), files),
            flags=(int(body.get("flags") or 0) & _KEPT_FLAGS) | extra_flags,
            message_type=message_type,
            guild_id=guild_id,
            application_id=self.application_id if interaction is not None else None,
            interaction_metadata=metadata,
        )
        self.messages[message_id] = message
        _forget_oldest(self.messages)
        if "allowed_mentions" in body:
            self.allowed_mentions[message_id] = body["allowed_mentions"]
            _forget_oldest(self.allowed_mentions)
        return message

    def edit_message(
        self, message_id: int, body: Mapping[str, Any], files: Sequence[tuple[str, bytes]]
    ) -> dict[str, Any]:
        old = self.messages[message_id]
        was_loading = is_loading(old)
        message = dict(old)
        if "content" in body:
            message["content"] = body["content"] or ""
        for key in ("embeds", "components"):
            if key in body:
                message[key] = body[key] or []
        if "flags" in body and body["flags"] is not None:
            kept = int(old.get("flags") or 0) & payloads.EPHEMERAL
            message["flags"] = (int(body["flags"]) & _KEPT_FLAGS) | kept
        message["flags"] = int(message.get("flags") or 0) & ~payloads.LOADING
        if "attachments" in body and body["attachments"] is not None:
            keep = {str(item.get("id")) for item in body["attachments"]}
            message["attachments"] = [a for a in old.get("attachments", ()) if a["id"] in keep]
        message["attachments"] = list(message.get("attachments", ())) + self._attachments(
            body.get("attachments"), files
        )
        if not was_loading:
            message["edited_timestamp"] = payloads.now_timestamp()
        self.messages[message_id] = message
        if "allowed_mentions" in body:
            self.allowed_mentions[message_id] = body["allowed_mentions"]
        return message

    # -- interactions -----------------------------------------------------------------------

    def remember(self, pending: PendingInteraction) -> None:
        self.pending[pending.interaction_id] = pending
        self.by_token[pending.token] = pending
        if len(self.pending) > KEEP_LIMIT:
            oldest = self.pending.pop(next(iter(self.pending)))
            self.by_token.pop(oldest.token, None)

    # -- commands ---------------------------------------------------------------------------

    def sync(self, guild_id: int | None, body: list[dict[str, Any]]) -> list[dict[str, Any]]:
        self.sync_requests.append(SyncRequest(guild_id=guild_id, body=body))
        self.sent_commands[guild_id] = body
        echoed = [self._echo(guild_id, command) for command in body]
        self.synced_commands[guild_id] = echoed
        return echoed

    def _echo(self, guild_id: int | None, command: Mapping[str, Any]) -> dict[str, Any]:
        command_type = int(command.get("type") or 1)
        key = (guild_id, str(command["name"]), command_type)
        command_id = self.command_ids.get(key)
        if command_id is None:
            command_id = self.command_ids[key] = self.snowflake()
        echoed = dict(command)
        echoed["id"] = str(command_id)
        echoed["application_id"] = str(self.application_id)
        echoed["version"] = str(command_id)
        echoed["type"] = command_type
        # Context menus are sent without a description; discord.py needs one back.
        echoed.setdefault("description", "")
        echoed.setdefault("default_member_permissions", None)
        if guild_id is not None:
            echoed["guild_id"] = str(guild_id)
        return echoed

    def commands_visible_in(self, guild_id: int | None) -> list[dict[str, Any]]:
        """Synced commands a member of `guild_id` sees: the guild's own first, then global ones."""
        seen: dict[tuple[str, int], dict[str, Any]] = {}
        scopes: list[int | None] = [guild_id, None] if guild_id is not None else [None]
        for scope in scopes:
            for command in self.synced_commands.get(scope, ()):
                seen.setdefault((command["name"], command["type"]), command)
        return list(seen.values())


def _forget_oldest(kept: dict[Any, Any]) -> None:
    if len(kept) > KEEP_LIMIT:
        del kept[next(iter(kept))]
