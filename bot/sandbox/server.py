"""SandboxDiscord: a local Discord (REST API and gateway on 127.0.0.1) for the real discord.py.

Start it, point discord.py at `api_url` and `gateway_url`, start the bot, and then act as a
member would: `invoke` a slash command, `click` a button, `submit_modal`, `autocomplete`, or type a
line with `run_line`. Each returns the bot's `Reply`; everything the bot sent is recorded.
"""

# Waiting for the bot is the point of this API, and a `timeout=` per call reads best in tests.
# ruff: noqa: ASYNC109
from __future__ import annotations

import asyncio
import mimetypes
import re
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from aiohttp import web

from bot.sandbox import payloads
from bot.sandbox.commandline import parse_line
from bot.sandbox.errors import AnsweredTooLate, CommandLineError, SandboxError, SandboxTimeout
from bot.sandbox.gateway import Gateway
from bot.sandbox.options import (
    ATTACHMENT,
    CHANNEL,
    CHAT_INPUT,
    MENTIONABLE,
    MESSAGE_COMMAND,
    ROLE,
    USER,
    USER_COMMAND,
    OptionValue,
    build_options,
    find_command,
)
from bot.sandbox.pending import PendingInteraction
from bot.sandbox.recording import RecordedRequest, SyncRequest
from bot.sandbox.reply import Reply
from bot.sandbox.rest import RestApi
from bot.sandbox.state import RESPONSE_DEADLINE, CallbackFault, RequestFault, SandboxState

APPLICATION_COMMAND = 2
MESSAGE_COMPONENT = 3
APPLICATION_COMMAND_AUTOCOMPLETE = 4
MODAL_SUBMIT = 5

_AttachmentFile = tuple[str, bytes, str]
_CHANNEL_BY_NAME = re.compile(r"(\bchannel:)#([a-z0-9_-]{1,100})\b")
_RESOLVED_TYPES = frozenset({USER, CHANNEL, ROLE, MENTIONABLE, ATTACHMENT})


class SandboxDiscord:
    """A Discord of one bot, a few guilds and as many members as a test invents."""

    def __init__(
        self,
        *,
        token: str = "sandbox-token",
        application_id: int = payloads.DEFAULT_APPLICATION_ID,
        bot_user_id: int | None = None,
        guild_ids: Sequence[int] = (payloads.DEFAULT_GUILD_ID,),
        shard_count: int = 1,
        host: str = "127.0.0.1",
        port: int = 0,
        bot_name: str = "Gigwise",
        compress: bool = False,
        real_clock: bool = False,
        response_deadline: float | None = RESPONSE_DEADLINE,
        privileged_intents: bool = True,
    ) -> None:
        self.token = token
        self.application_id = application_id
        self.host = host
        self.port = port
        self.shard_count = shard_count
        self.api_url = ""
        self.gateway_url = ""
        self.state = SandboxState(
            token=token,
            application_id=application_id,
            bot_user_id=bot_user_id if bot_user_id is not None else application_id,
            bot_name=bot_name,
            guild_ids=guild_ids,
            real_clock=real_clock,
            response_deadline=response_deadline,
        )
        self.bot_user_id = int(self.state.bot_user["id"])
        self.gateway = Gateway(
            token=token,
            bot_user=self.state.bot_user,
            application_id=application_id,
            guild_ids=guild_ids,
            guild_payload=self.state.guild_payload,
            url=lambda: self.gateway_url,
            compress=compress,
        )
        # False stands for an application whose privileged intents (message content) are not
        # switched on in the developer portal: a connection asking for one is closed with 4014.
        self.gateway.privileged_intents_enabled = privileged_intents
        self._rest = RestApi(self.state, lambda: self.gateway_url, shard_count)
        self._runner: web.AppRunner | None = None

    # -- lifecycle --------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(middlewares=[self._rest.recorder], client_max_size=64 * 1024**2)
        app.router.add_get("/", self.gateway.handle)
        self._rest.add_routes(app)
        self._rest.add_fallback(app)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        port = self._runner.addresses[0][1]
        self.port = int(port)
        base = f"http://{self.host}:{self.port}"
        self.state.base_url = base
        self.api_url = f"{base}/api/v10"
        self.gateway_url = f"ws://{self.host}:{self.port}/"

    async def close(self) -> None:
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def ready(self) -> asyncio.Event:
        """Set once every shard has IDENTIFIED and received READY and its GUILD_CREATEs."""
        return self.gateway.ready

    async def wait_until_ready(self, timeout: float = 10) -> None:
        try:
            async with asyncio.timeout(timeout):
                await self.gateway.ready.wait()
        except TimeoutError:
            raise SandboxTimeout(
                f"No bot identified on the sandbox gateway within {timeout:g} s."
            ) from None

    # -- what the bot sent ------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.state.requests

    @property
    def unknown_routes(self) -> list[RecordedRequest]:
        return self.state.unknown_routes

    @property
    def sync_requests(self) -> list[SyncRequest]:
        return self.state.sync_requests

    @property
    def channel_messages(self) -> list[dict[str, Any]]:
        return self.state.channel_messages

    async def wait_for_channel_messages(
        self, count: int, timeout: float = 10
    ) -> list[dict[str, Any]]:
        """The messages the bot posted to channels, once there are at least `count`."""
        async with asyncio.timeout(timeout):
            while len(self.state.channel_messages) < count:
                self.state.channel_message_posted.clear()
                await self.state.channel_message_posted.wait()
        return list(self.state.channel_messages)

    @property
    def record_requests(self) -> bool:
        """Whether REST requests are kept in `requests` (turn off for long benchmarks)."""
        return self._rest.record

    @record_requests.setter
    def record_requests(self, value: bool) -> None:
        self._rest.record = value

    def commands(self, guild_id: int | None = None) -> list[dict[str, Any]]:
        """The last command list the bot PUT for a guild (global when None), as it sent it."""
        return self.state.sent_commands.get(guild_id, [])

    def synced_commands(self, guild_id: int | None = None) -> list[dict[str, Any]]:
        """The same list as the sandbox answered it: with ids, application_id, description."""
        return self.state.synced_commands.get(guild_id, [])

    def channel_id(self, guild_id: int = payloads.DEFAULT_GUILD_ID) -> int:
        return int(self.state.guild_channels[guild_id]["id"])

    def add_user(self, user_id: int, username: str) -> None:
        self.state.add_user(user_id, username)

    # -- acting as a member -----------------------------------------------------------------

    async def invoke(
        self,
        name: str,
        options: Mapping[str, object] | None = None,
        *,
        subcommand: str | None = None,
        group: str | None = None,
        user_id: int = payloads.DEFAULT_USER_ID,
        guild_id: int | None = payloads.DEFAULT_GUILD_ID,
        permissions: int = payloads.MEMBER_PERMISSIONS,
        attachments: Mapping[str, _AttachmentFile] | None = None,
        locale: str = "en-US",
        followups: int = 0,
        timeout: float = 10,
    ) -> Reply:
        """Runs a slash command as a member; returns once the bot answered.

        `options` are Python values or typed text, checked against the synced definition.
        `attachments` maps attachment options to (filename, bytes, content type); the bot can
        download them from the sandbox. `followups` waits for that many follow-ups as well.
        """
        definition = self._definition(name, CHAT_INPUT, guild_id)
        values = dict(options or {})
        for option_name, (filename, content, content_type) in (attachments or {}).items():
            values[option_name] = str(self.state.store_file(filename, content, content_type))
        data_options, typed = build_options(definition, values, group=group, subcommand=subcommand)
        data = self._command_data(definition, data_options)
        resolved = self._resolved(typed, guild_id)
        if resolved:
            data["resolved"] = resolved
        path = " ".join(part for part in (name, group, subcommand) if part)
        return await self._interact(
            APPLICATION_COMMAND,
            data,
            name=f"/{path}",
            user_id=user_id,
            guild_id=guild_id,
            permissions=permissions,
            locale=locale,
            followups=followups,
            timeout=timeout,
        )

    async def invoke_message_command(
        self,
        name: str,
        message_content: str,
        *,
        author_id: int = payloads.DEFAULT_USER_ID,
        user_id: int = payloads.DEFAULT_USER_ID,
        guild_id: int | None = payloads.DEFAULT_GUILD_ID,
        permissions: int = payloads.MEMBER_PERMISSIONS,
        followups: int = 0,
        timeout: float = 10,
    ) -> Reply:
        """Runs a message context menu ("Apps > name") on a message with `message_content`."""
        definition = self._definition(name, MESSAGE_COMMAND, guild_id)
        author = self.state.user(author_id)
        channel = self.state.channel_for(guild_id, self.state.user(user_id))
        target = payloads.message(
            message_id=self.state.snowflake(),
            channel_id=int(channel["id"]),
            author=author,
            content=message_content,
            guild_id=guild_id,
        )
        self.state.messages[int(target["id"])] = target
        data = self._command_data(definition, None)
        data["target_id"] = target["id"]
        data["resolved"] = {"messages": {target["id"]: target}}
        return await self._interact(
            APPLICATION_COMMAND,
            data,
            name=name,
            command_type=MESSAGE_COMMAND,
            user_id=user_id,
            guild_id=guild_id,
            permissions=permissions,
            followups=followups,
            timeout=timeout,
        )

    async def invoke_user_command(
        self,
        name: str,
        target_user_id: int,
        *,
        user_id: int = payloads.DEFAULT_USER_ID,
        guild_id: int | None = payloads.DEFAULT_GUILD_ID,
        permissions: int = payloads.MEMBER_PERMISSIONS,
        followups: int = 0,
        timeout: float = 10,
    ) -> Reply:
        """Runs a user context menu on the member `target_user_id`."""
        definition = self._definition(name, USER_COMMAND, guild_id)
        data = self._command_data(definition, None)
        data["target_id"] = str(target_user_id)
        data["resolved"] = self._resolved_users([target_user_id], guild_id)
        return await self._interact(
            APPLICATION_COMMAND,
            data,
            name=name,
            command_type=USER_COMMAND,
            user_id=user_id,
            guild_id=guild_id,
            permissions=permissions,
            followups=followups,
            timeout=timeout,
        )

    async def autocomplete(
        self,
        name: str,
        options: Mapping[str, object] | None,
        focused: str,
        *,
        subcommand: str | None = None,
        group: str | None = None,
        user_id: int = payloads.DEFAULT_USER_ID,
        guild_id: int | None = payloads.DEFAULT_GUILD_ID,
        timeout: float = 10,
    ) -> list[dict[str, Any]]:
        """The choices the bot suggests while `focused` holds what the member typed so far."""
        definition = self._definition(name, CHAT_INPUT, guild_id)
        data_options, _ = build_options(
            definition, options or {}, group=group, subcommand=subcommand, focused=focused
        )
        reply = await self._interact(
            APPLICATION_COMMAND_AUTOCOMPLETE,
            self._command_data(definition, data_options),
            name=f"/{name} (autocomplete {focused})",
            user_id=user_id,
            guild_id=guild_id,
            permissions=payloads.MEMBER_PERMISSIONS,
            timeout=timeout,
        )
        return reply.choices

    async def click(
        self,
        reply: Reply,
        custom_id: str,
        *,
        user_id: int | None = None,
        values: list[str] | None = None,
        followups: int = 0,
        timeout: float = 10,
        permissions: int = payloads.MEMBER_PERMISSIONS,
    ) -> Reply:
        """Clicks a button (or picks `values` in a select menu) on the reply's message."""
        origin = self._origin(reply)
        message, component = self._find_component(reply, custom_id)
        if component.get("disabled"):
            raise SandboxError(f"The component '{custom_id}' is disabled; it cannot be used.")
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component["type"]}
        if component["type"] != 2:
            data["values"] = list(values or [])
        return await self._interact(
            MESSAGE_COMPONENT,
            data,
            name=f"{origin.name} [{component.get('label') or custom_id}]",
            user_id=user_id if user_id is not None else int(origin.invoker["id"]),
            guild_id=origin.guild_id,
            permissions=permissions,
            message_payload=message,
            followups=followups,
            timeout=timeout,
        )

    async def click_message(
        self,
        message: Mapping[str, Any],
        custom_id: str,
        *,
        user_id: int = payloads.DEFAULT_USER_ID,
        permissions: int = payloads.MEMBER_PERMISSIONS,
        timeout: float = 10,
    ) -> Reply:
        """Clicks a button on a message the bot posted in a channel (not an interaction's reply)."""
        stored = self.state.messages.get(int(message["id"]), dict(message))
        component = next(
            (c for c in _walk(stored.get("components") or ()) if c.get("custom_id") == custom_id),
            None,
        )
        if component is None:
            raise SandboxError(f"No component '{custom_id}' on message {message['id']}.")
        guild = stored.get("guild_id")
        return await self._interact(
            MESSAGE_COMPONENT,
            {"custom_id": custom_id, "component_type": component["type"]},
            name=f"[{component.get('label') or custom_id}]",
            user_id=user_id,
            guild_id=int(guild) if guild else None,
            permissions=permissions,
            message_payload=stored,
            timeout=timeout,
        )

    async def submit_modal(
        self,
        reply: Reply,
        values: Mapping[str, str],
        *,
        user_id: int | None = None,
        followups: int = 0,
        timeout: float = 10,
    ) -> Reply:
        """Fills in and submits the modal the bot opened; `values` by field custom_id or label."""
        if reply.modal is None:
            raise SandboxError(f"The reply to '{reply.name}' is not a modal.")
        origin = self._origin(reply)
        wanted = {key.casefold(): value for key, value in values.items()}
        components = [_submitted(component, wanted) for component in reply.modal["components"]]
        message = None
        if origin.component_message_id is not None:
            message = self.state.messages.get(origin.component_message_id)
        return await self._interact(
            MODAL_SUBMIT,
            {"custom_id": reply.modal["custom_id"], "components": components},
            name=f"{origin.name} (modal {reply.modal.get('title', '')})",
            user_id=user_id if user_id is not None else int(origin.invoker["id"]),
            guild_id=origin.guild_id,
            permissions=payloads.MEMBER_PERMISSIONS,
            message_payload=message,
            component_message_id=origin.component_message_id,
            followups=followups,
            timeout=timeout,
        )

    # -- members' own messages --------------------------------------------------------------

    def channel_named(self, name: str, guild_id: int = payloads.DEFAULT_GUILD_ID) -> int:
        """The id of the guild's text channel called `name` (made if it does not exist yet)."""
        return int(self.state.add_channel(guild_id, name)["id"])

    async def post_message(
        self,
        content: str,
        *,
        channel_id: int | None = None,
        guild_id: int = payloads.DEFAULT_GUILD_ID,
        author_id: int = payloads.DEFAULT_USER_ID,
    ) -> dict[str, Any]:
        """A member posts `content` in a channel (the guild's first unless named); the bot is
        sent MESSAGE_CREATE if it asked for guild messages, with the text only if it asked for
        message content, as Discord does."""
        channel = self._guild_channel(channel_id, guild_id)
        message = payloads.message(
            message_id=self.state.snowflake(),
            channel_id=int(channel["id"]),
            author=self.state.user(author_id),
            content=content,
            guild_id=guild_id,
        )
        self.state.messages[int(message["id"])] = message
        await self._dispatch_message_event(guild_id, "MESSAGE_CREATE", message)
        return message

    async def edit_posted_message(self, message: Mapping[str, Any], content: str) -> dict[str, Any]:
        """The member edits their message: MESSAGE_UPDATE with the whole message, as Discord
        sends it."""
        stored = self.state.messages[int(message["id"])]
        stored["content"] = content
        stored["edited_timestamp"] = payloads.now_timestamp()
        await self._dispatch_message_event(int(stored["guild_id"]), "MESSAGE_UPDATE", stored)
        return stored

    async def delete_posted_message(self, message: Mapping[str, Any]) -> None:
        """The member deletes their message: MESSAGE_DELETE. A thread on it stays, as on Discord."""
        stored = self.state.messages.pop(int(message["id"]))
        guild_id = int(stored["guild_id"])
        session = self.gateway.session_for(guild_id)
        if session.intents & payloads.GUILD_MESSAGES_INTENT:
            await session.dispatch("MESSAGE_DELETE", payloads.message_delete(stored))

    def message(self, message_id: int) -> dict[str, Any] | None:
        """A message as it stands now (reactions and thread included), if it still exists."""
        return self.state.messages.get(message_id)

    def thread_on(self, message_id: int) -> dict[str, Any] | None:
        """The thread the bot started on a message, if any (it outlives a deleted message)."""
        return self.state.threads.get(message_id)

    def messages_in(self, channel_id: int) -> list[dict[str, Any]]:
        """The messages the bot posted in a channel or thread that still exist."""
        return [
            m
            for m in self.state.channel_messages
            if m["channel_id"] == str(channel_id) and int(m["id"]) in self.state.messages
        ]

    async def wait_until(self, condition: Any, timeout: float = 10) -> None:
        """Returns once `condition()` is true; the bot answers a post in its own time."""
        async with asyncio.timeout(timeout):
            while not condition():
                # Set by every change the bot makes to channels, messages and threads.
                self.state.channel_message_posted.clear()
                await self.state.channel_message_posted.wait()

    def _guild_channel(self, channel_id: int | None, guild_id: int) -> dict[str, Any]:
        if channel_id is None:
            return self.state.guild_channels[guild_id]
        channel = self.state.channel(channel_id)
        if channel is None or channel.get("guild_id") != str(guild_id):
            raise SandboxError(f"No channel {channel_id} in guild {guild_id}.")
        return channel

    async def _dispatch_message_event(
        self, guild_id: int, event: str, message: Mapping[str, Any]
    ) -> None:
        if not self.gateway.ready.is_set():
            await self.wait_until_ready()
        session = self.gateway.session_for(guild_id)
        if session.intents & payloads.GUILD_MESSAGES_INTENT:
            await session.dispatch(event, payloads.as_seen_by(message, session.intents))

    async def run_line(
        self,
        line: str,
        *,
        user_id: int = payloads.DEFAULT_USER_ID,
        guild_id: int | None = payloads.DEFAULT_GUILD_ID,
        permissions: int = payloads.MEMBER_PERMISSIONS,
        more_text: str | None = None,
        timeout: float = 10,
    ) -> Reply:
        """Runs a command line as typed at the console: `/fee 15000 platform:fiverr`.

        `more_text` (what the console read from standard input) fills the line's long text option.
        """
        if guild_id is not None:
            # A channel typed by name, as a member picks it in Discord: `channel:#jobs`.
            line = _CHANNEL_BY_NAME.sub(
                lambda found: f"{found[1]}<#{self.channel_named(found[2], guild_id)}>", line
            )
        typed = parse_line(line, self.state.commands_visible_in(guild_id), more_text=more_text)
        options = {k: v for k, v in typed.options.items() if k not in typed.attachment_paths}
        attachments = _read_files(typed.attachment_paths)
        return await self.invoke(
            typed.name,
            options,
            subcommand=typed.subcommand,
            group=typed.group,
            user_id=user_id,
            guild_id=guild_id,
            permissions=permissions,
            attachments=attachments,
            timeout=timeout,
        )

    async def redeliver(self, reply: Reply, timeout: float = 10) -> None:
        """Deliver an answered interaction again, as Discord may after a reconnect.

        Returns once the bot has tried to answer it a second time (Discord refuses that answer
        with error 40060, and so does the sandbox).
        """
        pending = self._origin(reply)
        attempts = pending.callback_attempts
        await self.gateway.dispatch_to_guild(
            pending.guild_id, "INTERACTION_CREATE", pending.payload
        )
        await pending.wait(lambda p: p.callback_attempts > attempts, timeout)

    async def wait_for_followups(self, reply: Reply, count: int, timeout: float = 10) -> Reply:
        """A fresh Reply once the interaction has at least `count` follow-ups."""
        pending = self._origin(reply)
        await pending.wait(lambda p: len(p.followup_ids) >= count, timeout)
        return pending.snapshot(self.state.messages, self.state.allowed_mentions)

    async def wait_for_callback_attempts(
        self, reply: Reply, count: int, timeout: float = 10
    ) -> None:
        """Returns once the bot has tried `count` callbacks for the reply's interaction.

        Refused attempts count too: a retry after a lost answer, a second answer to a redelivery.
        """
        await self._origin(reply).wait(lambda p: p.callback_attempts >= count, timeout)

    async def wait_for_reply(
        self, reply: Reply, shows: Callable[[Reply], bool], timeout: float = 10
    ) -> Reply:
        """The reply once it `shows` what is asked: for an answer the bot edits as a long job
        goes (its place in a queue, its progress, then its result)."""
        pending = self._origin(reply)

        def now(p: PendingInteraction) -> Reply:
            return p.snapshot(self.state.messages, self.state.allowed_mentions)

        await pending.wait(lambda p: shows(now(p)), timeout)
        return now(pending)

    def latest(self, reply: Reply) -> Reply:
        """The reply as it stands now, with edits and follow-ups sent since it was taken."""
        return self._origin(reply).snapshot(self.state.messages, self.state.allowed_mentions)

    def give_role(
        self,
        role_id: int,
        *,
        user_id: int = payloads.DEFAULT_USER_ID,
        guild_id: int = payloads.DEFAULT_GUILD_ID,
    ) -> None:
        """Give a member a role in a server: their interactions there carry it from now on."""
        self.state.give_role(guild_id, user_id, role_id)

    def take_role(
        self,
        role_id: int,
        *,
        user_id: int = payloads.DEFAULT_USER_ID,
        guild_id: int = payloads.DEFAULT_GUILD_ID,
    ) -> None:
        """Take a role back from a member."""
        self.state.take_role(guild_id, user_id, role_id)

    def advance_clock(self, seconds: float) -> None:
        """Move the sandbox's clock forward: interactions made from now on are `seconds` later.

        discord.py dates an interaction by its id, so cooldowns run out and "today" moves on
        only when a test says so. Discord's answering deadlines count the moved time too: an
        interaction still waiting for its first response when the clock moves 3 s on is late.
        """
        self.state.snowflake.advance(seconds)
        self.state.advanced += seconds

    # -- fault injection --------------------------------------------------------------------

    def disconnect(self, code: int = 4000, shard_id: int | None = None, reason: str = "") -> None:
        """Closes the bot's gateway connection(s) with `code` and `reason` (at most 123 bytes, as
        for any websocket); the session stays resumable."""
        self.gateway.disconnect(code, shard_id, reason)

    async def request_reconnect(self, shard_id: int | None = None) -> None:
        await self.gateway.request_reconnect(shard_id)

    async def invalidate_session(self, resumable: bool, shard_id: int | None = None) -> None:
        await self.gateway.invalidate_session(resumable, shard_id)

    def rate_limit_next_callback(self, retry_after: float) -> None:
        """The next interaction callback gets a 429 that discord.py waits out and retries."""
        self.state.callback_faults.append(CallbackFault(status=429, retry_after=retry_after))

    def fail_next_callback(self, status: int) -> None:
        """The next interaction callback fails with `status` (a 5xx is retried by discord.py)."""
        self.state.callback_faults.append(CallbackFault(status=status))

    def lose_next_callback_answer(self, status: int = 502) -> None:
        """The next interaction callback takes effect, but the bot is answered `status`.

        Discord's edge answers 502 or 504 when it gives up waiting on a request that Discord
        still carries out; discord.py retries such a 5xx, and the retry is refused with 40060
        (already acknowledged), since the first attempt answered the member.
        """
        self.state.callback_faults.append(CallbackFault(status=status, applied=True))

    def fail_next_request(
        self, method: str, route: str, status: int, *, echo_token: bool = False
    ) -> None:
        """The next `method` request to `route` (a template as `RecordedRequest.route` spells it,
        e.g. "/users/@me") fails with `status` instead of being served; with
        `echo_token` the error repeats the bot's Authorization header (see `RequestFault`)."""
        fault = RequestFault(status=status, echo_token=echo_token)
        self.state.request_faults.setdefault(f"{method.upper()} {route}", deque()).append(fault)

    # -- building interactions --------------------------------------------------------------

    def _definition(self, name: str, command_type: int, guild_id: int | None) -> Mapping[str, Any]:
        visible = self.state.commands_visible_in(guild_id)
        definition = find_command(visible, name, command_type)
        if definition is None:
            known = sorted(c["name"] for c in visible if c.get("type", 1) == command_type)
            listed = ", ".join(known) if known else "none; has the bot synced its commands?"
            raise SandboxError(f"No command '{name}' is synced here. Synced: {listed}")
        return definition

    @staticmethod
    def _command_data(
        definition: Mapping[str, Any], options: list[dict[str, Any]] | None
    ) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": definition["id"],
            "name": definition["name"],
            "type": definition.get("type", CHAT_INPUT),
        }
        if options is not None:
            data["options"] = options
        if "guild_id" in definition:
            data["guild_id"] = definition["guild_id"]
        return data

    def _resolved(self, typed: list[OptionValue], guild_id: int | None) -> dict[str, Any]:
        resolved: dict[str, Any] = {}
        users = []
        for option in typed:
            option_type = option.definition["type"]
            if option_type not in _RESOLVED_TYPES:
                continue
            value = int(option.value)
            if option_type in (USER, MENTIONABLE) and value != guild_id:
                users.append(value)
            elif option_type in (ROLE, MENTIONABLE):
                resolved.setdefault("roles", {})[str(value)] = _role(value, guild_id)
            elif option_type == CHANNEL:
                channel = dict(self.state.guild_channels.get(guild_id or 0) or {})
                if not channel or channel["id"] != str(value):
                    channel = payloads.text_channel(value, guild_id or 0, f"channel-{value % 1000}")
                channel["permissions"] = str(payloads.MEMBER_PERMISSIONS)
                resolved.setdefault("channels", {})[str(value)] = channel
            elif option_type == ATTACHMENT:
                if value not in self.state.files:
                    raise CommandLineError(f"'{option.definition['name']}' needs a file.")
                payload = self.state.attachment_payload(value)
                resolved.setdefault("attachments", {})[str(value)] = payload
        if users:
            for key, items in self._resolved_users(users, guild_id).items():
                resolved.setdefault(key, {}).update(items)
        return resolved

    def _resolved_users(self, user_ids: Sequence[int], guild_id: int | None) -> dict[str, Any]:
        users = {str(user_id): self.state.user(user_id) for user_id in user_ids}
        resolved: dict[str, Any] = {"users": users}
        if guild_id is not None:
            members = {}
            for user_id in user_ids:
                member = payloads.member(self.state.user(user_id), payloads.MEMBER_PERMISSIONS)
                del member["user"]
                members[str(user_id)] = member
            resolved["members"] = members
        return resolved

    def _origin(self, reply: Reply) -> PendingInteraction:
        pending = self.state.pending.get(reply.interaction_id)
        if pending is None:
            raise SandboxError(f"The sandbox no longer knows interaction {reply.interaction_id}.")
        return pending

    def _find_component(
        self, reply: Reply, custom_id: str
    ) -> tuple[dict[str, Any], Mapping[str, Any]]:
        candidates = [reply.message, *reply.followups]
        seen: list[str] = []
        for candidate in candidates:
            if candidate is None:
                continue
            # The stored message may have been edited since the reply was taken.
            message = self.state.messages.get(int(candidate["id"]), candidate)
            for component in _walk(message.get("components") or ()):
                if component.get("custom_id") == custom_id:
                    return message, component
                if "custom_id" in component:
                    seen.append(str(component["custom_id"]))
        listed = ", ".join(seen) if seen else "none"
        raise SandboxError(f"No component '{custom_id}' on the reply. Components: {listed}")

    async def _interact(
        self,
        interaction_type: int,
        data: dict[str, Any],
        *,
        name: str,
        user_id: int,
        guild_id: int | None,
        permissions: int,
        command_type: int = CHAT_INPUT,
        locale: str = "en-US",
        message_payload: Mapping[str, Any] | None = None,
        component_message_id: int | None = None,
        followups: int = 0,
        timeout: float = 10,
    ) -> Reply:
        if not self.gateway.ready.is_set():
            await self.wait_until_ready(timeout)
        state = self.state
        interaction_id = state.snowflake()
        invoker = state.user(user_id)
        channel = state.channel_for(guild_id, invoker)
        token = f"sandbox-interaction-{interaction_id}"
        if message_payload is not None:
            component_message_id = int(message_payload["id"])
        pending = PendingInteraction(
            interaction_id=interaction_id,
            interaction_type=interaction_type,
            token=token,
            name=name,
            guild_id=guild_id,
            channel=channel,
            invoker=invoker,
            component_message_id=component_message_id,
            command_type=command_type,
            dispatched_at=state.now(),
        )
        state.remember(pending)
        payload = payloads.interaction(
            interaction_id=interaction_id,
            interaction_type=interaction_type,
            token=token,
            application_id=self.application_id,
            invoker=invoker,
            channel=channel,
            guild_id=guild_id,
            permissions=permissions,
            data=data,
            locale=locale,
            message_payload=message_payload,
            roles=state.roles_of(guild_id, user_id),
        )
        pending.payload = payload
        await self.gateway.dispatch_to_guild(guild_id, "INTERACTION_CREATE", payload)
        if followups:
            await pending.wait(
                lambda p: p.late or (p.answered and len(p.followup_ids) >= followups), timeout
            )
        else:
            await pending.wait(lambda p: p.late or _is_answered(p), timeout)
        if pending.late:
            raise AnsweredTooLate(
                f"/{name.removeprefix('/')} (interaction {interaction_id}) was first answered "
                "after Discord's "
                f"{state.response_deadline:g} s deadline: Discord would have shown "
                '"The application did not respond".'
            )
        return pending.snapshot(state.messages, state.allowed_mentions)


def _read_files(paths: Mapping[str, str]) -> dict[str, _AttachmentFile]:
    """Local files named on a command line, as attachments (small files, read at once)."""
    attachments: dict[str, _AttachmentFile] = {}
    for option_name, file_path in paths.items():
        path = Path(file_path).expanduser()
        if not path.is_file():
            raise CommandLineError(f"'{option_name}' takes a file; no file at {file_path}.")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        attachments[option_name] = (path.name, path.read_bytes(), content_type)
    return attachments


def _is_answered(pending: PendingInteraction) -> bool:
    return pending.answered


def _role(role_id: int, guild_id: int | None) -> dict[str, Any]:
    return {
        "id": str(role_id),
        "name": "@everyone" if role_id == guild_id else f"role-{role_id % 1000}",
        "permissions": str(payloads.MEMBER_PERMISSIONS),
        "position": 0,
        "color": 0,
        "hoist": False,
        "managed": False,
        "mentionable": True,
        "flags": 0,
    }


def _walk(components: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    found: list[Mapping[str, Any]] = []
    for component in components:
        found.append(component)
        found.extend(_walk(component.get("components") or ()))
        for key in ("accessory", "component"):
            if isinstance(component.get(key), dict):
                found.extend(_walk([component[key]]))
    return found


def _submitted(component: Mapping[str, Any], values: Mapping[str, str]) -> dict[str, Any]:
    """The modal-submit form of one modal component, filled in with `values`."""
    kind = component.get("type")
    if kind == 1:
        return {"type": 1, "components": [_submitted(c, values) for c in component["components"]]}
    if kind == 18:
        inner = _field(component["component"], values, label=str(component.get("label", "")))
        return {"type": 18, "component": inner}
    return _field(component, values, label=str(component.get("label", "")))


def _field(component: Mapping[str, Any], values: Mapping[str, str], label: str) -> dict[str, Any]:
    custom_id = str(component.get("custom_id", ""))
    value = values.get(custom_id.casefold(), values.get(label.casefold()))
    kind = component.get("type")
    if value is None and component.get("required", kind == 4):
        raise CommandLineError(f"The modal field '{label or custom_id}' is required.")
    submitted: dict[str, Any] = {"type": kind, "custom_id": custom_id}
    if kind == 4:
        submitted["value"] = value or ""
    elif kind in (3, 5, 6, 7, 8):
        submitted["values"] = [] if value is None else [v.strip() for v in value.split(",")]
    else:
        submitted["value"] = value
    return submitted
