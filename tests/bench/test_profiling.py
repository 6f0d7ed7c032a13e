"""Reading py-spy's collapsed stacks: thread shares, self time, and Gigwise's own hot functions."""

from __future__ import annotations

from bench.processes import ROOT
from bench.profiling import summarise

MAIN = "thread (1): MainThread"
WORKER = "thread (2): Thread-7 (_connection_worker_thread)"
ENTRY = f"main ({ROOT}/bot/cli.py:102)"
FEE = f"FeesCog.fee ({ROOT}/commands/fees/_cog.py:49)"
SETTINGS = f"guild_settings ({ROOT}/commands/services.py:54)"
SQLITE = "Connection._execute (/venv/lib/python3.11/site-packages/aiosqlite/core.py:150)"
MONEY = f"format_money ({ROOT}/advisor/money.py:153)"

MODULE = "<module> (/venv/bin/gigwise:1)"
BOOTSTRAP = "Thread._bootstrap (/usr/lib/python3.11/threading.py:995)"
ORM = "Session.get (/venv/lib/python3.11/site-packages/sqlalchemy/orm/session.py:3600)"

COLLAPSED = [
    f"{MAIN};{MODULE};{ENTRY};{FEE};{SETTINGS};{SQLITE} 6",
    f"{MAIN};{MODULE};{ENTRY};{FEE};{MONEY} 2",
    f"{WORKER};{BOOTSTRAP};{SQLITE} 1",
    f"{MAIN};{ORM} 1",
    "not a stack line",
]


def test_samples_are_split_by_kind_of_thread() -> None:
    summary = summarise("fee", COLLAPSED)
    assert summary.samples == 10
    assert [(h.function, h.samples) for h in summary.threads] == [
        ("MainThread", 9),
        ("_connection_worker_thread", 1),
    ]


def test_self_time_names_the_innermost_function_relative_to_its_package() -> None:
    summary = summarise("fee", COLLAPSED)
    top = summary.own_time[0]
    assert (top.function, top.samples, top.share) == (
        "Connection._execute (aiosqlite/core.py:150)",
        7,
        0.7,
    )


def test_project_time_counts_each_gigwise_function_once_per_stack_without_the_entry_point() -> None:
    summary = summarise("fee", COLLAPSED)
    assert [(h.function, h.samples) for h in summary.project_time] == [
        ("FeesCog.fee (commands/fees/_cog.py:49)", 8),
        ("guild_settings (commands/services.py:54)", 6),
        ("format_money (advisor/money.py:153)", 2),
    ]


def test_stacks_that_start_in_a_greenlet_are_counted_apart() -> None:
    summary = summarise("fee", COLLAPSED)
    assert summary.in_greenlets == 0.1
    assert "10% in SQLAlchemy greenlets" in summary.lines()[1]


def test_no_samples_give_an_empty_summary() -> None:
    summary = summarise("idle", [])
    assert (summary.samples, summary.own_time, summary.project_time) == (0, (), ())
    assert summary.lines()[0] == "idle: 0 samples"
