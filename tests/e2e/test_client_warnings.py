"""Client warnings end to end: filed, reviewed, shown in /screen and the lookup, withdrawn; and
every bad input answered privately with what to do."""

from __future__ import annotations

import pytest

from bot.client import GigwiseBot
from bot.sandbox import MANAGER_PERMISSIONS, Reply, SandboxDiscord

REPORTER = 100_000_000_000_000_301
MEMBER = 100_000_000_000_000_302
MODERATOR = 100_000_000_000_000_303
POST = (
    "Acme Corporation is hiring a designer for a logo. Budget $300 fixed, two revisions, one "
    "week. Send three logos you made."
)


async def _warn(sandbox: SandboxDiscord, user_id: int = REPORTER, **options: object) -> Reply:
    chosen = {
        "client": "Acme Corp.",
        "reasons": "non-payment, scope creep",
        "details": "Took the files and never paid the last milestone.",
        "show_details": True,
        **options,
    }
    return await sandbox.invoke("warn", chosen, user_id=user_id)


async def _approve_first(sandbox: SandboxDiscord) -> Reply:
    queue = await sandbox.invoke(
        "moderate", subcommand="queue", user_id=MODERATOR, permissions=MANAGER_PERMISSIONS
    )
    approve = next(
        c["custom_id"]
        for row in queue.message["components"]
        for c in row["components"]
        if c["custom_id"].endswith(":approve")
    )
    return await sandbox.click(queue, approve, permissions=MANAGER_PERMISSIONS)


async def test_a_warning_is_filed_reviewed_shown_and_withdrawn(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    filed = await _warn(sandbox)
    assert filed.ephemeral
    assert "waits for a moderator" in filed.text()
    # Pending: nobody sees it yet.
    before = await sandbox.invoke("screen", {"post": POST}, user_id=MEMBER)
    assert len(before.embeds) == 1
    reviewed = await _approve_first(sandbox)
    assert "approved" in reviewed.text()
    screened = await sandbox.invoke("screen", {"post": POST}, user_id=MEMBER)
    [_, warned] = screened.embeds
    shown = str(warned)
    assert "Acme Corp." in shown
    assert "non-payment" in shown
    assert "never paid the last milestone" in shown
    assert str(REPORTER) not in str(screened.message)
    looked_up = await sandbox.invoke(
        "warnings", {"client": "ACME corporation"}, subcommand="lookup", user_id=MEMBER
    )
    assert "1 member" in looked_up.text()
    assert str(REPORTER) not in str(looked_up.message)
    withdrawn = await sandbox.invoke(
        "warnings", {"client": "Acme Corp."}, subcommand="withdraw", user_id=REPORTER
    )
    assert "withdrawn" in withdrawn.text()
    after = await sandbox.invoke(
        "warnings", {"client": "Acme"}, subcommand="lookup", user_id=MEMBER
    )
    assert after.embeds[0]["title"].startswith("No warnings")


async def test_screen_checks_a_client_given_by_name(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await _warn(sandbox, client="Globex Ltd")
    await _approve_first(sandbox)
    reply = await sandbox.invoke(
        "screen", {"post": "A logo for our bakery, $200.", "client": "globex"}, user_id=MEMBER
    )
    assert "Globex Ltd" in str(reply.embeds[-1])


async def test_the_context_menu_shows_warnings_for_a_linked_client(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await _warn(sandbox, client="Initech", link="https://www.upwork.com/companies/~01init/")
    await _approve_first(sandbox)
    post = "Logo needed, see upwork.com/companies/~01init for our profile. $250."
    reply = await sandbox.invoke_message_command("Screen job post", post, user_id=MEMBER)
    assert "Initech" in str(reply.embeds[-1])


async def test_details_are_hidden_unless_the_reporter_allowed(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await _warn(sandbox, show_details=False)
    await _approve_first(sandbox)
    reply = await sandbox.invoke("warnings", {"client": "Acme"}, subcommand="lookup")
    assert "never paid" not in reply.text()


async def test_a_new_client_with_warnings_is_mentioned_by_contract_start(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await _warn(sandbox)
    await _approve_first(sandbox)
    reply = await sandbox.invoke(
        "contract",
        {"client": "ACME corporation", "title": "Logo"},
        subcommand="start",
        user_id=MEMBER,
        followups=1,
    )
    [note] = reply.followups
    assert "warned" in str(note)
    assert note["flags"] & 64


async def test_contract_add_reminds_of_the_members_never_again_list(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await sandbox.invoke(
        "never-again", {"client": "Hooli", "note": "Endless revisions"}, subcommand="add"
    )
    reply = await sandbox.invoke(
        "contract", {"client": "hooli", "amount": "100"}, subcommand="add", followups=1
    )
    assert "never-again" in str(reply.followups[0])
    listed = await sandbox.invoke("never-again", subcommand="list")
    assert "Hooli" in listed.text()
    other = await sandbox.invoke("never-again", subcommand="list", user_id=MEMBER)
    assert "Hooli" not in other.text()


async def test_a_known_client_is_not_mentioned_again(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await sandbox.invoke(
        "contract", {"client": "Acme", "amount": "100"}, subcommand="add", user_id=MEMBER
    )
    await _warn(sandbox)
    await _approve_first(sandbox)
    reply = await sandbox.invoke(
        "contract", {"client": "Acme", "title": "More"}, subcommand="start", user_id=MEMBER
    )
    assert reply.followups == []


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"reasons": "rude"}, "not one of the reasons"),
        ({"details": "x" * 1001}, "1000 characters"),
        ({"client": "Freelancer"}, "your own name"),
        ({"link": "not a link"}, "doesn't look like a link"),
    ],
)
async def test_bad_warnings_get_a_clear_private_reply(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, options: dict[str, str], expected: str
) -> None:
    reply = await _warn(sandbox, user_id=1_200_000_000_000_000_000, **options)
    assert reply.ephemeral
    assert expected in reply.text()
    assert reply.interaction_id in gigwise.tree.refused


async def test_a_duplicate_warning_gets_a_clear_private_reply(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await _warn(sandbox)
    again = await _warn(sandbox, client="ACME corporation")
    assert again.ephemeral
    assert "already warned" in again.text()


async def test_withdrawing_an_unknown_client_gets_a_clear_private_reply(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    reply = await sandbox.invoke("warnings", {"client": "Nobody Inc"}, subcommand="withdraw")
    assert reply.ephemeral
    assert "no warning about Nobody Inc" in reply.text()


async def test_the_role_the_server_names_may_moderate_and_loses_it_with_the_role(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    role = 900_000_000_000_000_001
    helper = 100_000_000_000_000_304
    await _warn(sandbox)
    named = await sandbox.invoke(
        "moderate",
        {"moderator_role": role},
        subcommand="settings",
        user_id=MODERATOR,
        permissions=MANAGER_PERMISSIONS,
    )
    assert named.ephemeral
    before = await sandbox.invoke("moderate", subcommand="queue", user_id=helper)
    assert before.interaction_id in gigwise.tree.refused
    sandbox.give_role(role, user_id=helper)
    queue = await sandbox.invoke("moderate", subcommand="queue", user_id=helper)
    approve = next(
        c["custom_id"]
        for row in queue.message["components"]
        for c in row["components"]
        if c["custom_id"].endswith(":approve")
    )
    assert "approved" in (await sandbox.click(queue, approve, user_id=helper)).text()
    sandbox.take_role(role, user_id=helper)
    after = await sandbox.invoke("moderate", subcommand="queue", user_id=helper)
    assert after.interaction_id in gigwise.tree.refused


async def test_a_member_with_the_role_cannot_name_the_role(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    role = 900_000_000_000_000_002
    sandbox.give_role(role, user_id=MEMBER)
    reply = await sandbox.invoke(
        "moderate", {"moderator_role": role + 1}, subcommand="settings", user_id=MEMBER
    )
    assert reply.ephemeral
    assert "Manage Server" in reply.text()
