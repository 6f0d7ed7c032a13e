"""The fee profile: lifetime billed per fee band, effective rates, clients and the next tier."""

from decimal import Decimal

import pytest

from advisor.errors import ScheduleError
from advisor.fees import SCHEDULES, Band, FeeSchedule
from advisor.momentum import (
    ClientCounts,
    ClientLifetime,
    FeeProfile,
    LifetimeBilling,
    RecordedFees,
    band_label,
    banded_schedule,
    fee_profile,
)

D = Decimal
TIERED = SCHEDULES["upwork-tiered"]
FLAT = SCHEDULES["upwork-flat"]
ZERO = D(0)
ONE_CLIENT = ClientCounts(1, 0)
NOTHING_RECORDED = RecordedFees(D(0), D(0))


def lifetime(
    total: str, bands: tuple[str, ...], *, jobs: int = 1, clients: int = 1
) -> LifetimeBilling:
    return LifetimeBilling(
        jobs=jobs, clients=clients, total=D(total), billed_in_band=tuple(D(p) for p in bands)
    )


def profile(
    billing: LifetimeBilling,
    *,
    schedule: FeeSchedule = TIERED,
    counts: ClientCounts = ONE_CLIENT,
    near: tuple[ClientLifetime, ...] = (),
    recorded: RecordedFees = NOTHING_RECORDED,
) -> FeeProfile:
    return fee_profile(schedule, "USD", billing, counts, near, recorded)


@pytest.mark.parametrize(
    ("billing", "fee", "rate"),
    [
        # The seed: one $15,000 job pays $1,300; thirty $500 jobs for new clients pay $3,000.
        (lifetime("15000", ("500", "9500", "5000")), "1300.00", "0.0867"),
        (lifetime("15000", ("15000", "0", "0"), jobs=30, clients=30), "3000.00", "0.2000"),
        (lifetime("600", ("500", "100", "0")), "110.00", "0.1833"),
        (lifetime("0", ("0", "0", "0"), jobs=0, clients=0), "0.00", None),
    ],
)
def test_bands_give_the_estimated_fee_and_effective_rate(
    billing: LifetimeBilling, fee: str, rate: str | None
) -> None:
    result = profile(billing)
    assert result.estimated_fee == D(fee)
    assert result.effective_fee_rate == (D(rate) if rate else None)


def test_each_band_shows_its_billed_amount_and_fee() -> None:
    result = profile(lifetime("15000", ("500", "9500", "5000")))
    assert [(band.label, band.billed, band.fee) for band in result.bands] == [
        ("20% on the first $500", D(500), D("100.00")),
        ("10% from $500 to $10,000", D(9500), D("950.00")),
        ("5% above $10,000", D(5000), D("250.00")),
    ]


def test_recorded_fee_rate_comes_from_billings_that_record_their_fee() -> None:
    recorded = RecordedFees(fees=D("26.66"), billed=D("266.64"))
    result = profile(lifetime("1000", ("500", "500", "0")), recorded=recorded)
    assert result.recorded_fee_rate == D("0.1000")


def test_no_recorded_fees_means_no_recorded_rate() -> None:
    assert profile(lifetime("1000", ("500", "500", "0"))).recorded_fee_rate is None


@pytest.mark.parametrize(
    ("total", "jobs", "clients", "job_size", "client_spend"),
    [
        ("10000", 10, 4, "1000.00", "2500.00"),
        ("1000", 3, 3, "333.33", "333.33"),
        ("0.05", 2, 2, "0.03", "0.03"),
        ("0", 0, 0, None, None),
    ],
)
def test_average_job_size_and_client_spend_are_rounded_to_the_cent(
    total: str, jobs: int, clients: int, job_size: str | None, client_spend: str | None
) -> None:
    result = profile(lifetime(total, (total, "0", "0"), jobs=jobs, clients=clients))
    assert result.average_job_size == (D(job_size) if job_size else None)
    assert result.average_client_spend == (D(client_spend) if client_spend else None)


@pytest.mark.parametrize(
    ("clients", "repeat", "rate"),
    [(4, 1, "0.2500"), (3, 2, "0.6667"), (1, 1, "1.0000"), (0, 0, None)],
)
def test_repeat_client_rate_is_the_share_of_clients_who_came_back(
    clients: int, repeat: int, rate: str | None
) -> None:
    result = profile(lifetime("0", ("0", "0", "0")), counts=ClientCounts(clients, repeat))
    assert (result.clients, result.repeat_clients) == (clients, repeat)
    assert result.repeat_client_rate == (D(rate) if rate else None)


def test_clients_closest_to_their_next_tier_come_first_with_what_remains() -> None:
    near = (
        ClientLifetime(1, "Acme", D("9800")),
        ClientLifetime(2, "Globex", D("400")),
        ClientLifetime(3, "Initech", D("12000")),
    )
    result = profile(lifetime("22200", ("1500", "19200", "2000")), near=near)
    assert [
        (c.client_name, c.remaining, c.rate, c.next_rate) for c in result.closest_to_next_tier
    ] == [
        ("Globex", D("100.00"), D("0.20"), D("0.10")),
        ("Acme", D("200.00"), D("0.10"), D("0.05")),
    ]


def test_a_flat_schedule_has_one_band_and_no_next_tier() -> None:
    result = profile(
        lifetime("1000", ("1000",)),
        schedule=FLAT,
        near=(ClientLifetime(1, "Acme", D("400")),),
    )
    assert [(band.label, band.fee) for band in result.bands] == [("10% on all", D("100.00"))]
    assert result.closest_to_next_tier == ()


def test_band_totals_must_match_the_schedule() -> None:
    with pytest.raises(ValueError, match="one total per band"):
        profile(lifetime("1000", ("1000",)))


@pytest.mark.parametrize("key", ["upwork-variable", "custom"])
def test_schedule_without_set_bands_is_refused_with_what_to_pick(key: str) -> None:
    with pytest.raises(ScheduleError, match="upwork-tiered"):
        banded_schedule(key)


@pytest.mark.parametrize(
    ("band", "currency", "label"),
    [
        (Band(ZERO, D(500), D("0.20")), "USD", "20% on the first $500"),
        (Band(D(500), D(10000), D("0.10")), "USD", "10% from $500 to $10,000"),
        (Band(D(10000), None, D("0.05")), "USD", "5% above $10,000"),
        (Band(ZERO, None, D("0.10")), "USD", "10% on all"),
        (Band(D(250), D(5000), D("0.075")), "GBP", "7.5% from £250 to £5,000"),
    ],
)
def test_band_label_reads_as_a_sentence(band: Band, currency: str, label: str) -> None:
    assert band_label(band, currency) == label


def test_lifetime_billing_refuses_float_money() -> None:
    with pytest.raises(TypeError):
        LifetimeBilling(1, 1, 1000.0, (D(0),))  # type: ignore[arg-type]


def test_recorded_fees_refuse_float_money() -> None:
    with pytest.raises(TypeError):
        RecordedFees(fees=2.5, billed=D(25))  # type: ignore[arg-type]
