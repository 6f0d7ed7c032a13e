"""Fixtures: a started sandbox Discord, discord.py pointed at it, and a connected rehearsal bot."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import discord
import discord.gateway
import discord.http
import pytest
import yarl

from bot.sandbox import SandboxDiscord
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


@contextlib.asynccontextmanager
async def connected(client: discord.Client, token: str) -> AsyncIterator[discord.Client]:
    """Runs the client until the block ends; fails fast if it stops before on_ready."""
    runner = asyncio.create_task(client.start(token))
    ready = asyncio.create_task(client.wait_until_ready())
    try:
        await asyncio.wait({runner, ready}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
        if runner.done():
            runner.result()
        assert ready.done(), "the bot did not reach on_ready"
        yield client
    finally:
        ready.cancel()
        await client.close()
        with contextlib.suppress(asyncio.CancelledError):
            await runner


@pytest.fixture
async def bot(sandbox: SandboxDiscord) -> AsyncIterator[discord.Client]:
    async with connected(RehearsalBot(), sandbox.token) as client:
        yield client
    assert sandbox.unknown_routes == [], "the bot called routes the sandbox does not serve"
