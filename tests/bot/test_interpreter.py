"""The interpreter settings the bot's process takes once it is ready."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest

from bot.interpreter import SWITCH_INTERVAL, YOUNG_THRESHOLD, tune_for_serving


@pytest.fixture
def restored_interpreter() -> Iterator[None]:
    thresholds, interval = gc.get_threshold(), sys.getswitchinterval()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)
    sys.setswitchinterval(interval)


def test_start_up_objects_leave_the_collectors_sight(restored_interpreter: None) -> None:
    kept = [object() for _ in range(10)]
    tune_for_serving()
    assert gc.get_freeze_count() >= len(kept)


def test_young_objects_are_collected_less_often(restored_interpreter: None) -> None:
    tune_for_serving()
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD > 700


def test_threads_take_turns_more_often(restored_interpreter: None) -> None:
    tune_for_serving()
    assert SWITCH_INTERVAL < 0.005
    assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL)
