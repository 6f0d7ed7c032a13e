"""Momentum end to end: the seed's arithmetic on the reviews clients see, /log, and the chart."""

from __future__ import annotations

import asyncio
import struct
from typing import Any

import pytest

from bot.client import GigwiseBot
from bot.sandbox import SandboxDiscord
from tests.e2e.conftest import BotFactory, connected

ALICE = 100_000_000_000_000_101
BOB = 100_000_000_000_000_202


async def _log_jobs(sandbox: SandboxDiscord, ratings: list[str], user: int = ALICE) -> None:
    for n, rating in enumerate(ratings):
        await sandbox.invoke(
            "contract",
            {"client": f"Client {n}", "amount": "1000", "rating": rating},
            subcommand="add",
            user_id=user,
        )


def _fields(reply) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {f["name"]: f["value"] for f in reply.embeds[0]["fields"]}


async def test_one_bad_review_after_ten_good_ones(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await _log_jobs(sandbox, ["5"] * 10 + ["2.5"])
    reply = await sandbox.invoke("momentum", user_id=ALICE)
    assert reply.ephemeral
    window = _fields(reply)["What clients see"]
    assert "**4.75 ★**" in window
    assert "2.50 ★ from Client 10" in window
    assert "10 more reviews push it out" in window
    assert "$10,000.00" in _fields(reply)["What one bad review costs"]


async def test_each_further_five_star_review_brings_the_exit_closer(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await _log_jobs(sandbox, ["5"] * 10 + ["2.5", "5", "5"])
    reply = await sandbox.invoke("momentum", user_id=ALICE)
    assert "8 more reviews push it out" in _fields(reply)["What clients see"]


async def test_what_if_shows_the_window_after_a_next_review(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await _log_jobs(sandbox, ["5"] * 10)
    reply = await sandbox.invoke("momentum", {"what_if": "2.5"}, user_id=ALICE)
    assert "**4.75 ★**" in _fields(reply)["What if"]


async def test_momentum_can_be_public(sandbox: SandboxDiscord, gigwise: GigwiseBot) -> None:
    reply = await sandbox.invoke("momentum", {"public": True}, user_id=ALICE)
    assert not reply.ephemeral
    assert "No rated jobs yet" in _fields(reply)["What clients see"]


async def test_the_jss_is_labelled_an_estimate(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await _log_jobs(sandbox, ["5", "4.8", "5"])
    reply = await sandbox.invoke("momentum", user_id=ALICE)
    assert "estimate" in _fields(reply)["Job Success Score (estimate)"].lower()
    assert "estimate" in reply.embeds[0]["footer"]["text"]


async def test_logged_invites_show_in_the_report(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    logged = await sandbox.invoke("log", {"event": "invite", "count": 3}, user_id=ALICE)
    assert logged.ephemeral
    assert logged.embeds[0]["title"] == "Logged: 3 invites"
    reply = await sandbox.invoke("momentum", user_id=ALICE)
    assert _fields(reply)["Invites per week"].endswith("0 0 0 0 0 0 0 3 (oldest to this week)")


async def test_a_redelivered_log_counts_once(sandbox: SandboxDiscord, gigwise: GigwiseBot) -> None:
    logged = await sandbox.invoke("log", {"event": "invite", "count": 2}, user_id=ALICE)
    await sandbox.redeliver(logged)
    reply = await sandbox.invoke("momentum", user_id=ALICE)
    assert _fields(reply)["Invites per week"].endswith(" 2 (oldest to this week)")


async def test_log_refuses_a_future_date(sandbox: SandboxDiscord, gigwise: GigwiseBot) -> None:
    reply = await sandbox.invoke("log", {"event": "proposal", "date": "2999-01-01"}, user_id=ALICE)
    assert reply.ephemeral
    assert "future" in reply.content


async def test_members_see_only_their_own_momentum(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await _log_jobs(sandbox, ["2"], user=ALICE)
    reply = await sandbox.invoke("momentum", user_id=BOB)
    assert "No rated jobs yet" in _fields(reply)["What clients see"]


async def test_the_chart_button_sends_a_png_of_the_expected_size(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await _log_jobs(sandbox, ["5", "4", "5"])
    report = await sandbox.invoke("momentum", user_id=ALICE)
    button = report.message["components"][0]["components"][0]
    assert button["label"] == "Chart"
    charted = await sandbox.click(report, button["custom_id"], followups=1)
    [(name, png)] = charted.files
    assert name == "momentum.png"
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (1200, 700)


async def test_the_chart_button_refuses_another_member(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    report = await sandbox.invoke("momentum", {"public": True}, user_id=ALICE)
    custom_id = report.message["components"][0]["components"][0]["custom_id"]
    refused = await sandbox.click(report, custom_id, user_id=BOB)
    assert "belong to the member who asked" in refused.text()


async def test_the_chart_has_a_per_member_cooldown(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    report = await sandbox.invoke("momentum", user_id=ALICE)
    custom_id = report.message["components"][0]["components"][0]["custom_id"]
    for _ in range(2):
        await sandbox.click(report, custom_id, followups=1)
    throttled = await sandbox.click(report, custom_id)
    assert "Slow down" in throttled.text()


async def test_the_chart_button_works_after_a_restart(
    sandbox: SandboxDiscord, make_bot: BotFactory
) -> None:
    async with connected(make_bot(), sandbox.token):
        await _log_jobs(sandbox, ["5", "4"])
        report = await sandbox.invoke("momentum", user_id=ALICE)
    custom_id = report.message["components"][0]["components"][0]["custom_id"]
    async with connected(make_bot(), sandbox.token):
        charted = await sandbox.click(report, custom_id, followups=1)
    [(name, _)] = charted.files
    assert name == "momentum.png"


async def test_a_report_leaves_nothing_behind_for_its_button(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    def view_timers() -> int:
        return sum("timeout_task" in repr(task.get_coro()) for task in asyncio.all_tasks())

    before = view_timers()
    for _ in range(3):
        await sandbox.invoke("momentum", user_id=ALICE)
    assert view_timers() == before


async def test_an_unchanged_report_is_drawn_once(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from commands.momentum import _cog

    drawn: list[object] = []
    real = _cog.momentum_embed

    def counting(*args: Any) -> Any:
        drawn.append(args)
        return real(*args)

    await _log_jobs(sandbox, ["4"])
    monkeypatch.setattr(_cog, "momentum_embed", counting)
    first = await sandbox.invoke("momentum", user_id=ALICE)
    again = await sandbox.invoke("momentum", user_id=ALICE)
    assert (len(drawn), again.embeds) == (1, first.embeds)
    await sandbox.invoke("log", {"event": "invite"}, user_id=ALICE)
    await sandbox.invoke("momentum", user_id=ALICE)
    assert len(drawn) == 2
