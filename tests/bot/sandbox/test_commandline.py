"""Reading console command lines against synced command definitions."""

from __future__ import annotations

from typing import Any

import pytest

from bot.sandbox import CommandLineError, parse_line, usage

COMMANDS: list[dict[str, Any]] = [
    {
        "name": "fee",
        "type": 1,
        "description": "What the platform keeps",
        "options": [
            {"name": "amount", "type": 4, "description": "Billed", "required": True},
            {
                "name": "platform",
                "type": 3,
                "description": "Where",
                "choices": [
                    {"name": "Fiverr", "value": "fiverr"},
                    {"name": "Upwork", "value": "upwork"},
                ],
            },
            {"name": "rate", "type": 10, "description": "Hourly rate"},
        ],
    },
    {
        "name": "compare",
        "type": 1,
        "description": "Compare offers",
        "options": [
            {"name": "first", "type": 3, "description": "An offer", "required": True},
            {"name": "second", "type": 3, "description": "Another", "required": True},
        ],
    },
    {
        "name": "contract",
        "type": 1,
        "description": "Contracts",
        "options": [
            {
                "name": "add",
                "type": 1,
                "description": "Log one",
                "options": [
                    {"name": "client", "type": 3, "description": "Who", "required": True},
                    {"name": "amount", "type": 4, "description": "How much", "required": True},
                    {"name": "note", "type": 3, "description": "Anything"},
                ],
            },
            {"name": "list", "type": 1, "description": "List them"},
            {
                "name": "reminder",
                "type": 2,
                "description": "Reminders",
                "options": [
                    {
                        "name": "set",
                        "type": 1,
                        "description": "Set one",
                        "options": [
                            {"name": "days", "type": 4, "description": "In", "required": True}
                        ],
                    }
                ],
            },
        ],
    },
    {
        "name": "screen",
        "type": 1,
        "description": "Screen a job post",
        "options": [{"name": "post", "type": 3, "description": "The post", "required": True}],
    },
    {
        "name": "remind",
        "type": 1,
        "description": "Reminders on or off",
        "options": [{"name": "on", "type": 5, "description": "On?", "required": True}],
    },
    {
        "name": "poke",
        "type": 1,
        "description": "Poke a member",
        "options": [{"name": "member", "type": 6, "description": "Who", "required": True}],
    },
    {"name": "help", "type": 1, "description": "Every command"},
    {"name": "Redflags", "type": 3},
]


@pytest.mark.parametrize(
    ("line", "options"),
    [
        ("/fee 15000", {"amount": "15000"}),
        ("/fee amount:15000 platform:fiverr", {"amount": "15000", "platform": "fiverr"}),
        ("/fee 15000 platform:fiverr", {"amount": "15000", "platform": "fiverr"}),
        ("/fee platform:Upwork 15000", {"platform": "Upwork", "amount": "15000"}),
        ("/fee 15000 upwork 40.5", {"amount": "15000", "platform": "upwork", "rate": "40.5"}),
        ("/compare 30x500 1x15000", {"first": "30x500", "second": "1x15000"}),
        ("/FEE Amount:15000", {"amount": "15000"}),
        ("fee 15000", {"amount": "15000"}),
        ("/help", {}),
    ],
)
def test_values_by_position_and_by_name(line: str, options: dict[str, str]) -> None:
    assert dict(parse_line(line, COMMANDS).options) == options


def test_quotes_keep_words_together() -> None:
    typed = parse_line('/contract add client:"Acme Corp" amount:1200', COMMANDS)
    assert (typed.subcommand, dict(typed.options)) == (
        "add",
        {"client": "Acme Corp", "amount": "1200"},
    )


def test_quoted_positional_value() -> None:
    typed = parse_line("/contract add 'Acme Corp' 1200 'rush job'", COMMANDS)
    assert dict(typed.options) == {"client": "Acme Corp", "amount": "1200", "note": "rush job"}


def test_subcommand_in_a_group() -> None:
    typed = parse_line("/contract reminder set 3", COMMANDS)
    assert (typed.group, typed.subcommand, dict(typed.options)) == (
        "reminder",
        "set",
        {"days": "3"},
    )


def test_unquoted_text_runs_to_the_end_of_the_line() -> None:
    typed = parse_line("/screen Need a logo asap, pay in exposure", COMMANDS)
    assert typed.options["post"] == "Need a logo asap, pay in exposure"


def test_a_stray_apostrophe_is_text() -> None:
    typed = parse_line("/screen Don't miss this gig", COMMANDS)
    assert typed.options["post"] == "Don't miss this gig"


def test_a_url_is_a_value_not_an_option() -> None:
    typed = parse_line("/screen https://example.com/job", COMMANDS)
    assert typed.options["post"] == "https://example.com/job"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("/nosuch 1", "Unknown command /nosuch"),
        ("/fee", "Missing required option 'amount'"),
        ("/fee 15000 colour:red", "no option 'colour'"),
        ("/fee lots", "whole number"),
        ("/fee 15000 etsy", "Choose one of: Fiverr, Upwork"),
        ("/fee 15000 fiverr 40 extra", "Too many values"),
        ("/fee amount:1 amount:2", "given twice"),
        ("/remind maybe", "true or false"),
        ("/poke somebody", "@mention or id"),
        ("/contract", "needs a subcommand"),
        ("/contract remove 1", "no subcommand 'remove'"),
        ("/contract reminder", "needs a subcommand"),
        ("/", "Type a command"),
        ("", "Type a command"),
    ],
)
def test_mistakes_are_explained(line: str, message: str) -> None:
    with pytest.raises(CommandLineError, match=message):
        parse_line(line, COMMANDS)


def test_error_shows_usage_and_options() -> None:
    with pytest.raises(CommandLineError) as raised:
        parse_line("/fee", COMMANDS)
    text = str(raised.value)
    assert "Usage: /fee amount [platform] [rate]" in text
    assert "platform  Fiverr | Upwork  Where" in text


def test_unknown_command_lists_the_commands() -> None:
    with pytest.raises(CommandLineError, match="/compare, /contract, /fee"):
        parse_line("/nosuch", COMMANDS)


def test_context_menus_are_not_typed_commands() -> None:
    with pytest.raises(CommandLineError, match="Unknown command"):
        parse_line("/Redflags", COMMANDS)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("fee", "Usage: /fee amount [platform] [rate]"),
        ("help", "Usage: /help"),
        (
            "contract",
            "Usage: /contract add client amount [note]\n"
            "       /contract list\n"
            "       /contract reminder set days",
        ),
    ],
)
def test_usage(name: str, expected: str) -> None:
    [definition] = [command for command in COMMANDS if command["name"] == name]
    assert usage(definition) == expected
