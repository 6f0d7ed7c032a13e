"""Points the discord.py library at another Discord: the sandbox, or a REST and gateway proxy."""

from __future__ import annotations

import discord.gateway
import discord.http
import yarl


def point_discord_py_at(api_url: str, gateway_url: str) -> None:
    """Sends every REST call to `api_url` and opens the gateway at `gateway_url`.

    Both are process-wide class attributes of discord.py: `Route.BASE` is read on every request
    (interaction callbacks and webhooks included), `DEFAULT_GATEWAY` on every first connect and
    after an invalidated session.
    """
    discord.http.Route.BASE = api_url.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
