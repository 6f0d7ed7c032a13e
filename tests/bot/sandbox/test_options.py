"""Typing option values the way Discord would send them, and building `data.options`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.sandbox import CommandLineError
from bot.sandbox.options import build_options, coerce

AMOUNT = {"name": "amount", "type": 4, "min_value": 0}
RATE = {"name": "rate", "type": 10}
RUSH = {"name": "rush", "type": 5}
MEMBER = {"name": "member", "type": 6}
NOTE = {"name": "note", "type": 3, "max_length": 5}
PLATFORM = {
    "name": "platform",
    "type": 3,
    "choices": [
        {"name": "Upwork's flat 10% fee", "value": "upwork-flat"},
        {"name": "Fiverr", "value": "fiverr"},
    ],
}
TIER = {
    "name": "tier",
    "type": 4,
    "choices": [{"name": "Top", "value": 1}, {"name": "Low", "value": 2}],
}


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        (AMOUNT, "15000", 15000),
        (AMOUNT, "15,000", 15000),
        (AMOUNT, 15000, 15000),
        (AMOUNT, Decimal("12.00"), 12),
        (RATE, "40.5", 40.5),
        (RATE, "40", 40),
        (RATE, Decimal("12.5"), 12.5),
        (RUSH, "yes", True),
        (RUSH, "No", False),
        (RUSH, True, True),
        (MEMBER, "<@123>", "123"),
        (MEMBER, "<@!123>", "123"),
        (MEMBER, 123, "123"),
        (NOTE, "short", "short"),
        (TIER, "top", 1),
        (TIER, "2", 2),
        (TIER, 2, 2),
        (PLATFORM, "UPWORK-FLAT", "upwork-flat"),
        (PLATFORM, "upwork flat", "upwork-flat"),
        (PLATFORM, "upwork’s FLAT 10% fee", "upwork-flat"),
    ],
)
def test_values_become_discord_json(
    option: dict[str, Any], value: object, expected: object
) -> None:
    assert coerce(option, value) == expected


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (AMOUNT, "12.5", "whole number"),
        (AMOUNT, True, "whole number"),
        (AMOUNT, "-1", "at least 0"),
        (RATE, "nan", "finite"),
        (RATE, "fast", "number"),
        (RUSH, "sure", "true or false"),
        (MEMBER, "dana", "@mention or id"),
        (NOTE, "too long", "at most 5"),
        (TIER, "mid", r"Type one of: 1 \(Top\), 2 \(Low\)"),
        (PLATFORM, "etsy", r"Type one of: upwork-flat \(Upwork's flat 10% fee\), fiverr\."),
    ],
)
def test_wrong_values_are_refused(option: dict[str, Any], value: object, message: str) -> None:
    with pytest.raises(CommandLineError, match=message):
        coerce(option, value)


@given(st.integers(min_value=0, max_value=10**12))
def test_an_integer_typed_as_text_round_trips(amount: int) -> None:
    assert coerce(AMOUNT, f"{amount:,}") == amount


def test_subcommand_options_are_nested_under_group_and_subcommand() -> None:
    definition = {
        "name": "contract",
        "options": [
            {
                "name": "reminder",
                "type": 2,
                "options": [{"name": "set", "type": 1, "options": [{**AMOUNT, "required": True}]}],
            }
        ],
    }
    options, _ = build_options(definition, {"amount": "3"}, group="reminder", subcommand="set")
    assert options == [
        {
            "name": "reminder",
            "type": 2,
            "options": [
                {"name": "set", "type": 1, "options": [{"name": "amount", "type": 4, "value": 3}]}
            ],
        }
    ]


def test_focused_option_is_sent_as_typed_text() -> None:
    definition = {
        "name": "fee",
        "options": [{**AMOUNT, "required": True}, {**RATE, "autocomplete": True}],
    }
    options, _ = build_options(definition, {"rate": "4"}, focused="rate")
    assert options == [{"name": "rate", "type": 10, "value": "4", "focused": True}]
