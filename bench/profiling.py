"""Sampling a bot process with py-spy while it is measured, and naming where its time goes.

With `--profile DIR`, each Gigwise measurement is recorded with `py-spy record --pid` (samples
from outside, so the bot runs unmodified and nearly unslowed) as collapsed stacks, one file per
recording, DIR/<label>-<n>.txt (open them in speedscope.app, or feed them to flamegraph.pl).
Only samples holding the GIL are kept: they show where the CPU goes, which is what limits a bot
answering a burst; time spent waiting on the database or the network is not in them (the
bursts' "CPU busy" says how much of the time the bot was working at all). The summary keeps the
functions that hold the most samples on their own, and the project's functions that the most
samples pass through.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import shutil
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from pathlib import Path

from bench.processes import ROOT

SAMPLES_PER_SECOND = 250
TOP = 12
_PROJECT_PACKAGES = ("advisor/", "bot/", "commands/", "db/")
_ENTRY_POINTS = ("bot/cli.py", "bot/runner.py")
# Where the stack of a thread starts: the main module, or threading's bootstrap.
_THREAD_ROOTS = ("<module> (", "Thread._bootstrap (")


@dataclass(frozen=True)
class Hotspot:
    """A function and the share of samples it accounts for."""

    function: str
    samples: int
    share: float


@dataclass(frozen=True)
class ProfileSummary:
    label: str
    samples: int
    threads: tuple[Hotspot, ...]
    own_time: tuple[Hotspot, ...]
    project_time: tuple[Hotspot, ...]
    # Samples of code running in a greenlet (SQLAlchemy's ORM under asyncio): py-spy sees such a
    # stack on its own, so its time is missing from its caller's inclusive share.
    in_greenlets: float = 0.0

    def lines(self) -> list[str]:
        shown = [f"{self.label}: {self.samples} samples"]
        shown.append(
            "  "
            + ", ".join(f"{h.function} {h.share:.0%}" for h in self.threads)
            + f"; {self.in_greenlets:.0%} in SQLAlchemy greenlets, whose callers are not sampled"
        )
        shown.append("  most samples on their own (self time):")
        shown += [f"    {h.share:6.1%}  {h.function}" for h in self.own_time]
        shown.append("  Gigwise functions the most samples pass through (inclusive):")
        shown += [f"    {h.share:6.1%}  {h.function}" for h in self.project_time]
        return shown


def py_spy() -> str | None:
    """The py-spy executable next to this interpreter or on PATH."""
    beside = Path(sys.executable).parent / "py-spy"
    return str(beside) if beside.exists() else shutil.which("py-spy")


def _frame_name(frame: str) -> str:
    """`fee (commands/fees/_cog.py:62)` with the file path made relative to the project."""
    name, _, where = frame.partition(" (")
    where = where.rstrip(")")
    root = str(ROOT) + "/"
    if where.startswith(root):
        where = where[len(root) :]
    elif "site-packages/" in where:
        where = where.split("site-packages/", 1)[1]
    return f"{name} ({where})" if where else name


def _is_project(frame: str) -> bool:
    where = frame.split(" (", 1)[-1]
    # The entry point holds every sample of the main thread and says nothing about where they go.
    return where.startswith(_PROJECT_PACKAGES) and not where.startswith(_ENTRY_POINTS)


def _thread_kind(frame: str) -> str | None:
    """`thread (123): Thread-4 (_connection_worker_thread)` -> `_connection_worker_thread`."""
    if not frame.startswith("thread ("):
        return None
    name = frame.split(": ", 1)[-1]
    return re.sub(r"^Thread-\d+ \((.*)\)$", r"\1", name)


def summarise(label: str, collapsed: Iterable[str], top: int = TOP) -> ProfileSummary:
    """Per-thread, self and inclusive sample counts from py-spy's raw (collapsed stack) output."""
    threads: Counter[str] = Counter()
    own: Counter[str] = Counter()
    through: Counter[str] = Counter()
    total = 0
    detached = 0
    for line in collapsed:
        stack, _, count_text = line.rstrip().rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = stack.split(";")
        kind = _thread_kind(frames[0])
        if kind is not None:
            threads[kind] += count
            frames = frames[1:]
        names = [_frame_name(f) for f in frames] or ["(no Python frame)"]
        total += count
        if frames and not frames[0].startswith(_THREAD_ROOTS):
            detached += count
        own[names[-1]] += count
        for name in set(names):
            if _is_project(name):
                through[name] += count

    def hotspots(counter: Counter[str], limit: int = top) -> tuple[Hotspot, ...]:
        if not total:
            return ()
        return tuple(Hotspot(f, n, n / total) for f, n in counter.most_common(limit))

    return ProfileSummary(
        label,
        total,
        hotspots(threads, 5),
        hotspots(own),
        hotspots(through),
        detached / total if total else 0.0,
    )


class Profiler:
    """Records a process while a block runs, when a directory was given and py-spy is here."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.executable = py_spy() if directory is not None else None
        # Recordings by label: one label may be recorded several times, and is summed up once.
        self._recordings: dict[str, list[Path]] = {}

    @property
    def summaries(self) -> list[ProfileSummary]:
        return [
            summarise(label, (line for path in paths for line in path.read_text().splitlines()))
            for label, paths in self._recordings.items()
        ]

    @property
    def active(self) -> bool:
        return self.directory is not None and self.executable is not None

    @contextlib.asynccontextmanager
    async def recording(self, pid: int, label: str) -> AsyncIterator[None]:
        if self.directory is None or self.executable is None:
            yield
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        recorded = self._recordings.setdefault(label, [])
        output = self.directory / f"{label}-{len(recorded) + 1}.txt"
        recorder = await asyncio.create_subprocess_exec(
            self.executable,
            "record",
            "--pid",
            str(pid),
            "--format",
            "raw",
            "--function",
            "--threads",
            "--gil",
            "--nonblocking",
            "--rate",
            str(SAMPLES_PER_SECOND),
            "--output",
            str(output),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        try:
            yield
        finally:
            # py-spy writes its output when interrupted, as after Ctrl-C.
            with contextlib.suppress(ProcessLookupError):
                recorder.send_signal(signal.SIGINT)
            await recorder.wait()
        if output.exists():
            recorded.append(output)
