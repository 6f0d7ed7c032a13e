"""Whether arbitration is worth its fee for what a member is owed."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.disputes import (
    ARBITRATION_FEE_HISTORY,
    DEFAULT_ARBITRATION_FEE,
    arbitration_advice,
)
from advisor.errors import AmountError, InputError

D = Decimal


def test_default_fee_is_297() -> None:
    assert D(297) == DEFAULT_ARBITRATION_FEE


@pytest.mark.parametrize("figure", ["$291", "$337.50", "$297 unconfirmed", "non-refundable"])
def test_fee_history_cites_the_known_figures(figure: str) -> None:
    assert figure in ARBITRATION_FEE_HISTORY


@pytest.mark.parametrize(
    ("owed", "left", "worth_it", "verdict"),
    [
        ("200", "-97.00", False, "Not worth it"),
        ("297", "0.00", False, "Not worth it"),
        ("300", "3.00", False, "Probably not worth it"),
        ("593.99", "296.99", False, "Probably not worth it"),
        ("594", "297.00", True, "Worth considering"),
        ("1000", "703.00", True, "Worth considering"),
        ("3000", "2703.00", True, "Worth considering"),
    ],
)
def test_arbitration_advice_weighs_what_is_owed_against_the_fee(
    owed: str, left: str, worth_it: bool, verdict: str
) -> None:
    advice = arbitration_advice(D(owed))
    assert (advice.left_after_fee, advice.worth_it) == (D(left), worth_it)
    assert advice.verdict.startswith(verdict)


def test_verdict_states_the_rule_of_thumb() -> None:
    verdict = arbitration_advice(D(1000)).verdict
    assert "at least twice the fee ($594.00)" in verdict


def test_verdict_shows_the_amounts() -> None:
    verdict = arbitration_advice(D(300)).verdict
    assert "$300.00" in verdict
    assert "$297.00" in verdict
    assert "$3.00" in verdict


def test_break_even_is_the_fee() -> None:
    assert arbitration_advice(D(1000), D("337.50")).break_even == D("337.50")


def test_a_quoted_fee_replaces_the_default() -> None:
    advice = arbitration_advice(D(600), D("337.50"))
    assert (advice.arbitration_fee, advice.worth_it) == (D("337.50"), False)


def test_a_free_arbitration_is_always_worth_considering() -> None:
    assert arbitration_advice(D("0.01"), D(0)).worth_it


@pytest.mark.parametrize("fee", ["-0.01", "10000.01"])
def test_arbitration_fee_outside_0_to_10000_is_refused(fee: str) -> None:
    with pytest.raises(InputError, match="like 297"):
        arbitration_advice(D(1000), D(fee))


@pytest.mark.parametrize("owed", ["0", "-5", "0.001"])
def test_owed_must_be_a_positive_cent_amount(owed: str) -> None:
    with pytest.raises(AmountError):
        arbitration_advice(D(owed))


@pytest.mark.parametrize(("owed", "fee"), [(1000.0, D(297)), (D(1000), 297.0)])
def test_floats_are_refused(owed: object, fee: object) -> None:
    with pytest.raises(TypeError):
        arbitration_advice(owed, fee)  # type: ignore[arg-type]


@given(
    owed=st.integers(min_value=1, max_value=100_000_000).map(lambda n: D(n).scaleb(-2)),
    fee=st.integers(min_value=0, max_value=1_000_000).map(lambda n: D(n).scaleb(-2)),
)
def test_worth_it_exactly_when_owed_is_at_least_twice_the_fee(owed: Decimal, fee: Decimal) -> None:
    advice = arbitration_advice(owed, fee)
    assert advice.left_after_fee == owed - fee
    assert advice.worth_it == (owed >= 2 * fee)
