"""The heavy commands have per-member cooldowns, with a friendly private reply.

The sandbox's clock stands still unless a test moves it (discord.py dates an interaction by its
id), so a cooldown runs out exactly when the test says, with no sleeping.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from bot.client import GigwiseBot
from bot.sandbox import Reply, SandboxDiscord

ALICE = 100_000_000_000_000_101
BOB = 100_000_000_000_000_202
POST = "We need a Shopify developer for three product pages. Budget $2,400 fixed, four weeks."
FRIENDLY = "Slow down a little: try this again in "

Use = Callable[[SandboxDiscord, int], Awaitable[Reply]]
# Each heavy command: how a member uses it, how often it may be used, and over how many seconds.
HEAVY: dict[str, tuple[Use, int, float]] = {
    "screen": (
        lambda sandbox, member: sandbox.invoke("screen", {"post": POST}, user_id=member),
        4,
        10,
    ),
    "Screen job post": (
        lambda sandbox, member: sandbox.invoke_message_command(
            "Screen job post", POST, user_id=member
        ),
        4,
        10,
    ),
    "import": (
        lambda sandbox, member: sandbox.invoke(
            "import", attachments={"file": ("empty.csv", b"", "text/csv")}, user_id=member
        ),
        1,
        30,
    ),
    "momentum chart": (lambda sandbox, member: _draw_chart(sandbox, member), 2, 60),
}


async def _draw_chart(sandbox: SandboxDiscord, member: int) -> Reply:
    """The Chart button under a fresh /momentum report (the report itself is light)."""
    report = await sandbox.invoke("momentum", user_id=member)
    [button] = [
        c["custom_id"]
        for row in report.message["components"]
        for c in row["components"]
        if c.get("label") == "Chart"
    ]
    return await sandbox.click(report, button)


def _is_friendly_refusal(reply: Reply, gigwise: GigwiseBot) -> bool:
    assert reply.interaction_id not in gigwise.tree.failed
    return reply.ephemeral and reply.content.startswith(FRIENDLY)


@pytest.mark.parametrize("command", sorted(HEAVY))
async def test_a_heavy_command_slows_one_member_down_kindly_until_the_window_ends(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, command: str
) -> None:
    use, rate, per = HEAVY[command]
    allowed = [await use(sandbox, ALICE) for _ in range(rate)]
    assert not any(_is_friendly_refusal(reply, gigwise) for reply in allowed)
    slowed = await use(sandbox, ALICE)
    assert _is_friendly_refusal(slowed, gigwise), slowed.text()
    assert f"{FRIENDLY}{per:.0f} seconds." == slowed.content
    # Another member is not held back by Alice.
    assert not _is_friendly_refusal(await use(sandbox, BOB), gigwise)
    sandbox.advance_clock(per / 2)
    still = await use(sandbox, ALICE)
    assert _is_friendly_refusal(still, gigwise)
    assert f"{FRIENDLY}{per / 2:.0f} seconds." == still.content
    sandbox.advance_clock(per / 2)
    # At the very end of the window a member is let through, or told to wait a second: never 0.
    at_the_end = await use(sandbox, ALICE)
    if _is_friendly_refusal(at_the_end, gigwise):
        assert at_the_end.content == f"{FRIENDLY}1 second."
    sandbox.advance_clock(0.001)
    assert not _is_friendly_refusal(await use(sandbox, ALICE), gigwise)


async def test_every_heavy_command_has_a_per_member_cooldown(gigwise: GigwiseBot) -> None:
    cooled = {
        command.qualified_name if hasattr(command, "qualified_name") else command.name
        for command in [*gigwise.tree.walk_commands(), *gigwise.tree.get_commands(type=None)]
        if any("cooldown" in check.__qualname__ for check in getattr(command, "checks", ()))
    }
    # The chart is a button, throttled inside its callback; its test above shows it holds.
    assert cooled >= set(HEAVY) - {"momentum chart"}


async def test_light_commands_have_no_cooldown(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    replies = [await sandbox.invoke("fee", {"amount": "15000"}, user_id=ALICE) for _ in range(20)]
    assert not any(_is_friendly_refusal(reply, gigwise) for reply in replies)
