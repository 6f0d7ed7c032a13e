"""Reading the dollar amounts of a folded job post and what each one stands for."""

from __future__ import annotations

from decimal import Decimal

import pytest

from advisor.redflags.money import AmountUse, find_amounts


@pytest.mark.parametrize(
    ("text", "low", "high", "use"),
    [
        ("$150.00\nfixed-price", "150.00", "150.00", AmountUse.FIXED),
        ("est. budget: $900.00", "900.00", "900.00", AmountUse.FIXED),
        ("budget $2,500, timeline 4 weeks", "2500", "2500", AmountUse.FIXED),
        ("$500 fixed.", "500", "500", AmountUse.FIXED),
        ("perfect. $120, needed in 2 days", "120", "120", AmountUse.FIXED),
        ("150 usd budget", "150", "150", AmountUse.FIXED),
        ("hourly: $18.00 - $22.00", "18.00", "22.00", AmountUse.HOURLY),
        ("$40-60/hr", "40", "60", AmountUse.HOURLY),
        ("pay you $45 per hour", "45", "45", AmountUse.HOURLY),
        ("$300 per day", "300", "300", AmountUse.DAILY),
        ("earn $1,200 weekly", "1200", "1200", AmountUse.WEEKLY),
        ("salary $7,000 monthly", "7000", "7000", AmountUse.MONTHLY),
        ("$0.08/word", "0.08", "0.08", AmountUse.PER_ITEM),
        ("$60 per episode", "60", "60", AmountUse.PER_ITEM),
        ("$86k total spent", "86000", "86000", AmountUse.PANEL),
        ("$38.40 /hr avg hourly rate paid", "38.40", "38.40", AmountUse.PANEL),
        ("a registration fee of $30", "30", "30", AmountUse.OTHER),
        ("pay a $15 audition processing fee", "15", "15", AmountUse.OTHER),
        ("send you a $500 bonus", "500", "500", AmountUse.OTHER),
        ("our course ($49) first", "49", "49", AmountUse.OTHER),
    ],
)
def test_amount_is_read_with_its_use(text: str, low: str, high: str, use: AmountUse) -> None:
    (amount,) = find_amounts(text)
    assert (amount.low, amount.high, amount.use) == (Decimal(low), Decimal(high), use)


def test_amount_span_covers_the_figure_without_trailing_punctuation() -> None:
    text = "budget $1,200, two weeks"
    (amount,) = find_amounts(text)
    assert text[amount.start : amount.end] == "$1,200"


@pytest.mark.parametrize("text", ["2,000-word article", "40 pages", "in 2019", "€300 fixed"])
def test_text_without_a_dollar_amount_has_none(text: str) -> None:
    assert find_amounts(text) == []
