"""Timing the bot's answers: percentiles, sequential calls, bursts, and wrong answers noticed."""

from __future__ import annotations

import dataclasses

import pytest

from bench.calls import ceiling_call
from bench.ceiling import CeilingBot
from bench.driver import (
    SETTLING_CALLS,
    BurstResult,
    CpuUse,
    Driver,
    LatencySample,
    combined_rate,
    cpu_seconds,
    noise,
    percentile,
)
from bot.sandbox import Reply, SandboxDiscord


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        ([5.0], 0.99, 5.0),
        ([1.0, 2.0, 3.0, 4.0], 0.5, 2.0),
        ([float(n) for n in range(1, 101)], 0.99, 99.0),
        ([float(n) for n in range(100, 0, -1)], 0.99, 99.0),
        ([float(n) for n in range(1, 201)], 0.99, 198.0),
        ([3.0, 1.0, 2.0], 1.0, 3.0),
    ],
)
def test_percentile_is_nearest_rank(values: list[float], fraction: float, expected: float) -> None:
    assert percentile(values, fraction) == expected


def test_percentile_of_nothing_is_an_error() -> None:
    with pytest.raises(ValueError, match="no values"):
        percentile([], 0.5)


def test_latency_samples_add_up_calls_and_wrong_answers() -> None:
    total = LatencySample((0.001, 0.003), 1) + LatencySample((0.002,), 2)
    assert total.latencies == (0.001, 0.003, 0.002)
    assert total.wrong == 3
    assert total.median == 0.002


def _burst(count: int, seconds: float, lost: int = 0) -> BurstResult:
    return BurstResult(count, seconds, wrong=0, lost=lost, late=0, worst_latency=0.0)


def test_a_burst_counts_only_answered_interactions_per_second() -> None:
    assert _burst(100, 0.5, lost=10).per_second == 180


def test_combined_rate_weights_bursts_by_their_length() -> None:
    assert combined_rate([_burst(100, 1.0), _burst(100, 0.25)]) == 160
    assert combined_rate([]) == 0.0


def test_cpu_seconds_of_no_process_is_zero() -> None:
    assert cpu_seconds(None) == 0.0


def test_cpu_use_tells_each_sides_share_and_what_other_work_took() -> None:
    use = CpuUse(seconds=2.0, bot=1.8, driver=0.6, machine=3.2, database=0.2)
    assert (use.bot_busy, use.driver_busy, use.database_busy) == (0.9, 0.3, 0.1)
    assert use.others_busy == pytest.approx(0.3)
    assert "other processes used 30% of a core" in noise(use)


def test_a_quiet_machine_adds_no_warning() -> None:
    assert noise(CpuUse(seconds=1.0, bot=0.9, driver=0.3, machine=1.25)) == ""


def test_cpu_use_adds_up_over_measurements() -> None:
    total = CpuUse(1.0, 0.5, 0.25, 1.0) + CpuUse(1.0, 0.5, 0.25, 1.0, 0.1)
    assert total == CpuUse(2.0, 1.0, 0.5, 2.0, 0.1)


async def test_sequential_calls_are_timed_one_by_one(
    sandbox: SandboxDiscord, ceiling_bot: CeilingBot
) -> None:
    sample = await Driver(sandbox).sequential(ceiling_call(), 4)
    assert len(sample.latencies) == 4
    assert all(latency > 0 for latency in sample.latencies)
    assert sample.wrong == 0


async def test_sequential_calls_are_timed_after_a_few_untimed_ones(
    sandbox: SandboxDiscord, ceiling_bot: CeilingBot
) -> None:
    driver = Driver(sandbox)
    sandbox.record_requests = True  # which the driver turns off
    await driver.sequential(ceiling_call(), 4)
    answered = [r for r in sandbox.requests if r.path.endswith("/callback")]
    assert len(answered) == SETTLING_CALLS + 4


async def test_a_burst_is_answered_in_full(
    sandbox: SandboxDiscord, ceiling_bot: CeilingBot
) -> None:
    result = await Driver(sandbox).burst(ceiling_call(), 12)
    assert (result.count, result.lost, result.wrong) == (12, 0, 0)
    assert result.seconds > 0


async def test_wrong_answers_are_counted_and_quoted(
    sandbox: SandboxDiscord, ceiling_bot: CeilingBot
) -> None:
    def never(reply: Reply) -> bool:
        return False

    driver = Driver(sandbox)
    call = dataclasses.replace(ceiling_call(), expected=never)
    sample = await driver.sequential(call, 3)
    assert sample.wrong == 3
    # The untimed calls before them are answers too, and as wrong.
    assert driver.wrong_answers == {"Ceiling": SETTLING_CALLS + 3}


def test_machine_busy_is_every_processs_cpu_as_a_share_of_wall_time() -> None:
    assert CpuUse(seconds=2.0, bot=1.0, machine=3.0).machine_busy == 1.5
