"""Figures, goals and verdicts, the printed table, and the JSON that lets runs be compared."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bench.report import Figure, Goal, Report, earlier_values, print_report, write_json


@pytest.mark.parametrize(
    ("goal", "value", "met"),
    [
        (Goal(">=", 0.85), 0.85, True),
        (Goal(">=", 0.85), 0.84, False),
        (Goal("<", 3.0), 2.99, True),
        (Goal("<", 3.0), 3.0, False),
        (Goal("<=", 1.5), 1.5, True),
        (Goal(">", 1.0), 1.0, False),
    ],
)
def test_goal_compares_the_value_with_its_bound(goal: Goal, value: float, met: bool) -> None:
    assert goal.met_by(value) is met


def test_goal_refuses_an_unknown_comparison() -> None:
    with pytest.raises(ValueError, match="compares"):
        Goal("~", 1.0)


@pytest.mark.parametrize(
    ("figure", "verdict", "failed"),
    [
        (Figure("s", "k", "l", 0.9, goal=Goal(">=", 0.85)), "ok", False),
        (Figure("s", "k", "l", 0.5, goal=Goal(">=", 0.85)), "MISSED", True),
        (Figure("s", "k", "l", 0.9, goal=Goal(">=", 0.85), wrong_answers=2), "INVALID", True),
        (Figure("s", "k", "l", None, goal=Goal(">=", 0.85)), "n/a", False),
        (Figure("s", "k", "l", 4.0), "", False),
        (Figure("s", "k", "l", None, error="RuntimeError: boom"), "ERROR", True),
    ],
)
def test_verdicts(figure: Figure, verdict: str, failed: bool) -> None:
    assert figure.verdict == verdict
    assert figure.failed is failed


def _report() -> Report:
    report = Report()
    report.add(
        Figure("interactions", "fee.ratio", "/fee throughput", 0.9, "", Goal(">=", 0.85), "a/s"),
        Figure("memory", "memory.ratio", "memory", 1.4, "", Goal("<=", 0.6), "MiB"),
    )
    return report


def test_the_table_shows_each_figure_with_goal_verdict_and_the_misses() -> None:
    out = io.StringIO()
    print_report(_report(), out)
    text = out.getvalue()
    assert "== interactions ==" in text
    assert ">= 0.85  ok" in text
    assert "<= 0.60  MISSED" in text
    assert text.rstrip().endswith("1 goal(s) missed: memory")


def test_json_round_trips_into_earlier_values_for_comparison(tmp_path: Path) -> None:
    path = tmp_path / "runs" / "before.json"
    write_json(path, _report(), {"burst": 1000})
    written = json.loads(path.read_text())
    assert written["plan"] == {"burst": 1000}
    assert [f["verdict"] for f in written["figures"]] == ["ok", "MISSED"]
    assert earlier_values(path) == {"fee.ratio": 0.9, "memory.ratio": 1.4}


def test_compared_table_shows_the_earlier_value() -> None:
    out = io.StringIO()
    print_report(_report(), out, earlier={"fee.ratio": 0.5})
    assert "(was 0.50)" in out.getvalue()
