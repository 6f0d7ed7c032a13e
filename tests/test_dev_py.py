"""dev.py installs what each task needs, and the first `run` installs Gigwise alone."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEVELOPER_TOOLS = ("pytest", "ruff", "mypy")


def load_dev_py() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dev_under_test", ROOT / "dev.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Installs:
    """dev.py with its .venv in a temporary folder and pip replaced by a note of what it asked."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.dev = load_dev_py()
        venv = tmp_path / ".venv"
        (venv / "bin").mkdir(parents=True)
        python = venv / "bin" / "python"
        python.touch()
        self.stamp = venv / ".gigwise-installed"
        monkeypatch.setattr(self.dev, "VENV", venv)
        monkeypatch.setattr(self.dev, "PYTHON", python)
        monkeypatch.setattr(self.dev, "STAMP", self.stamp)
        self.targets: list[str] = []
        monkeypatch.setattr(self.dev, "_pip_install", lambda args: self.targets.append(args[-1]))

    def stamped(self, extras: list[str], pyproject: str | None = None) -> None:
        wanted = pyproject or self.dev._pyproject_hash()
        self.stamp.write_text(json.dumps({"pyproject": wanted, "extras": extras}))

    def installed_extras(self) -> list[str]:
        return list(json.loads(self.stamp.read_text())["extras"])


@pytest.fixture
def installs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Installs:
    return Installs(tmp_path, monkeypatch)


def test_the_first_run_installs_gigwise_alone(installs: Installs) -> None:
    installs.dev.ensure_environment("run")
    assert installs.targets == [str(ROOT)]
    assert installs.installed_extras() == []


def test_test_and_check_add_their_tools_to_what_is_installed(installs: Installs) -> None:
    installs.dev.ensure_environment("run")
    installs.dev.ensure_environment("test")
    installs.dev.ensure_environment("check")
    assert installs.targets == [str(ROOT), f"{ROOT}[test]", f"{ROOT}[dev,test]"]
    assert installs.installed_extras() == ["dev", "test"]


def test_nothing_is_installed_when_the_tools_are_there(installs: Installs) -> None:
    installs.stamped(["dev", "test"])
    for task in ("run", "test", "check"):
        installs.dev.ensure_environment(task)
    assert installs.targets == []


def test_a_changed_pyproject_installs_again_what_the_task_needs(installs: Installs) -> None:
    installs.stamped(["dev", "test"], pyproject="an older pyproject.toml")
    installs.dev.ensure_environment("run")
    assert installs.targets == [str(ROOT)]
    installs.dev.ensure_environment("test")
    assert installs.targets[-1] == f"{ROOT}[test]"


def test_a_stamp_of_an_older_dev_py_counts_as_nothing_installed(installs: Installs) -> None:
    installs.stamp.write_text(installs.dev._pyproject_hash())
    installs.dev.ensure_environment("test")
    assert installs.targets == [f"{ROOT}[test]"]


@pytest.fixture(scope="session")
def fresh_clone(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A copy of the project with no .venv, after `python3 dev.py run ask` asked the seed's
    question: built once, for the tests that look at it. pip's cache makes it quick after the first time."""
    clone = tmp_path_factory.mktemp("fresh") / "gigwise"
    shutil.copytree(
        ROOT,
        clone,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "__pycache__", "*_cache", ".hypothesis", "*.egg-info", "gigwise-files"
        ),
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "GIGWISE_"))}
    env.pop("VIRTUAL_ENV", None)
    env["GIGWISE_DATA_DIR"] = str(clone / "data")
    result = subprocess.run(
        [sys.executable, "dev.py", "run", "ask", "/fee 15000 platform:upwork-tiered"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return clone, result.stdout, result.stderr


@pytest.mark.slow
def test_a_fresh_clones_first_run_answers(fresh_clone: tuple[Path, str, str]) -> None:
    _, answer, progress = fresh_clone
    assert "Upwork's 2016–2023 tiers kept $1,300.00 of $15,000.00" in answer
    # What pip fetches is shown as it goes, rather than a long silence.
    assert "Installing Gigwise into .venv" in progress
    assert "Collecting discord" in progress


@pytest.mark.slow
def test_a_fresh_clones_first_run_installs_no_developer_tools(
    fresh_clone: tuple[Path, str, str],
) -> None:
    clone, _, _ = fresh_clone
    python = clone / ".venv" / "bin" / "python"
    probe = subprocess.run(
        [
            str(python),
            "-c",
            "import importlib.util, sys\n"
            f"print(' '.join(m for m in {DEVELOPER_TOOLS!r} if importlib.util.find_spec(m)))",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert probe.stdout.strip() == ""
    assert [tool for tool in DEVELOPER_TOOLS if (python.parent / tool).exists()] == []
