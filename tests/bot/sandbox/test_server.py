"""End to end: the real discord.py client against the sandbox, one interaction kind per test."""

from __future__ import annotations

import time

import discord
import pytest

from bot.sandbox import (
    DEFAULT_GUILD_ID,
    MANAGER_PERMISSIONS,
    CommandLineError,
    SandboxDiscord,
    SandboxError,
    SandboxTimeout,
)
from tests.bot.sandbox.conftest import connected
from tests.bot.sandbox.rehearsal_bot import REPORT, RehearsalBot
from tests.discord_api import spec


async def test_bot_logs_in_and_reaches_ready(sandbox: SandboxDiscord, bot: discord.Client) -> None:
    assert sandbox.ready.is_set()
    assert bot.user is not None
    assert bot.user.id == sandbox.bot_user_id
    assert bot.application_id == sandbox.application_id
    assert [guild.id for guild in bot.guilds] == [DEFAULT_GUILD_ID]


async def test_login_calls_the_routes_discord_py_needs_in_order(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    routes = [(request.method, request.route) for request in sandbox.requests]
    assert routes[:3] == [
        ("GET", "/users/@me"),
        ("GET", "/oauth2/applications/@me"),
        ("PUT", "/applications/{application_id}/commands"),
    ]


async def test_wrong_token_is_a_login_failure(sandbox: SandboxDiscord) -> None:
    client = RehearsalBot()
    try:
        with pytest.raises(discord.LoginFailure):
            await client.login("not-the-token")
    finally:
        await client.close()
    assert sandbox.requests[0].status == 401


async def test_sync_put_is_recorded_as_sent(sandbox: SandboxDiscord, bot: discord.Client) -> None:
    [sync] = sandbox.sync_requests
    assert sync.guild_id is None
    sent = {command["name"]: command for command in sync.body}
    assert sent["quote"]["options"][0] == {
        "type": 4,
        "name": "amount",
        "description": "What the client pays",
        "required": True,
    }
    assert "description" not in sent["Screen post"]
    assert sandbox.commands() == sync.body


async def test_synced_commands_are_echoed_with_ids_and_a_description(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    echoed = {command["name"]: command for command in sandbox.synced_commands()}
    assert echoed["Screen post"]["description"] == ""
    assert echoed["Screen post"]["type"] == 3
    assert all(command["id"].isdigit() for command in echoed.values())


async def test_command_ids_stay_the_same_across_syncs(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    before = {c["name"]: c["id"] for c in sandbox.synced_commands()}
    assert isinstance(bot, RehearsalBot)
    await bot.tree.sync()
    after = {c["name"]: c["id"] for c in sandbox.synced_commands()}
    assert before == after


async def test_guild_sync_is_recorded_with_its_guild(sandbox: SandboxDiscord) -> None:
    async with connected(RehearsalBot(sync_guild_id=DEFAULT_GUILD_ID), sandbox.token):
        scopes = [sync.guild_id for sync in sandbox.sync_requests]
        reply = await sandbox.invoke("quote", {"amount": 10})
    assert scopes == [None, DEFAULT_GUILD_ID]
    assert reply.bodies[0]["type"] == 4


async def test_slash_command_reply_carries_content_and_embed(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    reply = await sandbox.invoke("quote", {"amount": 15000, "platform": "Upwork"})
    assert reply.callback_type == 4
    assert reply.content == "**15000**"
    assert reply.embeds[0]["description"] == "15000 on upwork"
    assert reply.ephemeral is False
    assert reply.message is not None
    assert reply.message["type"] == 20


async def test_optional_options_may_be_left_out(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    reply = await sandbox.invoke("quote", {"amount": "1,200"})
    assert reply.embeds[0]["description"] == "1200 on direct"


async def test_member_permissions_and_locale_reach_the_bot(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    member = await sandbox.invoke("whoami")
    manager = await sandbox.invoke("whoami", permissions=MANAGER_PERMISSIONS, locale="fr")
    assert member.content == f"freelancer manage_guild=False locale=en-US guild={DEFAULT_GUILD_ID}"
    assert "manage_guild=True locale=fr" in manager.content


async def test_ephemeral_reply_is_flagged(sandbox: SandboxDiscord, bot: discord.Client) -> None:
    reply = await sandbox.invoke("whoami")
    assert reply.ephemeral is True
    assert reply.message is not None
    assert reply.message["flags"] & 64


async def test_direct_message_invocation_has_no_guild(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    reply = await sandbox.invoke("whoami", guild_id=None)
    assert reply.content.endswith("guild=None")


async def test_deferred_answer_is_the_edited_original(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    reply = await sandbox.invoke("slow", {"secret": True})
    assert reply.callback_type == 5
    assert reply.content == "Done thinking"
    assert reply.ephemeral is True
    assert [body.get("type") for body in reply.bodies] == [5, None]


async def test_a_reply_says_when_it_was_acknowledged(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    before = time.perf_counter()
    reply = await sandbox.invoke("slow")
    assert reply.acknowledged_at is not None
    assert before < reply.acknowledged_at < time.perf_counter()


async def test_first_follow_up_fills_a_deferred_answer(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    reply = await sandbox.invoke("slowfollow")
    assert reply.content == "Filled by a follow-up"
    assert reply.message_id == int(reply.followups[0]["id"])


async def test_follow_ups_are_collected(sandbox: SandboxDiscord, bot: discord.Client) -> None:
    reply = await sandbox.invoke("chatty", followups=2)
    assert reply.content == "first"
    assert [followup["content"] for followup in reply.followups] == ["second", "third"]
    assert reply.followups[1]["flags"] & 64


async def test_waiting_for_follow_ups_after_the_answer(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    reply = await sandbox.invoke("chatty")
    later = await sandbox.wait_for_followups(reply, 2)
    assert len(later.followups) == 2


async def test_modal_is_shown_and_submitted(sandbox: SandboxDiscord, bot: discord.Client) -> None:
    form = await sandbox.invoke("intake")
    assert form.callback_type == 9
    assert form.modal is not None
    assert form.modal["title"] == "New client"
    answer = await sandbox.submit_modal(form, {"Client": "Acme Corp"})
    assert answer.content == "Saved Acme Corp (budget unknown)"


async def test_modal_refuses_a_missing_required_field(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    form = await sandbox.invoke("intake")
    with pytest.raises(CommandLineError, match="Client"):
        await sandbox.submit_modal(form, {"Budget": "500"})


async def test_button_click_updates_the_message(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    offer = await sandbox.invoke("offer")
    accepted = await sandbox.click(offer, "accept")
    assert accepted.callback_type == 7
    assert accepted.message_id == offer.message_id
    assert accepted.content == "Accepted by freelancer"


async def test_button_click_by_another_member(sandbox: SandboxDiscord, bot: discord.Client) -> None:
    sandbox.add_user(42 << 22, "client")
    offer = await sandbox.invoke("offer")
    accepted = await sandbox.click(offer, "accept", user_id=42 << 22)
    assert accepted.content == "Accepted by client"


async def test_button_can_answer_with_a_new_message(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    offer = await sandbox.invoke("offer")
    details = await sandbox.click(offer, "details")
    assert details.callback_type == 4
    assert details.ephemeral is True
    assert details.content == "Net 30, 50% upfront"


async def test_disabled_button_cannot_be_clicked(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    offer = await sandbox.invoke("offer")
    with pytest.raises(SandboxError, match="disabled"):
        await sandbox.click(offer, "gone")


async def test_autocomplete_returns_the_bot_choices(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    choices = await sandbox.autocomplete("platform", {"name": "er"}, "name")
    assert choices == [
        {"name": "Fiverr", "value": "fiverr"},
        {"name": "Freelancer.com", "value": "freelancer.com"},
    ]


async def test_subcommand_in_a_group(sandbox: SandboxDiscord, bot: discord.Client) -> None:
    reply = await sandbox.invoke("contract", {"days": 3}, group="reminder", subcommand="set")
    assert reply.content == "Reminder in 3 days"


async def test_message_context_menu(sandbox: SandboxDiscord, bot: discord.Client) -> None:
    reply = await sandbox.invoke_message_command("Screen post", "Need a logo, pay in exposure")
    assert reply.content == "28 characters from freelancer"
    assert reply.message is not None
    assert reply.message["type"] == 23


async def test_user_context_menu(sandbox: SandboxDiscord, bot: discord.Client) -> None:
    sandbox.add_user(7 << 22, "acme")
    reply = await sandbox.invoke_user_command("Client profile", 7 << 22)
    assert reply.content == "Profile of acme"


async def test_user_option_is_resolved(sandbox: SandboxDiscord, bot: discord.Client) -> None:
    sandbox.add_user(9 << 22, "dana")
    reply = await sandbox.invoke("poke", {"member": f"<@{9 << 22}>"})
    assert reply.content == "Poked dana"
    assert reply.message is not None
    assert reply.message["allowed_mentions"] == {"parse": []}


async def test_bot_downloads_an_uploaded_attachment(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    reply = await sandbox.invoke(
        "upload", attachments={"file": ("invoice.csv", b"a,b\n1,2\n", "text/csv")}
    )
    assert reply.content == "invoice.csv: 8 bytes"
    assert any(r.route == "/attachments/{attachment_id}/{filename}" for r in sandbox.requests)


async def test_files_the_bot_sends_are_kept(sandbox: SandboxDiscord, bot: discord.Client) -> None:
    reply = await sandbox.invoke("report")
    assert reply.files == [("report.txt", REPORT)]
    assert reply.message is not None
    assert reply.message["attachments"][0]["filename"] == "report.txt"
    assert reply.bodies[0]["data"]["content"] == "Your report"


async def test_run_line_drives_the_command_tree(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    reply = await sandbox.run_line('/contract add client:"Acme Corp" amount:1200')
    assert reply.content == "Added Acme Corp: 1200 (no note)"


async def test_run_line_sends_help_like_any_command(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    reply = await sandbox.run_line("/help")
    assert "/quote" in reply.content


async def test_run_line_refuses_a_wrong_value_before_sending(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    sent = len(sandbox.requests)
    with pytest.raises(CommandLineError, match="Usage: /quote amount"):
        await sandbox.run_line("/quote lots")
    assert len(sandbox.requests) == sent


async def test_unanswered_interaction_times_out_with_its_name(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    with pytest.raises(SandboxTimeout, match="/silent"):
        await sandbox.invoke("silent", timeout=0.2)


async def test_invoking_an_unsynced_command_says_what_is_synced(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    with pytest.raises(SandboxError, match="quote"):
        await sandbox.invoke("nosuch")


async def test_rate_limited_callback_is_retried(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    sandbox.rate_limit_next_callback(0.01)
    reply = await sandbox.invoke("quote", {"amount": 5})
    statuses = [r.status for r in sandbox.requests if r.route.endswith("/callback")]
    assert statuses == [429, 200]
    assert reply.content == "**5**"


async def test_every_route_the_bot_used_is_in_discord_openapi(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    await sandbox.invoke("slow")
    await sandbox.invoke("chatty", followups=2)
    routes = {r.route for r in sandbox.requests} - {"/attachments/{attachment_id}/{filename}"}
    assert routes <= set(spec()["paths"])


async def test_original_is_read_back_and_follow_ups_are_edited(
    sandbox: SandboxDiscord, bot: discord.Client
) -> None:
    reply = await sandbox.invoke("tidy")
    done = await sandbox.wait_for_followups(reply, 2)
    assert [f["content"] for f in done.followups] == ["final", "done"]
    routes = [r.route for r in sandbox.requests]
    assert "/webhooks/{webhook_id}/{webhook_token}/messages/@original" in routes
    assert "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}" in routes


async def test_channel_messages_are_kept(sandbox: SandboxDiscord, bot: discord.Client) -> None:
    reply = await sandbox.invoke("announce")
    [posted] = sandbox.channel_messages
    assert posted["content"] == "Heads up: rates change Monday"
    assert int(posted["channel_id"]) == sandbox.channel_id()
    assert reply.content == "Announced"
