"""What user text looks like when it comes back alive in a reply, so that tests can insist it never does.

A reply may quote what a member typed (a client's name, a title, feedback, a job post's evidence, a
cell of an uploaded file). Quoted safely, none of the markers below survives verbatim: markdown is
escaped, mentions and Discord's tags are broken with a zero-width space, and so are links and
invites.
"""

from __future__ import annotations

import re

from bot.sandbox import Reply

LIVE = {
    "**gwbold**": "bold",
    "__gwunder__": "underline",
    "~~gwstrike~~": "strike-through",
    "||gwspoiler||": "spoiler",
    "`gwcode`": "inline code",
    "[gwlink](https://": "masked link",
    "https://gw.example": "link",
    "discord.gg/gwinvite": "invite",
    "discord.com/invite/gwinvite": "invite",
    "@everyone": "mention",
    "@here": "mention",
    "<@123456789012345678>": "user mention",
    "<@&123456789012345678>": "role mention",
    "<#123456789012345678>": "channel link",
    "</fee:1234567890123456789>": "command link",
}
LINE_MARKUP = re.compile(r"^[ \t]*(?:#{1,3} |-# |> |>>> |[-*+] |\d+[.)] )gw", re.MULTILINE)
# Markup Discord renders at the start of a line, from its markdown rules and taken broadly: after
# any indentation, a heading (# to ###), subtext (-#), a quote (> or >>>), a bullet (-, * or +) or
# a numbered item (1. or 1)), followed by a space or the line's end.
LINE_START_MARKUP = re.compile(r"\s*(?:#{1,3}|-#|>>>|>|[-*+]|\d+[.)])(?:\s|$)")
# Discord's escape: a backslash before anything but a letter, digit or space shows only what
# follows it.
_ESCAPED = re.compile(r"\\([^0-9A-Za-z\s])")


def as_rendered(text: str) -> str:
    """What a member sees of `text`: escapes and zero-width spaces do not show."""
    return _ESCAPED.sub(r"\1", text.replace("\u200b", ""))


# Every marker at once, plus line markup, as one piece of hostile user text.
EVERY_MARKER = " ".join(
    [
        *LIVE,
        "[gwlink](https://gw.example/a)",
        "<https://gw.example/c>",
        "\n# gwheading\n> gwquote\n1. gwnumbered\n- gwbullet\n  + gwnested",
    ]
)


def shown_text(reply: Reply) -> list[str]:
    """Every piece of a reply Discord renders as markdown: content and embed text."""
    shown = []
    for message in [reply.message, *reply.followups]:
        if message is None:
            continue
        shown.append(str(message.get("content") or ""))
        for embed in message.get("embeds") or []:
            shown += [str(embed.get("title") or ""), str(embed.get("description") or "")]
            shown += [str((embed.get("footer") or {}).get("text") or "")]
            shown += [str((embed.get("author") or {}).get("name") or "")]
            for field in embed.get("fields") or []:
                shown += [str(field.get("name") or ""), str(field.get("value") or "")]
    return shown


def alive(reply: Reply) -> list[str]:
    """The markers that came back alive in the reply (empty when none did)."""
    problems = []
    for text in shown_text(reply):
        problems += [f"{kind}: {marker!r}" for marker, kind in LIVE.items() if marker in text]
        problems += [f"line markup: {found!r}" for found in LINE_MARKUP.findall(text)]
    return problems
