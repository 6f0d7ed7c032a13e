"""The fee profile: where the member's lifetime billings fall in their fee schedule's bands.

The seed (#3): "BETTER projects" beat "more projects", because the platform keeps less of the
money billed to a client the more that client has been billed. The profile shows the lifetime
billed in each band (per client for per-client schedules such as Upwork's 2016–2023 tiers), the
fee those bands imply over the whole history and its effective rate, the rate the platform
actually kept over the last 12 months where billings record their fee, the repeat-client rate, the average spend per
client, and the clients closest to their next, cheaper band.

The fee here is an estimate of the history as a whole: the platform rounds each transaction to
the cent, so the real total can differ by a few cents per billing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from advisor.errors import ScheduleError
from advisor.fees import Band, FeeSchedule, fee_tier, get_schedule
from advisor.momentum.inputs import ClientCounts, ClientLifetime, LifetimeBilling, RecordedFees
from advisor.money import cents, format_money, format_rate

_RATE_PLACES = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class BandTotal:
    """Lifetime billed that fell in one band, and the fee it implies at the band's rate."""

    band: Band
    label: str
    billed: Decimal
    fee: Decimal


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
    """The member's lifetime billings seen through their fee schedule, in `currency`.

    Rates are fractions (0.1 is 10%) to four decimals; None where nothing was billed yet.
    `recorded_fee_rate` is what the platform actually kept over the last 12 months, from the
    billings that record their fee (None when none do). `repeat_client_rate` is the share of
    clients who hired the member for a second contract; `jobs` counts contracts with money billed.
    """

    schedule: FeeSchedule
    currency: str
    lifetime_billed: Decimal
    bands: tuple[BandTotal, ...]
    estimated_fee: Decimal
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


def banded_schedule(schedule: str | FeeSchedule) -> FeeSchedule:
    """The schedule the profile is built on; one whose rate is set per contract has no bands."""
    resolved = schedule if isinstance(schedule, FeeSchedule) else get_schedule(schedule)
    if resolved.needs_rate or not resolved.bands:
        raise ScheduleError(
            f"{resolved.label} has no set bands to sort your billings into: pick a schedule "
            "such as upwork-tiered or upwork-flat."
        )
    return resolved


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


def _rate(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole <= 0:
        return None
    return (part / whole).quantize(_RATE_PLACES, rounding=ROUND_HALF_UP)


def _progress(schedule: FeeSchedule, client: ClientLifetime) -> ClientProgress | None:
    tier = fee_tier(schedule, client.lifetime_billed)
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


def fee_profile(
    schedule: FeeSchedule,
    currency: str,
    lifetime: LifetimeBilling,
    client_counts: ClientCounts,
    clients_near_next_tier: tuple[ClientLifetime, ...],
    recorded_fees: RecordedFees,
) -> FeeProfile:
    """The profile from lifetime sums; see the module docstring."""
    schedule = banded_schedule(schedule)
    if len(lifetime.billed_in_band) != len(schedule.bands):
        raise ValueError("billed_in_band needs one total per band of the schedule")
    bands = tuple(
        BandTotal(
            band=band,
            label=band_label(band, currency),
            billed=billed,
            fee=cents(billed * band.rate),
        )
        for band, billed in zip(schedule.bands, lifetime.billed_in_band, strict=True)
    )
    estimated_fee = cents(
        sum(
            (
                billed * band.rate
                for band, billed in zip(schedule.bands, lifetime.billed_in_band, strict=True)
            ),
            Decimal(0),
        )
    )
    progress = (
        tuple(
            found
            for found in (_progress(schedule, client) for client in clients_near_next_tier)
            if found is not None
        )
        if schedule.per_client
        else ()
    )
    return FeeProfile(
        schedule=schedule,
        currency=currency,
        lifetime_billed=lifetime.total,
        bands=bands,
        estimated_fee=estimated_fee,
        effective_fee_rate=_rate(estimated_fee, lifetime.total),
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
