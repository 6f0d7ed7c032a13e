"""Start-up: `gigwise run` from process start to on_ready, what its imports cost, and `gigwise ask`.

Each timed start gets a fresh sandbox, as a restarted bot meets a fresh gateway session, on a
database that is already up to date (as after a deploy). The time is split where the sandbox can
see it: the first REST call (the interpreter, imports, settings and the database are done), READY
sent (login, extensions, command sync and the gateway handshake are done), then on_ready, which
discord.py holds back until no GUILD_CREATE has come for `guild_ready_timeout` (2 s by default).
"""

from __future__ import annotations

import asyncio
import dataclasses
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.context import BOT_TOKEN, RunContext
from bench.processes import (
    ROOT,
    BotProcess,
    bot_environment,
    gigwise_command,
    start_gigwise,
    start_reference,
)
from bench.report import Figure, Goal
from bot.sandbox import SandboxDiscord
from db.startup import open_database

SECTION = "start-up"
COLD_START_GOAL = Goal("<=", 1.5)
# Imported only when a member draws a chart or imports a file, never at start-up.
HEAVY_MODULES = ("matplotlib", "numpy", "PIL", "pandas", "advisor.upwork_csv")
ASK_LINE = "/fee 15000 platform:upwork-tiered"
ASK_ANSWER = "Upwork's 2016–2023 tiers kept $1,300.00 of $15,000.00"
IMPORT_TIME_PREFIX = "import time:"


@dataclass(frozen=True)
class ColdStart:
    """Seconds from process start to each point the sandbox sees."""

    first_request: float
    ready_sent: float
    on_ready: float


class _StampedRequests(list[Any]):
    """The sandbox's request log, noting when each request arrived."""

    def __init__(self, stamps: list[float]) -> None:
        super().__init__()
        self.stamps = stamps

    def append(self, request: Any) -> None:
        self.stamps.append(time.perf_counter())
        super().append(request)


async def _timed_start(
    data_dir: Path, *, import_times: bool = False
) -> tuple[ColdStart, BotProcess]:
    async with SandboxDiscord(token=BOT_TOKEN) as sandbox:
        requests: list[float] = []
        sandbox.state.requests = _StampedRequests(requests)
        ready_sent: list[float] = []

        async def note_ready() -> None:
            await sandbox.ready.wait()
            ready_sent.append(time.perf_counter())

        watcher = asyncio.create_task(note_ready())
        bot = await start_gigwise(
            "gigwise (cold start)",
            token=BOT_TOKEN,
            api_url=sandbox.api_url,
            gateway_url=sandbox.gateway_url,
            data_dir=data_dir,
            extra={"PYTHONPROFILEIMPORTTIME": "1"} if import_times else None,
            keep_lines=100_000 if import_times else None,
        )
        try:
            await bot.wait_ready()
        finally:
            watcher.cancel()
            await bot.stop()
    began = bot.started_at
    return (
        ColdStart(
            first_request=requests[0] - began if requests else float("nan"),
            ready_sent=ready_sent[0] - began if ready_sent else float("nan"),
            on_ready=bot.start_to_ready,
        ),
        bot,
    )


@dataclass(frozen=True)
class ImportCosts:
    total_seconds: float
    top: list[tuple[str, float]]
    heavy: list[str]


def import_costs(lines: list[str], top: int = 6) -> ImportCosts:
    """Import time by top-level package (each module's own time), from `-X importtime` lines."""
    by_package: dict[str, float] = {}
    imported: set[str] = set()
    for line in lines:
        if not line.startswith(IMPORT_TIME_PREFIX):
            continue
        fields = line[len(IMPORT_TIME_PREFIX) :].split("|")
        if len(fields) != 3 or not fields[0].strip().isdigit():
            continue
        module = fields[2].strip()
        imported.add(module)
        package = module.split(".")[0]
        by_package[package] = by_package.get(package, 0.0) + int(fields[0]) / 1e6
    ranked = sorted(by_package.items(), key=lambda item: item[1], reverse=True)
    heavy = [h for h in HEAVY_MODULES if any(m == h or m.startswith(h + ".") for m in imported)]
    return ImportCosts(sum(by_package.values()), ranked[:top], heavy)


async def _ask(data_dir: Path) -> tuple[float, bool, str]:
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        *gigwise_command("ask", ASK_LINE),
        env=bot_environment(GIGWISE_DATA_DIR=str(data_dir)),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate()
    seconds = time.perf_counter() - started
    text = output.decode(errors="replace")
    return seconds, process.returncode == 0 and ASK_ANSWER in text, text


async def _reference_start() -> float:
    async with SandboxDiscord(token=BOT_TOKEN) as sandbox:
        bot = await start_reference(
            "ceiling bot (cold start)",
            "bare",
            token=BOT_TOKEN,
            api_url=sandbox.api_url,
            gateway_url=sandbox.gateway_url,
        )
        try:
            return await bot.wait_ready()
        finally:
            await bot.stop()


async def measure(context: RunContext) -> None:
    plan = context.plan
    data_dir = context.scratch("startup")
    database = await open_database(f"sqlite+aiosqlite:///{data_dir / 'gigwise.sqlite3'}")
    await database.dispose()

    context.progress(f"start-up: {plan.cold_starts} cold start(s) of gigwise run")
    starts = [(await _timed_start(data_dir))[0] for _ in range(plan.cold_starts)]
    typical = sorted(starts, key=lambda s: s.on_ready)[len(starts) // 2]
    reference = await _reference_start() if plan.reference_start else None
    compared = f"; a bare discord.py bot reaches on_ready in {reference:.2f} s" if reference else ""
    context.report.add(
        Figure(
            SECTION,
            "startup.cold_start",
            "gigwise run: process start to on_ready",
            statistics.median(s.on_ready for s in starts),
            " s",
            COLD_START_GOAL,
            f"first REST call at {typical.first_request:.2f} s, READY sent at "
            f"{typical.ready_sent:.2f} s, on_ready at {typical.on_ready:.2f} s" + compared,
        )
    )

    context.progress("start-up: what gigwise run imports")
    _, traced = await _timed_start(data_dir, import_times=True)
    costs = import_costs(list(traced.output))
    context.report.add(
        Figure(
            SECTION,
            "startup.heavy_imports",
            "heavy modules imported at start-up",
            float(len(costs.heavy)),
            "",
            Goal("<=", 0),
            (", ".join(costs.heavy) if costs.heavy else "none")
            + f"; imports take {costs.total_seconds:.2f} s: "
            + ", ".join(f"{name} {seconds:.2f}" for name, seconds in costs.top),
        )
    )

    context.progress(f'start-up: {plan.asks} run(s) of gigwise ask "{ASK_LINE}"')
    asks = [await _ask(data_dir) for _ in range(plan.asks)]
    wrong = [text for _, ok, text in asks if not ok]
    context.report.add(
        Figure(
            SECTION,
            "startup.ask",
            f'gigwise ask "{ASK_LINE}": wall time',
            statistics.median(seconds for seconds, _, _ in asks),
            " s",
            None,
            "runs: "
            + ", ".join(f"{seconds:.2f} s" for seconds, _, _ in asks)
            + (f"; wrong answer: {wrong[0].strip()[:200]}" if wrong else ""),
            len(wrong),
        )
    )
    context.report.details["start-up"] = {
        "cold_starts": [dataclasses.asdict(s) for s in starts],
        "reference_start": reference,
        "import_seconds": costs.total_seconds,
        "top_imports": costs.top,
    }
