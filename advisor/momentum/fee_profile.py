"""The fee profile: what the platform actually kept of the member's billings, and where the
clients tiered per client stand.

The seed (#3): "BETTER projects" beat "more projects", because under Upwork's 2016–2023 tiers the
platform kept less of the money billed to a client the more that client had been billed. The
profile reads the fees stored on the member's billings, whether recorded from a statement or
worked out by Gigwise from each contract's terms on its date: the money billed at each rate paid,
the fees in all and their effective rate, the rate kept over the last 12 months, the
repeat-client rate, the average spend per client, and, for clients whose contracts are priced by a
schedule tiered per client, the closest to their next, cheaper band. Nothing here is worked out
from the server's settings, so a record reads the same whoever changes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from advisor.fees import Band, fee_tier, get_schedule
from advisor.momentum.inputs import (
    ClientCounts,
    ClientLifetime,
    LifetimeBilling,
    PaidRate,
    RecordedFees,
)
from advisor.money import cents, format_money, format_rate

_RATE_PLACES = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class RateTotal:
    """Money billed at one rate of fee, and the fees on it; `label` reads `15%` (or
    `fee not known`)."""

    rate: Decimal | None
    label: str
    billed: Decimal
    fees: Decimal


@dataclass(frozen=True, slots=True)
class ClientProgress:
    """A client on its way to a cheaper band: `remaining` more billed reaches `next_rate`."""

    client_id: int
    client_name: str
    lifetime_billed: Decimal
    rate: Decimal
    next_rate: Decimal
    remaining: Decimal
    progress: Decimal


@dataclass(frozen=True, slots=True)
class FeeProfile:
    """What the platform kept of the member's billings, in `currency`.

    Rates are fractions (0.1 is 10%) to four decimals; None where no fee is known yet.
    `effective_fee_rate` is over every billing whose fee is known, `recorded_fee_rate` over those
    of the last 12 months. `repeat_client_rate` is the share of clients who hired the member for
    a second contract; `jobs` counts contracts with money billed.
    """

    currency: str
    lifetime_billed: Decimal
    paid_rates: tuple[RateTotal, ...]
    fees: Decimal
    billed_with_fee: Decimal
    effective_fee_rate: Decimal | None
    recorded_fee_rate: Decimal | None
    jobs: int
    average_job_size: Decimal | None
    clients_billed: int
    average_client_spend: Decimal | None
    clients: int
    repeat_clients: int
    repeat_client_rate: Decimal | None
    closest_to_next_tier: tuple[ClientProgress, ...]


def band_label(band: Band, currency: str) -> str:
    """`20% on the first $500`, `10% from $500 to $10,000`, `5% above $10,000`, `10% on all`."""
    rate = format_rate(band.rate)
    if band.end is None:
        if band.start == 0:
            return f"{rate} on all"
        return f"{rate} above {format_money(band.start, currency, trim_zero_cents=True)}"
    end = format_money(band.end, currency, trim_zero_cents=True)
    if band.start == 0:
        return f"{rate} on the first {end}"
    start = format_money(band.start, currency, trim_zero_cents=True)
    return f"{rate} from {start} to {end}"


def rate_label(rate: Decimal | None) -> str:
    """`15%`, `7.5%`, or `fee not known`."""
    return "fee not known" if rate is None else format_rate(rate)


def _rate(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole <= 0:
        return None
    return (part / whole).quantize(_RATE_PLACES, rounding=ROUND_HALF_UP)


def _progress(client: ClientLifetime) -> ClientProgress | None:
    schedule = get_schedule(client.schedule_key)
    if not schedule.per_client or len(schedule.bands) < 2:
        return None
    tier = fee_tier(schedule, max(client.lifetime_billed, Decimal(0)))
    if tier.next_band is None or tier.progress_to_next_band is None:
        return None
    return ClientProgress(
        client_id=client.client_id,
        client_name=client.client_name,
        lifetime_billed=client.lifetime_billed,
        rate=tier.rate,
        next_rate=tier.next_band.rate,
        remaining=tier.next_band.remaining,
        progress=tier.progress_to_next_band,
    )


def _paid_rates(paid: tuple[PaidRate, ...]) -> tuple[RateTotal, ...]:
    # Dearest first, unknown fees last: the seed's point is how much the high rates cost.
    ordered = sorted(paid, key=lambda p: (p.rate is None, -(p.rate or Decimal(0))))
    return tuple(
        RateTotal(rate=p.rate, label=rate_label(p.rate), billed=p.billed, fees=p.fees)
        for p in ordered
        if p.billed
    )


def fee_profile(
    currency: str,
    lifetime: LifetimeBilling,
    client_counts: ClientCounts,
    clients_near_next_tier: tuple[ClientLifetime, ...],
    paid_rates: tuple[PaidRate, ...],
    lifetime_fees: RecordedFees,
    recorded_fees: RecordedFees,
) -> FeeProfile:
    """The profile from lifetime sums and the stored fees; see the module docstring."""
    progress = tuple(
        found
        for found in (_progress(client) for client in clients_near_next_tier)
        if found is not None
    )
    return FeeProfile(
        currency=currency,
        lifetime_billed=lifetime.total,
        paid_rates=_paid_rates(paid_rates),
        fees=lifetime_fees.fees,
        billed_with_fee=lifetime_fees.billed,
        effective_fee_rate=_rate(lifetime_fees.fees, lifetime_fees.billed),
        recorded_fee_rate=_rate(recorded_fees.fees, recorded_fees.billed),
        jobs=lifetime.jobs,
        average_job_size=cents(lifetime.total / lifetime.jobs) if lifetime.jobs else None,
        clients_billed=lifetime.clients,
        average_client_spend=(
            cents(lifetime.total / lifetime.clients) if lifetime.clients else None
        ),
        clients=client_counts.clients,
        repeat_clients=client_counts.repeat_clients,
        repeat_client_rate=_rate(
            Decimal(client_counts.repeat_clients), Decimal(client_counts.clients)
        ),
        closest_to_next_tier=tuple(
            sorted(progress, key=lambda client: (client.remaining, client.client_name))
        ),
    )
