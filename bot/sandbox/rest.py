"""The sandbox's REST API: the routes discord.py calls, answered the way Discord answers them.

Every request is recorded (method, route template, path, query, headers, JSON body, files) so
tests can validate what the bot sent. A request to a route the sandbox does not serve gets
Discord's JSON 404 and is also kept in `unknown_routes`, so a test can insist there are none.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import BodyPartReader, web

from bot.sandbox.payloads import LOADING, application, thread_channel
from bot.sandbox.pending import PendingInteraction, is_loading
from bot.sandbox.recording import RecordedRequest
from bot.sandbox.reply import (
    CALLBACK_AUTOCOMPLETE,
    CALLBACK_DEFERRED_MESSAGE,
    CALLBACK_DEFERRED_UPDATE,
    CALLBACK_MESSAGE,
    CALLBACK_MODAL,
    CALLBACK_UPDATE_MESSAGE,
)
from bot.sandbox.state import CallbackFault, RequestFault, SandboxState

_log = logging.getLogger(__name__)

API_PREFIXES = ("/api/v10", "/api/v9")
_RECORDED = web.RequestKey("recorded", RecordedRequest)
_JSON_HEADERS = {"Content-Type": "application/json"}
_FALLBACK = "/{tail}"
_CHAT_INPUT_COMMAND_MESSAGE = 20
_CONTEXT_MENU_COMMAND_MESSAGE = 23
_APPLICATION_COMMAND = 2
_CHAT_INPUT = 1

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def json_response(
    body: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    # discord.py parses a body only if Content-Type is exactly "application/json", which
    # web.json_response does not send (it adds "; charset=utf-8").
    all_headers = dict(_JSON_HEADERS)
    if headers:
        all_headers.update(headers)
    return web.Response(body=json.dumps(body).encode(), status=status, headers=all_headers)


def discord_error(status: int, message: str, code: int = 0) -> web.Response:
    return json_response({"message": message, "code": code}, status=status)


class _Refused(Exception):
    """Raised by a lookup a handler starts with (its webhook, channel or message): the recorder
    answers with Discord's error, so no handler repeats the checks' opening lines."""

    def __init__(self, status: int, message: str, code: int = 0) -> None:
        super().__init__(message)
        self.response = discord_error(status, message, code)


def _body(request: web.Request) -> tuple[dict[str, Any], list[tuple[str, bytes]]]:
    """The request's JSON object (empty when it sent none) and its files."""
    recorded = request[_RECORDED]
    return (recorded.json if isinstance(recorded.json, dict) else {}), recorded.files


class RestApi:
    """aiohttp handlers over a SandboxState."""

    def __init__(self, state: SandboxState, gateway_url: Callable[[], str], shard_count: int):
        self.state = state
        self.gateway_url = gateway_url
        self.shard_count = shard_count
        self.record = True

    def add_routes(self, app: web.Application) -> None:
        routes: list[tuple[str, str, Handler]] = [
            ("GET", "/users/@me", self.get_current_user),
            ("GET", "/oauth2/applications/@me", self.get_application),
            ("GET", "/applications/@me", self.get_application),
            ("GET", "/gateway", self.get_gateway),
            ("GET", "/gateway/bot", self.get_gateway_bot),
            ("GET", "/applications/{application_id}/commands", self.get_commands),
            ("PUT", "/applications/{application_id}/commands", self.put_commands),
            ("GET", "/applications/{application_id}/guilds/{guild_id}/commands", self.get_commands),
            ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", self.put_commands),
            (
                "POST",
                "/interactions/{interaction_id}/{interaction_token}/callback",
                self.create_callback,
            ),
            ("POST", "/webhooks/{webhook_id}/{webhook_token}", self.create_followup),
            *(
                (method, "/webhooks/{webhook_id}/{webhook_token}/messages/@original", handler)
                for method, handler in (
                    ("GET", self.get_webhook_message),
                    ("PATCH", self.edit_webhook_message),
                    ("DELETE", self.delete_webhook_message),
                )
            ),
            *(
                (method, "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", handler)
                for method, handler in (
                    ("GET", self.get_webhook_message),
                    ("PATCH", self.edit_webhook_message),
                    ("DELETE", self.delete_webhook_message),
                )
            ),
            ("POST", "/channels/{channel_id}/messages", self.create_channel_message),
            ("GET", "/channels/{channel_id}/messages/{message_id}", self.get_channel_message),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self.edit_channel_message),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}", self.delete_channel_message),
            ("POST", "/channels/{channel_id}/messages/{message_id}/threads", self.start_thread),
            *(
                (
                    method,
                    "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me",
                    handler,
                )
                for method, handler in (
                    ("PUT", self.add_reaction),
                    ("DELETE", self.remove_reaction),
                )
            ),
            ("DELETE", "/channels/{channel_id}", self.delete_channel),
        ]
        for prefix in API_PREFIXES:
            for method, path, handler in routes:
                app.router.add_route(method, prefix + path, handler)
        app.router.add_get("/attachments/{attachment_id}/{filename}", self.get_attachment)

    def add_fallback(self, app: web.Application) -> None:
        """Registered last so that it only catches what nothing else serves."""
        app.router.add_route("*", _FALLBACK.replace("}", ":.*}"), self.unknown_route)

    # -- recording --------------------------------------------------------------------------

    @web.middleware
    async def recorder(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.headers.get("Upgrade", "").lower() == "websocket":
            return await handler(request)
        json_body, files = await _read_body(request)
        resource = request.match_info.route.resource
        template = resource.canonical if resource is not None else ""
        recorded = RecordedRequest(
            method=request.method,
            route="" if template == _FALLBACK else _without_prefix(template),
            path=_without_prefix(request.path),
            query=dict(request.query),
            headers=dict(request.headers),
            json=json_body,
            files=files,
        )
        request[_RECORDED] = recorded
        if self.record:
            self.state.requests.append(recorded)
        faults = self.state.request_faults.get(f"{request.method} {recorded.route}")
        response: web.StreamResponse
        try:
            if faults:
                response = _request_fault_response(faults.popleft(), self.state.token)
            else:
                response = await handler(request)
        except _Refused as refused:
            response = refused.response
        recorded.status = response.status
        return response

    async def unknown_route(self, request: web.Request) -> web.Response:
        recorded = request[_RECORDED]
        self.state.unknown_routes.append(recorded)
        _log.warning("Sandbox has no route for %s %s", request.method, request.path)
        return discord_error(404, "404: Not Found")

    # -- identity ---------------------------------------------------------------------------

    def _authorized(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bot {self.state.token}"

    async def get_current_user(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return discord_error(401, "401: Unauthorized")
        return json_response(self.state.bot_user)

    async def get_application(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return discord_error(401, "401: Unauthorized")
        return json_response(application(self.state.application_id, self.state.bot_user))

    async def get_gateway(self, request: web.Request) -> web.Response:
        return json_response({"url": self.gateway_url()})

    async def get_gateway_bot(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return discord_error(401, "401: Unauthorized")
        return json_response(
            {
                "url": self.gateway_url(),
                "shards": self.shard_count,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 1000,
                    "reset_after": 0,
                    "max_concurrency": 1,
                },
            }
        )

    # -- commands ---------------------------------------------------------------------------

    def _command_scope(self, request: web.Request) -> int | None:
        if not self._authorized(request):
            raise _Refused(401, "401: Unauthorized")
        if request.match_info["application_id"] != str(self.state.application_id):
            raise _Refused(403, "Missing Access", 50001)
        guild_id = request.match_info.get("guild_id")
        return int(guild_id) if guild_id is not None else None

    async def get_commands(self, request: web.Request) -> web.Response:
        return json_response(self.state.synced_commands.get(self._command_scope(request), []))

    async def put_commands(self, request: web.Request) -> web.Response:
        scope = self._command_scope(request)
        body = request[_RECORDED].json
        if not isinstance(body, list):
            return discord_error(400, "Invalid Form Body", 50035)
        return json_response(self.state.sync(scope, body))

    # -- interaction callbacks --------------------------------------------------------------

    async def create_callback(self, request: web.Request) -> web.Response:
        state = self.state
        fault = state.callback_faults.popleft() if state.callback_faults else None
        if fault is not None and not fault.applied:
            return _fault_response(fault)
        answer = await self._apply_callback(request)
        return answer if fault is None else _fault_response(fault)

    async def _apply_callback(self, request: web.Request) -> web.Response:
        state = self.state
        pending = state.pending.get(int(request.match_info["interaction_id"]))
        if pending is None or pending.token != request.match_info["interaction_token"]:
            return discord_error(404, "Unknown interaction", 10062)
        pending.callback_attempts += 1
        if pending.callback_type is not None:
            pending.notify()
            return discord_error(400, "Interaction has already been acknowledged.", 40060)
        deadline = state.response_deadline
        if pending.late or (
            deadline is not None and state.now() - pending.dispatched_at > deadline
        ):
            # Discord forgets an interaction not answered in time: the answer finds nothing.
            if not pending.late:
                pending.late = True
                state.late_interactions.append(pending.interaction_id)
                pending.notify()
            return discord_error(404, "Unknown interaction", 10062)
        recorded = request[_RECORDED]
        body = recorded.json
        if not isinstance(body, dict) or "type" not in body:
            return discord_error(400, "Invalid Form Body", 50035)
        callback_type = int(body["type"])
        data = body.get("data") or {}
        message: dict[str, Any] | None = None
        if callback_type in (CALLBACK_MESSAGE, CALLBACK_DEFERRED_MESSAGE):
            message = state.create_message(
                data if callback_type == CALLBACK_MESSAGE else {"flags": data.get("flags")},
                recorded.files,
                channel=pending.channel,
                guild_id=pending.guild_id,
                message_type=_response_message_type(pending),
                extra_flags=LOADING if callback_type == CALLBACK_DEFERRED_MESSAGE else 0,
                interaction=pending,
            )
            pending.original_id = int(message["id"])
        elif callback_type in (CALLBACK_UPDATE_MESSAGE, CALLBACK_DEFERRED_UPDATE):
            target = pending.component_message_id
            if target is None or target not in state.messages:
                return discord_error(400, "Interaction has no message to update", 50035)
            pending.original_id = target
            if callback_type == CALLBACK_UPDATE_MESSAGE:
                message = state.edit_message(target, data, recorded.files)
        elif callback_type == CALLBACK_AUTOCOMPLETE:
            pending.choices = list(data.get("choices") or [])
        elif callback_type == CALLBACK_MODAL:
            pending.modal = dict(data)
        else:
            return discord_error(400, f"Unsupported callback type {callback_type}", 50035)
        pending.callback_type = callback_type
        if pending.acknowledged_at is None:
            pending.acknowledged_at = time.perf_counter()
        pending.bodies.append(body)
        pending.files.extend(recorded.files)
        pending.notify()
        return json_response(_callback_response(pending, callback_type, message))

    # -- follow-ups and the original response ------------------------------------------------

    def _webhook_interaction(self, request: web.Request) -> PendingInteraction:
        pending = self.state.by_token.get(request.match_info["webhook_token"])
        if (
            pending is None
            or request.match_info["webhook_id"] != str(self.state.application_id)
            or pending.callback_type is None
        ):
            raise _Refused(404, "Unknown Webhook", 10015)
        if self.state.now() - pending.dispatched_at > self.state.followup_window:
            # An interaction's token is good for 15 minutes, then follow-ups and edits fail.
            raise _Refused(401, "Invalid Webhook Token", 50027)
        return pending

    def _webhook_message(self, request: web.Request) -> tuple[PendingInteraction, int]:
        """The interaction a webhook route names, and its message (`@original` or a follow-up)."""
        pending = self._webhook_interaction(request)
        raw = request.match_info.get("message_id")
        if raw is None:
            message_id = pending.original_id
        else:
            message_id = int(raw)
            if message_id not in pending.followup_ids and message_id != pending.original_id:
                message_id = None
        if message_id is None or message_id not in self.state.messages:
            raise _Refused(404, "Unknown Message", 10008)
        return pending, message_id

    async def create_followup(self, request: web.Request) -> web.StreamResponse:
        pending = self._webhook_interaction(request)
        body, files = _body(request)
        state = self.state
        original = state.messages.get(pending.original_id) if pending.original_id else None
        if original is not None and is_loading(original):
            # Discord fills a "thinking…" message with the first follow-up.
            message = state.edit_message(int(original["id"]), body, files)
        else:
            message = state.create_message(
                body,
                files,
                channel=pending.channel,
                guild_id=pending.guild_id,
                interaction=pending,
            )
        pending.followup_ids.append(int(message["id"]))
        pending.filled = True
        pending.bodies.append(body)
        pending.files.extend(files)
        pending.notify()
        if request.query.get("wait", "").lower() in ("1", "true"):
            return json_response(message)
        return web.Response(status=204)

    async def get_webhook_message(self, request: web.Request) -> web.Response:
        _, message_id = self._webhook_message(request)
        return json_response(self.state.messages[message_id])

    async def edit_webhook_message(self, request: web.Request) -> web.Response:
        pending, message_id = self._webhook_message(request)
        body, files = _body(request)
        message = self.state.edit_message(message_id, body, files)
        if message_id == pending.original_id:
            pending.filled = True
        pending.bodies.append(body)
        pending.files.extend(files)
        pending.notify()
        return json_response(message)

    async def delete_webhook_message(self, request: web.Request) -> web.Response:
        pending, message_id = self._webhook_message(request)
        del self.state.messages[message_id]
        if message_id == pending.original_id:
            pending.filled = True
        pending.notify()
        return web.Response(status=204)

    # -- channel messages -------------------------------------------------------------------

    def _channel(self, request: web.Request) -> dict[str, Any]:
        if not self._authorized(request):
            raise _Refused(401, "401: Unauthorized")
        channel_id = request.match_info["channel_id"]
        channel = self.state.channel(int(channel_id)) if channel_id.isdigit() else None
        if channel is None:
            raise _Refused(404, "Unknown Channel", 10003)
        return channel

    async def create_channel_message(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        body, files = _body(request)
        guild_id = channel.get("guild_id")
        message = self.state.create_message(
            body, files, channel=channel, guild_id=int(guild_id) if guild_id else None
        )
        reference = body.get("message_reference")
        if isinstance(reference, dict) and reference.get("message_id"):
            # A reply: Discord echoes where it points.
            message["type"] = 19
            message["message_reference"] = {
                "type": 0,
                "channel_id": str(reference.get("channel_id") or channel["id"]),
                "message_id": str(reference["message_id"]),
            }
        self.state.channel_messages.append(message)
        self.state.channel_message_posted.set()
        return json_response(message)

    def _channel_message_id(self, request: web.Request) -> int:
        channel = self._channel(request)
        message_id = int(request.match_info["message_id"])
        message = self.state.messages.get(message_id)
        if message is None or message["channel_id"] != channel["id"]:
            raise _Refused(404, "Unknown Message", 10008)
        return message_id

    async def get_channel_message(self, request: web.Request) -> web.Response:
        return json_response(self.state.messages[self._channel_message_id(request)])

    async def edit_channel_message(self, request: web.Request) -> web.Response:
        body, files = _body(request)
        message_id = self._channel_message_id(request)
        edited = self.state.edit_message(message_id, body, files)
        self.state.channel_message_posted.set()
        return json_response(edited)

    async def delete_channel_message(self, request: web.Request) -> web.Response:
        del self.state.messages[self._channel_message_id(request)]
        self.state.channel_message_posted.set()
        return web.Response(status=204)

    # -- threads and reactions --------------------------------------------------------------

    async def start_thread(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        message_id = self._channel_message_id(request)
        body, _ = _body(request)
        message = self.state.messages[message_id]
        if message.get("thread") is not None:
            return discord_error(400, "A thread has already been created for this message", 160004)
        name = str(body.get("name") or "")
        if not 1 <= len(name) <= 100:
            return discord_error(400, "Invalid Form Body", 50035)
        # A thread started from a message takes the message's id.
        thread = thread_channel(
            message_id,
            channel,
            name,
            int(self.state.bot_user["id"]),
            int(body.get("auto_archive_duration") or 1440),
        )
        self.state.threads[message_id] = thread
        message["thread"] = thread
        self.state.channel_message_posted.set()
        return json_response(thread, status=201)

    def _reactions(self, request: web.Request) -> tuple[dict[str, Any], str]:
        message = self.state.messages[self._channel_message_id(request)]
        return message, request.match_info["emoji_name"]

    async def add_reaction(self, request: web.Request) -> web.Response:
        message, emoji = self._reactions(request)
        reactions = message.setdefault("reactions", [])
        if not any(r["emoji"]["name"] == emoji and r["me"] for r in reactions):
            reactions.append(
                {
                    "emoji": {"id": None, "name": emoji},
                    "count": 1,
                    "count_details": {"burst": 0, "normal": 1},
                    "burst_colors": [],
                    "me_burst": False,
                    "burst_me": False,
                    "me": True,
                    "burst_count": 0,
                }
            )
        self.state.channel_message_posted.set()
        return web.Response(status=204)

    async def remove_reaction(self, request: web.Request) -> web.Response:
        message, emoji = self._reactions(request)
        message["reactions"] = [
            r for r in message.get("reactions", ()) if not (r["emoji"]["name"] == emoji and r["me"])
        ]
        self.state.channel_message_posted.set()
        return web.Response(status=204)

    async def delete_channel(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        thread = self.state.threads.pop(int(channel["id"]), None)
        if thread is None:
            # The sandbox lets a bot delete only the threads it started.
            return discord_error(403, "Missing Permissions", 50013)
        parent = self.state.messages.get(int(channel["id"]))
        if parent is not None:
            parent.pop("thread", None)
        self.state.channel_message_posted.set()
        return json_response(thread)

    # -- files ------------------------------------------------------------------------------

    async def get_attachment(self, request: web.Request) -> web.Response:
        try:
            stored = self.state.files[int(request.match_info["attachment_id"])]
        except (KeyError, ValueError):
            return discord_error(404, "404: Not Found")
        return web.Response(body=stored.content, headers={"Content-Type": stored.content_type})


def _without_prefix(path: str) -> str:
    for prefix in API_PREFIXES:
        if path.startswith(prefix):
            return path[len(prefix) :]
    return path


async def _read_body(request: web.Request) -> tuple[Any, list[tuple[str, bytes]]]:
    if not request.body_exists:
        return None, []
    if request.content_type == "multipart/form-data":
        json_body: Any = None
        files: list[tuple[str, bytes]] = []
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader):
                continue
            content = bytes(await part.read())
            if part.name == "payload_json":
                json_body = json.loads(content)
            elif part.filename is not None:
                files.append((part.filename, content))
        return json_body, files
    raw = await request.read()
    if not raw:
        return None, []
    try:
        return json.loads(raw), []
    except ValueError:
        return raw.decode(errors="replace"), []


def _response_message_type(pending: PendingInteraction) -> int:
    if pending.interaction_type != _APPLICATION_COMMAND:
        return 0
    if pending.command_type == _CHAT_INPUT:
        return _CHAT_INPUT_COMMAND_MESSAGE
    return _CONTEXT_MENU_COMMAND_MESSAGE


def _callback_response(
    pending: PendingInteraction, callback_type: int, message: dict[str, Any] | None
) -> dict[str, Any]:
    interaction: dict[str, Any] = {
        "id": str(pending.interaction_id),
        "type": pending.interaction_type,
        "response_message_loading": callback_type == CALLBACK_DEFERRED_MESSAGE,
        "response_message_ephemeral": bool(message and int(message.get("flags") or 0) & 64),
    }
    if pending.original_id is not None:
        interaction["response_message_id"] = str(pending.original_id)
    resource: dict[str, Any] = {"type": callback_type}
    if message is not None:
        resource["message"] = message
    return {"interaction": interaction, "resource": resource}


def _request_fault_response(fault: RequestFault, token: str) -> web.Response:
    message = f"{fault.status}: Sandbox failure"
    if fault.echo_token:
        message += f" (request had Authorization: Bot {token})"
    return discord_error(fault.status, message)


def _fault_response(fault: CallbackFault) -> web.Response:
    if fault.status == 429:
        retry_after = fault.retry_after
        return json_response(
            {"message": "You are being rate limited.", "retry_after": retry_after, "global": False},
            status=429,
            headers={
                "Via": "1.1 google",
                "Retry-After": str(max(1, round(retry_after))),
                "X-RateLimit-Limit": "1",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": f"{time.time() + retry_after:.3f}",
                "X-RateLimit-Reset-After": f"{retry_after:.3f}",
                "X-RateLimit-Bucket": "sandbox-interaction-callback",
                "X-RateLimit-Scope": "user",
            },
        )
    return discord_error(fault.status, f"{fault.status}: Sandbox failure")
