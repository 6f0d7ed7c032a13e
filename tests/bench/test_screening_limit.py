"""The limit beside /screen's new-post throughput: the ceiling's work plus one screening per answer."""

from __future__ import annotations

import pytest

from bench.calls import job_post, new_post
from bench.driver import BurstResult, CpuUse
from bench.screening_limit import (
    ceiling_cpu_per_answer,
    limit_figure,
    limit_ratio,
    screening_seconds,
)


def _burst(count: int, bot_cpu: float, seconds: float = 1.0) -> BurstResult:
    return BurstResult(count, seconds, 0, 0, 0, 0.1, CpuUse(seconds, bot_cpu, 0.0, 0.0))


def test_a_bot_doing_the_ceilings_work_and_a_screening_shares_its_core_between_them() -> None:
    # 0.5 ms per answer at 2,000/s (the ceiling's core fully busy), plus a 1.5 ms screening:
    # 500 answers per second at most, a quarter of the ceiling's rate.
    assert limit_ratio(0.0005, 2000.0, 0.0015) == pytest.approx(0.25)


def test_a_ceiling_not_fully_busy_leaves_room_above_its_own_cpu_share() -> None:
    assert limit_ratio(0.0005, 1000.0, 0.0015) == pytest.approx(0.5)


def test_the_ceilings_cpu_per_answer_is_taken_over_every_burst() -> None:
    assert ceiling_cpu_per_answer([_burst(1000, 0.5), _burst(3000, 1.5)]) == pytest.approx(0.0005)
    assert ceiling_cpu_per_answer([]) is None


def test_screening_the_benchmarks_posts_takes_some_cpu() -> None:
    post = job_post()
    assert 0 < screening_seconds([new_post(post, n) for n in range(2)]) < 1


def test_the_figure_has_no_goal_and_says_what_it_is_made_of() -> None:
    posts = [new_post("Logo for our bakery, $400 fixed. Contact me on Telegram @rise", 1)]
    figure = limit_figure("interactions", "k", "label", [_burst(2000, 1.0)], 2000.0, posts)
    assert figure.goal is None
    assert figure.value is not None
    assert 0 < figure.value < 1
    assert "ms of CPU here" in figure.detail


def test_without_ceiling_cpu_the_figure_is_not_available() -> None:
    figure = limit_figure("interactions", "k", "label", [], 0.0, ["a post"])
    assert figure.verdict == "n/a"
