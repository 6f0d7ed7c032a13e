"""Tests for the option helpers that need no Discord: what a billing choice sends back."""

from __future__ import annotations

import pytest

from commands.options import billing_id_in, billing_value


def test_a_billing_choice_sends_back_its_id() -> None:
    assert billing_id_in(billing_value(42)) == 42


@pytest.mark.parametrize("typed", ["42", "2024-05-01", "id:", "id:4x", "id:12345678901", "$42"])
def test_a_date_or_an_amount_typed_is_never_read_as_an_id(typed: str) -> None:
    assert billing_id_in(typed) is None
