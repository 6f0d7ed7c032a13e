"""Tests for advisor.quotas: what a member reads when a cap is reached."""

from __future__ import annotations

import pytest

from advisor.quotas import MemberQuotas, QuotaReached


def test_one_more_billing_fits_below_the_cap_and_not_at_it() -> None:
    quotas = MemberQuotas(billings=3, contracts=3)
    quotas.check_typed(billings=2, adding="billing")
    with pytest.raises(QuotaReached, match="You have 3 billings stored"):
        quotas.check_typed(billings=3, adding="billing")


def test_an_import_is_told_how_many_rows_fit() -> None:
    quotas = MemberQuotas(billings=200_000)
    with pytest.raises(QuotaReached) as refused:
        quotas.check_import(billings=150_000, contracts=0, new_billings=99_999, new_contracts=1)
    assert "only 50,000 more fit" in refused.value.message
    assert "Nothing was imported" in refused.value.message


def test_an_import_that_fills_the_cap_exactly_is_taken() -> None:
    MemberQuotas(billings=10, contracts=2).check_import(
        billings=4, contracts=1, new_billings=6, new_contracts=1
    )


def test_a_member_already_past_a_lowered_cap_has_no_room() -> None:
    with pytest.raises(QuotaReached, match="only 0 more fit"):
        MemberQuotas(contracts=5).check_import(
            billings=0, contracts=9, new_billings=1, new_contracts=1
        )


def test_a_cap_must_allow_a_row() -> None:
    with pytest.raises(ValueError, match="at least one row"):
        MemberQuotas(billings=0)
