#!/usr/bin/env python3
"""Set up and run Gigwise from a fresh clone with nothing but Python 3.11+.

    python3 dev.py run [gigwise arguments]   run Gigwise (the local console when DISCORD_TOKEN is unset)
    python3 dev.py test [pytest arguments]   run the tests
    python3 dev.py check                     lint, format, type and layer checks
    python3 dev.py bench [arguments]         run the benchmarks

The first call creates `.venv` and installs into it what that task needs: `run` only what running
Gigwise needs, `test` the test tools as well, `check` the linters and type checker, `bench` the
PostgreSQL driver and the profiler. Later calls install again only when pyproject.toml has changed
or a task needs tools that are not installed yet.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".gigwise-installed"

# The optional-dependency groups of pyproject.toml that each task needs besides Gigwise itself.
EXTRAS = {
    "run": (),
    "test": ("test",),
    "check": ("dev",),
    "bench": ("postgres", "dev"),
}
WHAT = {
    "run": "Gigwise",
    "test": "Gigwise and its test tools",
    "check": "Gigwise and its developer tools",
    "bench": "Gigwise, the PostgreSQL driver and the profiler",
}

CHECKS = (
    ["ruff", "check", "."],
    ["ruff", "format", "--check", "."],
    ["mypy"],
    ["lint-imports"],
)
# Lines of pip's output worth showing while it works; the rest is kept in case it fails.
_PROGRESS_WORDS = ("Collecting", "Installing collected packages", "Successfully installed")
INTERRUPTED = 130


def _pyproject_hash() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def _installed_extras() -> set[str] | None:
    """The extras installed for the current pyproject.toml; None when it must be installed anew."""
    try:
        stamp = json.loads(STAMP.read_text())
        if stamp["pyproject"] != _pyproject_hash():
            return None
        return set(stamp["extras"])
    except (OSError, ValueError, KeyError, TypeError):
        # No stamp, or one written by an older dev.py: nothing is known to be installed.
        return None


def ensure_environment(task: str) -> None:
    """Create the virtualenv and install what `task` needs into it, unless that is already done."""
    # dev.py runs on whatever python3 the machine has, before any of Gigwise's requirements apply.
    if sys.version_info < (3, 11):  # noqa: UP036
        sys.exit("Gigwise needs Python 3.11 or newer.")
    wanted = set(EXTRAS[task])
    installed = _installed_extras()
    if installed is not None and wanted <= installed:
        return
    started = time.monotonic()
    if not PYTHON.exists():
        print("Creating .venv (the first time only) ...", file=sys.stderr, flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    # Tools installed for an earlier task stay installed (and so listed) unless pyproject.toml
    # changed since: then only what this task needs is known to be current.
    extras = sorted(wanted | (installed or set()))
    target = f"{ROOT}[{','.join(extras)}]" if extras else str(ROOT)
    print(f"Installing {WHAT[task]} into .venv ...", file=sys.stderr, flush=True)
    _pip_install(["-e", target])
    STAMP.write_text(json.dumps({"pyproject": _pyproject_hash(), "extras": extras}))
    print(f"Ready in {time.monotonic() - started:.0f} s.", file=sys.stderr, flush=True)


def _pip_install(arguments: list[str]) -> None:
    """pip install, showing each package as it is fetched instead of a long silence."""
    # --no-compile: byte-compiling every installed module (all of numpy and matplotlib) took a
    # third of the install; Python compiles what Gigwise imports, once, when it first runs.
    command = [
        *(str(PYTHON), "-m", "pip", "--disable-pip-version-check", "install", "--no-compile"),
        *arguments,
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
    )
    assert process.stdout is not None
    on_terminal = sys.stderr.isatty()
    output: list[str] = []
    fetched = 0
    for line in process.stdout:
        output.append(line)
        text = line.strip()
        if not text.startswith(_PROGRESS_WORDS):
            continue
        if text.startswith("Collecting"):
            fetched += 1
            # "Collecting numpy>=1.23 (from matplotlib>=3.8->gigwise==0.1.0)": the first words.
            shown = f"  [{fetched}] {text.split(' (from ')[0]}"
        elif text.startswith("Installing collected packages"):
            shown = f"  Installing {_packages(text.count(',') + 1)} ..."
        else:
            shown = f"  Installed {_packages(text.count(' ') - 1)}."
        if on_terminal:
            # One line, rewritten: the package being fetched now.
            columns = max(20, _terminal_columns() - 1)
            print(f"\r\x1b[K{shown[:columns]}", end="", file=sys.stderr, flush=True)
        else:
            print(shown, file=sys.stderr, flush=True)
    if on_terminal:
        print("\r\x1b[K", end="", file=sys.stderr, flush=True)
    if process.wait() != 0:
        sys.stderr.write("".join(output))
        sys.exit(f"Installing into .venv failed (pip exit status {process.returncode}).")


def _packages(count: int) -> str:
    return f"{count} package" + ("" if count == 1 else "s")


def _terminal_columns() -> int:
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns
    except OSError:
        return 80


def _run(argv: list[str]) -> int:
    """Run a tool in the foreground; Ctrl-C is the tool's to handle, not a traceback of ours."""
    process = subprocess.Popen(argv, cwd=ROOT)
    # The terminal sends Ctrl-C to the tool and to dev.py alike. Ignored here only once the tool
    # has started, so that the tool itself still receives it (an ignored signal is inherited).
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        status = process.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    return INTERRUPTED if status == -signal.SIGINT else status


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0 if argv else 2
    task, rest = argv[0], argv[1:]
    if task not in EXTRAS:
        print(f"Unknown task {task!r}.\n{__doc__}", file=sys.stderr)
        return 2
    ensure_environment(task)
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
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        # Ctrl-C while .venv was being set up: pip has stopped; the next run starts it again.
        print("\nInterrupted.", file=sys.stderr)
        sys.exit(INTERRUPTED)
