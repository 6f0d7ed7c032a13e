"""The JSON the sandbox sends carries what discord.py requires."""

from __future__ import annotations

import discord

from bot.sandbox import DEFAULT_GUILD_ID, MEMBER_PERMISSIONS, payloads


def guild_interaction() -> dict[str, object]:
    invoker = payloads.user(1, "freelancer")
    return payloads.interaction(
        interaction_id=2,
        interaction_type=2,
        token="t",
        application_id=3,
        invoker=invoker,
        channel=payloads.text_channel(4, DEFAULT_GUILD_ID),
        guild_id=DEFAULT_GUILD_ID,
        permissions=MEMBER_PERMISSIONS,
        data={"id": "5", "name": "fee", "type": 1},
    )


def test_interaction_has_every_key_discord_py_reads() -> None:
    required = {"id", "type", "token", "version", "application_id", "attachment_size_limit"}
    context = {"app_permissions", "locale", "channel", "context", "entitlements", "member"}
    assert required | context | {"authorizing_integration_owners"} <= set(guild_interaction())


def test_member_permissions_are_a_string() -> None:
    member = guild_interaction()["member"]
    assert isinstance(member, dict)
    assert member["permissions"] == str(MEMBER_PERMISSIONS)


def test_default_member_cannot_manage_the_server() -> None:
    permissions = discord.Permissions(MEMBER_PERMISSIONS)
    assert permissions.use_application_commands
    assert not permissions.manage_guild
    assert not permissions.administrator


def test_direct_message_interaction_has_a_user_not_a_member() -> None:
    invoker = payloads.user(1, "freelancer")
    interaction = payloads.interaction(
        interaction_id=2,
        interaction_type=2,
        token="t",
        application_id=3,
        invoker=invoker,
        channel=payloads.dm_channel(4, invoker),
        guild_id=None,
        permissions=MEMBER_PERMISSIONS,
        data=None,
    )
    assert "member" not in interaction
    assert interaction["user"] == invoker
    assert interaction["context"] == payloads.CONTEXT_BOT_DM


def test_snowflakes_increase() -> None:
    source = payloads.SnowflakeSource()
    first, second = source(), source()
    assert second > first > 0


def test_a_real_clock_stamps_ids_with_the_time_they_are_made() -> None:
    now = [1_800_000_000_000]
    source = payloads.SnowflakeSource(now_ms=lambda: now[0])
    first = source()
    now[0] += 5_000
    second = source()
    assert (second >> 22) - (first >> 22) == 5_000
    assert source() > second
