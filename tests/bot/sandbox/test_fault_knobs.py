"""The sandbox's clock and the fault knobs that e2e reliability tests lean on."""

from __future__ import annotations

import aiohttp
import discord
import pytest

from bot.sandbox import SandboxDiscord
from bot.sandbox.payloads import SnowflakeSource

CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"


def test_the_clock_stands_still_until_advanced() -> None:
    source = SnowflakeSource()
    first, second = source(), source()
    source.advance(10)
    later = source()
    assert discord.utils.snowflake_time(first) == discord.utils.snowflake_time(second)
    elapsed = discord.utils.snowflake_time(later) - discord.utils.snowflake_time(first)
    assert elapsed.total_seconds() == 10


def test_the_clock_never_goes_back() -> None:
    with pytest.raises(ValueError, match="forward"):
        SnowflakeSource().advance(-1)


async def test_advance_clock_dates_the_next_interaction_later(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    before = await sandbox.invoke("quote", {"amount": 1})
    sandbox.advance_clock(3600)
    after = await sandbox.invoke("quote", {"amount": 2})
    elapsed = discord.utils.snowflake_time(after.interaction_id) - discord.utils.snowflake_time(
        before.interaction_id
    )
    assert elapsed.total_seconds() == 3600


async def test_a_lost_answer_takes_effect_and_the_retry_is_refused(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    sandbox.lose_next_callback_answer(502)
    reply = await sandbox.invoke("quote", {"amount": 5})
    await sandbox.wait_for_callback_attempts(reply, 2)
    statuses = [r.status for r in sandbox.requests if r.route == CALLBACK]
    assert statuses == [502, 400]
    assert reply.content == "**5**"


async def test_a_lost_answer_knob_applies_to_the_next_callback_only(
    sandbox: SandboxDiscord,
) -> None:
    sandbox.lose_next_callback_answer(504)
    url = f"{sandbox.api_url}/interactions/1/t/callback"
    async with aiohttp.ClientSession() as http:
        async with http.post(url, json={"type": 4}) as first:
            assert first.status == 504
        async with http.post(url, json={"type": 4}) as second:
            assert second.status == 404


async def test_each_request_is_stamped_with_when_it_arrived(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    await sandbox.invoke("quote", {"amount": 1})
    await sandbox.invoke("quote", {"amount": 2})
    stamps = [r.received_at for r in sandbox.requests]
    assert stamps == sorted(stamps)
