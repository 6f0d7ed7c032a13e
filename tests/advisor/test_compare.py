"""Comparing ways to bill the same total, each job going to a new client."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.errors import ScenarioError
from advisor.fees import SCENARIO_HINT, Scenario, compare, parse_scenario

D = Decimal


def test_thirty_small_jobs_pay_3000_in_fees_and_net_12000() -> None:
    outcome = compare(parse_scenario("30x500"), parse_scenario("1x15000")).first
    assert (outcome.billed, outcome.fee, outcome.net) == (D(15000), D(3000), D(12000))


def test_one_15000_job_pays_1300_in_fees_and_nets_13700() -> None:
    outcome = compare(parse_scenario("30x500"), parse_scenario("1x15000")).second
    assert (outcome.billed, outcome.fee, outcome.net) == (D(15000), D(1300), D(13700))


def test_one_big_job_nets_1700_more_than_thirty_small_ones() -> None:
    assert compare(parse_scenario("30x500"), parse_scenario("1x15000")).difference == D(1700)


def test_difference_is_negative_when_the_second_scenario_nets_less() -> None:
    assert compare(parse_scenario("1x15000"), parse_scenario("30x500")).difference == D(-1700)


@pytest.mark.parametrize(("scenario", "rate"), [("30x500", "0.2000"), ("1x15000", "0.0867")])
def test_outcome_shows_the_effective_rate(scenario: str, rate: str) -> None:
    outcome = compare(parse_scenario(scenario), parse_scenario(scenario)).first
    assert outcome.effective_rate == D(rate)


@pytest.mark.parametrize("schedule", ["upwork-flat", "fiverr", "malt", "contra"])
def test_flat_schedules_make_job_size_irrelevant(schedule: str) -> None:
    comparison = compare(parse_scenario("30x500"), parse_scenario("1x15000"), schedule)
    assert comparison.difference == 0


def test_compare_uses_the_rate_the_member_gives() -> None:
    comparison = compare(Scenario(2, D(100)), Scenario(1, D(200)), "custom", D("0.25"))
    assert (comparison.first.fee, comparison.second.fee) == (D(50), D(50))


def test_compare_applies_freelancers_minimum_fee_per_fixed_price_job() -> None:
    comparison = compare(Scenario(10, D(20)), Scenario(1, D(200)), "freelancer")
    assert (comparison.first.fee, comparison.second.fee) == (D(50), D(20))


def test_compare_hourly_on_freelancer_has_no_minimum() -> None:
    comparison = compare(Scenario(10, D(20)), Scenario(1, D(200)), "freelancer", hourly=True)
    assert comparison.difference == 0


@pytest.mark.parametrize(
    ("typed", "jobs", "amount", "currency"),
    [
        ("30x500", 30, "500", None),
        ("1x15000", 1, "15000", None),
        ("3 x $5k", 3, "5000", "USD"),
        ("15000", 1, "15000", None),
        ("30X500", 30, "500", None),
        ("30 × 500", 30, "500", None),
        ("2*1.5k", 2, "1500", None),
        (" 4 x £250 ", 4, "250", "GBP"),
        ("1000x1m", 1000, "1000000", None),
    ],
)
def test_parse_scenario_reads_jobs_amount_and_currency(
    typed: str, jobs: int, amount: str, currency: str | None
) -> None:
    assert parse_scenario(typed) == Scenario(jobs, D(amount), currency)


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "0x500",
        "1001x500",
        "x500",
        "30x",
        "30x500x2",
        "30 by 500",
        "30x<@123>",
        "@everyone",
        "1000x1000001",
        "30x-500",
        "30.5x500",
    ],
)
def test_parse_scenario_refuses_what_it_cannot_read(typed: str) -> None:
    with pytest.raises(ScenarioError, match="30x500"):
        parse_scenario(typed)


def test_parse_scenario_refusal_never_echoes_a_mention() -> None:
    with pytest.raises(ScenarioError) as refused:
        parse_scenario("30x<@123>")
    assert "<@123>" not in refused.value.message


def test_scenario_hint_gives_examples() -> None:
    assert "30x500" in SCENARIO_HINT


@pytest.mark.parametrize(("jobs", "amount"), [(0, "500"), (1001, "500"), (1, "0"), (2, "6e8")])
def test_scenario_refuses_jobs_or_totals_out_of_range(jobs: int, amount: str) -> None:
    with pytest.raises(ScenarioError):
        Scenario(jobs, D(amount))


@pytest.mark.parametrize(("jobs", "amount"), [(1, 500.0), (1.0, D(500)), (True, D(500))])
def test_scenario_refuses_floats_and_non_int_jobs(jobs: object, amount: object) -> None:
    with pytest.raises(TypeError):
        Scenario(jobs, amount)  # type: ignore[arg-type]


@given(
    jobs=st.integers(min_value=1, max_value=1000),
    cents=st.integers(min_value=1, max_value=100_000_00),
)
def test_outcome_is_jobs_times_the_fee_on_one_job(jobs: int, cents: int) -> None:
    scenario = Scenario(jobs, D(cents).scaleb(-2))
    outcome = compare(scenario, scenario).first
    assert outcome.billed == scenario.job_amount * jobs
    assert outcome.net + outcome.fee == outcome.billed
    assert 0 <= outcome.fee <= outcome.billed
