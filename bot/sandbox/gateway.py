"""The sandbox's gateway: the websocket discord.py keeps open to receive events.

It speaks the part of Discord's gateway protocol a bot needs: HELLO, heartbeats, IDENTIFY with
shards, READY and GUILD_CREATE, RESUME with replay of missed events, RECONNECT and
INVALID_SESSION, and INTERACTION_CREATE routed to the shard that owns the guild. Frames are text
JSON, or a zlib stream when the client asks for one and the sandbox was told to compress.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
import zlib
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from aiohttp import WSMsgType, web

from bot.sandbox import payloads
from bot.sandbox.errors import SandboxError

_log = logging.getLogger(__name__)

# Bit 0 of IDENTIFY's intents: guild create, update and delete events.
GUILDS_INTENT = 1 << 0

DISPATCH = 0
HEARTBEAT = 1
IDENTIFY = 2
RESUME = 6
RECONNECT = 7
REQUEST_GUILD_MEMBERS = 8
INVALID_SESSION = 9
HELLO = 10
HEARTBEAT_ACK = 11

HEARTBEAT_INTERVAL_MS = 41_250
AUTHENTICATION_FAILED = 4004
INVALID_SHARD = 4010
DISALLOWED_INTENTS = 4014
# GUILD_MEMBERS, GUILD_PRESENCES and MESSAGE_CONTENT: each must be switched on for the application
# in the developer portal before a connection may ask for it.
PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15)
# Enough missed events to resume after any fault a test injects, without growing for ever.
REPLAY_LIMIT = 10_000
_ACK_FRAME = json.dumps({"op": HEARTBEAT_ACK, "d": None})


class Connection:
    """One open websocket, with its zlib stream if the client asked for one."""

    def __init__(self, socket: web.WebSocketResponse, *, compress: bool) -> None:
        self.socket = socket
        self.session: GatewaySession | None = None
        self._compressor = zlib.compressobj() if compress else None

    @property
    def open(self) -> bool:
        return not self.socket.closed

    async def send(self, frame: str) -> None:
        if self._compressor is None:
            await self.socket.send_str(frame)
        else:
            chunk = self._compressor.compress(frame.encode()) + self._compressor.flush(
                zlib.Z_SYNC_FLUSH
            )
            await self.socket.send_bytes(chunk)

    async def close(self, code: int, reason: str = "") -> None:
        await self.socket.close(code=code, message=reason.encode())


class GatewaySession:
    """A gateway session: a shard's numbered event stream, which outlives its connections."""

    def __init__(self, session_id: str, shard_id: int, shard_count: int) -> None:
        self.session_id = session_id
        self.shard_id = shard_id
        self.shard_count = shard_count
        self.sequence = 0
        self.connection: Connection | None = None
        self.sent: deque[tuple[int, str]] = deque(maxlen=REPLAY_LIMIT)
        self.event_names: list[str] = []
        # What IDENTIFY asked for: which events this session is sent, and with what in them.
        self.intents = 0

    async def dispatch(self, event: str, data: Any) -> None:
        # The sequence is taken and the frame written before any await, so frames leave in order.
        self.sequence += 1
        frame = json.dumps({"op": DISPATCH, "t": event, "s": self.sequence, "d": data})
        self.sent.append((self.sequence, frame))
        self.event_names.append(event)
        connection = self.connection
        if connection is None or not connection.open:
            return
        try:
            await connection.send(frame)
        except (ConnectionError, RuntimeError):
            # Missed frames stay in `sent`, to be replayed on RESUME.
            self.connection = None

    def missed_since(self, sequence: int) -> list[str] | None:
        """Frames after `sequence`, or None when some of them are no longer kept."""
        if sequence > self.sequence:
            return None
        frames = [frame for number, frame in self.sent if number > sequence]
        if self.sequence - sequence != len(frames):
            return None
        return frames


class Gateway:
    """Accepts discord.py's websocket connections and keeps their sessions."""

    def __init__(
        self,
        *,
        token: str,
        bot_user: Mapping[str, Any],
        application_id: int,
        guild_ids: Sequence[int],
        guild_payload: Callable[[int], dict[str, Any]],
        url: Callable[[], str],
        compress: bool = False,
    ) -> None:
        self.token = token
        self.bot_user = dict(bot_user)
        self.application_id = application_id
        self.guild_ids = list(guild_ids)
        self.guild_payload = guild_payload
        self.url = url
        self.compress = compress
        self.ready = asyncio.Event()
        self.sessions: dict[str, GatewaySession] = {}
        self.shards: dict[int, GatewaySession] = {}
        self.shard_count = 1
        self.identify_count = 0
        # The close reason an IDENTIFY or RESUME with the wrong token gets.
        self.refusal_reason = "Authentication failed."
        # Whether the application's privileged intents are switched on in the developer portal.
        self.privileged_intents_enabled = True
        self.resume_count = 0
        self.resumed = asyncio.Event()
        self._connections: set[Connection] = set()
        self._closing: set[asyncio.Task[None]] = set()

    # -- connections ------------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await socket.prepare(request)
        wants_zlib = request.query.get("compress") == "zlib-stream"
        connection = Connection(socket, compress=self.compress and wants_zlib)
        self._connections.add(connection)
        try:
            await connection.send(
                json.dumps({"op": HELLO, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}})
            )
            async for message in socket:
                if message.type is WSMsgType.TEXT:
                    await self._receive(connection, json.loads(message.data))
                elif message.type is WSMsgType.ERROR:
                    break
        except ConnectionError:
            pass
        finally:
            self._connections.discard(connection)
            session = connection.session
            if session is not None and session.connection is connection:
                session.connection = None
        return socket

    async def _receive(self, connection: Connection, frame: Mapping[str, Any]) -> None:
        op = frame.get("op")
        data = frame.get("d") or {}
        if op == HEARTBEAT:
            await connection.send(_ACK_FRAME)
        elif op == IDENTIFY:
            await self._identify(connection, data)
        elif op == RESUME:
            await self._resume(connection, data)
        elif op == REQUEST_GUILD_MEMBERS and connection.session is not None:
            await connection.session.dispatch(
                "GUILD_MEMBERS_CHUNK",
                {
                    "guild_id": str(data["guild_id"]),
                    "members": [],
                    "chunk_index": 0,
                    "chunk_count": 1,
                    "not_found": [],
                    "nonce": data.get("nonce"),
                },
            )

    async def _identify(self, connection: Connection, data: Mapping[str, Any]) -> None:
        if data.get("token") != self.token:
            await connection.close(AUTHENTICATION_FAILED, self.refusal_reason)
            return
        shard = data.get("shard")
        shard_id, shard_count = (int(shard[0]), int(shard[1])) if shard else (0, 1)
        if shard_count < 1 or not 0 <= shard_id < shard_count:
            await connection.close(INVALID_SHARD, "Invalid shard.")
            return
        if shard_count != self.shard_count:
            self.shards.clear()
            self.shard_count = shard_count
            self.ready.clear()
        intents = int(data.get("intents") or 0)
        if intents & PRIVILEGED_INTENTS and not self.privileged_intents_enabled:
            await connection.close(DISALLOWED_INTENTS, "Disallowed intent(s).")
            return
        session = GatewaySession(uuid.uuid4().hex, shard_id, shard_count)
        session.intents = intents
        previous = self.shards.get(shard_id)
        if previous is not None:
            self.sessions.pop(previous.session_id, None)
        self.sessions[session.session_id] = session
        self.shards[shard_id] = session
        session.connection = connection
        connection.session = session
        self.identify_count += 1
        guild_ids = [g for g in self.guild_ids if payloads.shard_of(g, shard_count) == shard_id]
        await session.dispatch(
            "READY",
            payloads.ready(
                bot_user=self.bot_user,
                session_id=session.session_id,
                resume_gateway_url=self.url(),
                guild_ids=guild_ids,
                application_id=self.application_id,
                shard=list(shard) if shard else None,
            ),
        )
        # Discord sends a guild's GUILD_CREATE only to a session that asked for the GUILDS intent;
        # READY lists the guilds either way.
        if int(data.get("intents") or 0) & GUILDS_INTENT:
            for guild_id in guild_ids:
                await session.dispatch("GUILD_CREATE", self.guild_payload(guild_id))
        if len(self.shards) == self.shard_count:
            self.ready.set()

    async def _resume(self, connection: Connection, data: Mapping[str, Any]) -> None:
        if data.get("token") != self.token:
            await connection.close(AUTHENTICATION_FAILED, self.refusal_reason)
            return
        session = self.sessions.get(str(data.get("session_id")))
        missed = None
        if session is not None:
            sequence = data.get("seq")
            missed = session.missed_since(int(sequence) if sequence is not None else 0)
        if session is None or missed is None:
            await connection.send(json.dumps({"op": INVALID_SESSION, "d": False}))
            return
        session.connection = connection
        connection.session = session
        for frame in missed:
            await connection.send(frame)
        self.resume_count += 1
        await session.dispatch("RESUMED", {})
        self.resumed.set()

    # -- events -----------------------------------------------------------------------------

    def session_for(self, guild_id: int | None) -> GatewaySession:
        session = self.shards.get(payloads.shard_of(guild_id, self.shard_count))
        if session is None:
            raise SandboxError("No bot is connected to the sandbox gateway for this guild.")
        return session

    async def dispatch_to_guild(self, guild_id: int | None, event: str, data: Any) -> None:
        await self.session_for(guild_id).dispatch(event, data)

    # -- fault injection --------------------------------------------------------------------

    def disconnect(self, code: int = 4000, shard_id: int | None = None, reason: str = "") -> None:
        """Drops the connections (all, or one shard's); the sessions stay resumable."""
        for session in self._sessions_of(shard_id):
            connection, session.connection = session.connection, None
            if connection is not None and connection.open:
                task = asyncio.create_task(connection.close(code, reason))
                self._closing.add(task)
                task.add_done_callback(self._closing.discard)

    async def request_reconnect(self, shard_id: int | None = None) -> None:
        """Sends op 7 RECONNECT: the client closes and resumes."""
        for session in self._sessions_of(shard_id):
            if session.connection is not None:
                await session.connection.send(json.dumps({"op": RECONNECT, "d": None}))

    async def invalidate_session(self, resumable: bool, shard_id: int | None = None) -> None:
        """Sends op 9 INVALID_SESSION; unless resumable, the client must IDENTIFY again."""
        for session in self._sessions_of(shard_id):
            connection = session.connection
            if not resumable:
                self.sessions.pop(session.session_id, None)
                self.shards.pop(session.shard_id, None)
                self.ready.clear()
            if connection is not None and connection.open:
                await connection.send(json.dumps({"op": INVALID_SESSION, "d": resumable}))

    def _sessions_of(self, shard_id: int | None) -> list[GatewaySession]:
        if shard_id is None:
            return list(self.shards.values())
        return [self.shards[shard_id]] if shard_id in self.shards else []

    async def close(self) -> None:
        for connection in list(self._connections):
            if connection.open:
                await connection.close(1001, "Sandbox shutting down.")
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)
