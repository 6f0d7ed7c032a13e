"""Reading Upwork's "About the client" panel and job activity for signs of a risky client."""

from __future__ import annotations

from datetime import date

import pytest

from advisor.redflags.client_panel import read_client_panel

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("payment method not verified", "payment_unverified"),
        ("payment unverified", "payment_unverified"),
        ("$0 total spent", "zero_spend"),
        ("total spent: $0.00", "zero_spend"),
        ("9% hire rate, 8 open jobs", "low_hire_rate"),
        ("hire rate: 0%", "low_hire_rate"),
        ("member since nov 22, 2026", "new_account"),
        ("member since oct 2026", "new_account"),
        ("rating is 2.9 out of 5.", "low_rating"),
        ("2.91 of 14 reviews", "low_rating"),
        ("average rating given to freelancers: 3.4", "low_rating"),
        ("no reviews yet", "no_reviews"),
        ("0 reviews", "no_reviews"),
        ("0.00 of 0 reviews", "no_reviews"),
        ("proposals: 50+", "crowded_job"),
        ("120+ proposals", "crowded_job"),
        ("$4.50 /hr avg hourly rate paid", "low_hourly_paid"),
    ],
)
def test_risky_panel_line_raises_its_flag(line: str, code: str) -> None:
    assert [hit.code for hit in read_client_panel(line, TODAY)] == [code]


@pytest.mark.parametrize(
    "line",
    [
        "payment method verified",
        "$86k total spent",
        "$640 total spent",
        "72% hire rate, 2 open jobs",
        "25% hire rate",
        "member since mar 14, 2016",
        "member since dec 5, 2026",
        "rating is 4.9 out of 5.",
        "4.2 of 3 reviews",
        "4.91 of 48 reviews",
        "proposals: 20 to 50",
        "proposals: less than 5",
        "$38.40 /hr avg hourly rate paid",
        "$10.00 /hr avg hourly rate paid",
    ],
)
def test_healthy_panel_line_raises_nothing(line: str) -> None:
    assert read_client_panel(line, TODAY) == []


def test_new_account_names_its_age_in_days() -> None:
    (hit,) = read_client_panel("member since nov 22, 2026", TODAY)
    assert "6 days" in hit.explanation


def test_account_age_is_not_judged_without_today() -> None:
    assert read_client_panel("member since nov 22, 2026", None) == []


def test_low_hire_rate_names_the_rate() -> None:
    (hit,) = read_client_panel("12% hire rate", TODAY)
    assert "12%" in hit.explanation
