"""Every reply that quotes a member's text shows it as typed, and nothing in it comes alive.

Each marker (markdown, a mention, a channel or command link, a link, an invite) goes in through
every way user text comes back: client names, contract titles, feedback, a job post's evidence,
an imported client, and the cells an import error quotes. The reply must show the text (read as
Discord renders it: escapes and zero-width spaces invisible) and must not carry it alive.
"""

from __future__ import annotations

import re

from bot.client import GigwiseBot
from bot.sandbox import Reply, SandboxDiscord
from tests.e2e.inert_text import LIVE, alive, shown_text

MARKERS = [*LIVE, "[gwlink](https://gw.example/a)", "<https://gw.example/c>"]
SAMPLE_HEADER = "Date,Ref ID,Type,Description,Agency,Freelancer,Team,Account Name,PO,Amount"


def _as_rendered(reply: Reply) -> str:
    """The reply's text as a member reads it: escapes and zero-width spaces do not show."""
    text = "\n".join(shown_text(reply)).replace("\u200b", "")
    return re.sub(r"\\(.)", r"\1", text)


def _inert_problems(reply: Reply, typed: str) -> list[str]:
    """Why the reply does not show `typed` as typed and inert (empty when it does)."""
    problems = alive(reply)
    if typed not in _as_rendered(reply):
        problems.append(f"{typed!r} is not shown as typed")
    return problems


def _member(marker: str) -> int:
    return 300_000_000_000_000_000 + MARKERS.index(marker) * 10


def _contract_id(reply: Reply) -> str:
    return reply.embeds[0]["footer"]["text"].split("#")[1].split(" ")[0]


async def test_ledger_text_is_shown_as_typed_and_never_alive(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    problems: dict[str, list[str]] = {}
    for marker in MARKERS:
        member = _member(marker)
        client, title = f"Client {marker}", f"Job {marker}"
        added = await sandbox.invoke(
            "contract",
            {
                "client": client,
                "amount": "500",
                "title": title,
                "rating": "4.5",
                # Tiered per client, so /momentum names the client on its way to a cheaper band.
                "platform": "upwork-tiered",
            },
            subcommand="add",
            user_id=member,
        )
        started = await sandbox.invoke(
            "contract",
            {"client": client, "title": title, "platform": "upwork-tiered"},
            subcommand="start",
            user_id=member,
        )
        feedback = (
            f"Great work {marker}\n# gwheading\n> gwquote {marker}\n1. gwnumbered\n"
            "- gwbullet\n  * gwnested\n+ gwplus\n10) gwparen"
        )
        ended = await sandbox.invoke(
            "contract",
            {"contract": _contract_id(started), "feedback": feedback, "rating": "5"},
            subcommand="end",
            user_id=member,
        )
        listed = await sandbox.invoke(
            "contract", {"share": True}, subcommand="list", user_id=member
        )
        clients = await sandbox.invoke("clients", {"share": True}, user_id=member)
        momentum = await sandbox.invoke("momentum", {"public": True}, user_id=member)
        for where, reply, typed in (
            ("contract add", added, client),
            ("contract start", started, title),
            ("contract end", ended, f"Great work {marker}"),
            ("contract list", listed, title),
            ("clients", clients, client),
            ("momentum", momentum, client),
        ):
            if found := _inert_problems(reply, typed):
                problems[f"{where} {marker}"] = found
    assert problems == {}


async def test_job_post_evidence_is_quoted_inert(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    problems: dict[str, list[str]] = {}
    for marker in MARKERS:
        post = f"Message me on Telegram {marker} before applying. Payment by gift cards {marker}."
        member = _member(marker)
        for where, reply in (
            ("/screen", await sandbox.invoke("screen", {"post": post}, user_id=member)),
            (
                "Screen job post",
                await sandbox.invoke_message_command("Screen job post", post, user_id=member),
            ),
        ):
            if found := _inert_problems(reply, f"Telegram {marker}"):
                problems[f"{where} {marker}"] = found
    assert problems == {}


async def test_imported_text_and_quoted_cells_are_inert(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    problems: dict[str, list[str]] = {}
    for marker in MARKERS:
        row = (
            f'"Jun 3, 2021",400700117,Bonus,Bonus,,Dana Kim,"Team {marker}","Team {marker}",,50.00'
        )
        upload = ("statements.csv", f"{SAMPLE_HEADER}\n{row}\n".encode(), "text/csv")
        await sandbox.invoke("import", attachments={"file": upload}, user_id=_member(marker))
        clients = await sandbox.invoke("clients", user_id=_member(marker))
        if found := _inert_problems(clients, f"Team {marker}"):
            problems[f"imported client {marker}"] = found

        broken = ("statements.csv", f"Date,{marker}\n".encode(), "text/csv")
        refused = await sandbox.invoke(
            "import", attachments={"file": broken}, user_id=_member(marker) + 1
        )
        assert refused.interaction_id in gigwise.tree.refused
        # A quoted cell shows backticks as quotes: it sits inside the message's own quotes.
        if found := _inert_problems(refused, marker.replace("`", "'")):
            problems[f"quoted cell {marker}"] = found
    assert problems == {}
