"""Plain /fee answers kept by question: the renderer's answer, shared, never mixed up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from advisor.fee_calendar import UPWORK, FeeRule, quote
from advisor.fees import get_schedule
from commands.fees._answers import FeeAnswers
from commands.fees._render import quote_embed

TIERED = get_schedule("upwork-tiered")
VARIABLE = get_schedule("upwork-variable")
TODAY = date(2026, 12, 6)


def test_an_answer_is_the_one_the_renderer_gives() -> None:
    asked = quote(Decimal("15000"), TIERED, TODAY)
    assert FeeAnswers().embed(asked).to_dict() == quote_embed(asked).to_dict()


def test_the_same_question_gets_the_same_embed() -> None:
    answers = FeeAnswers()
    first = answers.embed(quote(Decimal("15000"), TIERED, TODAY))
    assert answers.embed(quote(Decimal("15000.00"), TIERED, TODAY)) is first


@pytest.mark.parametrize(
    ("amount", "rule", "rate", "member_rate"),
    [
        (Decimal("15001"), TIERED, None, None),
        (Decimal("15000"), VARIABLE, Decimal("0.125"), None),
        (Decimal("15000"), VARIABLE, Decimal("0.15"), None),
        # The same 10% said differently: assumed, or the member's own.
        (Decimal("15000"), UPWORK, None, Decimal("0.10")),
    ],
)
def test_another_question_gets_its_own_answer(
    amount: Decimal, rule: FeeRule, rate: Decimal | None, member_rate: Decimal | None
) -> None:
    answers = FeeAnswers()
    answers.embed(quote(Decimal("15000"), UPWORK, TODAY))
    asked = quote(amount, rule, TODAY, rate, member_rate)
    assert answers.embed(asked).to_dict() == quote_embed(asked).to_dict()


def test_an_outdated_schedule_is_spoken_of_in_the_past() -> None:
    embed = FeeAnswers().embed(quote(Decimal("15000"), TIERED, TODAY))
    assert embed.title == "Upwork's 2016–2023 tiers kept $1,300.00 of $15,000.00"


def test_the_same_bill_in_another_currency_gets_its_own_answer() -> None:
    answers = FeeAnswers()
    answers.embed(quote(Decimal("15000"), UPWORK, TODAY))
    pounds = answers.embed(quote(Decimal("15000"), UPWORK, TODAY, currency="GBP"))
    assert pounds.title == "Upwork keeps £1,500.00 of £15,000.00"
