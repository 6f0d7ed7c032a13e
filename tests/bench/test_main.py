"""`python -m bench`: its options, its exit status, its JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import bench.__main__ as cli
from bench.context import RunContext
from bench.plan import QUICK, Plan
from bench.report import Figure, Goal, Report


class FakeRun:
    """Stands in for a run: returns a fixed report and remembers the plan it was given."""

    def __init__(self, *figures: Figure) -> None:
        self.figures = figures
        self.plans: list[Plan] = []

    async def __call__(self, plan: Plan, **options: Any) -> tuple[Report, RunContext]:
        self.plans.append(plan)
        report = Report(list(self.figures))
        return report, RunContext(plan=plan, workdir=Path("."), report=report)


MET = Figure("interactions", "fee.p99", "/fee p99", 2.0, "x", Goal("<", 3.0))
MISSED = Figure("memory", "memory.ratio", "memory", 1.4, "", Goal("<=", 0.6))


@pytest.fixture
def fake_run(monkeypatch: pytest.MonkeyPatch) -> FakeRun:
    run = FakeRun(MET)
    monkeypatch.setattr(cli.harness, "run", run)
    return run


def test_help_explains_every_option() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    for option in ("--quick", "--json", "--compare", "--no-fail", "--only", "--profile"):
        assert option in result.stdout
    assert "ceiling" in result.stdout


def test_all_goals_met_exits_0_and_writes_json(fake_run: FakeRun, tmp_path: Path) -> None:
    assert cli.main(["--json", str(tmp_path / "run.json")]) == 0
    written = json.loads((tmp_path / "run.json").read_text())
    assert [f["key"] for f in written["figures"]] == ["fee.p99"]


@pytest.mark.parametrize(("options", "status"), [([], 1), (["--no-fail"], 0)])
def test_a_missed_goal_fails_the_run_unless_told_to_only_report(
    monkeypatch: pytest.MonkeyPatch, options: list[str], status: int
) -> None:
    monkeypatch.setattr(cli.harness, "run", FakeRun(MET, MISSED))
    assert cli.main(options) == status


def test_quick_only_and_burst_shape_the_plan(fake_run: FakeRun) -> None:
    cli.main(["--quick", "--only", "memory, interactions", "--burst", "50"])
    [plan] = fake_run.plans
    assert plan.sections == ("interactions", "memory")
    assert (plan.burst, plan.scale_burst, plan.rounds) == (50, 50, QUICK.rounds)


@pytest.mark.parametrize("options", [["--only", "speed"], ["--burst", "0"]])
def test_bad_options_are_refused_with_status_2(fake_run: FakeRun, options: list[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(options)
    assert exited.value.code == 2
    assert fake_run.plans == []
