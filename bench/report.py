"""The figures a run produces: each with its goal and verdict, printed as a table and kept as JSON.

A figure is `ok` or `MISSED` against its goal, `n/a` when it could not be measured here (the reason
says why), `INVALID` when the bot gave wrong answers while it was measured, `ERROR` when its
section broke, and has no verdict when it is there for context. `--compare` prints an earlier
run's value beside each figure, so what an optimisation bought stays visible.
"""

from __future__ import annotations

import json
import operator
import os
import platform
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

_COMPARISONS: Mapping[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


@dataclass(frozen=True)
class Goal:
    """`value OP bound`, e.g. a throughput ratio `>= 0.85`."""

    op: str
    bound: float

    def __post_init__(self) -> None:
        if self.op not in _COMPARISONS:
            raise ValueError(f"a goal compares with one of {', '.join(_COMPARISONS)}")

    def met_by(self, value: float) -> bool:
        return _COMPARISONS[self.op](value, self.bound)

    def __str__(self) -> str:
        return f"{self.op} {_number(self.bound)}"


OK, MISSED, UNAVAILABLE, INVALID, ERROR, CONTEXT = "ok", "MISSED", "n/a", "INVALID", "ERROR", ""


@dataclass(frozen=True)
class Figure:
    """One measured number; `key` names it across runs."""

    section: str
    key: str
    label: str
    value: float | None
    unit: str = ""
    goal: Goal | None = None
    detail: str = ""
    wrong_answers: int = 0
    error: str = ""

    @property
    def verdict(self) -> str:
        if self.error:
            return ERROR
        if self.value is None:
            return UNAVAILABLE
        if self.wrong_answers:
            return INVALID
        if self.goal is None:
            return CONTEXT
        return OK if self.goal.met_by(self.value) else MISSED

    @property
    def failed(self) -> bool:
        return self.verdict in (MISSED, INVALID, ERROR)


def unavailable(section: str, key: str, label: str, reason: str) -> Figure:
    return Figure(section, key, label, None, detail=reason)


@dataclass
class Report:
    """Every figure of one run, in the order they were measured, plus raw numbers per section."""

    figures: list[Figure] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def add(self, *figures: Figure) -> None:
        self.figures.extend(figures)

    @property
    def failed(self) -> list[Figure]:
        return [f for f in self.figures if f.failed]


def _number(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def shown(figure: Figure) -> str:
    if figure.value is None:
        return "-"
    return f"{_number(figure.value)}{figure.unit}"


def print_report(
    report: Report, out: TextIO = sys.stdout, earlier: Mapping[str, float] | None = None
) -> None:
    """A table per section: figure, value, goal, verdict (and the earlier value), then detail."""
    width = max((len(f.label) for f in report.figures), default=10)
    section = None
    for figure in report.figures:
        if figure.section != section:
            section = figure.section
            print(f"\n== {section} ==", file=out)
        goal = str(figure.goal) if figure.goal is not None else ""
        before = ""
        if earlier is not None:
            previous = earlier.get(figure.key)
            before = f"  (was {_number(previous)}{figure.unit})" if previous is not None else ""
        print(
            f"  {figure.label:<{width}}  {shown(figure):>10}  {goal:>8}  {figure.verdict:<7}{before}",
            file=out,
        )
        for note in (figure.detail, figure.error):
            if note:
                print(f"  {'':<{width}}    {note}", file=out)
    failed = report.failed
    print(file=out)
    if failed:
        print(f"{len(failed)} goal(s) missed: {', '.join(f.label for f in failed)}", file=out)
    else:
        print("Every goal met.", file=out)


def machine() -> dict[str, Any]:
    import discord

    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "discord.py": discord.__version__,
        "platform": platform.platform(),
    }


def as_json(report: Report, plan: Mapping[str, Any]) -> dict[str, Any]:
    figures = []
    for figure in report.figures:
        entry = asdict(figure)
        entry["goal"] = str(figure.goal) if figure.goal is not None else None
        entry["verdict"] = figure.verdict
        figures.append(entry)
    return {"machine": machine(), "plan": dict(plan), "figures": figures, "details": report.details}


def write_json(path: Path, report: Report, plan: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(as_json(report, plan), indent=2, default=str) + "\n")


def earlier_values(path: Path) -> dict[str, float]:
    """Figure values of an earlier run's JSON, by key."""
    figures: Sequence[Mapping[str, Any]] = json.loads(path.read_text())["figures"]
    return {f["key"]: float(f["value"]) for f in figures if f.get("value") is not None}
