"""Driving the sandbox Discord and timing the bot's answers: calls one after another, and bursts.

Latency runs from the moment the sandbox writes INTERACTION_CREATE to the bot's gateway socket
to the moment the caller wakes up after the bot's callback arrived (one event-loop step after the
sandbox received it). A burst dispatches every call at once, as Discord does when hundreds of
members type at the same moment, and counts answers per second from the first dispatch to the
last answer. The driver's own garbage collector is paused while it measures.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import math
import os
import statistics
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.calls import CommandCall
from bot.sandbox import AnsweredTooLate, Reply, SandboxDiscord, SandboxTimeout

# Discord invalidates an interaction the bot has not answered within 3 seconds.
ANSWER_DEADLINE = 3.0
SEQUENTIAL_TIMEOUT = 10.0
BURST_TIMEOUT = 120.0
# Untimed calls before a series of sequential ones (see `Driver.sequential`).
SETTLING_CALLS = 3
# Other work on the machine, in cores, above which a figure is flagged as noisy.
NOISY_MACHINE = 0.15
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value with `fraction` of the values at or below it."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class CpuUse:
    """CPU seconds spent while something was measured: by the bots, their database server (when
    it is a process of its own), this driver, and the whole machine.

    A share of wall time near 1.0 tells which side was the bottleneck; what the machine spent
    beyond those is other work on the same cores, which makes figures noisy.
    """

    seconds: float = 0.0
    bot: float = 0.0
    driver: float = 0.0
    machine: float = 0.0
    database: float = 0.0

    def _share(self, cpu: float) -> float:
        return max(0.0, cpu / self.seconds) if self.seconds > 0 else 0.0

    @property
    def bot_busy(self) -> float:
        return self._share(self.bot)

    @property
    def driver_busy(self) -> float:
        return self._share(self.driver)

    @property
    def database_busy(self) -> float:
        return self._share(self.database)

    @property
    def machine_busy(self) -> float:
        return self._share(self.machine)

    @property
    def others_busy(self) -> float:
        return self._share(self.machine - self.bot - self.driver - self.database)

    def __add__(self, other: CpuUse) -> CpuUse:
        return CpuUse(
            self.seconds + other.seconds,
            self.bot + other.bot,
            self.driver + other.driver,
            self.machine + other.machine,
            self.database + other.database,
        )


@dataclass(frozen=True)
class LatencySample:
    """Sequential calls: each call's latency in seconds, and how many answers were not the expected one."""

    latencies: tuple[float, ...]
    wrong: int
    cpu: CpuUse = CpuUse()

    @property
    def median(self) -> float:
        return statistics.median(self.latencies)

    @property
    def p99(self) -> float:
        return percentile(self.latencies, 0.99)

    def __add__(self, other: LatencySample) -> LatencySample:
        return LatencySample(
            self.latencies + other.latencies, self.wrong + other.wrong, self.cpu + other.cpu
        )


@dataclass(frozen=True)
class BurstResult:
    """One burst: answers per second from first dispatch to last answer."""

    count: int
    seconds: float
    wrong: int
    lost: int
    # Acknowledged after Discord's 3 s, when Discord would have shown the member a failure.
    late: int
    worst_latency: float
    cpu: CpuUse = CpuUse()

    @property
    def per_second(self) -> float:
        return (self.count - self.lost) / self.seconds if self.seconds > 0 else 0.0


def noise(cpu: CpuUse) -> str:
    """A warning for a figure's detail when other work shared the machine while it was measured."""
    if cpu.others_busy < NOISY_MACHINE:
        return ""
    return f"; other processes used {cpu.others_busy:.0%} of a core meanwhile: noisy figures"


def combined_rate(bursts: Sequence[BurstResult]) -> float:
    """Answers per second over several bursts, weighted by their length."""
    seconds = sum(b.seconds for b in bursts)
    return sum(b.count - b.lost for b in bursts) / seconds if seconds > 0 else 0.0


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The driver is the stopwatch: its own collections must not land in the bot's figures."""
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class DispatchClock:
    """When each INTERACTION_CREATE left the sandbox, keyed by interaction id."""

    def __init__(self, sandbox: SandboxDiscord) -> None:
        self._sent: dict[int, float] = {}
        gateway = sandbox.gateway
        dispatch: Callable[[int | None, str, Any], Awaitable[None]] = gateway.dispatch_to_guild

        async def stamped(guild_id: int | None, event: str, data: Any) -> None:
            if event == "INTERACTION_CREATE":
                self._sent[int(data["id"])] = time.perf_counter()
            await dispatch(guild_id, event, data)

        # An instance attribute shadows the method: SandboxDiscord calls it through the instance.
        gateway.dispatch_to_guild = stamped  # type: ignore[method-assign]

    def sent_at(self, interaction_id: int) -> float:
        return self._sent.pop(interaction_id)


def machine_cpu_seconds() -> float:
    """CPU time all cores have spent on anything but idling since boot."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(v) for v in stat.readline().split()[1:9]]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / _CLOCK_TICKS


def _gist(reply: Reply) -> str:
    text = reply.content or (str(reply.embeds[0].get("title", "")) if reply.embeds else "")
    return " ".join(text.split())[:100] or f"callback type {reply.callback_type}, no text"


def cpu_seconds(pid: int | None) -> float:
    """User plus system CPU time of a process (0 when there is none to read)."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # Fields 14 and 15 of /proc/PID/stat (utime, stime), counted after the command name.
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


@contextlib.contextmanager
def cpu_meter(
    bot_pids: Sequence[int], database_pids: Callable[[], Sequence[int]] = tuple
) -> Iterator[list[CpuUse]]:
    """Measures CPU use over the block; the result is in the yielded list once it ends."""
    measured: list[CpuUse] = []
    started = time.perf_counter()
    before = _cpu_now(bot_pids, database_pids())
    try:
        yield measured
    finally:
        after = _cpu_now(bot_pids, database_pids())
        bot, driver, machine, database = (a - b for a, b in zip(after, before, strict=True))
        measured.append(CpuUse(time.perf_counter() - started, bot, driver, machine, database))


def _cpu_now(
    bot_pids: Sequence[int], database_pids: Sequence[int]
) -> tuple[float, float, float, float]:
    return (
        sum(cpu_seconds(pid) for pid in bot_pids),
        time.process_time(),
        machine_cpu_seconds(),
        sum(cpu_seconds(pid) for pid in database_pids),
    )


class Driver:
    """Sends one bot's interactions through its sandbox and times the answers."""

    def __init__(
        self,
        sandbox: SandboxDiscord,
        bot_pids: Sequence[int] = (),
        database_pids: Callable[[], Sequence[int]] = tuple,
    ) -> None:
        sandbox.record_requests = False
        self.sandbox = sandbox
        self.clock = DispatchClock(sandbox)
        self.bot_pids = list(bot_pids)
        # Read at each measurement: a database server starts a process per connection.
        self.database_pids = database_pids
        # What the wrong answers said, so a report can show why a figure is not valid.
        self.wrong_answers: Counter[str] = Counter()

    async def call(
        self, call: CommandCall, within: float = SEQUENTIAL_TIMEOUT
    ) -> tuple[bool, float]:
        """One interaction: whether the answer was the expected one, and its latency."""
        ok, latency, _ = await self.timed_call(call, within)
        return ok, latency

    async def _invoke(self, call: CommandCall, within: float) -> Reply:
        invocation = call.next_invocation()
        return await self.sandbox.invoke(
            call.name,
            invocation.options,
            subcommand=call.subcommand,
            user_id=invocation.user_id,
            guild_id=invocation.guild_id,
            attachments=invocation.attachments,
            timeout=within,
        )

    async def timed_call(
        self, call: CommandCall, within: float = SEQUENTIAL_TIMEOUT
    ) -> tuple[bool, float, float]:
        """`call`, with the time to the acknowledgement as well (the same, unless deferred)."""
        reply = await self._invoke(call, within)
        answered_at = time.perf_counter()
        sent_at = self.clock.sent_at(reply.interaction_id)
        latency = answered_at - sent_at
        acknowledged = (reply.acknowledged_at or answered_at) - sent_at
        if call.expected(reply):
            return True, latency, acknowledged
        self.wrong_answers[_gist(reply)] += 1
        return False, latency, acknowledged

    async def timed_job(
        self, call: CommandCall, finished: Callable[[Reply], bool], within: float
    ) -> tuple[bool, float]:
        """`call` for a long job whose answer is edited as it goes (its place in a queue, its
        progress): the seconds until the answer shows it `finished`, and whether it is right."""
        started = time.perf_counter()
        reply = await self._invoke(call, within)
        reply = await self.sandbox.wait_for_reply(reply, finished, within)
        seconds = time.perf_counter() - started
        if call.expected(reply):
            return True, seconds
        self.wrong_answers[_gist(reply)] += 1
        return False, seconds

    async def warm_up(self, call: CommandCall, count: int) -> int:
        """Calls that fill caches and pools before anything is timed; returns the wrong answers."""
        wrong = 0
        for _ in range(count):
            ok, _ = await self.call(call)
            wrong += not ok
        return wrong

    async def sequential(self, call: CommandCall, count: int) -> LatencySample:
        latencies = []
        wrong = 0
        with collector_paused():
            # The full collection just made walked every object of this process: the calls
            # right after it were the slowest of the series for every bot, the bare one too.
            for _ in range(SETTLING_CALLS):
                await self.call(call)
            with cpu_meter(self.bot_pids, self.database_pids) as cpu:
                for _ in range(count):
                    ok, latency = await self.call(call)
                    latencies.append(latency)
                    wrong += not ok
        return LatencySample(tuple(latencies), wrong, cpu[0])

    async def burst(self, call: CommandCall, count: int) -> BurstResult:
        answered_at: list[float] = []

        async def one() -> tuple[bool, float, float]:
            outcome = await self.timed_call(call, BURST_TIMEOUT)
            answered_at.append(time.perf_counter())
            return outcome

        with collector_paused(), cpu_meter(self.bot_pids, self.database_pids) as cpu:
            started = time.perf_counter()
            outcomes = await asyncio.gather(*(one() for _ in range(count)), return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, BaseException) and not isinstance(
                outcome, SandboxTimeout | AnsweredTooLate
            ):
                raise outcome
        answers = [o for o in outcomes if not isinstance(o, BaseException)]
        refused = sum(isinstance(o, AnsweredTooLate) for o in outcomes)
        latencies = [latency for _, latency, _ in answers]
        return BurstResult(
            count=count,
            seconds=(max(answered_at) if answered_at else time.perf_counter()) - started,
            wrong=sum(not ok for ok, _, _ in answers),
            lost=count - len(answers) - refused,
            # Discord's deadline is on the acknowledgement (the sandbox refuses a late one); a
            # deferred answer may come later.
            late=refused + sum(acknowledged > ANSWER_DEADLINE for _, _, acknowledged in answers),
            worst_latency=max(latencies, default=0.0),
            cpu=cpu[0],
        )
