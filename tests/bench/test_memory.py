"""The guilds of the memory figure: spread over shards like real ones, shaped like a community."""

from __future__ import annotations

from collections import Counter

from bench.memory import (
    CHANNELS_PER_GUILD,
    EMOJIS_PER_GUILD,
    ROLES_PER_GUILD,
    community_guild,
    guild_ids,
)
from bot.sandbox import shard_of
from bot.sandbox.state import SandboxState


def test_guild_ids_are_distinct_and_spread_evenly_over_shards() -> None:
    ids = guild_ids(8)
    assert len(set(ids)) == 8
    assert Counter(shard_of(guild_id, 2) for guild_id in ids) == {0: 4, 1: 4}


def test_a_community_guild_has_its_channels_roles_and_emojis_with_distinct_ids() -> None:
    ids = guild_ids(2)
    state = SandboxState(
        token="t", application_id=1, bot_user_id=1, bot_name="bench", guild_ids=ids
    )
    guild = community_guild(state.guild_payload)(ids[0])
    assert len(guild["channels"]) == CHANNELS_PER_GUILD
    assert len(guild["roles"]) == ROLES_PER_GUILD
    assert len(guild["emojis"]) == EMOJIS_PER_GUILD
    everything = [item["id"] for key in ("channels", "roles", "emojis") for item in guild[key]]
    assert len(set(everything)) == len(everything)
    assert guild["roles"][0]["id"] == str(ids[0])
