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


async def test_a_failed_request_answers_once_then_the_route_is_served(
    sandbox: SandboxDiscord,
) -> None:
    sandbox.fail_next_request("GET", "/users/@me", 403)
    url = f"{sandbox.api_url}/users/@me"
    headers = {"Authorization": f"Bot {sandbox.token}"}
    async with aiohttp.ClientSession(headers=headers) as http:
        async with http.get(url) as first:
            assert (first.status, await first.json()) == (
                403,
                {"message": "403: Sandbox failure", "code": 0},
            )
        async with http.get(url) as second:
            assert second.status == 200


async def test_a_failed_request_can_echo_the_bots_token(sandbox: SandboxDiscord) -> None:
    route = "/applications/{application_id}/commands"
    sandbox.fail_next_request("put", route, 400, echo_token=True)
    url = f"{sandbox.api_url}/applications/{sandbox.application_id}/commands"
    headers = {"Authorization": f"Bot {sandbox.token}"}
    async with aiohttp.ClientSession(headers=headers) as http, http.put(url, json=[]) as refused:
        assert refused.status == 400
        assert f"Authorization: Bot {sandbox.token}" in (await refused.json())["message"]


async def test_a_disconnect_carries_its_reason(sandbox: SandboxDiscord) -> None:
    async with aiohttp.ClientSession() as http, http.ws_connect(sandbox.gateway_url) as socket:
        await socket.receive_json()  # HELLO
        await socket.send_json({"op": 2, "d": {"token": sandbox.token, "intents": 0}})
        await socket.receive_json()  # READY
        sandbox.disconnect(4000, reason="closed for a reason")
        closed = await socket.receive()
    assert (closed.type, closed.data, closed.extra) == (
        aiohttp.WSMsgType.CLOSE,
        4000,
        "closed for a reason",
    )
