"""One sandbox and one connected Gigwise on an event loop of their own, for synchronous tests.

hypothesis runs its examples synchronously, and starting a bot per example would take most of a
test's time. `LiveGigwise` keeps the sandbox, the database and the real bot running on a
background thread; a test hands it coroutines to run there and reads back what happened: the
reply, every request the bot sent for it (checked against Discord's OpenAPI description), and
every log record written meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import pytest

from bot.client import GigwiseBot
from bot.sandbox import Reply, SandboxDiscord
from bot.settings import load_settings
from db.database import Database
from db.startup import open_database
from tests.e2e.conftest import connected, payload_problems, point_at

T = TypeVar("T")


class LogRecorder(logging.Handler):
    """Keeps every record that reaches the root logger, from any thread."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What one interaction produced (a reply, the suggested choices), and what went wrong
    meanwhile: requests Discord would refuse, and log records of errors or with a traceback."""

    value: T
    payload_problems: list[str]
    tracebacks: list[str]


class LiveGigwise:
    """The sandbox Discord and a connected Gigwise, running on a background event loop."""

    def __init__(self, sandbox: SandboxDiscord, bot: GigwiseBot, recorder: LogRecorder) -> None:
        self.sandbox = sandbox
        self.bot = bot
        self.database: Database = bot.database
        self.recorder = recorder
        self.loop = asyncio.get_running_loop()

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = 120) -> T:
        """Run a coroutine on the bot's loop and wait for its result, from the test's thread."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def interact(self, coroutine: Coroutine[Any, Any, T]) -> Outcome[T]:
        """Run one interaction (`sandbox.invoke(...)`, `click(...)`, ...) and judge how it went."""
        return self.run(self._judged(coroutine))

    def refused(self, reply: Reply) -> bool:
        """Whether the command tree answered the interaction with a member-facing error."""
        return reply.interaction_id in self.bot.tree.refused

    def failed(self, reply: Reply) -> bool:
        """Whether the command tree answered the interaction with an error id (a bug)."""
        return reply.interaction_id in self.bot.tree.failed

    async def _judged(self, coroutine: Coroutine[Any, Any, T]) -> Outcome[T]:
        sent = len(self.sandbox.requests)
        logged = len(self.recorder.records)
        value = await coroutine
        # The error handler records a refusal before it replies, and may log after.
        await self.bot.tree.wait_idle(30)
        requests = self.sandbox.requests[sent:]
        records = self.recorder.records[logged:]
        return Outcome(
            value=value,
            payload_problems=[
                f"{r.method} {r.route}: {problem}"
                for r in requests
                for problem in payload_problems(r)
            ]
            + [f"unknown route {r.method} {r.path}" for r in self.sandbox.unknown_routes],
            tracebacks=[
                f"{r.levelname} {r.name}: {r.getMessage()}"
                for r in records
                if r.exc_info or r.levelno >= logging.ERROR or "Traceback" in r.getMessage()
            ],
        )


async def _serve(data_dir: Path, started: asyncio.Future[LiveGigwise], stop: asyncio.Event) -> None:
    recorder = LogRecorder()
    root = logging.getLogger()
    root.addHandler(recorder)
    database: Database | None = None
    try:
        async with SandboxDiscord() as sandbox:
            with pytest.MonkeyPatch.context() as patch:
                point_at(patch, sandbox)
                settings = load_settings({"GIGWISE_DATA_DIR": str(data_dir)})
                database = await open_database(settings.database_url)
                bot = GigwiseBot(settings, database, guild_ready_timeout=0.01)
                async with connected(bot, sandbox.token):
                    started.set_result(LiveGigwise(sandbox, bot, recorder))
                    await stop.wait()
    except BaseException as error:
        if not started.done():
            started.set_exception(error)
        raise
    finally:
        root.removeHandler(recorder)
        if database is not None:
            await database.dispose()


@contextlib.contextmanager
def live_gigwise(data_dir: Path) -> Iterator[LiveGigwise]:
    """Start the sandbox and Gigwise on a background loop; stop both when the block ends."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="gigwise-under-test", daemon=True)
    thread.start()
    stop = asyncio.Event()

    async def begin() -> tuple[asyncio.Future[LiveGigwise], asyncio.Task[None]]:
        started: asyncio.Future[LiveGigwise] = loop.create_future()
        return started, asyncio.create_task(_serve(data_dir, started, stop))

    try:
        started, serving = asyncio.run_coroutine_threadsafe(begin(), loop).result(10)
        live = asyncio.run_coroutine_threadsafe(_wait(started), loop).result(60)
        try:
            yield live
        finally:
            loop.call_soon_threadsafe(stop.set)
            asyncio.run_coroutine_threadsafe(_wait(serving), loop).result(60)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


async def _wait(awaitable: asyncio.Future[T]) -> T:
    return await awaitable
