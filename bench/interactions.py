"""Gigwise's commands against discord.py's ceiling: latency one call at a time, throughput in bursts.

Two sandboxes run in this process, one per bot, configured alike; the bare reference bot and
`gigwise run` each run in a process of their own. For every command the two bots take turns
(ceiling, Gigwise, ceiling, Gigwise ...) so that drift in the machine lands on both.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from bench import momentum_command, screening_limit
from bench.calls import (
    CommandCall,
    bill_call,
    ceiling_call,
    distinct_fee_call,
    distinct_screen_call,
    fee_call,
    job_post,
    momentum_call,
    new_post,
    screen_call,
)
from bench.context import BOT_TOKEN, RunContext
from bench.driver import BurstResult, CpuUse, Driver, LatencySample, combined_rate, noise
from bench.processes import BotProcess, start_gigwise, start_reference
from bench.report import Figure, Goal, unavailable
from bench.seeding import billing_members, seed_active_contracts
from bot.sandbox import SandboxDiscord

SECTION = "interactions"
P99_OVER_MEDIAN_GOAL = Goal("<", 3.0)


@dataclass(frozen=True)
class Contest:
    """One Gigwise command, the ceiling call that stands for it, and its throughput goal."""

    key: str
    gigwise: CommandCall
    ceiling: CommandCall
    # None: reported for what it tells, with no goal of its own.
    throughput_goal: Goal | None
    # What opens Gigwise's connections before a timed burst: /fee, the quickest real answer.
    gigwise_warm_up: CommandCall = field(default_factory=fee_call)
    # What a reader of the throughput figure should know about how it was measured.
    note: str = ""


@dataclass
class ContestResult:
    contest: Contest
    gigwise_latency: LatencySample = field(default_factory=lambda: LatencySample((), 0))
    ceiling_latency: LatencySample = field(default_factory=lambda: LatencySample((), 0))
    gigwise_bursts: list[BurstResult] = field(default_factory=list)
    ceiling_bursts: list[BurstResult] = field(default_factory=list)
    # Wrong answers in the untimed calls and bursts still make a figure invalid.
    warm_up_wrong: int = 0
    warm_burst_wrong: int = 0
    wrong_answers: Counter[str] = field(default_factory=Counter)
    # Tracebacks Gigwise logged during the contest, by their last line.
    exceptions: Counter[str] = field(default_factory=Counter)

    @property
    def sequential_wrong(self) -> int:
        return self.gigwise_latency.wrong + self.ceiling_latency.wrong + self.warm_up_wrong

    @property
    def burst_wrong(self) -> int:
        bursts = self.gigwise_bursts + self.ceiling_bursts
        return self.warm_burst_wrong + sum(_failed(b) for b in bursts)


async def run_contest(
    context: RunContext, contest: Contest, ceiling: Driver, gigwise: Driver, bot: BotProcess
) -> ContestResult:
    plan = context.plan
    result = ContestResult(contest)
    logged_before = Counter(bot.exceptions)
    for driver in (ceiling, gigwise):
        driver.wrong_answers.clear()
    result.warm_up_wrong += await ceiling.warm_up(contest.ceiling, plan.warmup)
    result.warm_up_wrong += await gigwise.warm_up(contest.gigwise, plan.warmup)
    for _ in range(plan.rounds):
        # Each bot's turn: calls one after another, then a burst. discord.py opens a connection
        # per concurrent callback and closes idle ones after 15 s, so an untimed burst comes
        # first; the connections are the process's, so Gigwise's quickest command opens them.
        result.ceiling_latency += await ceiling.sequential(contest.ceiling, plan.sequential)
        result.warm_burst_wrong += _failed(await ceiling.burst(contest.ceiling, plan.burst))
        result.ceiling_bursts.append(await ceiling.burst(contest.ceiling, plan.burst))
        result.warm_burst_wrong += _failed(await gigwise.burst(contest.gigwise_warm_up, plan.burst))
        async with context.profiler.recording(bot.pid, contest.key):
            result.gigwise_latency += await gigwise.sequential(contest.gigwise, plan.sequential)
            result.gigwise_bursts.append(await gigwise.burst(contest.gigwise, plan.burst))
    result.wrong_answers = ceiling.wrong_answers + gigwise.wrong_answers
    result.exceptions = bot.exceptions - logged_before
    return result


def _failed(burst: BurstResult) -> int:
    return burst.wrong + burst.lost


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def _total(uses: Iterable[CpuUse]) -> CpuUse:
    return sum(uses, CpuUse())


def _busy(result: ContestResult) -> str:
    mine = _total(b.cpu for b in result.gigwise_bursts)
    theirs = _total(b.cpu for b in result.ceiling_bursts)
    return (
        f"CPU busy in bursts: Gigwise {mine.bot_busy:.0%} (sandbox {mine.driver_busy:.0%}), "
        f"ceiling bot {theirs.bot_busy:.0%} (sandbox {theirs.driver_busy:.0%})"
        + noise(mine + theirs)
    )


def _with_wrong(detail: str, wrong: int, result: ContestResult) -> str:
    if not wrong:
        return detail
    said = ", ".join(f"{n} x '{gist}'" for gist, n in result.wrong_answers.most_common(3))
    detail = f"{detail}; {wrong} wrong answer(s) in this contest: {said}"
    if result.exceptions:
        logged = ", ".join(f"{n} x {line}" for line, n in result.exceptions.most_common(2))
        detail += f"; Gigwise logged {logged}"
    return detail


def contest_figures(result: ContestResult, burst_size: int) -> list[Figure]:
    label = result.contest.gigwise.label
    key = result.contest.key
    mine, theirs = result.gigwise_latency, result.ceiling_latency
    my_rate, their_rate = combined_rate(result.gigwise_bursts), combined_rate(result.ceiling_bursts)
    late = sum(b.late for b in result.gigwise_bursts)
    worst = max((b.worst_latency for b in result.gigwise_bursts), default=0.0)
    sequential_wrong, burst_wrong = result.sequential_wrong, result.burst_wrong
    return [
        Figure(
            SECTION,
            f"{key}.p99_over_median",
            f"{label}: p99 / median latency, sequential",
            mine.p99 / mine.median,
            "x",
            P99_OVER_MEDIAN_GOAL,
            _with_wrong(
                f"median {_ms(mine.median)}, p99 {_ms(mine.p99)} over {len(mine.latencies)} "
                f"calls (ceiling: median {_ms(theirs.median)}, p99 {_ms(theirs.p99)})"
                + noise(mine.cpu + theirs.cpu),
                sequential_wrong,
                result,
            ),
            sequential_wrong,
        ),
        Figure(
            SECTION,
            f"{key}.median_vs_ceiling",
            f"{label}: median latency / ceiling's",
            mine.median / theirs.median,
            "x",
            None,
            f"{_ms(mine.median)} vs {_ms(theirs.median)}",
            sequential_wrong,
        ),
        Figure(
            SECTION,
            f"{key}.p99_vs_ceiling",
            f"{label}: p99 latency / ceiling's",
            mine.p99 / theirs.p99,
            "x",
            None,
            f"{_ms(mine.p99)} vs {_ms(theirs.p99)}",
            sequential_wrong,
        ),
        Figure(
            SECTION,
            f"{key}.throughput_vs_ceiling",
            f"{label}: throughput / ceiling's, bursts of {burst_size:,}",
            my_rate / their_rate if their_rate else 0.0,
            "",
            result.contest.throughput_goal,
            _with_wrong(
                f"{my_rate:,.0f}/s vs {their_rate:,.0f}/s over {len(result.gigwise_bursts)} "
                f"burst(s); acknowledged after Discord's 3 s: {late}; slowest answer {worst:.2f} s; "
                + _busy(result)
                + (f"; {result.contest.note}" if result.contest.note else ""),
                burst_wrong,
                result,
            ),
            burst_wrong,
        ),
    ]


def raw_numbers(result: ContestResult) -> dict[str, object]:
    def latency(sample: LatencySample) -> dict[str, float]:
        return {"median_ms": sample.median * 1000, "p99_ms": sample.p99 * 1000}

    return {
        "gigwise": latency(result.gigwise_latency),
        "ceiling": latency(result.ceiling_latency),
        "gigwise_per_second": [b.per_second for b in result.gigwise_bursts],
        "ceiling_per_second": [b.per_second for b in result.ceiling_bursts],
    }


def _screening_limit(result: ContestResult) -> Figure:
    """Beside /screen's new-post throughput: the most it could be, given screening's CPU."""
    post = job_post()
    return screening_limit.limit_figure(
        SECTION,
        "screen_new_posts.throughput_limit",
        f"{result.contest.gigwise.label}: most throughput / ceiling's a bot that screens could reach",
        result.ceiling_bursts,
        combined_rate(result.ceiling_bursts),
        [new_post(post, n) for n in range(screening_limit.POSTS_PER_ROUND)],
    )


async def _start_both(
    context: RunContext, ceiling_sandbox: SandboxDiscord, gigwise_sandbox: SandboxDiscord
) -> tuple[BotProcess, BotProcess]:
    ceiling = await start_reference(
        "ceiling bot",
        "bare",
        token=BOT_TOKEN,
        api_url=ceiling_sandbox.api_url,
        gateway_url=ceiling_sandbox.gateway_url,
    )
    gigwise = await start_gigwise(
        "gigwise",
        token=BOT_TOKEN,
        api_url=gigwise_sandbox.api_url,
        gateway_url=gigwise_sandbox.gateway_url,
        data_dir=context.scratch("interactions"),
    )
    return ceiling, gigwise


def _contests(contracts: dict[int, int], momentum_member: int | None) -> list[Contest | None]:
    """The contests in the order they are reported; None where /momentum cannot be measured."""
    post = job_post()
    momentum = None
    if momentum_member is not None:
        momentum = Contest(
            "momentum",
            momentum_call(momentum_member),
            ceiling_call(),
            Goal(">=", 0.5),
            note="one member throughout, so all but the first answer come from the report "
            "Gigwise keeps until the member's records change (the momentum section times "
            "computing it)",
        )
    return [
        Contest(
            "fee",
            fee_call(),
            ceiling_call(),
            Goal(">=", 0.85),
            note="one amount throughout, so all but the first answer reuse the embed Gigwise "
            "keeps per question, as when a room checks the same bill; the next figure asks a new "
            "amount each time",
        ),
        Contest("fee_new_amounts", distinct_fee_call(), ceiling_call(), None),
        Contest(
            "screen",
            screen_call(post),
            ceiling_call(post),
            Goal(">=", 0.75),
            note="one post throughout, screened once and its verdict reused, as for a post "
            "many members check; the next figure screens a new post each time",
        ),
        Contest("screen_new_posts", distinct_screen_call(post), ceiling_call(post), None),
        momentum,
        Contest("bill", bill_call(contracts), ceiling_call(), Goal(">=", 0.4)),
    ]


async def measure(context: RunContext) -> None:
    plan = context.plan
    database_url = f"sqlite+aiosqlite:///{context.scratch('interactions') / 'gigwise.sqlite3'}"
    context.progress("interactions: seeding members with contracts to bill")
    contracts = await seed_active_contracts(database_url, billing_members())
    momentum = await momentum_command.prepare(database_url, plan.large_member_contracts)
    async with (
        SandboxDiscord(token=BOT_TOKEN) as ceiling_sandbox,
        SandboxDiscord(token=BOT_TOKEN) as gigwise_sandbox,
    ):
        ceiling, gigwise = await _start_both(context, ceiling_sandbox, gigwise_sandbox)
        try:
            await asyncio.gather(ceiling.wait_ready(), gigwise.wait_ready())
            drivers = Driver(ceiling_sandbox, [ceiling.pid]), Driver(gigwise_sandbox, [gigwise.pid])
            details: dict[str, object] = {}
            for contest in _contests(contracts, momentum.member_id):
                if contest is None:
                    context.report.add(
                        unavailable(
                            SECTION,
                            "momentum.throughput_vs_ceiling",
                            "/momentum: throughput / ceiling's",
                            f"not available: {momentum.reason}",
                        )
                    )
                    continue
                context.progress(f"interactions: {contest.gigwise.label} against the ceiling")
                result = await run_contest(context, contest, *drivers, gigwise)
                context.report.add(*contest_figures(result, plan.burst))
                if contest.key == "screen_new_posts":
                    context.report.add(_screening_limit(result))
                details[contest.key] = raw_numbers(result)
            context.report.details[SECTION] = details
        finally:
            await asyncio.gather(ceiling.stop(), gigwise.stop())
