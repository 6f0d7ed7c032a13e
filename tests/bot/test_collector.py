"""The collector settings the bot's process takes once it is ready."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bot.collector import YOUNG_THRESHOLD, settle_after_start


@pytest.fixture
def restored_collector() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_start_up_objects_leave_the_collectors_sight(restored_collector: None) -> None:
    kept = [object() for _ in range(10)]
    settle_after_start()
    assert gc.get_freeze_count() >= len(kept)


def test_young_objects_are_collected_less_often(restored_collector: None) -> None:
    settle_after_start()
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD > 700
