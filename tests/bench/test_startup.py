"""Reading `python -X importtime` output: cost by package, and heavy modules that should wait."""

from __future__ import annotations

from bench.startup import import_costs

LINES = [
    "import time: self [us] | cumulative | imported package",
    "import time:      1000 |       1000 |     sqlalchemy.sql",
    "import time:      2000 |       3000 |   sqlalchemy",
    "import time:       500 |        500 |       matplotlib.pyplot",
    "import time:       500 |       1000 |     matplotlib",
    "import time:       250 |        250 |   advisor.upwork_csv",
    "2026-11-29 INFO bot.client: Ready as Gigwise in 1 servers",
]


def test_import_time_is_summed_by_top_level_package() -> None:
    costs = import_costs(LINES)
    assert costs.top == [("sqlalchemy", 0.003), ("matplotlib", 0.001), ("advisor", 0.00025)]
    assert costs.total_seconds == 0.00425


def test_heavy_modules_are_named_once_each() -> None:
    assert import_costs(LINES).heavy == ["matplotlib", "advisor.upwork_csv"]


def test_a_light_start_imports_nothing_heavy() -> None:
    assert import_costs(LINES[:3]).heavy == []
