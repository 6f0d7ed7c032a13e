"""Fixtures: the bare reference bot connected, in this process, to a fresh sandbox Discord."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bench.ceiling import CeilingBot
from bot.sandbox import SandboxDiscord
from tests.bot.sandbox.conftest import connected, point_at


@pytest.fixture
async def sandbox(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[SandboxDiscord]:
    async with SandboxDiscord() as started:
        point_at(monkeypatch, started)
        yield started


@pytest.fixture
async def ceiling_bot(sandbox: SandboxDiscord) -> AsyncIterator[CeilingBot]:
    bot = CeilingBot("bare", guild_ready_timeout=0.01)
    async with connected(bot, sandbox.token):
        yield bot
