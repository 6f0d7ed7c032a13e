"""What every section of a run shares: the plan, a scratch folder, the report, the profiler."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.plan import Plan
from bench.profiling import Profiler
from bench.report import Report

# The sandbox accepts any token; Gigwise's settings want one that looks like a bot token.
BOT_TOKEN = "bench." + "t0k3n" * 8
DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


@dataclass
class RunContext:
    plan: Plan
    workdir: Path
    profiler: Profiler = field(default_factory=lambda: Profiler(None))
    postgres_url: str = DEFAULT_POSTGRES_URL
    report: Report = field(default_factory=Report)
    quiet: bool = False
    _started: float = field(default_factory=time.perf_counter)

    def progress(self, message: str) -> None:
        """A line on stderr, so a five-minute run shows what it is doing."""
        if not self.quiet:
            print(f"[{time.perf_counter() - self._started:6.1f} s] {message}", file=sys.stderr)

    def scratch(self, name: str) -> Path:
        path = self.workdir / name
        path.mkdir(parents=True, exist_ok=True)
        return path
