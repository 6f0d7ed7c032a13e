"""Tests for advisor.ledger_limits: the limits are what the fee arithmetic accepts, and the
messages say them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from advisor.fees import SCHEDULES, fee_for, fee_tier
from advisor.ledger_limits import (
    MAX_CONTRACT_TOTAL,
    MAX_LIFETIME,
    contract_total_error,
    lifetime_limit_error,
    moves_past,
)

money = st.decimals(min_value=-3 * MAX_CONTRACT_TOTAL, max_value=3 * MAX_CONTRACT_TOTAL, places=2)


def test_a_client_at_the_lifetime_limit_is_still_priced_and_tiered() -> None:
    tiered = SCHEDULES["upwork-tiered"]
    assert fee_tier(tiered, MAX_LIFETIME).rate == Decimal("0.05")
    assert fee_for(Decimal("100"), tiered, MAX_LIFETIME).fee == Decimal("5.00")


def test_the_lifetime_message_says_the_limit_and_the_day() -> None:
    error = lifetime_limit_error("USD", date(2024, 5, 1))
    assert "past $1,000,000,000 (from 2024-05-01 on)" in error.message


def test_the_contract_message_says_which_way_it_went_past() -> None:
    over = contract_total_error(3, "EUR", Decimal("1000000001"))
    under = contract_total_error(3, "EUR", Decimal("-1000000001"))
    assert "contract #3's billings to €1,000,000,001.00, past €1,000,000,000" in over.message
    assert "€1,000,000,001.00 more refunded than billed" in under.message


@given(before=money, after=money)
def test_a_total_is_never_refused_for_coming_back_toward_zero(
    before: Decimal, after: Decimal
) -> None:
    if abs(after) <= abs(before) or abs(after) <= MAX_CONTRACT_TOTAL:
        assert not moves_past(before, after)
    else:
        assert moves_past(before, after)
