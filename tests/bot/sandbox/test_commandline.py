"""Reading console command lines against synced command definitions."""

from __future__ import annotations

from typing import Any

import pytest

from bot.sandbox import CommandLineError, parse_line, usage
from bot.sandbox.commandline import line_context, long_text_option, tokenize

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
        "options": [
            {"name": "post", "type": 3, "description": "The post", "max_length": 6000},
            {"name": "share", "type": 5, "description": "Warn the channel"},
        ],
    },
    {
        "name": "bill",
        "type": 1,
        "description": "Bill a client",
        "options": [
            {"name": "client", "type": 3, "description": "Who", "autocomplete": True},
            {"name": "amount", "type": 3, "description": "How much", "max_length": 40},
        ],
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
        ("/compare 30 x 500 1 x 15000", {"first": "30 x 500", "second": "1 x 15000"}),
        ("/compare 30 x500 1x 15000", {"first": "30 x500", "second": "1x 15000"}),
        ("/compare 3 × $5k 15000", {"first": "3 × $5k", "second": "15000"}),
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


def test_long_text_before_another_option_runs_to_the_end_of_the_line() -> None:
    typed = parse_line("/screen we send a check first share:yes", COMMANDS)
    assert typed.options == {"post": "we send a check first", "share": "yes"}


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
        ("/fee 15000 etsy", "Type one of: fiverr, upwork"),
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
    assert "platform  fiverr | upwork  Where" in text


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


def test_a_pasted_post_keeps_its_lines_and_quotes() -> None:
    post = "Need a \"rockstar\" logo designer\n\nBudget: $50\nDon't apply if you can't start today"
    typed = parse_line(f"/screen {post}", COMMANDS)
    assert typed.options["post"] == post


def test_a_word_with_a_colon_is_text_unless_it_names_an_option() -> None:
    typed = parse_line("/screen Scope: a landing page\nDeadline: Friday", COMMANDS)
    assert typed.options["post"] == "Scope: a landing page\nDeadline: Friday"


def test_an_option_named_after_free_text_is_still_an_option() -> None:
    typed = parse_line("/contract add Acme 1200 rush job, Friday amount:900", COMMANDS)
    assert dict(typed.options) == {
        "amount": "900",
        "client": "Acme",
        "note": "1200 rush job, Friday",
    }


def test_choices_are_typed_by_display_name_in_quotes() -> None:
    typed = parse_line('/fee 100 platform:"upwork"', COMMANDS)
    assert typed.options["platform"] == "upwork"


def test_standard_input_fills_the_long_text_option() -> None:
    assert long_text_option("/screen", COMMANDS) == "post"
    typed = parse_line("/screen", COMMANDS, more_text="Line one\nScope: two")
    assert typed.options["post"] == "Line one\nScope: two"


@pytest.mark.parametrize("line", ["/fee 100", "/screen already here", "/bill", "/nosuch"])
def test_standard_input_fills_nothing_without_an_empty_long_text_option(line: str) -> None:
    assert long_text_option(line, COMMANDS) is None


def test_standard_input_with_nothing_to_fill_is_refused() -> None:
    with pytest.raises(CommandLineError, match="no long text option"):
        parse_line("/fee 100", COMMANDS, more_text="hello")


def test_words_know_where_they_stand() -> None:
    words = tokenize('/contract add client:"Acme Corp" 12')
    assert [(w.text, w.start, w.end) for w in words] == [
        ("/contract", 0, 9),
        ("add", 10, 13),
        ("client:Acme Corp", 14, 32),
        ("12", 33, 35),
    ]


def test_an_open_quote_runs_to_the_end_while_typing() -> None:
    [word] = tokenize('"Acme Co', typing=True)
    assert (word.text, word.open_quote) == ("Acme Co", '"')


@pytest.mark.parametrize(
    ("text", "kind", "prefix", "option"),
    [
        ("/con", "command", "/con", None),
        ("", "command", "", None),
        ("/contract ", "subcommand", "", None),
        ("/contract re", "subcommand", "re", None),
        ("/contract reminder ", "subcommand", "", None),
        ("/contract add ", "value", "", "client"),
        ("/contract add Acme 1", "value", "1", "amount"),
        ("/fee 100 ", "value", "", "platform"),
        ("/fee 100 platform:fi", "value", "fi", "platform"),
        ('/bill client:"Acme C', "value", "Acme C", "client"),
        ("/bill amount:5 ", "value", "", "client"),
    ],
)
def test_what_is_being_typed(text: str, kind: str, prefix: str, option: str | None) -> None:
    context = line_context(text, COMMANDS)
    assert context is not None
    assert (context.kind, context.prefix) == (kind, prefix)
    assert (context.option["name"] if context.option else None) == option


def test_a_named_value_is_replaced_from_after_its_colon() -> None:
    text = '/bill amount:5 client:"Acme C'
    context = line_context(text, COMMANDS)
    assert context is not None
    assert text[context.start :] == '"Acme C'
    assert dict(context.values) == {"amount": "5"}


def test_nothing_to_complete_after_an_unknown_command() -> None:
    assert line_context("/nosuch ", COMMANDS) is None
