"""Pointing discord.py at another Discord."""

from __future__ import annotations

import discord.gateway
import discord.http
import pytest
import yarl

from bot.endpoints import point_discord_py_at


def test_rest_and_gateway_urls_are_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    # Registered first so that monkeypatch restores the real URLs after the test.
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", gateway)

    point_discord_py_at("http://127.0.0.1:9/api/v10/", "ws://127.0.0.1:9/")

    assert discord.http.Route("GET", "/users/@me").url == "http://127.0.0.1:9/api/v10/users/@me"
    assert yarl.URL("ws://127.0.0.1:9/") == discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
