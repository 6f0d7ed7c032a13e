"""The interpreter settings the bot's process takes once it is ready, and the collections it runs
when no interaction is being handled."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from bot.interpreter import (
    BACKSTOP_THRESHOLD,
    OLDER_THRESHOLDS,
    SWITCH_INTERVAL,
    YOUNG_THRESHOLD,
    collect_if_due,
    tune_for_serving,
)


@pytest.fixture
def collections(restored_interpreter: None) -> Iterator[list[int]]:
    """The generation of every collection run during the test, the bot's settings taken."""
    tune_for_serving()
    seen: list[int] = []

    def record(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(record)
    yield seen
    gc.callbacks.remove(record)


def _make_cycles(count: int) -> None:
    """`count` lists that refer to themselves, unreachable once made: garbage only the collector
    finds."""
    for _ in range(count):
        cycle: list[object] = []
        cycle.append(cycle)


def test_start_up_objects_leave_the_collectors_sight(restored_interpreter: None) -> None:
    kept = [object() for _ in range(10)]
    tune_for_serving()
    assert gc.get_freeze_count() >= len(kept)


def test_the_collector_runs_by_itself_only_far_past_the_young_threshold(
    restored_interpreter: None,
) -> None:
    tune_for_serving()
    assert gc.get_threshold() == (BACKSTOP_THRESHOLD, *OLDER_THRESHOLDS)
    assert BACKSTOP_THRESHOLD > 10 * YOUNG_THRESHOLD > 700


def test_threads_take_turns_more_often(restored_interpreter: None) -> None:
    tune_for_serving()
    assert SWITCH_INTERVAL < 0.005
    assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL)


def _run_when_due(collections: list[int], cycles: int) -> list[int]:
    """The collections `collect_if_due` runs once `cycles` more cycles have been left behind."""
    _make_cycles(cycles)
    collections.clear()
    collect_if_due()
    return collections


def test_nothing_is_collected_before_the_young_threshold(collections: list[int]) -> None:
    gc.collect(0)
    assert _run_when_due(collections, YOUNG_THRESHOLD // 2) == []


def test_a_due_young_collection_finds_the_cycles_left_behind(collections: list[int]) -> None:
    gc.collect(0)
    assert _run_when_due(collections, YOUNG_THRESHOLD) == [0]
    assert gc.get_count()[0] < YOUNG_THRESHOLD // 10


def test_every_so_many_young_collections_the_middle_generation_is_collected_too(
    collections: list[int],
) -> None:
    gc.collect(1)
    for _ in range(OLDER_THRESHOLDS[0]):
        gc.collect(0)
    assert _run_when_due(collections, YOUNG_THRESHOLD) == [1]


def test_every_so_many_middle_collections_everything_is_collected(
    collections: list[int],
) -> None:
    gc.collect()
    for _ in range(OLDER_THRESHOLDS[1]):
        gc.collect(1)
    for _ in range(OLDER_THRESHOLDS[0]):
        gc.collect(0)
    assert _run_when_due(collections, YOUNG_THRESHOLD) == [2]
