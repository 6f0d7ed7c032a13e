"""Fixtures: a started sandbox Discord, discord.py pointed at it, and a connected rehearsal bot."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from typing import TypeVar

import discord
import discord.gateway
import discord.http
import pytest
import yarl

from bot.sandbox import SandboxDiscord
from bot.sandbox import connected as sandbox_connected
from tests.bot.sandbox.rehearsal_bot import RehearsalBot


@pytest.fixture
async def sandbox(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[SandboxDiscord]:
    async with SandboxDiscord() as started:
        point_at(monkeypatch, started)
        yield started


def point_at(monkeypatch: pytest.MonkeyPatch, sandbox: SandboxDiscord) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", sandbox.api_url)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(sandbox.gateway_url)
    )


ClientT = TypeVar("ClientT", bound=discord.Client)


def connected(client: ClientT, token: str) -> AbstractAsyncContextManager[ClientT]:
    """Run the client until the block ends; fail fast if it stops before on_ready."""
    return sandbox_connected(client, token, ready_within=10)


@pytest.fixture
async def bot(sandbox: SandboxDiscord) -> AsyncIterator[discord.Client]:
    async with connected(RehearsalBot(), sandbox.token) as client:
        yield client
    assert sandbox.unknown_routes == [], "the bot called routes the sandbox does not serve"
