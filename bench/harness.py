"""One benchmark run: the sections in order, each adding its figures to the report.

A section that cannot run here (no PostgreSQL, no /momentum yet) says so in its figures; a section
that breaks records why and the run goes on, so one failure does not hide every other figure.
"""

from __future__ import annotations

import dataclasses
import tempfile
import traceback
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path

from bench import interactions, memory, momentum_command, neighbour, scaleout, startup
from bench.context import DEFAULT_POSTGRES_URL, RunContext
from bench.plan import Plan
from bench.profiling import Profiler
from bench.report import Figure, Report

Section = Callable[[RunContext], Awaitable[None]]
SECTIONS: Mapping[str, Section] = {
    "interactions": interactions.measure,
    "startup": startup.measure,
    "memory": memory.measure,
    "momentum": momentum_command.measure,
    "scale-out": scaleout.measure,
    "neighbour": neighbour.measure,
}


def _broken(section: str, error: BaseException) -> Figure:
    reason = "".join(traceback.format_exception_only(error)).strip()
    return Figure(section, f"{section}.ran", f"{section}: the section broke", None, error=reason)


async def run(
    plan: Plan,
    *,
    profile_dir: Path | None = None,
    postgres_url: str = DEFAULT_POSTGRES_URL,
    quiet: bool = False,
) -> tuple[Report, RunContext]:
    """Run the plan's sections in a scratch folder that is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="gigwise-bench-") as scratch:
        context = RunContext(
            plan=plan,
            workdir=Path(scratch),
            profiler=Profiler(profile_dir),
            postgres_url=postgres_url,
            quiet=quiet,
        )
        for name in plan.sections:
            try:
                await SECTIONS[name](context)
            except Exception as error:  # a broken section is reported, not fatal
                context.progress(f"{name}: failed: {error!r}")
                context.report.add(_broken(name, error))
        if context.profiler.summaries:
            context.report.details["profiles"] = [
                dataclasses.asdict(summary) for summary in context.profiler.summaries
            ]
        return context.report, context
