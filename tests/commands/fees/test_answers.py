"""Plain /fee answers kept by question: the renderer's answer, shared, never mixed up."""

from __future__ import annotations

from decimal import Decimal

import pytest

from advisor.errors import InputError
from advisor.fees import FeeSchedule, fee_for, get_schedule
from commands.fees._answers import FeeAnswers
from commands.fees._render import fee_embed

UPWORK = get_schedule("upwork-tiered")
VARIABLE = get_schedule("upwork-variable")


def test_an_answer_is_the_one_the_renderer_gives() -> None:
    embed = FeeAnswers().embed(Decimal("15000"), UPWORK, None)
    assert embed.to_dict() == fee_embed(fee_for(Decimal("15000"), UPWORK, Decimal(0))).to_dict()


def test_the_same_question_gets_the_same_embed() -> None:
    answers = FeeAnswers()
    first = answers.embed(Decimal("15000"), UPWORK, None)
    assert answers.embed(Decimal("15000.00"), UPWORK, None) is first


@pytest.mark.parametrize(
    ("amount", "schedule", "rate"),
    [
        (Decimal("15001"), UPWORK, None),
        (Decimal("15000"), VARIABLE, Decimal("0.125")),
        (Decimal("15000"), VARIABLE, Decimal("0.15")),
    ],
)
def test_another_question_gets_its_own_answer(
    amount: Decimal, schedule: FeeSchedule, rate: Decimal | None
) -> None:
    answers = FeeAnswers()
    answers.embed(Decimal("15000"), VARIABLE, Decimal("0.10"))
    answer = answers.embed(amount, schedule, rate)
    expected = fee_embed(fee_for(amount, schedule, Decimal(0), rate=rate))
    assert answer.to_dict() == expected.to_dict()


def test_a_bill_that_cannot_be_priced_is_refused_every_time() -> None:
    answers = FeeAnswers()
    for _ in range(2):
        with pytest.raises(InputError):
            answers.embed(Decimal("15000"), VARIABLE, None)
