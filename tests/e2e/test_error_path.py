"""Every kind of interaction takes the one error path: a refused input is answered privately
with what to do and recorded as refused, whether it came from a command, a form, a button or a
button that outlives the bot (a dynamic item, which discord.py would only log)."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager

import pytest

from bot.client import GigwiseBot
from bot.sandbox import SandboxDiscord
from db.units import Writes

ALICE = 100_000_000_000_000_101


def _erasure_that_hits_a_bug() -> AbstractAsyncContextManager[Writes]:
    raise RuntimeError("a bug in erasure")


async def test_a_form_that_cannot_be_answered_is_refused_privately(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    opened = await sandbox.invoke("screen", user_id=ALICE)
    refused = await sandbox.submit_modal(
        opened, {"The job post (and the About the client panel)": "   "}, user_id=ALICE
    )
    assert refused.ephemeral
    assert "paste" in refused.text().lower()
    assert refused.interaction_id in gigwise.tree.outcomes.refused


async def test_a_dynamic_button_refused_is_recorded_like_a_command(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    report = await sandbox.invoke("momentum", user_id=ALICE)
    custom_id = report.message["components"][0]["components"][0]["custom_id"]
    for _ in range(2):
        await sandbox.click(report, custom_id, followups=1, user_id=ALICE)
    throttled = await sandbox.click(report, custom_id, user_id=ALICE)
    assert throttled.ephemeral
    assert "Slow down" in throttled.text()
    assert throttled.interaction_id in gigwise.tree.outcomes.refused
    assert throttled.interaction_id not in gigwise.tree.outcomes.failed


async def test_a_bug_behind_a_views_button_is_answered_with_an_error_id(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = await sandbox.invoke("forget-me", user_id=ALICE)
    confirm = asked.message["components"][0]["components"][0]["custom_id"]
    monkeypatch.setattr(gigwise.database, "bulk_write", _erasure_that_hits_a_bug)
    failed = await sandbox.click(asked, confirm, user_id=ALICE)
    assert failed.ephemeral
    assert "error id" in failed.text()
    assert failed.interaction_id in gigwise.tree.outcomes.failed
