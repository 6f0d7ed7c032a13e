"""The import-growth benchmark: its arithmetic, and one tiny import through the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.import_scaling import growth, timed_import


def test_growth_compares_time_per_row_at_the_largest_and_smallest_sizes() -> None:
    assert growth({10_000: 5.0, 40_000: 20.0}) == pytest.approx(1.0)
    assert growth({10_000: 66.0, 40_000: 1_000.0}) == pytest.approx(1_000 / 4 / 66)


async def test_a_tiny_import_is_timed_on_a_new_database(tmp_path: Path) -> None:
    seconds = await timed_import(f"sqlite+aiosqlite:///{tmp_path}/gigwise.sqlite3", "head", 50)
    assert seconds > 0
