"""A whole run, tiny: real bot processes, every command measured, nothing but expected answers."""

from __future__ import annotations

from bench import harness
from bench.plan import TINY


async def test_interactions_measure_every_command_against_the_ceiling_on_real_answers() -> None:
    report, _ = await harness.run(TINY.only(("interactions",)), quiet=True)
    measured = {f.key: f for f in report.figures if f.value is not None}
    for command in ("fee", "screen", "bill"):
        for figure in (
            "p99_over_median",
            "median_vs_ceiling",
            "p99_vs_ceiling",
            "throughput_vs_ceiling",
        ):
            assert f"{command}.{figure}" in measured
    assert [f for f in report.figures if f.error or f.wrong_answers] == []


async def test_a_section_that_cannot_run_here_says_why() -> None:
    report, _ = await harness.run(
        TINY.only(("scale-out",)),
        postgres_url="postgresql+asyncpg://nobody@127.0.0.1:1/none",
        quiet=True,
    )
    [figure] = report.figures
    assert figure.verdict == "n/a"
    assert "cannot reach PostgreSQL" in figure.detail
