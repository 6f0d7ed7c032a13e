"""The scale-out section's bound: what the cores one process leaves idle allow two to gain."""

from __future__ import annotations

import os

import pytest

from bench.driver import CpuUse
from bench.scaleout import bound_on_cores, cores


def test_a_machine_kept_half_busy_by_one_process_bounds_two_at_twice() -> None:
    assert bound_on_cores(CpuUse(seconds=10.0, machine=10.0), cores=2) == 2.0


def test_a_machine_nearly_saturated_by_one_process_leaves_little_to_gain() -> None:
    one = CpuUse(seconds=10.0, bot=8.0, driver=2.5, machine=17.0, database=3.0)
    assert bound_on_cores(one, cores=2) == pytest.approx(2 / 1.7)


def test_no_measured_time_gives_no_bound() -> None:
    assert bound_on_cores(CpuUse(), cores=2) == 0.0


def test_cores_counts_those_this_process_may_run_on() -> None:
    assert 1 <= cores() <= (os.cpu_count() or 1)
