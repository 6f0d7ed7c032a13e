"""Screening end to end: the slash command, the modal, the message menu, and hostile posts made inert."""

from __future__ import annotations

import asyncio
import threading

import pytest

from advisor.redflags import patterns
from bot.client import GigwiseBot
from bot.sandbox import SandboxDiscord, payloads
from bot.sandbox.reply import CALLBACK_DEFERRED_MESSAGE, CALLBACK_MESSAGE
from commands.screening._cog import DEFER_BEHIND_SECONDS
from tests.e2e.conftest import BotFactory, connected

SCAM = (
    "Data entry, $45/hr, no experience needed. Message me on Telegram @quickhire before applying. "
    "Payment by gift cards."
)
CLEAN = (
    "We need a Shopify developer to build three product pages from our Figma designs. Budget $2,400 "
    "fixed, milestones per page, four weeks. Please share two stores you built."
)
HOSTILE = (
    "@everyone @here <@123456789012345678> **URGENT** [click](https://evil.example) discord.gg/abcdef "
    "Contact me on WhatsApp ASAP! `code` ||spoiler|| ~~strike~~ > quote"
)


def _fields(reply) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {f["name"]: f["value"] for f in reply.embeds[0].get("fields", [])}


async def test_screen_flags_a_scam_with_its_evidence(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke("screen", {"post": SCAM})
    assert reply.ephemeral
    embed = reply.embeds[0]
    assert embed["title"].startswith("Likely scam: don't apply, report it")
    assert embed["color"] == 0xD64545
    text = "\n".join(_fields(reply).values())
    assert "Telegram" in text
    assert "Advice:" in text


async def test_a_shared_verdict_is_posted_to_the_channel_without_the_members_name(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    for amount in ("1000", "3000"):
        await sandbox.invoke("contract", {"client": "Acme", "amount": amount}, subcommand="add")
    reply = await sandbox.invoke("screen", {"post": SCAM, "share": True})
    assert reply.ephemeral
    # The verdict is posted after the member's own reply.
    [shared] = await sandbox.wait_for_channel_messages(1)
    assert shared["embeds"][0]["title"] == reply.embeds[0]["title"]
    [posted] = [r for r in sandbox.requests if r.route == "/channels/{channel_id}/messages"]
    assert posted.json["allowed_mentions"]["parse"] == []
    shown = str(shared)
    assert "What a bad review would cost you" not in shown
    assert str(payloads.DEFAULT_USER_ID) not in shown


async def test_a_verdict_is_not_shared_unless_asked(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await sandbox.invoke("screen", {"post": SCAM})
    # Answered after the screening's own coroutine has run to its end.
    await sandbox.invoke("fee", {"amount": "100"})
    assert sandbox.channel_messages == []


async def test_screen_passes_a_clean_post(sandbox: SandboxDiscord, gigwise: GigwiseBot) -> None:
    reply = await sandbox.invoke("screen", {"post": CLEAN})
    assert reply.embeds[0]["title"].startswith("No sign of a scam")


async def test_screen_without_a_post_opens_a_modal(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    opened = await sandbox.invoke("screen")
    assert opened.callback_type == 9
    assert opened.modal is not None
    answered = await sandbox.submit_modal(
        opened, {"The job post (and the About the client panel)": SCAM}
    )
    assert answered.ephemeral
    assert answered.embeds[0]["title"].startswith("Likely scam")


async def test_message_menu_screens_any_message(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    menu = next(c for c in sandbox.commands() if c.get("type") == 3)
    assert menu["name"] == "Screen job post"
    reply = await sandbox.invoke_message_command("Screen job post", SCAM)
    assert reply.ephemeral
    assert reply.embeds[0]["title"].startswith("Likely scam")


async def test_a_hostile_post_comes_back_inert(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke("screen", {"post": HOSTILE})
    assert reply.message is not None
    assert reply.message["allowed_mentions"]["parse"] == []
    shown = "\n".join(_fields(reply).values()) + reply.embeds[0].get("description", "")
    for live in (
        "@everyone",
        "@here",
        "<@123",
        "https://",
        "discord.gg/",
        "**URGENT**",
        "||spoiler||",
    ):
        assert live not in shown


async def test_a_blank_post_is_a_private_explanation(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke("screen", {"post": "   "})
    assert reply.ephemeral
    assert reply.interaction_id in gigwise.tree.refused


async def test_screening_has_a_per_member_cooldown(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    replies = [await sandbox.invoke("screen", {"post": CLEAN}) for _ in range(5)]
    assert "Slow down" in replies[-1].content
    other = await sandbox.invoke("screen", {"post": CLEAN}, user_id=100_000_000_000_000_999)
    assert other.embeds


async def test_a_member_with_history_sees_what_a_bad_review_would_cost(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    for amount in ("1000", "3000"):
        await sandbox.invoke("contract", {"client": "Acme", "amount": amount}, subcommand="add")
    reply = await sandbox.invoke("screen", {"post": SCAM})
    assert "$20,000.00" in _fields(reply)["What a bad review would cost you"]


async def test_one_members_price_stays_out_of_the_next_members_reply_to_the_same_post(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    for amount in ("1000", "3000"):
        await sandbox.invoke("contract", {"client": "Acme", "amount": amount}, subcommand="add")
    priced = await sandbox.invoke("screen", {"post": SCAM})
    newcomer = await sandbox.invoke("screen", {"post": SCAM}, user_id=100_000_000_000_000_999)
    again = await sandbox.invoke("screen", {"post": SCAM})
    assert "What a bad review would cost you" not in _fields(newcomer)
    assert _fields(again) == _fields(priced)


async def test_a_new_post_is_answered_at_once_while_the_screening_thread_is_free(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke("screen", {"post": SCAM})
    assert reply.callback_type == CALLBACK_MESSAGE
    assert reply.ephemeral
    assert reply.embeds[0]["title"].startswith("Likely scam")


async def test_a_new_post_that_would_wait_long_is_acknowledged_before_it_is_screened(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    cog = gigwise.get_cog("ScreeningCog")
    assert cog is not None
    # As behind a burst: the posts queued before this one would take longer than the threshold.
    monkeypatch.setattr(cog.posts, "wait_for_new_post", lambda: DEFER_BEHIND_SECONDS * 2)
    reply = await sandbox.invoke("screen", {"post": SCAM})
    assert reply.callback_type == CALLBACK_DEFERRED_MESSAGE
    assert reply.ephemeral
    assert reply.embeds[0]["title"].startswith("Likely scam")


async def test_a_post_screened_today_is_answered_at_once_with_the_same_verdict(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    first = await sandbox.invoke("screen", {"post": SCAM}, user_id=111_111_111_111_111_111)
    again = await sandbox.invoke("screen", {"post": SCAM}, user_id=222_222_222_222_222_222)
    assert again.callback_type == CALLBACK_MESSAGE
    assert again.embeds[0]["fields"] == first.embeds[0]["fields"]


async def test_the_patterns_are_compiled_once_ready_before_any_screening(
    sandbox: SandboxDiscord, make_bot: BotFactory
) -> None:
    patterns._tables.cache_clear()
    async with connected(make_bot(), sandbox.token):
        # on_ready compiles them on a thread of its own while the loop goes on answering.
        await sandbox.invoke("fee", {"amount": "100"})
        for thread in threading.enumerate():
            if thread.name == "gigwise-warm-up":
                await asyncio.to_thread(thread.join, 30)
        assert patterns._tables.cache_info().currsize == 1
