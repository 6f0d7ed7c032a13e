"""Fixtures every test package may use."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest


@pytest.fixture
def restored_interpreter() -> Iterator[None]:
    """The collector's thresholds, frozen objects and the switch interval put back after the test,
    for tests of the settings the bot's own process takes (bot.interpreter)."""
    thresholds, interval = gc.get_threshold(), sys.getswitchinterval()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)
    sys.setswitchinterval(interval)
