"""The screened jobs channel end to end: a post screened once and answered in a thread with no
pings, screened again after an edit, its answer gone with it, nothing twice after a RESUME; and
the bot started without the message-content intent says so instead."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.client import GigwiseBot
from bot.sandbox import MANAGER_PERMISSIONS, SandboxDiscord
from bot.settings import Settings
from tests.discord_api import schema_errors
from tests.e2e.conftest import BotFactory, connected

SCAM = (
    "Data entry, $45/hr, no experience needed. Message me on Telegram @quickhire before applying. "
    "Payment by gift cards. @everyone"
)
CLEAN = (
    "We need a Shopify developer to build three product pages from our Figma designs. Budget $2,400 "
    "fixed, milestones per page, four weeks. Please share two stores you built."
)


@pytest.fixture
async def jobs_bot(
    sandbox: SandboxDiscord, make_bot: BotFactory, settings: Settings
) -> AsyncIterator[GigwiseBot]:
    reading = dataclasses.replace(settings, jobs_channels=True)
    async with connected(make_bot(settings=reading), sandbox.token) as bot:
        yield bot


async def _switch_on(sandbox: SandboxDiscord, **options: Any) -> int:
    jobs = sandbox.channel_named("jobs")
    reply = await sandbox.invoke(
        "moderate",
        {"channel": str(jobs), **options},
        subcommand="jobs-channel",
        permissions=MANAGER_PERMISSIONS,
    )
    assert "Not working yet" not in reply.text()
    return jobs


async def _thread_answer(sandbox: SandboxDiscord, post: dict[str, Any]) -> dict[str, Any]:
    await sandbox.wait_until(
        lambda: (
            (thread := sandbox.thread_on(int(post["id"]))) is not None
            and sandbox.messages_in(int(thread["id"]))
        )
    )
    thread = sandbox.thread_on(int(post["id"]))
    assert thread is not None
    [answer] = sandbox.messages_in(int(thread["id"]))
    return answer


async def test_a_scam_post_is_answered_in_a_thread_once_without_pings(
    sandbox: SandboxDiscord, jobs_bot: GigwiseBot
) -> None:
    jobs = await _switch_on(sandbox)
    post = await sandbox.post_message(SCAM, channel_id=jobs)
    answer = await _thread_answer(sandbox, post)
    assert answer["embeds"][0]["title"].startswith("Likely scam")
    [thread_request] = [r for r in sandbox.requests if r.route.endswith("/threads")]
    assert thread_request.json["name"].startswith("Gigwise")
    posted = [r for r in sandbox.requests if r.route == "/channels/{channel_id}/messages"]
    assert all(r.json["allowed_mentions"]["parse"] == [] for r in posted)
    assert schema_errors("ThreadResponse", sandbox.thread_on(int(post["id"]))) == []


async def test_a_clean_post_gets_nothing_or_a_quiet_reaction(
    sandbox: SandboxDiscord, jobs_bot: GigwiseBot
) -> None:
    jobs = await _switch_on(sandbox, green="reaction")
    post = await sandbox.post_message(CLEAN, channel_id=jobs)
    await sandbox.wait_until(
        lambda: bool((sandbox.message(int(post["id"])) or {}).get("reactions"))
    )
    assert sandbox.thread_on(int(post["id"])) is None
    [reaction] = sandbox.message(int(post["id"]))["reactions"]  # type: ignore[index]
    assert reaction["emoji"]["name"] == "✅"


async def test_posts_in_other_channels_are_left_alone(
    sandbox: SandboxDiscord, jobs_bot: GigwiseBot
) -> None:
    await _switch_on(sandbox)
    await sandbox.post_message(SCAM)
    jobs_bot_cog = jobs_bot.get_cog("JobsChannelCog")
    await jobs_bot.tree.wait_idle(5)
    assert jobs_bot_cog.screened == 0  # type: ignore[union-attr]
    assert sandbox.state.threads == {}


async def test_an_edited_post_is_screened_again_and_its_answer_edited(
    sandbox: SandboxDiscord, jobs_bot: GigwiseBot
) -> None:
    jobs = await _switch_on(sandbox)
    post = await sandbox.post_message(SCAM, channel_id=jobs)
    answer = await _thread_answer(sandbox, post)
    await sandbox.edit_posted_message(post, CLEAN)
    await sandbox.wait_until(
        lambda: sandbox.state.messages[int(answer["id"])]["embeds"][0]["title"].startswith(
            "No sign"
        )
    )
    assert len(sandbox.state.threads) == 1


async def test_a_deleted_post_takes_its_answer_with_it(
    sandbox: SandboxDiscord, jobs_bot: GigwiseBot
) -> None:
    jobs = await _switch_on(sandbox)
    post = await sandbox.post_message(SCAM, channel_id=jobs)
    await _thread_answer(sandbox, post)
    await sandbox.delete_posted_message(post)
    await sandbox.wait_until(lambda: sandbox.thread_on(int(post["id"])) is None)


async def test_a_resume_replays_nothing_twice(
    sandbox: SandboxDiscord, jobs_bot: GigwiseBot
) -> None:
    jobs = await _switch_on(sandbox)
    post = await sandbox.post_message(SCAM, channel_id=jobs)
    await _thread_answer(sandbox, post)
    session = sandbox.gateway.session_for(sandbox.state.guild_ids[0])
    # The bot resumes from before the post: the gateway replays the MESSAGE_CREATE.
    replayed_from = session.sequence - 1
    sandbox.gateway.disconnect(4000)
    await sandbox.gateway.resumed.wait()
    await sandbox.gateway.dispatch_to_guild(
        sandbox.state.guild_ids[0],
        "MESSAGE_CREATE",
        dict(sandbox.state.messages[int(post["id"])]),
    )
    assert replayed_from >= 0
    second = await sandbox.post_message(SCAM.replace("Data entry", "Typing job"), channel_id=jobs)
    await _thread_answer(sandbox, second)
    threads = [r for r in sandbox.requests if r.route.endswith("/threads")]
    assert len(threads) == 2
    assert jobs_bot.get_cog("JobsChannelCog").screened == 2  # type: ignore[union-attr]


async def test_the_reaction_answer_shows_the_verdict_privately(
    sandbox: SandboxDiscord, jobs_bot: GigwiseBot
) -> None:
    jobs = await _switch_on(sandbox, answer="reaction")
    post = await sandbox.post_message(SCAM, channel_id=jobs)
    await sandbox.wait_until(lambda: bool(sandbox.messages_in(jobs)))
    [note] = sandbox.messages_in(jobs)
    assert note["message_reference"]["message_id"] == post["id"]
    await sandbox.wait_until(lambda: bool(sandbox.message(int(post["id"])).get("reactions")))  # type: ignore[union-attr]
    button = note["components"][0]["components"][0]["custom_id"]
    reply = await sandbox.click_message(note, button, user_id=1_200_000_000_000_000_001)
    assert reply.ephemeral
    assert reply.embeds[0]["title"].startswith("Likely scam")


async def test_a_member_message_payload_is_what_discord_sends(
    sandbox: SandboxDiscord, jobs_bot: GigwiseBot
) -> None:
    post = await sandbox.post_message(CLEAN)
    assert schema_errors("MessageResponse", post) == []


async def test_without_the_intent_the_setting_says_it_is_not_working(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    jobs = sandbox.channel_named("jobs")
    reply = await sandbox.invoke(
        "moderate",
        {"channel": str(jobs)},
        subcommand="jobs-channel",
        permissions=MANAGER_PERMISSIONS,
    )
    assert reply.ephemeral
    assert "Not working yet" in reply.text()
    assert "Message Content" in reply.text()
    assert gigwise.get_cog("JobsChannelCog") is None
