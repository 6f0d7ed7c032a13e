"""The bots under test, each in a process of its own: `gigwise run` and the reference bots.

The benchmark process runs the sandbox Discord and drives it; the bot's process does nothing but
be the bot, so the latency and memory measured are the bot's. A process counts as ready when it
writes its ready line (Gigwise logs one from `on_ready`; the reference bots print READY_MARKER).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
import time
from collections import Counter, deque
from collections.abc import Mapping, Sequence
from pathlib import Path

from bench.ceiling import READY_MARKER

ROOT = Path(__file__).resolve().parent.parent
# bot.client logs this from on_ready ("Ready as Gigwise in 1 servers"); LOG_LEVEL=INFO shows it.
GIGWISE_READY = "Ready as "
# Long enough for discord.py's `guild_ready_timeout` (2 s) after thousands of GUILD_CREATEs.
READY_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0
KEPT_LINES = 200
# "sqlalchemy.exc.TimeoutError: QueuePool limit ...", as a traceback ends.
_EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(?:Error|Exception|Exit|Timeout|Interrupt)\b(?::|$)")
# Settings the benchmark chooses itself; inherited ones would point the bot elsewhere.
_OWN_SETTINGS = ("DISCORD_", "GIGWISE_", "DATABASE_", "SHARD_", "LOG_LEVEL")


class BotProcessError(RuntimeError):
    """A bot process exited or never became ready; the message carries its last output."""


def gigwise_command(*args: str) -> list[str]:
    """`gigwise ARGS` as installed, or through the interpreter where no script is installed."""
    script = Path(sys.executable).parent / "gigwise"
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-m", "bot.cli", *args]


def reference_command(caches: str, *, database: bool = False) -> list[str]:
    command = [sys.executable, "-m", "bench.ceiling", "--caches", caches]
    return [*command, "--database"] if database else command


def bot_environment(**settings: str) -> dict[str, str]:
    """This process's environment without Gigwise's settings, plus `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OWN_SETTINGS)}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.update(settings)
    return env


class BotProcess:
    """One running bot: its start and ready times, its output, its memory."""

    def __init__(
        self,
        name: str,
        process: asyncio.subprocess.Process,
        started_at: float,
        ready_marker: str,
        keep_lines: int | None = None,
    ) -> None:
        self.name = name
        self.process = process
        self.started_at = started_at
        self.ready_marker = ready_marker
        self.ready_at: float | None = None
        self.output: deque[str] = deque(maxlen=keep_lines or KEPT_LINES)
        # The last line of each traceback the bot logged, counted: what went wrong, and how often.
        self.exceptions: Counter[str] = Counter()
        self._ready = asyncio.Event()
        self._reader = asyncio.create_task(self._read(), name=f"{name}-output")

    @classmethod
    async def start(
        cls,
        name: str,
        argv: Sequence[str],
        env: Mapping[str, str],
        ready_marker: str,
        keep_lines: int | None = None,
    ) -> BotProcess:
        started_at = time.perf_counter()
        process = await asyncio.create_subprocess_exec(
            *argv,
            env=dict(env),
            cwd=ROOT,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        return cls(name, process, started_at, ready_marker, keep_lines)

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def start_to_ready(self) -> float:
        if self.ready_at is None:
            raise BotProcessError(f"{self.name} is not ready")
        return self.ready_at - self.started_at

    async def _read(self) -> None:
        assert self.process.stdout is not None
        # Drained to the end: a bot blocked on a full pipe would look slow.
        while line := await self.process.stdout.readline():
            text = line.decode(errors="replace").rstrip()
            self.output.append(text)
            if _EXCEPTION_LINE.match(text):
                self.exceptions[text[:160]] += 1
            if not self._ready.is_set() and self.ready_marker in text:
                self.ready_at = time.perf_counter()
                self._ready.set()

    async def wait_ready(self, within: float = READY_TIMEOUT) -> float:
        """Seconds from process start to its ready line."""
        ready = asyncio.create_task(self._ready.wait())
        exited = asyncio.create_task(self.process.wait())
        try:
            await asyncio.wait({ready, exited}, timeout=within, return_when=asyncio.FIRST_COMPLETED)
        finally:
            ready.cancel()
            exited.cancel()
        if not self._ready.is_set():
            await self._reader_done()
            state = (
                f"exited with status {self.process.returncode}"
                if self.process.returncode is not None
                else f"was not ready after {within:g} s"
            )
            raise BotProcessError(f"{self.name} {state}. Its last output:\n{self.last_output()}")
        return self.start_to_ready

    def last_output(self, lines: int = 25) -> str:
        return "\n".join(list(self.output)[-lines:])

    def memory_kib(self) -> dict[str, int]:
        """VmRSS and VmHWM (peak) from /proc, in KiB."""
        status = Path(f"/proc/{self.pid}/status").read_text()
        found = {}
        for line in status.splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(value.split()[0])
        return found

    async def stop(self) -> int:
        """SIGTERM (Gigwise drains its replies and closes), then SIGKILL if it hangs."""
        if self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), STOP_TIMEOUT)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    self.process.kill()
                await self.process.wait()
        await self._reader_done()
        return self.process.returncode if self.process.returncode is not None else -1

    async def _reader_done(self) -> None:
        with contextlib.suppress(TimeoutError, asyncio.CancelledError):
            await asyncio.wait_for(asyncio.shield(self._reader), 5)


async def start_gigwise(
    name: str,
    *,
    token: str,
    api_url: str,
    gateway_url: str,
    data_dir: Path,
    database_url: str | None = None,
    extra: Mapping[str, str] | None = None,
    keep_lines: int | None = None,
) -> BotProcess:
    settings = {
        "DISCORD_TOKEN": token,
        "DISCORD_API_URL": api_url,
        "DISCORD_GATEWAY_URL": gateway_url,
        "GIGWISE_DATA_DIR": str(data_dir),
        "LOG_LEVEL": "INFO",
        **({"DATABASE_URL": database_url} if database_url else {}),
        **(extra or {}),
    }
    return await BotProcess.start(
        name, gigwise_command("run"), bot_environment(**settings), GIGWISE_READY, keep_lines
    )


async def start_reference(
    name: str,
    caches: str,
    *,
    token: str,
    api_url: str,
    gateway_url: str,
    database: bool = False,
) -> BotProcess:
    env = bot_environment(
        DISCORD_TOKEN=token, DISCORD_API_URL=api_url, DISCORD_GATEWAY_URL=gateway_url
    )
    command = reference_command(caches, database=database)
    return await BotProcess.start(name, command, env, READY_MARKER)
