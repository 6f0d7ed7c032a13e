"""Fee schedules as data, the fee on one bill, and the bill needed for a take-home amount."""

from datetime import date
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.errors import AmountError, InputError, ScheduleError
from advisor.fees import (
    DEFAULT_SCHEDULE_KEY,
    SCHEDULES,
    Band,
    FeeBreakdown,
    FeeSchedule,
    NextBand,
    banded,
    fee_for,
    fee_tier,
    get_schedule,
    gross_for_net,
    schedule_for_client,
    schedule_or_default,
    seed_advice,
)

D = Decimal
CENT = D("0.01")
FULL_RATE = D(1)

cent_amounts = st.integers(min_value=1, max_value=2_000_000_00).map(lambda n: D(n).scaleb(-2))
lifetimes = st.integers(min_value=0, max_value=2_000_000).map(lambda n: D(n).scaleb(-2))
rates = st.integers(min_value=0, max_value=10_000).map(lambda n: D(n).scaleb(-4))


@st.composite
def schedule_and_rate(
    draw: st.DrawFn, max_custom: Decimal = FULL_RATE
) -> tuple[str, Decimal | None]:
    key = draw(st.sampled_from(list(SCHEDULES)))
    if key == "upwork-variable":
        return key, draw(rates.filter(lambda rate: rate <= D("0.15")))
    if key == "custom":
        return key, draw(rates.filter(lambda rate: rate <= max_custom))
    return key, None


def _hourly_where_a_minimum_applies(key: str) -> bool:
    return SCHEDULES[key].minimum_fee is not None


# The numbers from the article Gigwise is built on and from Upwork's own examples.
@pytest.mark.parametrize(
    ("amount", "schedule", "before", "fee", "net"),
    [
        ("15000", "upwork-tiered", "0", "1300.00", "13700.00"),
        ("500", "upwork-tiered", "0", "100.00", "400.00"),
        ("600", "upwork-tiered", "0", "110.00", "490.00"),
        ("1000", "upwork-tiered", "9800", "60.00", "940.00"),
        ("1000", "upwork-tiered", "15000", "50.00", "950.00"),
        ("266.64", "upwork-flat", "0", "26.66", "239.98"),
        ("500", "upwork-flat", "0", "50.00", "450.00"),
        ("100", "fiverr", "0", "20.00", "80.00"),
        ("20", "freelancer", "0", "5.00", "15.00"),
        ("200", "freelancer", "0", "20.00", "180.00"),
        ("5000", "peopleperhour", "0", "406.25", "4593.75"),
        ("1000", "malt", "0", "100.00", "900.00"),
        ("1000", "contra", "0", "0.00", "1000.00"),
    ],
)
def test_fee_for_matches_the_published_examples(
    amount: str, schedule: str, before: str, fee: str, net: str
) -> None:
    breakdown = fee_for(D(amount), schedule, D(before))
    assert (breakdown.fee, breakdown.net) == (D(fee), D(net))


def test_fee_for_15000_to_a_new_client_shows_one_line_per_band() -> None:
    lines = [(line.amount_in_band, line.band.rate, line.fee) for line in fee_for(D(15000)).lines]
    assert lines == [
        (D(500), D("0.20"), D(100)),
        (D(9500), D("0.10"), D(950)),
        (D(5000), D("0.05"), D(250)),
    ]


def test_fee_for_defaults_to_the_tiered_upwork_schedule() -> None:
    assert fee_for(D(15000)).schedule is SCHEDULES[DEFAULT_SCHEDULE_KEY]
    assert DEFAULT_SCHEDULE_KEY == "upwork-tiered"


def test_fee_for_shows_the_effective_rate() -> None:
    assert fee_for(D(15000)).effective_rate == D("0.0867")


def test_fee_for_rounds_once_per_transaction_half_up() -> None:
    # 12.345 of exact fee rounds half up to 12.35 on a flat 10% bill of 123.45.
    assert fee_for(D("123.45"), "upwork-flat").fee == D("12.35")


def test_fee_for_rounds_the_band_total_not_the_lines() -> None:
    # 0.02 at 20% and 0.04 at 10% are 0.004 each: 0.00 per line, but 0.008 rounds to 0.01.
    breakdown = fee_for(D("0.06"), "upwork-tiered", D("499.98"))
    assert breakdown.fee == D("0.01")
    assert [line.fee for line in breakdown.lines] == [D("0.00"), D("0.00")]


def test_freelancer_fixed_price_fee_is_at_least_five_dollars() -> None:
    breakdown = fee_for(D(20), "freelancer")
    assert breakdown.minimum_fee_applied
    assert breakdown.fee == D("5.00")


def test_freelancer_hourly_fee_has_no_minimum() -> None:
    breakdown = fee_for(D(20), "freelancer", hourly=True)
    assert not breakdown.minimum_fee_applied
    assert breakdown.fee == D("2.00")


def test_freelancer_fixed_price_bill_below_the_minimum_fee_is_refused() -> None:
    with pytest.raises(AmountError, match=r"\$5\.00"):
        fee_for(D("4.99"), "freelancer")


@pytest.mark.parametrize(
    ("before", "rate", "starts_at", "remaining", "progress"),
    [
        ("0", "0.10", "500", "400.00", "0.2000"),
        ("350", "0.10", "500", "50.00", "0.9000"),
        ("400", "0.05", "10000", "9500.00", "0.0000"),
        ("9800", "0.05", "10000", "100.00", "0.9894"),
    ],
)
def test_fee_for_shows_how_far_the_client_is_from_the_next_band(
    before: str, rate: str, starts_at: str, remaining: str, progress: str
) -> None:
    breakdown = fee_for(D(100), "upwork-tiered", D(before))
    assert breakdown.next_band == NextBand(D(rate), D(starts_at), D(remaining))
    assert breakdown.progress_to_next_band == D(progress)


def test_fee_for_has_no_next_band_in_the_last_band() -> None:
    breakdown = fee_for(D(100), "upwork-tiered", D(10000))
    assert (breakdown.next_band, breakdown.progress_to_next_band) == (None, None)


@pytest.mark.parametrize("schedule", ["upwork-flat", "fiverr", "freelancer", "malt", "contra"])
def test_fee_for_has_no_next_band_on_flat_schedules(schedule: str) -> None:
    breakdown = fee_for(D(100), schedule)
    assert (breakdown.next_band, breakdown.progress_to_next_band) == (None, None)


def test_lifetime_billings_do_not_change_a_flat_fee() -> None:
    assert fee_for(D(100), "upwork-flat", D(50000)).fee == D("10.00")


@pytest.mark.parametrize(("schedule", "rate"), [("upwork-variable", "0.12"), ("custom", "0.33")])
def test_fee_for_uses_the_rate_the_member_gives(schedule: str, rate: str) -> None:
    breakdown = fee_for(D(1000), schedule, rate=D(rate))
    assert breakdown.fee == D(1000) * D(rate)
    assert breakdown.rate == D(rate)


@pytest.mark.parametrize("schedule", ["upwork-variable", "custom"])
def test_fee_for_without_a_needed_rate_asks_for_it(schedule: str) -> None:
    with pytest.raises(ScheduleError, match="like 10%"):
        fee_for(D(1000), schedule)


@pytest.mark.parametrize(
    ("schedule", "rate"),
    [("upwork-variable", "0.16"), ("upwork-variable", "-0.01"), ("custom", "1.01")],
)
def test_fee_for_refuses_a_rate_outside_the_schedule_range(schedule: str, rate: str) -> None:
    with pytest.raises(ScheduleError, match="in that range"):
        fee_for(D(1000), schedule, rate=D(rate))


@pytest.mark.parametrize("schedule", ["upwork-tiered", "upwork-flat", "fiverr", "contra"])
def test_fee_for_refuses_a_rate_on_a_schedule_with_its_own(schedule: str) -> None:
    with pytest.raises(ScheduleError, match="leave the rate out"):
        fee_for(D(1000), schedule, rate=D("0.05"))


def test_fee_for_takes_a_whole_bill_at_a_100_percent_custom_rate() -> None:
    assert fee_for(D(1000), "custom", rate=D(1)).net == D(0)


@pytest.mark.parametrize(
    ("amount", "before", "rate"),
    [(15000.0, D(0), None), (D(100), 0.0, None), (D(100), D(0), 0.1)],
)
def test_fee_for_refuses_floats(amount: object, before: object, rate: object) -> None:
    schedule = "custom" if rate is not None else "upwork-tiered"
    with pytest.raises(TypeError):
        fee_for(amount, schedule, before, rate)  # type: ignore[arg-type]


def test_fee_for_accepts_an_int_amount() -> None:
    assert fee_for(15000).fee == D(1300)  # type: ignore[arg-type]


@pytest.mark.parametrize("amount", ["0", "-1", "0.001", "1000000000.01"])
def test_fee_for_refuses_an_amount_that_is_not_a_positive_cent_amount(amount: str) -> None:
    with pytest.raises(AmountError):
        fee_for(D(amount))


def test_fee_for_refuses_negative_lifetime_billings() -> None:
    with pytest.raises(InputError, match="type 0 for a new client"):
        fee_for(D(100), "upwork-tiered", D(-1))


def test_fee_for_accepts_a_schedule_object() -> None:
    assert fee_for(D(100), SCHEDULES["fiverr"]).fee == D(20)


def test_schedules_come_in_the_documented_order() -> None:
    assert list(SCHEDULES) == [
        "upwork-tiered",
        "upwork-2015",
        "upwork-kept-5",
        "upwork-flat",
        "upwork-variable",
        "fiverr",
        "freelancer",
        "peopleperhour",
        "malt",
        "contra",
        "custom",
    ]


@pytest.mark.parametrize("schedule", [s for s in SCHEDULES.values() if not s.needs_rate])
def test_each_fixed_schedule_has_contiguous_bands_from_zero(schedule: FeeSchedule) -> None:
    bands = schedule.bands
    assert bands[0].start == 0
    assert bands[-1].end is None
    assert all(a.end == b.start for a, b in pairwise(bands))


@pytest.mark.parametrize("schedule", list(SCHEDULES.values()))
def test_each_schedule_cites_a_source_and_has_a_note(schedule: FeeSchedule) -> None:
    assert schedule.source
    assert schedule.note


@pytest.mark.parametrize(
    ("key", "effective_from", "effective_to"),
    [
        ("upwork-tiered", date(2016, 6, 21), date(2023, 5, 2)),
        ("upwork-flat", date(2023, 5, 3), None),
    ],
)
def test_upwork_schedules_carry_their_effective_dates(
    key: str, effective_from: date, effective_to: date | None
) -> None:
    schedule = SCHEDULES[key]
    assert (schedule.effective_from, schedule.effective_to) == (effective_from, effective_to)


def test_upwork_variable_flags_its_start_date_as_unconfirmed() -> None:
    assert "UNCONFIRMED" in SCHEDULES["upwork-variable"].note


def test_peopleperhour_bands_are_in_pounds_per_buyer() -> None:
    schedule = SCHEDULES["peopleperhour"]
    assert (schedule.currency, schedule.per_client, schedule.client_word) == ("GBP", True, "buyer")
    assert schedule.bands[1] == Band(D(250), D(5000), D("0.075"))


@pytest.mark.parametrize("typed", ["upwork-tiered", "Upwork-Tiered", "  FIVERR ", "upwork tiered"])
def test_get_schedule_ignores_case_and_spaces(typed: str) -> None:
    assert get_schedule(typed).key == typed.strip().lower().replace(" ", "-")


def test_get_schedule_lists_the_valid_keys_for_an_unknown_one() -> None:
    with pytest.raises(ScheduleError, match="upwork-tiered, upwork-flat") as refused:
        get_schedule("<@123> toptal")
    assert "<@123>" not in refused.value.message


def test_seed_advice_nudges_while_the_client_is_in_the_20_percent_band() -> None:
    assert seed_advice(fee_for(D(100))) == (
        "Better projects beat more projects: Upwork's 2016–2023 sliding fee keeps 20% of the "
        "first $500 with each client; $400.00 more with this client drops the rate to 10%."
    )


def test_seed_advice_speaks_of_buyers_and_pounds_on_peopleperhour() -> None:
    advice = seed_advice(fee_for(D(100), "peopleperhour"))
    assert advice is not None
    assert "first £250 with each buyer; £150.00 more with this buyer" in advice


@pytest.mark.parametrize(
    ("amount", "schedule", "before"),
    [
        ("500", "upwork-tiered", "0"),
        ("15000", "upwork-tiered", "0"),
        ("100", "upwork-tiered", "600"),
        ("100", "upwork-flat", "0"),
        ("100", "fiverr", "0"),
    ],
)
def test_seed_advice_is_silent_outside_the_top_band(
    amount: str, schedule: str, before: str
) -> None:
    assert seed_advice(fee_for(D(amount), schedule, D(before))) is None


@pytest.mark.parametrize(
    ("net", "schedule", "before", "bill"),
    [
        ("13700", "upwork-tiered", "0", "15000.00"),
        ("490", "upwork-tiered", "0", "600.00"),
        ("400", "upwork-tiered", "0", "500.00"),
        ("940", "upwork-tiered", "9800", "1000.00"),
        ("239.98", "upwork-flat", "0", "266.64"),
        ("450", "upwork-flat", "0", "500.00"),
        ("15", "freelancer", "0", "20.00"),
        ("0.01", "upwork-tiered", "0", "0.01"),
        ("4593.75", "peopleperhour", "0", "5000.00"),
        ("100", "contra", "0", "100.00"),
    ],
)
def test_gross_for_net_finds_the_smallest_bill(
    net: str, schedule: str, before: str, bill: str
) -> None:
    assert gross_for_net(D(net), schedule, D(before)).amount == D(bill)


def test_gross_for_net_returns_the_breakdown_of_that_bill() -> None:
    assert gross_for_net(D(13700)) == fee_for(D(15000))


def test_gross_for_net_at_a_99_percent_rate() -> None:
    breakdown = gross_for_net(D(100), "custom", rate=D("0.99"))
    assert breakdown.net >= D(100)
    assert fee_for(breakdown.amount - CENT, "custom", rate=D("0.99")).net < D(100)


def test_gross_for_net_refuses_a_100_percent_rate() -> None:
    with pytest.raises(InputError, match="100% fee"):
        gross_for_net(D(100), "custom", rate=D(1))


def test_gross_for_net_refuses_a_net_that_needs_more_than_a_billion() -> None:
    with pytest.raises(AmountError, match="smaller net"):
        gross_for_net(D(950_000_000), "fiverr")


def test_gross_for_net_refuses_a_float() -> None:
    with pytest.raises(TypeError):
        gross_for_net(100.0)  # type: ignore[arg-type]


def _fee(amount: Decimal, key: str, before: Decimal, rate: Decimal | None) -> FeeBreakdown:
    hourly = _hourly_where_a_minimum_applies(key)
    return fee_for(amount, key, before, rate, hourly=hourly)


@given(amount=cent_amounts, before=lifetimes, schedule=schedule_and_rate())
def test_fee_is_never_negative_nor_above_the_bill(
    amount: Decimal, before: Decimal, schedule: tuple[str, Decimal | None]
) -> None:
    breakdown = _fee(amount, schedule[0], before, schedule[1])
    assert 0 <= breakdown.fee <= amount


@given(amount=cent_amounts, before=lifetimes, schedule=schedule_and_rate())
def test_net_and_fee_add_up_to_the_bill(
    amount: Decimal, before: Decimal, schedule: tuple[str, Decimal | None]
) -> None:
    breakdown = _fee(amount, schedule[0], before, schedule[1])
    assert breakdown.net + breakdown.fee == amount


@given(amount=st.integers(min_value=500, max_value=1_000_000_000).map(lambda n: D(n).scaleb(-2)))
def test_freelancer_fixed_price_fee_adds_up_with_the_minimum(amount: Decimal) -> None:
    breakdown = fee_for(amount, "freelancer")
    assert breakdown.fee >= D(5)
    assert breakdown.net + breakdown.fee == amount


@given(
    first=cent_amounts,
    second=cent_amounts,
    before=lifetimes,
    schedule=schedule_and_rate(),
)
def test_splitting_a_bill_changes_the_fee_by_at_most_a_cent(
    first: Decimal, second: Decimal, before: Decimal, schedule: tuple[str, Decimal | None]
) -> None:
    key, rate = schedule
    whole = _fee(first + second, key, before, rate).fee
    split = _fee(first, key, before, rate).fee + _fee(second, key, before + first, rate).fee
    assert abs(whole - split) <= CENT


@given(
    net=st.integers(min_value=1, max_value=1_000_000_00).map(lambda n: D(n).scaleb(-2)),
    before=lifetimes,
    schedule=schedule_and_rate(max_custom=D("0.99")),
    hourly=st.booleans(),
)
def test_gross_for_net_is_the_inverse_of_fee_for(
    net: Decimal, before: Decimal, schedule: tuple[str, Decimal | None], hourly: bool
) -> None:
    key, rate = schedule
    bill = gross_for_net(net, key, before, rate, hourly=hourly).amount
    assert fee_for(bill, key, before, rate, hourly=hourly).net >= net
    one_cent_less = bill - CENT
    minimum = SCHEDULES[key].minimum_fee
    if one_cent_less > 0 and (hourly or minimum is None or one_cent_less >= minimum):
        assert fee_for(one_cent_less, key, before, rate, hourly=hourly).net < net


@given(amount=st.floats(allow_nan=False, allow_infinity=False))
def test_float_amounts_raise_type_error(amount: float) -> None:
    with pytest.raises(TypeError):
        fee_for(amount)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lifetime", "rate", "remaining", "next_rate"),
    [
        ("0", "0.20", "500.00", "0.10"),
        ("300", "0.20", "200.00", "0.10"),
        ("500", "0.10", "9500.00", "0.05"),
        ("9999.99", "0.10", "0.01", "0.05"),
        ("10000", "0.05", None, None),
    ],
)
def test_fee_tier_is_where_a_client_stands_without_a_bill(
    lifetime: str, rate: str, remaining: str | None, next_rate: str | None
) -> None:
    tier = fee_tier("upwork-tiered", Decimal(lifetime))
    assert tier.rate == Decimal(rate)
    if remaining is None:
        assert tier.next_band is None
        assert tier.progress_to_next_band is None
    else:
        assert tier.next_band is not None
        assert tier.next_band.remaining == Decimal(remaining)
        assert tier.next_band.rate == Decimal(next_rate or "0")


def test_fee_tier_agrees_with_the_next_bill() -> None:
    tier = fee_tier("upwork-tiered", Decimal("9800"))
    assert fee_for(Decimal("1"), "upwork-tiered", Decimal("9800")).lines[0].band.rate == tier.rate


def test_a_missing_or_retired_key_gives_the_default_schedule() -> None:
    assert schedule_or_default(None).key == DEFAULT_SCHEDULE_KEY
    assert schedule_or_default("upwork-1999").key == DEFAULT_SCHEDULE_KEY
    assert schedule_or_default("fiverr").key == "fiverr"


def test_a_per_contract_schedule_is_banded_by_the_default_one() -> None:
    assert banded(SCHEDULES["upwork-variable"]).key == DEFAULT_SCHEDULE_KEY
    assert banded(SCHEDULES["upwork-flat"]).key == "upwork-flat"


def test_every_schedule_files_clients_under_its_platform() -> None:
    upwork = {key for key, s in SCHEDULES.items() if s.ledger_platform == "upwork"}
    assert upwork == {
        "upwork-tiered",
        "upwork-2015",
        "upwork-kept-5",
        "upwork-flat",
        "upwork-variable",
    }


def test_a_client_is_tiered_by_the_preferred_schedule_of_its_platform() -> None:
    flat = SCHEDULES["upwork-flat"]
    assert schedule_for_client("upwork", flat) is flat
    assert schedule_for_client("fiverr", flat) is SCHEDULES["fiverr"]
    assert schedule_for_client("upwork", SCHEDULES["fiverr"]) is SCHEDULES["upwork-tiered"]
    assert schedule_for_client("nowhere", flat) is None
