"""Tests for commands.heavy_jobs: a few slots taken in turn, each waiting job told its place, and
one import per member."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from commands.heavy_jobs import HeavyJobs, ImportInProgress, QueueTooLong


async def _until(condition: Callable[[], bool]) -> None:
    """Let the tasks just made run until `condition` holds: no wall-clock wait involved."""
    for _ in range(1_000):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("the jobs never got there")


async def test_jobs_beyond_the_slots_wait_and_start_in_the_order_they_came() -> None:
    jobs = HeavyJobs(slots=2)
    started: list[int] = []
    release = asyncio.Event()

    async def job(number: int) -> None:
        async with jobs.slot():
            started.append(number)
            await release.wait()

    tasks = [asyncio.create_task(job(number)) for number in range(5)]
    await _until(lambda: jobs.waiting == 3)
    assert (started, jobs.running, jobs.waiting) == ([0, 1], 2, 3)
    release.set()
    await asyncio.gather(*tasks)
    assert started == [0, 1, 2, 3, 4]
    assert (jobs.running, jobs.waiting) == (0, 0)


async def test_a_waiting_job_is_told_its_place_and_the_queue_length() -> None:
    jobs = HeavyJobs(slots=1)
    places: list[tuple[int, int]] = []
    first_done = asyncio.Event()

    async def first() -> None:
        async with jobs.slot():
            await first_done.wait()

    async def told(place: int, waiting: int) -> None:
        places.append((place, waiting))

    async def second() -> None:
        async with jobs.slot():
            pass

    async def third() -> None:
        async with jobs.slot(told):
            pass

    running = asyncio.create_task(first())
    await asyncio.sleep(0)
    queued = [asyncio.create_task(second()), asyncio.create_task(third())]
    await _until(lambda: bool(places))
    assert places == [(2, 2)]
    first_done.set()
    await asyncio.gather(running, *queued)


async def test_a_job_cancelled_while_waiting_leaves_the_queue() -> None:
    jobs = HeavyJobs(slots=1)
    hold = asyncio.Event()

    async def holder() -> None:
        async with jobs.slot():
            await hold.wait()

    async def waiter() -> None:
        async with jobs.slot():
            pass

    running = asyncio.create_task(holder())
    await asyncio.sleep(0)
    waiting = asyncio.create_task(waiter())
    await _until(lambda: jobs.waiting == 1)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert jobs.waiting == 0
    hold.set()
    await running
    assert jobs.running == 0
    async with jobs.slot():
        assert jobs.running == 1


async def test_a_member_has_one_import_at_a_time() -> None:
    jobs = HeavyJobs()
    with jobs.importing(7):
        assert jobs.ledger_busy(7)
        assert not jobs.ledger_busy(8)
        with pytest.raises(ImportInProgress), jobs.importing(7):
            pass
        with jobs.importing(8):
            assert jobs.ledger_busy(8)
    assert not jobs.ledger_busy(7)


def test_heavy_jobs_need_a_slot() -> None:
    with pytest.raises(ValueError, match="at least one slot"):
        HeavyJobs(slots=0)


async def test_a_job_that_waits_too_long_gives_up_and_leaves_the_queue() -> None:
    jobs = HeavyJobs(slots=1)
    hold = asyncio.Event()

    async def holder() -> None:
        async with jobs.slot():
            await hold.wait()

    running = asyncio.create_task(holder())
    await asyncio.sleep(0)
    with pytest.raises(QueueTooLong, match="your import did not start"):
        async with jobs.slot(what="import", patience=0.05):
            pass
    assert jobs.waiting == 0
    hold.set()
    await running
    assert jobs.running == 0
