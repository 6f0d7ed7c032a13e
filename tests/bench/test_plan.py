"""Choosing what a run measures."""

from __future__ import annotations

import pytest

from bench.plan import DEFAULT, QUICK, SECTIONS


def test_only_keeps_the_sections_in_their_usual_order() -> None:
    assert DEFAULT.only(("scale-out", "interactions")).sections == ("interactions", "scale-out")


def test_only_refuses_an_unknown_section() -> None:
    with pytest.raises(ValueError, match="unknown section"):
        DEFAULT.only(("interactions", "speed"))


def test_every_plan_runs_every_section_unless_told_otherwise() -> None:
    assert DEFAULT.sections == QUICK.sections == SECTIONS


def test_the_default_run_sends_bursts_of_a_thousand() -> None:
    assert DEFAULT.burst == 1_000
    assert DEFAULT.guilds == 2_000
