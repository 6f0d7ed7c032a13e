#!/usr/bin/env python3
"""Set up and run Gigwise from a fresh clone with nothing but Python 3.11+.

    python3 dev.py run [gigwise arguments]   run Gigwise (the local console when DISCORD_TOKEN is unset)
    python3 dev.py test [pytest arguments]   run the tests
    python3 dev.py check                     lint, format, type and layer checks
    python3 dev.py bench [arguments]         run the benchmarks

The first call creates `.venv` and installs Gigwise with its test and dev tools into it; later calls
reinstall only when pyproject.toml has changed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".gigwise-installed"

CHECKS = (
    ["ruff", "check", "."],
    ["ruff", "format", "--check", "."],
    ["mypy"],
    ["lint-imports"],
)


def _wanted_stamp() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_environment() -> None:
    """Create the virtualenv and install the project into it, unless that is already done."""
    # dev.py runs on whatever python3 the machine has, before any of Gigwise's requirements apply.
    if sys.version_info < (3, 11):  # noqa: UP036
        sys.exit("Gigwise needs Python 3.11 or newer.")
    if STAMP.exists() and STAMP.read_text() == _wanted_stamp():
        return
    if not PYTHON.exists():
        print("Creating .venv ...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing Gigwise and its tools into .venv ...", file=sys.stderr)
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "install", "-e", f"{ROOT}[test,dev,postgres]"], check=True)
    STAMP.write_text(_wanted_stamp())


def _run(argv: list[str]) -> int:
    return subprocess.run(argv, cwd=ROOT).returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0 if argv else 2
    task, rest = argv[0], argv[1:]
    if task not in {"run", "test", "check", "bench"}:
        print(f"Unknown task {task!r}.\n{__doc__}", file=sys.stderr)
        return 2
    ensure_environment()
    if task == "run":
        return _run([str(BIN / "gigwise"), *rest])
    if task == "test":
        return _run([str(PYTHON), "-m", "pytest", *rest])
    if task == "bench":
        return _run([str(PYTHON), "-m", "bench", *rest])
    failures = [check[0] for check in CHECKS if _run([str(BIN / check[0]), *check[1:]]) != 0]
    if failures:
        print(f"Failed: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
