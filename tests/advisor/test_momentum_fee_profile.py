"""The fee profile: what the platform kept, by the rate each billing paid, and the clients tiered
per client nearest a cheaper band."""

from decimal import Decimal

import pytest

from advisor.fees import Band
from advisor.momentum import (
    ClientCounts,
    ClientLifetime,
    FeeProfile,
    LifetimeBilling,
    PaidRate,
    RecordedFees,
    band_label,
    fee_profile,
)

D = Decimal
ZERO = D(0)
ONE_CLIENT = ClientCounts(1, 0)
NOTHING = RecordedFees(D(0), D(0))


def lifetime(total: str, *, jobs: int = 1, clients: int = 1) -> LifetimeBilling:
    return LifetimeBilling(jobs=jobs, clients=clients, total=D(total))


def profile(
    billing: LifetimeBilling,
    *,
    counts: ClientCounts = ONE_CLIENT,
    near: tuple[ClientLifetime, ...] = (),
    paid: tuple[PaidRate, ...] = (),
    fees: RecordedFees = NOTHING,
    recorded: RecordedFees = NOTHING,
) -> FeeProfile:
    return fee_profile("USD", billing, counts, near, paid, fees, recorded)


def test_the_effective_rate_is_the_stored_fees_over_the_money_they_were_on() -> None:
    # A 2026 statement whose fees total 9.70% of what they were on.
    result = profile(lifetime("10000"), fees=RecordedFees(D("970.00"), D("10000.00")))
    assert (result.fees, result.effective_fee_rate) == (D("970.00"), D("0.0970"))


def test_no_known_fee_means_no_effective_rate() -> None:
    assert profile(lifetime("1000")).effective_fee_rate is None


def test_money_is_listed_by_rate_dearest_first_unknown_fees_last() -> None:
    paid = (
        PaidRate(D("0.10"), D("600"), D("60")),
        PaidRate(None, D("50"), D("0")),
        PaidRate(D("0.15"), D("1000"), D("150")),
        PaidRate(D("0.05"), D("0"), D("0")),
    )
    result = profile(lifetime("1650"), paid=paid)
    assert [(rate.label, rate.billed, rate.fees) for rate in result.paid_rates] == [
        ("15%", D("1000"), D("150")),
        ("10%", D("600"), D("60")),
        ("fee not known", D("50"), D("0")),
    ]


def test_recorded_fee_rate_comes_from_the_last_12_months() -> None:
    recorded = RecordedFees(fees=D("26.66"), billed=D("266.64"))
    assert profile(lifetime("1000"), recorded=recorded).recorded_fee_rate == D("0.1000")


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
    result = profile(lifetime(total, jobs=jobs, clients=clients))
    assert result.average_job_size == (D(job_size) if job_size else None)
    assert result.average_client_spend == (D(client_spend) if client_spend else None)


@pytest.mark.parametrize(
    ("clients", "repeat", "rate"),
    [(4, 1, "0.2500"), (3, 2, "0.6667"), (1, 1, "1.0000"), (0, 0, None)],
)
def test_repeat_client_rate_is_the_share_of_clients_who_came_back(
    clients: int, repeat: int, rate: str | None
) -> None:
    result = profile(lifetime("0"), counts=ClientCounts(clients, repeat))
    assert (result.clients, result.repeat_clients) == (clients, repeat)
    assert result.repeat_client_rate == (D(rate) if rate else None)


def test_clients_closest_to_their_next_tier_come_first_with_what_remains() -> None:
    near = (
        ClientLifetime(1, "Acme", D("9800")),
        ClientLifetime(2, "Globex", D("400")),
        ClientLifetime(3, "Initech", D("12000")),
        ClientLifetime(4, "Hooli", D("200"), "peopleperhour"),
    )
    result = profile(lifetime("22400"), near=near)
    assert [
        (c.client_name, c.remaining, c.rate, c.next_rate) for c in result.closest_to_next_tier
    ] == [
        ("Hooli", D("50.00"), D("0.20"), D("0.075")),
        ("Globex", D("100.00"), D("0.20"), D("0.10")),
        ("Acme", D("200.00"), D("0.10"), D("0.05")),
    ]


def test_a_client_whose_schedule_is_not_tiered_has_no_next_tier() -> None:
    near = (ClientLifetime(1, "Acme", D("400"), "upwork-flat"),)
    assert profile(lifetime("400"), near=near).closest_to_next_tier == ()


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
        LifetimeBilling(1, 1, 1000.0)  # type: ignore[arg-type]


def test_recorded_fees_refuse_float_money() -> None:
    with pytest.raises(TypeError):
        RecordedFees(fees=2.5, billed=D(25))  # type: ignore[arg-type]
