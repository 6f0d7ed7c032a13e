"""The real Gigwise bot connected to the sandbox Discord, with every request it sends checked.

Each test gets a fresh sandbox and a fresh SQLite file. When the test ends, every REST body the bot
sent is validated against Discord's official OpenAPI description, and every message is checked to
allow no mentions.
"""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import discord
import discord.gateway
import discord.http
import pytest
import yarl

from bot.client import GigwiseBot
from bot.sandbox import RecordedRequest, SandboxDiscord
from bot.sandbox import connected as sandbox_connected
from bot.settings import Settings, load_settings
from db.database import Database
from db.startup import open_database
from tests.discord_api import CALLBACK_SCHEMAS, request_errors, schema_errors, unknown_keys

MESSAGE_BODY_ROUTES = {
    ("POST", "/webhooks/{webhook_id}/{webhook_token}"),
    ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"),
    ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"),
    ("POST", "/channels/{channel_id}/messages"),
}
CHANNEL_MESSAGE_ROUTE = ("POST", "/channels/{channel_id}/messages")
SYNC_ROUTES = {
    ("PUT", "/applications/{application_id}/commands"),
    ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands"),
}
CALLBACK_ROUTE = ("POST", "/interactions/{interaction_id}/{interaction_token}/callback")
CHANNEL_EDIT_ROUTE = ("PATCH", "/channels/{channel_id}/messages/{message_id}")
THREAD_ROUTE = ("POST", "/channels/{channel_id}/messages/{message_id}/threads")


def _as_discord_reads_it(body: Any) -> Any:
    """discord.py numbers uploaded files' `attachments[].id` with integers (0, 1, ...), which
    Discord accepts but its description types as string snowflakes; read them as strings."""
    if isinstance(body, dict):
        for holder in (body, body.get("data")):
            if isinstance(holder, dict) and isinstance(holder.get("attachments"), list):
                holder["attachments"] = [
                    {**a, "id": str(a["id"])} if isinstance(a.get("id"), int) else a
                    for a in holder["attachments"]
                ]
        # discord.py sends a reply's message_reference ids as integers, which Discord reads as
        # the snowflakes its description types as strings.
        reference = body.get("message_reference")
        if isinstance(reference, dict):
            body["message_reference"] = {
                key: str(value) if key.endswith("_id") and isinstance(value, int) else value
                for key, value in reference.items()
            }
    return body


def payload_problems(request: RecordedRequest) -> list[str]:
    """Why a recorded request is not what Discord accepts (empty when it is)."""
    key = (request.method, request.route)
    body = _as_discord_reads_it(copy.deepcopy(request.json))
    if key in SYNC_ROUTES or key == THREAD_ROUTE:
        return request_errors(request.method, request.route, body)
    if key == CALLBACK_ROUTE:
        problems = request_errors(request.method, request.route, body)
        schema = CALLBACK_SCHEMAS[body["type"]]
        problems += schema_errors(schema, body)
        if body["type"] in (4, 7) and body.get("data"):
            problems += message_problems(body["data"], "IncomingWebhookInteractionRequest")
        return problems
    if key == CHANNEL_EDIT_ROUTE and body is not None:
        return request_errors(request.method, request.route, body)
    if key in MESSAGE_BODY_ROUTES and body is not None:
        problems = request_errors(request.method, request.route, body)
        # A channel message is the bot's own post, described by another schema than a webhook's.
        schema = (
            "MessageCreateRequest"
            if key == CHANNEL_MESSAGE_ROUTE
            else "IncomingWebhookRequestPartial"
        )
        return problems + message_problems(body, schema)
    return []


def message_problems(message: dict[str, Any], schema: str) -> list[str]:
    problems = [f"unknown key {k!r}" for k in sorted(unknown_keys(schema, message))]
    mentions = message.get("allowed_mentions")
    if (
        mentions is None
        or mentions.get("parse") != []
        or mentions.get("users")
        or mentions.get("roles")
    ):
        problems.append(f"allowed_mentions does not forbid every ping: {mentions!r}")
    return problems


def assert_sent_valid_payloads(sandbox: SandboxDiscord) -> None:
    assert sandbox.unknown_routes == [], "the bot called routes the sandbox does not serve"
    problems = {f"{r.method} {r.route}": p for r in sandbox.requests if (p := payload_problems(r))}
    assert problems == {}


def point_at(monkeypatch: pytest.MonkeyPatch, sandbox: SandboxDiscord) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", sandbox.api_url)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(sandbox.gateway_url)
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings({"GIGWISE_DATA_DIR": str(tmp_path / "data")})


@pytest.fixture
async def database(settings: Settings) -> AsyncIterator[Database]:
    opened = await open_database(settings.database_url)
    yield opened
    await opened.dispose()


def connected(bot: GigwiseBot, token: str) -> AbstractAsyncContextManager[GigwiseBot]:
    """Run the bot until the block ends; fail fast if it stops before on_ready."""
    return sandbox_connected(bot, token, ready_within=15)


BotFactory = Callable[..., GigwiseBot]


@pytest.fixture
async def sandbox(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[SandboxDiscord]:
    async with SandboxDiscord() as started:
        point_at(monkeypatch, started)
        yield started
        assert_sent_valid_payloads(started)


@pytest.fixture
def make_bot(settings: Settings, database: Database) -> BotFactory:
    def make(**options: Any) -> GigwiseBot:
        options.setdefault("guild_ready_timeout", 0.01)
        chosen = options.pop("settings", settings)
        return GigwiseBot(chosen, options.pop("database", database), **options)

    return make


@pytest.fixture
async def gigwise(sandbox: SandboxDiscord, make_bot: BotFactory) -> AsyncIterator[GigwiseBot]:
    async with connected(make_bot(), sandbox.token) as bot:
        yield bot
