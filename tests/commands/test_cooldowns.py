"""Per-member cooldowns: the limit per member, and buckets that go once they have refilled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from discord import app_commands

from commands.cooldowns import PerMemberCooldown

START = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


@dataclass
class _User:
    id: int


@dataclass
class _Interaction:
    """What a cooldown reads of an interaction: who sent it and when Discord created it."""

    user: _User
    created_at: datetime


def at(member: int, seconds: float) -> _Interaction:
    return _Interaction(_User(member), START + timedelta(seconds=seconds))


def test_a_member_past_the_rate_is_told_to_slow_down() -> None:
    limiter = PerMemberCooldown(2, 10)
    limiter.hit(at(1, 0))  # type: ignore[arg-type]
    limiter.hit(at(1, 1))  # type: ignore[arg-type]
    with pytest.raises(app_commands.CommandOnCooldown) as refused:
        limiter.hit(at(1, 2))  # type: ignore[arg-type]
    assert refused.value.retry_after == pytest.approx(8)


def test_members_are_limited_each_on_their_own() -> None:
    limiter = PerMemberCooldown(1, 10)
    limiter.hit(at(1, 0))  # type: ignore[arg-type]
    limiter.hit(at(2, 0))  # type: ignore[arg-type]


def test_a_member_may_go_on_once_the_window_has_passed() -> None:
    limiter = PerMemberCooldown(1, 10)
    limiter.hit(at(1, 0))  # type: ignore[arg-type]
    limiter.hit(at(1, 10.5))  # type: ignore[arg-type]


def test_members_whose_bucket_refilled_are_forgotten() -> None:
    limiter = PerMemberCooldown(4, 10)
    for member in range(1_000):
        limiter.hit(at(member, member / 1_000))  # type: ignore[arg-type]
    limiter.hit(at(5_000, 12))  # type: ignore[arg-type]
    assert len(limiter) == 1
