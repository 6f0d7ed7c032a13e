"""The most `/screen` with a new post each time could answer, given the CPU a screening needs.

The ceiling bot answers a fixed embed; a bot that screens a new post does all of that work and
screens the post as well. Gigwise runs in one interpreter, so its Python runs on one core at a
time whichever thread screens: a bot doing the ceiling's work plus one screening per answer
answers at most 1 / (ceiling's CPU per answer + one screening) per second. Set against the
ceiling's own rate, that is the highest throughput ratio any such bot could reach here, shown
beside the measured one so that a gap to a goal can be told apart from a limit of the machine.

The screening is timed in this process on the posts the benchmark sends (best of several rounds,
CPU time, so that other work on the machine inflates it as little as it can); the ceiling's CPU
per answer comes from the same bursts as the measured figure. When other work kept the ceiling
from a core of its own, its rate falls and the limit rises with it; the detail also gives the
limit against a ceiling with a core to itself, CPU per answer against CPU per answer.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Sequence
from datetime import date

from advisor.redflags import screen
from bench.driver import BurstResult
from bench.report import Figure

ROUNDS = 5
POSTS_PER_ROUND = 20


def screening_seconds(posts: Sequence[str], day: date | None = None) -> float:
    """CPU seconds to screen one of `posts`, best of `ROUNDS` rounds over them."""
    screen(posts[0], today=day)
    best = float("inf")
    collecting = gc.isenabled()
    gc.disable()
    try:
        for _ in range(ROUNDS):
            started = time.process_time()
            for post in posts:
                screen(post, today=day)
            best = min(best, (time.process_time() - started) / len(posts))
    finally:
        if collecting:
            gc.enable()
    return best


def ceiling_cpu_per_answer(bursts: Sequence[BurstResult]) -> float | None:
    """The ceiling bot's CPU seconds per answer over `bursts`; None without any answer."""
    answers = sum(b.count - b.lost for b in bursts)
    cpu = sum(b.cpu.bot for b in bursts)
    return cpu / answers if answers and cpu > 0 else None


def limit_ratio(ceiling_cpu: float, ceiling_rate: float, screening: float) -> float:
    """The throughput ratio to the ceiling of a bot spending `ceiling_cpu + screening` per answer."""
    return (1 / (ceiling_cpu + screening)) / ceiling_rate


def limit_figure(
    section: str,
    key: str,
    label: str,
    ceiling_bursts: Sequence[BurstResult],
    ceiling_rate: float,
    posts: Sequence[str],
) -> Figure:
    """The limit as a figure with no goal of its own, explained in its detail."""
    ceiling_cpu = ceiling_cpu_per_answer(ceiling_bursts)
    if ceiling_cpu is None or ceiling_rate <= 0:
        return Figure(section, key, label, None, detail="not available: no ceiling CPU measured")
    screening = screening_seconds(posts)
    return Figure(
        section,
        key,
        label,
        limit_ratio(ceiling_cpu, ceiling_rate, screening),
        "",
        None,
        f"one screening of the posts sent takes {screening * 1000:.2f} ms of CPU here and the "
        f"ceiling bot {ceiling_cpu * 1000:.2f} ms per answer; a bot doing both on one core "
        f"answers at most {1 / (ceiling_cpu + screening):,.0f}/s against the ceiling's "
        f"{ceiling_rate:,.0f}/s ({ceiling_cpu / (ceiling_cpu + screening):.2f} of what the "
        "ceiling would answer with a core to itself)",
    )
