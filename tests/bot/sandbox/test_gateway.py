"""The sandbox gateway: resuming after faults, invalidated sessions, and shards."""

from __future__ import annotations

import aiohttp
import discord
import pytest

from bot.sandbox import SandboxDiscord, shard_of
from tests.bot.sandbox.conftest import connected, point_at
from tests.bot.sandbox.rehearsal_bot import RehearsalBot, ShardedRehearsalBot

# Two guilds that Discord's formula puts on different shards of two.
GUILD_ON_SHARD_0 = 1000 << 22
GUILD_ON_SHARD_1 = 1001 << 22


async def test_bot_resumes_after_a_dropped_connection(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    sandbox.disconnect(4000)
    reply = await sandbox.invoke("quote", {"amount": 1})
    assert reply.content == "**1**"
    assert sandbox.gateway.resume_count == 1
    assert sandbox.gateway.identify_count == 1


async def test_events_missed_while_disconnected_are_replayed_on_resume(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    sandbox.disconnect(4000)
    reply = await sandbox.invoke("whoami")
    [session] = sandbox.gateway.shards.values()
    assert session.event_names[-2:] == ["INTERACTION_CREATE", "RESUMED"]
    assert reply.callback_type == 4


async def test_bot_resumes_after_reconnect_request(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    await sandbox.request_reconnect()
    await sandbox.gateway.resumed.wait()
    reply = await sandbox.invoke("quote", {"amount": 2})
    assert reply.content == "**2**"
    assert sandbox.gateway.identify_count == 1


async def test_bot_identifies_again_after_an_invalid_session(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    await sandbox.invalidate_session(resumable=False)
    reply = await sandbox.invoke("quote", {"amount": 3})
    assert reply.content == "**3**"
    assert sandbox.gateway.identify_count == 2


async def test_bot_resumes_after_a_resumable_invalid_session(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    await sandbox.invalidate_session(resumable=True)
    await sandbox.gateway.resumed.wait()
    reply = await sandbox.invoke("quote", {"amount": 4})
    assert reply.content == "**4**"
    assert sandbox.gateway.identify_count == 1


@pytest.mark.parametrize(
    ("guild_id", "shard_count", "shard"),
    [
        (GUILD_ON_SHARD_0, 2, 0),
        (GUILD_ON_SHARD_1, 2, 1),
        (GUILD_ON_SHARD_1, 1, 0),
        (None, 2, 0),
    ],
)
def test_shard_follows_discord_formula(guild_id: int | None, shard_count: int, shard: int) -> None:
    assert shard_of(guild_id, shard_count) == shard


async def test_each_shard_receives_only_its_guilds(monkeypatch: pytest.MonkeyPatch) -> None:
    guilds = (GUILD_ON_SHARD_0, GUILD_ON_SHARD_1)
    async with SandboxDiscord(guild_ids=guilds, shard_count=2) as sandbox:
        point_at(monkeypatch, sandbox)
        async with connected(ShardedRehearsalBot(), sandbox.token) as client:
            assert isinstance(client, discord.AutoShardedClient)
            assert client.shard_count == 2
            shards = sandbox.gateway.shards
            created = {
                shard_id: [e for e in session.event_names if e == "GUILD_CREATE"]
                for shard_id, session in shards.items()
            }
            guild = client.get_guild(GUILD_ON_SHARD_1)
            assert guild is not None
            assert guild.shard_id == 1
    assert created == {0: ["GUILD_CREATE"], 1: ["GUILD_CREATE"]}
    assert any(r.route == "/gateway/bot" for r in sandbox.requests)


async def test_interaction_goes_to_the_shard_owning_the_guild(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    guilds = (GUILD_ON_SHARD_0, GUILD_ON_SHARD_1)
    async with SandboxDiscord(guild_ids=guilds, shard_count=2) as sandbox:
        point_at(monkeypatch, sandbox)
        async with connected(ShardedRehearsalBot(), sandbox.token):
            reply = await sandbox.invoke("whoami", guild_id=GUILD_ON_SHARD_1)
            on_shard = {
                shard_id: session.event_names.count("INTERACTION_CREATE")
                for shard_id, session in sandbox.gateway.shards.items()
            }
    assert reply.content.endswith(f"guild={GUILD_ON_SHARD_1}")
    assert on_shard == {0: 0, 1: 1}


async def test_hello_then_heartbeat_ack(sandbox: SandboxDiscord) -> None:
    async with aiohttp.ClientSession() as http, http.ws_connect(sandbox.gateway_url) as socket:
        hello = await socket.receive_json()
        await socket.send_json({"op": 1, "d": None})
        ack = await socket.receive_json()
    assert hello == {"op": 10, "d": {"heartbeat_interval": 41250}}
    assert ack["op"] == 11


async def test_identify_with_a_wrong_token_closes_with_4004(sandbox: SandboxDiscord) -> None:
    async with aiohttp.ClientSession() as http, http.ws_connect(sandbox.gateway_url) as socket:
        await socket.receive_json()
        await socket.send_json({"op": 2, "d": {"token": "wrong", "intents": 1, "properties": {}}})
        closing = await socket.receive()
    assert closing.type is aiohttp.WSMsgType.CLOSE
    assert closing.data == 4004


async def test_resume_of_an_unknown_session_is_invalid(sandbox: SandboxDiscord) -> None:
    async with aiohttp.ClientSession() as http, http.ws_connect(sandbox.gateway_url) as socket:
        await socket.receive_json()
        resume = {"token": sandbox.token, "session_id": "nope", "seq": 1}
        await socket.send_json({"op": 6, "d": resume})
        answer = await socket.receive_json()
    assert answer == {"op": 9, "d": False}


async def test_ready_carries_sequence_session_and_resume_url(sandbox: SandboxDiscord) -> None:
    identify = {"token": sandbox.token, "intents": 1, "properties": {}}
    async with aiohttp.ClientSession() as http, http.ws_connect(sandbox.gateway_url) as socket:
        await socket.receive_json()
        await socket.send_json({"op": 2, "d": identify})
        ready = await socket.receive_json()
        guild_create = await socket.receive_json()
    assert (ready["t"], ready["s"]) == ("READY", 1)
    assert ready["d"]["resume_gateway_url"] == sandbox.gateway_url
    assert ready["d"]["session_id"]
    assert (guild_create["t"], guild_create["s"]) == ("GUILD_CREATE", 2)
    assert sandbox.ready.is_set()


async def test_bot_works_over_a_zlib_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    async with SandboxDiscord(compress=True) as sandbox:
        point_at(monkeypatch, sandbox)
        async with connected(RehearsalBot(), sandbox.token):
            reply = await sandbox.invoke("quote", {"amount": 9})
    assert reply.content == "**9**"


async def test_without_the_guilds_intent_ready_comes_alone(sandbox: SandboxDiscord) -> None:
    identify = {"token": sandbox.token, "intents": 0, "properties": {}}
    async with aiohttp.ClientSession() as http, http.ws_connect(sandbox.gateway_url) as socket:
        await socket.receive_json()
        await socket.send_json({"op": 2, "d": identify})
        ready = await socket.receive_json()
        await socket.send_json({"op": 1, "d": ready["s"]})
        following = await socket.receive_json()
    assert ready["t"] == "READY"
    assert [guild["id"] for guild in ready["d"]["guilds"]]
    # The next thing the session hears is the heartbeat's acknowledgement, not a guild.
    assert following["op"] == 11
