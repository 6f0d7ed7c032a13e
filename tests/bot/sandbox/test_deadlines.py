"""Discord's answering deadlines, as the sandbox enforces them: a first response within 3 seconds,
then follow-ups and edits for 15 minutes. Time is moved on with `advance_clock`, never slept."""

from __future__ import annotations

import asyncio

import discord
import pytest

from bot.sandbox import AnsweredTooLate, SandboxDiscord


async def _until_dispatched(sandbox: SandboxDiscord) -> None:
    """Until the bot has been sent the interaction (invoke runs in a task)."""
    for _ in range(500):
        if sandbox.state.pending:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the interaction was never dispatched")


async def test_an_answer_in_time_is_shown(sandbox: SandboxDiscord, bot: discord.Client) -> None:
    asking = asyncio.create_task(sandbox.invoke("wait_release"))
    await _until_dispatched(sandbox)
    bot.released.set()  # type: ignore[attr-defined]
    assert (await asking).content == "Released"
    assert sandbox.state.late_interactions == []


async def test_a_first_answer_after_three_seconds_is_refused(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    asking = asyncio.create_task(sandbox.invoke("wait_release"))
    await _until_dispatched(sandbox)
    sandbox.advance_clock(3.5)
    bot.released.set()  # type: ignore[attr-defined]
    with pytest.raises(AnsweredTooLate, match="/wait_release"):
        await asking
    [late] = sandbox.state.late_interactions
    assert sandbox.state.pending[late].callback_type is None


async def test_a_deferral_in_time_may_be_followed_up_later(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    asking = asyncio.create_task(sandbox.invoke("wait_release_later", followups=1))
    await _until_dispatched(sandbox)
    [pending] = sandbox.state.pending.values()
    await pending.wait(lambda p: p.callback_type is not None, 5)
    sandbox.advance_clock(60)
    bot.released.set()  # type: ignore[attr-defined]
    assert (await asking).content == "Released later"


async def test_a_follow_up_after_fifteen_minutes_is_refused(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    asking = asyncio.create_task(sandbox.invoke("wait_release_later", followups=1, timeout=1))
    await _until_dispatched(sandbox)
    [pending] = sandbox.state.pending.values()
    await pending.wait(lambda p: p.callback_type is not None, 5)
    sandbox.advance_clock(15 * 60 + 1)
    bot.released.set()  # type: ignore[attr-defined]
    with pytest.raises(TimeoutError):
        await asking
    refused = [r for r in sandbox.requests if r.path.startswith("/webhooks/")]
    assert [r.status for r in refused] == [401]
