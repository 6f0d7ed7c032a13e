"""Every command, driven through the sandbox with hostile values for every option.

hypothesis picks each option's value from every unicode plane, zero-width and right-to-left marks,
6,000-character strings, markdown, mentions, links and invites, and numbers at every edge, within
the bounds Discord itself enforces (choices, lengths). Whatever it picks, the reply is a valid
answer or a private error, every request is one Discord accepts, the log holds no traceback, and no
user text comes back alive as markdown, a mention, a link or an invite.

One bot serves every example (see `live_bot`); each command's property runs a bounded number of
examples so that the whole module stays well under a minute.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bot.sandbox import MANAGER_PERMISSIONS, MEMBER_PERMISSIONS, Reply
from bot.sandbox.options import (
    ATTACHMENT,
    BOOLEAN,
    CHANNEL,
    INTEGER,
    MENTIONABLE,
    NUMBER,
    ROLE,
    STRING,
    SUB_COMMAND,
    USER,
    leaf_options,
)
from tests.e2e.inert_text import LIVE, alive, shown_text
from tests.e2e.live_bot import LiveGigwise, Outcome, live_gigwise

EXAMPLES = 50
OWNER = 100_000_000_000_000_101
SAMPLES = Path(__file__).parent.parent / "data" / "upwork_csv"

FRAGMENTS = [
    *LIVE,
    "[gwlink](https://gw.example/a)",
    "<https://gw.example/c>",
    "\n# gwheading\n",
    "\n-# gwsubtext\n",
    "\n> gwquote\n",
    "\n>>> gwblock\n",
    "```gw\ncode\n```",
    "<t:0:R>",
    "<:gw:123456789012345678>",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u200e",
    "\u200f",
    "\u061c",
    "\u202a",
    "\u202b",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2069",
    "\u0301",
    "\x00",
    "\x1b[31m",
    "\r\n",
    "\t",
    "👩🏽‍💻",
    "𝟙𝟚𝟛",
    "١٢٣",
    "１２３",
    "½",
    "Ⅻ",
    '=HYPERLINK("https://gw.example")',
    "+cmd|' /C calc'!A0",
    "'; DROP TABLE billings; --",
    "%s%n{0}{{x}}",
    "../../etc/passwd",
]
NUMBERS = [
    "0",
    "-0",
    "-1",
    "0.001",
    "0.005",
    "0.01",
    "1",
    "1.005",
    "2.675",
    "999999999999",
    "1000000000000",
    "9" * 40,
    "9" * 10,
    "1e3",
    "1e309",
    "-1e309",
    "1e-309",
    "NaN",
    "-nan",
    "Infinity",
    "-inf",
    "sNaN",
    "0x10",
    "1_000",
    str(2**63),
    str(-(2**63)),
    str(2**64),
    "1.7976931348623157e308",
    "5e-324",
    "$15,000.50",
    "15k",
    "1.2m",
    "1,2,3",
    "1..2",
    "$",
    "k",
    "100%",
    "-5%",
    "101%",
    "5.555",
    "30x500",
    "0x0",
    "1x0",
    "99999x99999",
    "2026-11-28",
    "0000-00-00",
    "9999-12-31",
    "3 days ago",
    "-3 days ago",
    "99999999 days ago",
    "today",
    "5 stars",
    "★★★★★",
]
# Ordinary values, so that answers (and the user text they echo) are judged as well as refusals.
PLAIN = [
    "1",
    "250",
    "15000",
    "$2,500.50",
    "15k",
    "4.85",
    "5",
    "12.5",
    "today",
    "yesterday",
    "2024-02-29",
    "3 days ago",
    "30x500",
    "1x15000",
    "Acme Corp",
    "Logo design",
]
LOCALES = ["en-US", "en-GB", "de", "fr", "ja", "zh-CN", "pt-BR", "tr", "hi", "ru"]


def _any_character() -> st.SearchStrategy[str]:
    # Discord's JSON is UTF-8, so it can never carry a lone surrogate.
    return st.characters(codec="utf-8")


def _fragment() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(FRAGMENTS),
        st.sampled_from(NUMBERS),
        st.text(_any_character(), max_size=12),
    )


def hostile_text(min_size: int = 0, max_size: int = 6000) -> st.SearchStrategy[str]:
    """Short hostile mixes, and long ones made by repeating a mix up to `max_size`."""
    short = st.lists(_fragment(), max_size=8).map("".join)
    long = st.tuples(short.filter(bool), st.integers(min_value=1, max_value=max_size)).map(
        lambda pair: (pair[0] * (pair[1] // len(pair[0]) + 1))[: pair[1]]
    )
    return st.one_of(short, short, long).map(lambda text: _fit(text, min_size, max_size))


def _fit(text: str, min_size: int, max_size: int) -> str:
    text = text[:max_size]
    return text + "x" * (min_size - len(text)) if len(text) < min_size else text


def _option_values(option: Mapping[str, Any]) -> st.SearchStrategy[Any]:
    kind = option["type"]
    if option.get("choices"):
        return st.sampled_from([choice["value"] for choice in option["choices"]])
    if kind == STRING:
        # Discord refuses an empty value and trims the ends; what is left can still be anything.
        low, high = (
            max(int(option.get("min_length") or 0), 1),
            int(option.get("max_length") or 6000),
        )
        return st.one_of(
            st.sampled_from(PLAIN).map(lambda text: _fit(text, low, high)),
            st.sampled_from(NUMBERS).map(lambda text: _fit(text, low, high)),
            hostile_text(low, high),
        )
    if kind == BOOLEAN:
        return st.booleans()
    if kind == INTEGER:
        low, high = option.get("min_value", -(2**53)), option.get("max_value", 2**53)
        return st.integers(min_value=low, max_value=high)
    if kind == NUMBER:
        low, high = option.get("min_value", -(2**53)), option.get("max_value", 2**53)
        return st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False)
    if kind in (USER, ROLE, CHANNEL, MENTIONABLE):
        return st.integers(min_value=1, max_value=2**63 - 1)
    raise AssertionError(f"no strategy for option type {kind} ({option['name']})")


def _attachments() -> st.SearchStrategy[tuple[str, bytes, str]]:
    names = (
        st.tuples(
            st.text(st.sampled_from("abcxyz0123-_."), min_size=1, max_size=20),
            st.sampled_from([".csv", ".CSV", ".txt", ".xlsx", ".png", ".json", ""]),
        )
        .map("".join)
        # A name of dots alone is no file name Discord serves: in a URL it means a folder.
        .filter(lambda name: name.strip(".") != "")
    )
    content = st.one_of(
        st.binary(max_size=2048),
        hostile_text(0, 3000).map(lambda text: text.encode("utf-8")),
        _hostile_csv(),
    )
    kinds = st.sampled_from(["text/csv", "application/octet-stream", "image/png", "text/plain"])
    return st.tuples(names, content, kinds)


_HEADERS = [
    (SAMPLES / "statements_2021-01-01_2021-06-30.csv").read_text("utf-8-sig").splitlines()[0],
    (SAMPLES / "transactions_2024-05-01_2024-06-30.csv").read_text("utf-8-sig").splitlines()[0],
]
_CELLS = st.one_of(
    hostile_text(0, 120),
    st.sampled_from(["Hourly", "Fixed Price", "Milestone", "Service Fee", "Bonus", "Refund"]),
    st.sampled_from(["Jun 3, 2021", "2021-06-03", "06/03/2021", "Feb 30, 2021"]),
    st.sampled_from(["$1,234.56", "-12.00", "(12.00)", "0.00", "=1+1", "@SUM(A1)"]),
    st.integers(min_value=0, max_value=10**12).map(str),
)


@st.composite
def _hostile_csv(draw: st.DrawFn) -> bytes:
    """An Upwork header and rows of hostile, formula-laden and nearly valid cells."""
    header = next(csv.reader([draw(st.sampled_from(_HEADERS))]))
    rows = draw(st.lists(st.lists(_CELLS, min_size=len(header), max_size=len(header)), max_size=6))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


# -- judging a reply --------------------------------------------------------------------------


def assert_answered_well(live: LiveGigwise, outcome: Outcome[Reply]) -> None:
    """A valid answer or a private error, sent as Discord accepts it, with nothing alive in it."""
    reply = outcome.value
    assert outcome.payload_problems == []
    assert outcome.tracebacks == []
    assert not live.failed(reply), reply.text()
    assert "Something went wrong" not in reply.text()
    if reply.modal is None:
        assert reply.message is not None, f"{reply.name}: no message"
        if live.refused(reply):
            assert reply.ephemeral, f"a public error: {reply.content!r}"
            assert reply.content
        else:
            assert reply.embeds or reply.files or reply.content
    assert alive(reply) == [], shown_text(reply)


# -- the bot and the commands -----------------------------------------------------------------


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveGigwise]:
    with live_gigwise(tmp_path_factory.mktemp("hostile") / "data") as running:
        seed = running.sandbox.invoke(
            "contract",
            {"client": "Seed Client", "title": "Seed work"},
            subcommand="start",
            user_id=OWNER,
        )
        running.run(seed)
        yield running


def _seed_contract(live: LiveGigwise) -> str:
    reply = live.run(
        live.sandbox.invoke("contract", {"status": "active"}, subcommand="list", user_id=OWNER)
    )
    found = re.search(r"#(\d+) ", reply.embeds[0].get("description", ""))
    return found.group(1) if found else "1"


# Commands a member may run only a few times in a row: each example is a new member.
COOLED_DOWN = {"screen", "import", "Screen job post"}
# Commands that would undo the seed a later example leans on: each example is a new member.
DESTRUCTIVE = {"forget-me"}
_members = itertools.count(200_000_000_000_000_000)

DRIVEN = [
    "fee",
    "compare",
    "target",
    "dispute",
    "screen",
    "contract add",
    "contract start",
    "contract bill",
    "contract end",
    "contract list",
    "contract undo",
    "contract unbill",
    "contract edit",
    "contract delete",
    "clients",
    "earnings",
    "momentum",
    "log",
    "import",
    "export",
    "forget-me",
    "settings",
    "profile",
    "help",
    "warn",
    "warnings lookup",
    "warnings withdraw",
    "never-again add",
    "never-again remove",
    "never-again list",
    "moderate queue",
    "moderate delete",
    "moderate log",
    "moderate settings",
    "moderate jobs-channel",
]


def _definition(live: LiveGigwise, name: str, kind: int = 1) -> Mapping[str, Any]:
    return next(
        c for c in live.sandbox.commands() if c["name"] == name and c.get("type", 1) == kind
    )


def _leaf_paths(live: LiveGigwise) -> set[str]:
    paths = set()
    for command in live.sandbox.commands():
        if command.get("type", 1) != 1:
            continue
        subcommands = [o for o in command.get("options", ()) if o["type"] == SUB_COMMAND]
        paths |= {f"{command['name']} {s['name']}" for s in subcommands} or {command["name"]}
    return paths


def test_every_slash_command_is_driven(live: LiveGigwise) -> None:
    assert _leaf_paths(live) == set(DRIVEN)


def _options_for(live: LiveGigwise, path: str) -> list[Mapping[str, Any]]:
    name, _, subcommand = path.partition(" ")
    return leaf_options(_definition(live, name), None, subcommand or None)


@st.composite
def _invocation(draw: st.DrawFn, options: list[Mapping[str, Any]], seed: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    files: dict[str, tuple[str, bytes, str]] = {}
    for option in options:
        if not option.get("required") and not draw(st.booleans()):
            continue
        if option["type"] == ATTACHMENT:
            files[option["name"]] = draw(_attachments())
        elif option["name"] == "contract":
            # Half the time the member's own contract, so the paths past the lookup run too.
            values["contract"] = draw(st.one_of(st.just(seed), _option_values(option)))
        else:
            values[option["name"]] = draw(_option_values(option))
    return {
        "options": values,
        "attachments": files or None,
        "guild_id": draw(st.sampled_from([1_100_000_000_000_000_000] * 4 + [None])),
        "permissions": draw(st.sampled_from([MEMBER_PERMISSIONS, MANAGER_PERMISSIONS])),
        "locale": draw(st.sampled_from(LOCALES)),
        "modal_text": draw(hostile_text(1, 4000)),
        "button": draw(st.integers(min_value=0, max_value=1)),
    }


HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@pytest.mark.parametrize("path", DRIVEN)
def test_every_option_value_gets_a_valid_answer_or_a_private_error(
    live: LiveGigwise, path: str
) -> None:
    options = _options_for(live, path)
    seed = _seed_contract(live)
    name, _, subcommand = path.partition(" ")

    @HYPOTHESIS
    @given(call=_invocation(options, seed))
    def holds(call: dict[str, Any]) -> None:
        member = next(_members) if name in COOLED_DOWN | DESTRUCTIVE else OWNER
        outcome = live.interact(
            live.sandbox.invoke(
                name,
                call["options"],
                subcommand=subcommand or None,
                user_id=member,
                guild_id=call["guild_id"],
                permissions=call["permissions"],
                attachments=call["attachments"],
                locale=call["locale"],
                timeout=60,
            )
        )
        assert_answered_well(live, outcome)
        reply = outcome.value
        event("refused" if live.refused(reply) else "answered")
        if reply.modal is not None:
            [custom_id] = _custom_ids(reply.modal["components"])
            submitted = live.sandbox.submit_modal(reply, {custom_id: call["modal_text"]})
            assert_answered_well(live, live.interact(submitted))
        buttons = [
            c
            for row in (reply.message or {}).get("components") or []
            for c in row.get("components") or []
            if c.get("type") == 2 and "custom_id" in c
        ]
        if buttons:
            chosen = buttons[call["button"] % len(buttons)]["custom_id"]
            assert_answered_well(live, live.interact(live.sandbox.click(reply, chosen)))

    holds()


def test_the_message_menu_answers_any_message(live: LiveGigwise) -> None:
    @HYPOTHESIS
    @given(content=hostile_text(1, 4000), author=st.integers(min_value=1, max_value=2**63 - 1))
    def holds(content: str, author: int) -> None:
        outcome = live.interact(
            live.sandbox.invoke_message_command(
                "Screen job post", content, author_id=author, user_id=next(_members), timeout=60
            )
        )
        assert_answered_well(live, outcome)

    holds()


def _autocompleted(live: LiveGigwise) -> list[tuple[str, str]]:
    return sorted(
        (path, option["name"])
        for path in _leaf_paths(live)
        for option in _options_for(live, path)
        if option.get("autocomplete")
    )


def test_every_autocomplete_suggests_valid_choices(live: LiveGigwise) -> None:
    completions = _autocompleted(live)
    assert completions

    @HYPOTHESIS
    @given(data=st.data())
    def holds(data: st.DataObject) -> None:
        path, focused = data.draw(st.sampled_from(completions))
        name, _, subcommand = path.partition(" ")
        typed = data.draw(hostile_text(0, 100))
        member = data.draw(st.sampled_from([OWNER, next(_members)]))
        outcome = live.interact(
            live.sandbox.autocomplete(
                name, {focused: typed}, focused, subcommand=subcommand or None, user_id=member
            )
        )
        assert outcome.payload_problems == []
        assert outcome.tracebacks == []
        assert len(outcome.value) <= 25

    holds()


def _custom_ids(components: list[dict[str, Any]]) -> list[str]:
    found = []
    for component in components:
        if "custom_id" in component:
            found.append(str(component["custom_id"]))
        found += _custom_ids(component.get("components") or [])
        if isinstance(component.get("component"), dict):
            found += _custom_ids([component["component"]])
    return found
