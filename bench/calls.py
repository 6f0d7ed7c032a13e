"""The interactions the benchmark sends, and how it recognises a real answer to each.

A figure measured on error replies would flatter the bot, so every answer is checked: an embed
with the title the command's renderer gives it, not a private "try again".
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from bench.ceiling import ANSWER_TITLE, COMMAND_NAME
from bench.screening import CORPUS, _corpus_text, _cut
from bot.sandbox import DEFAULT_GUILD_ID, DEFAULT_USER_ID, Reply

POST_CHARS = 4_000
# Members invented for the benchmark; /screen gets a new one per call, because a member may
# screen only a few posts a minute and the cooldown's refusal is not what is being measured.
FIRST_MEMBER_ID = 300_000_000_000_000_000


# An uploaded file, as the sandbox takes it: (filename, bytes, content type).
Attachment = tuple[str, bytes, str]


@dataclass(frozen=True)
class Invocation:
    """Who sends one interaction, where, with which options (and files, for an upload)."""

    options: Mapping[str, object]
    user_id: int = DEFAULT_USER_ID
    guild_id: int | None = DEFAULT_GUILD_ID
    attachments: Mapping[str, Attachment] | None = None


@dataclass(frozen=True)
class CommandCall:
    """One slash command as the benchmark sends it, call after call."""

    label: str
    name: str
    invocations: Iterator[Invocation] = field(repr=False)
    expected: Callable[[Reply], bool] = field(repr=False)
    subcommand: str | None = None

    def next_invocation(self) -> Invocation:
        return next(self.invocations)


def job_post(chars: int = POST_CHARS) -> str:
    """A realistic job post of about `chars` characters, cut from the labelled corpus."""
    return _cut(_corpus_text(CORPUS), chars)


def _titled(start: str) -> Callable[[Reply], bool]:
    def expected(reply: Reply) -> bool:
        embeds = reply.embeds
        return bool(embeds) and str(embeds[0].get("title", "")).startswith(start)

    return expected


def _has_embed(reply: Reply) -> bool:
    return bool(reply.embeds) and not reply.content


def _spread(
    options: Callable[[int], Mapping[str, object]],
    users: Callable[[int], int],
    guild_ids: Sequence[int | None],
) -> Iterator[Invocation]:
    for number in itertools.count():
        yield Invocation(options(number), users(number), guild_ids[number % len(guild_ids)])


def ceiling_call(
    text: str | None = None, guild_ids: Sequence[int | None] = (DEFAULT_GUILD_ID,)
) -> CommandCall:
    """The reference bot's command, carrying `text` so its payload weighs what the other's does."""
    options: dict[str, object] = {"text": text} if text else {}
    return CommandCall(
        label="ceiling",
        name=COMMAND_NAME,
        invocations=_spread(lambda _: options, lambda _: DEFAULT_USER_ID, guild_ids),
        expected=_titled(ANSWER_TITLE),
    )


def fee_call(guild_ids: Sequence[int | None] = (DEFAULT_GUILD_ID,)) -> CommandCall:
    """The seed article's question: what Upwork's 2016–2023 tiers kept of $15,000."""
    return CommandCall(
        label="/fee",
        name="fee",
        invocations=_spread(
            lambda _: {"amount": "15000", "platform": "upwork-tiered"},
            lambda _: DEFAULT_USER_ID,
            guild_ids,
        ),
        expected=_titled("Upwork's 2016–2023 tiers kept $1,300.00"),
    )


def distinct_fee_call(guild_ids: Sequence[int | None] = (DEFAULT_GUILD_ID,)) -> CommandCall:
    """/fee with an amount no one has asked about before each time: the fee arithmetic and its
    embed, where `fee_call` repeats one amount and mostly measures the kept answer."""
    return CommandCall(
        label="/fee (new amount each time)",
        name="fee",
        invocations=_spread(
            lambda n: {"amount": f"{15_000 + n / 100:.2f}"}, lambda _: DEFAULT_USER_ID, guild_ids
        ),
        expected=_titled("Upwork keeps"),
    )


def screen_call(post: str, guild_ids: Sequence[int | None] = (DEFAULT_GUILD_ID,)) -> CommandCall:
    """One 4,000-character post screened for red flags, by a different member each time."""
    return CommandCall(
        label="/screen",
        name="screen",
        invocations=_spread(lambda _: {"post": post}, lambda n: FIRST_MEMBER_ID + n, guild_ids),
        expected=_has_embed,
    )


def new_post(post: str, number: int) -> str:
    """The `number`th post of `distinct_screen_call`: `post` with a line of its own."""
    return f"{post}\n\nRef. {number}"


def distinct_screen_call(
    post: str, guild_ids: Sequence[int | None] = (DEFAULT_GUILD_ID,)
) -> CommandCall:
    """/screen with a post no one has screened before each time: the screening engine's speed,
    where `screen_call` repeats one post as a job board does and mostly measures the reuse."""
    return CommandCall(
        label="/screen (new post each time)",
        name="screen",
        invocations=_spread(
            lambda n: {"post": new_post(post, n)}, lambda n: FIRST_MEMBER_ID + n, guild_ids
        ),
        expected=_has_embed,
    )


def bill_call(
    contracts: Mapping[int, int], guild_ids: Sequence[int | None] = (DEFAULT_GUILD_ID,)
) -> CommandCall:
    """A billing on an active contract (member id -> the member's number for it), members taking
    turns."""
    members = sorted(contracts)
    return CommandCall(
        label="/contract bill",
        name="contract",
        subcommand="bill",
        invocations=_spread(
            lambda n: {"contract": str(contracts[members[n % len(members)]]), "amount": "250"},
            lambda n: members[n % len(members)],
            guild_ids,
        ),
        expected=_titled("Billing recorded"),
    )


def momentum_call(
    member_id: int, guild_ids: Sequence[int | None] = (DEFAULT_GUILD_ID,)
) -> CommandCall:
    """The momentum report of one member."""
    return CommandCall(
        label="/momentum",
        name="momentum",
        invocations=_spread(lambda _: {}, lambda _: member_id, guild_ids),
        expected=_has_embed,
    )


def import_call(
    member_id: int, statement: bytes, guild_ids: Sequence[int | None] = (DEFAULT_GUILD_ID,)
) -> CommandCall:
    """/import of one Upwork statement by one member, the file uploaded as a member uploads it;
    a real answer says how many billings came in."""
    upload = {"file": ("statements.csv", statement, "text/csv")}

    def invocations() -> Iterator[Invocation]:
        for number in itertools.count():
            yield Invocation({}, member_id, guild_ids[number % len(guild_ids)], upload)

    return CommandCall(
        label="/import",
        name="import",
        invocations=invocations(),
        expected=_titled("Imported "),
    )
