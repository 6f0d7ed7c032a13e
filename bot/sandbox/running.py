"""Running a discord.py client against the sandbox for as long as a block lasts.

The console, the end-to-end tests and the sandbox's own tests all start a client, wait for it to
be ready (or for it to stop first, with the error that stopped it), and close it at the end.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import TypeVar

import discord

from bot.sandbox.errors import SandboxTimeout

ClientT = TypeVar("ClientT", bound=discord.Client)


@contextlib.asynccontextmanager
async def connected(
    client: ClientT, token: str, *, ready_within: float | None = None
) -> AsyncIterator[ClientT]:
    """Run `client` until the block ends, once it has reached on_ready.

    A client that stops before it is ready raises what stopped it; one still not ready after
    `ready_within` seconds raises `SandboxTimeout`.
    """
    runner = asyncio.create_task(client.start(token), name="sandbox-client")
    ready = asyncio.create_task(client.wait_until_ready())
    try:
        await asyncio.wait(
            {runner, ready}, timeout=ready_within, return_when=asyncio.FIRST_COMPLETED
        )
        if runner.done():
            runner.result()
        if not ready.done():
            raise SandboxTimeout(f"the client did not reach on_ready within {ready_within} s")
        yield client
    finally:
        ready.cancel()
        await client.close()
        with contextlib.suppress(asyncio.CancelledError):
            await runner
