"""Platform fee schedules as data, and what a bill leaves a freelancer after the platform's fee.

A schedule is a list of marginal bands: each band's rate applies only to the money inside it, the
way Upwork's 2016–2023 sliding fee worked (20% of the first $500 billed to a client, 10% up to
$10,000, 5% above). Per-client schedules run the bands on lifetime billings with one client, so the
same bill costs less with a client you have already billed a lot. A flat rate is a single band.

The fee is computed exactly and rounded to the cent once per transaction (half up), as Upwork's own
example does ($266.64 billed, $26.66 fee); the net is the bill minus that fee, so the two always
add up. All amounts are in the schedule's currency. Scenarios at the end compare ways to bill the
same total, each job going to a new client.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext
from types import MappingProxyType

from advisor.errors import (
    AmountError,
    CurrencyConversion,
    InputError,
    ScenarioError,
    ScheduleError,
)
from advisor.money import (
    CENT,
    MAX_AMOUNT,
    cents,
    format_money,
    format_rate,
    parse_money,
    require_money,
)

ZERO = Decimal(0)
ONE = Decimal(1)
HALF_CENT = Decimal("0.005")
MAX_JOBS = 1000
SCENARIO_HINT = "Type a scenario like 30x500, 3 x $5k or 15000 (one job)."


@dataclass(frozen=True)
class Band:
    """A marginal fee band: `rate` applies to billings from `start` up to `end` (None: no end)."""

    start: Decimal
    end: Decimal | None
    rate: Decimal


@dataclass(frozen=True)
class FeeSchedule:
    """One platform's freelancer-side fee, with where the numbers come from."""

    key: str
    platform: str
    # Where a member's clients under this schedule are filed (`upwork`): one client is the same
    # client whichever of a platform's schedules priced its contracts.
    ledger_platform: str
    label: str
    currency: str
    # Empty when the member gives the rate (needs_rate): the bands are then one flat band at it.
    bands: tuple[Band, ...]
    per_client: bool
    needs_rate: bool
    rate_range: tuple[Decimal, Decimal] | None
    # A floor on the fee for fixed-price work (Freelancer.com); hourly payments have none.
    minimum_fee: Decimal | None
    effective_from: date | None
    effective_to: date | None
    source: str
    note: str
    # What the platform calls the other side, for sentences shown to the member.
    client_word: str = "client"
    # How a schedule no longer in force is named in a title ("Upwork's 2016–2023 tiers kept
    # $1,300.00"): an outdated rule is never stated in the present tense.
    era_name: str = ""
    # Offered in the platform option; the calendar's own eras need not be picked by hand.
    listed: bool = True

    def in_force_on(self, day: date) -> bool:
        """Whether the platform charged this schedule on `day` (always, for one with no dates)."""
        starts_ok = self.effective_from is None or self.effective_from <= day
        return starts_ok and (self.effective_to is None or day <= self.effective_to)

    @property
    def set_in_money(self) -> bool:
        """Whether the schedule names amounts of money (bands, a minimum fee), which tie it to its
        currency; a flat rate is a share of the bill in whatever currency it is."""
        return self.minimum_fee is not None or len(self.bands) > 1

    def in_currency(self, currency: str | None, default: str | None = None) -> FeeSchedule:
        """This schedule for a bill in `currency`: a bill with no currency is in `default`
        unless the schedule is set in money (then in its own). A flat rate takes any currency;
        bands and minimums are never converted, so another currency for them is refused."""
        wanted = currency or (None if self.set_in_money else default) or self.currency
        if wanted == self.currency:
            return self
        if self.set_in_money:
            raise CurrencyConversion(
                f"{self.label} is set in {self.currency}: its bands and minimums are amounts in "
                f"{self.currency}, and Gigwise doesn't convert currencies. Give the amount in "
                f"{self.currency}, or pick a platform that charges a flat rate."
            )
        return replace(self, currency=wanted)


@dataclass(frozen=True)
class FeeLine:
    """The part of a bill that falls in one band, with that part's fee to the cent for display."""

    band: Band
    amount_in_band: Decimal
    fee: Decimal


@dataclass(frozen=True)
class NextBand:
    """The cheaper band after the current one, and how much more billing reaches it."""

    rate: Decimal
    starts_at: Decimal
    remaining: Decimal


@dataclass(frozen=True)
class FeeBreakdown:
    """What one bill costs in fees and leaves the freelancer.

    `lines` are rounded one by one for display, so they can differ from `fee` by a cent; `fee` is
    the exact band total rounded once. `minimum_fee_applied` says the fixed-price floor set the fee.
    """

    schedule: FeeSchedule
    amount: Decimal
    lifetime_billed_before: Decimal
    rate: Decimal | None
    lines: tuple[FeeLine, ...]
    fee: Decimal
    net: Decimal
    effective_rate: Decimal
    next_band: NextBand | None
    progress_to_next_band: Decimal | None
    minimum_fee_applied: bool = False
    # The rate the next cent billed to the same client pays (the lowest band's once past it).
    next_rate: Decimal = ZERO

    @property
    def lifetime_billed_after(self) -> Decimal:
        """What the client has been billed once this bill is paid."""
        return self.lifetime_billed_before + self.amount


def _flat(rate: str) -> tuple[Band, ...]:
    return (Band(ZERO, None, Decimal(rate)),)


_UPWORK_FEE_ARTICLE = "https://support.upwork.com/hc/en-us/articles/211062538"

SCHEDULES: Mapping[str, FeeSchedule] = MappingProxyType(
    {
        schedule.key: schedule
        for schedule in (
            FeeSchedule(
                key="upwork-tiered",
                platform="Upwork",
                ledger_platform="upwork",
                label="Upwork's 2016–2023 sliding fee",
                era_name="Upwork's 2016–2023 tiers",
                currency="USD",
                bands=(
                    Band(ZERO, Decimal(500), Decimal("0.20")),
                    Band(Decimal(500), Decimal(10000), Decimal("0.10")),
                    Band(Decimal(10000), None, Decimal("0.05")),
                ),
                per_client=True,
                needs_rate=False,
                rate_range=None,
                minimum_fee=None,
                effective_from=date(2016, 6, 21),
                effective_to=date(2023, 5, 2),
                source=f"{_UPWORK_FEE_ARTICLE}-Upwork-Service-Fee (2016 version)",
                note=(
                    "Upwork's fee for contracts from 21 June 2016 to 2 May 2023, on lifetime "
                    "billings with each client; it has been a flat 10% since 3 May 2023."
                ),
            ),
            FeeSchedule(
                key="upwork-2015",
                platform="Upwork",
                ledger_platform="upwork",
                label="Upwork's flat 10% fee until June 2016",
                era_name="Upwork's flat 10% until June 2016",
                currency="USD",
                bands=_flat("0.10"),
                per_client=False,
                needs_rate=False,
                rate_range=None,
                minimum_fee=None,
                effective_from=None,
                effective_to=date(2016, 6, 20),
                source=f"{_UPWORK_FEE_ARTICLE}-Upwork-Service-Fee (2016 version)",
                note="10% of everything billed, until the per-client tiers of 21 June 2016.",
                listed=False,
            ),
            FeeSchedule(
                key="upwork-kept-5",
                platform="Upwork",
                ledger_platform="upwork",
                label="Upwork's 5% for contracts already past $10,000",
                era_name="Upwork's 5% for contracts already past $10,000",
                currency="USD",
                bands=_flat("0.05"),
                per_client=False,
                needs_rate=False,
                rate_range=None,
                minimum_fee=None,
                effective_from=date(2016, 6, 21),
                effective_to=date(2023, 12, 31),
                source=(
                    f"{_UPWORK_FEE_ARTICLE}-Freelancer-Service-Fees (2023–2024 version); "
                    "menaceandwhimsy.com (2016-05-04)"
                ),
                note=(
                    "Contracts already past $10,000 with their client kept 5%: from June 2016 "
                    "those active before the tiers, and until the end of 2023 those at 5% on "
                    "3 May 2023."
                ),
                listed=False,
            ),
            FeeSchedule(
                key="upwork-flat",
                platform="Upwork",
                ledger_platform="upwork",
                label="Upwork's flat 10% fee",
                currency="USD",
                bands=_flat("0.10"),
                per_client=False,
                needs_rate=False,
                rate_range=None,
                minimum_fee=None,
                effective_from=date(2023, 5, 3),
                effective_to=None,
                source=f"{_UPWORK_FEE_ARTICLE}-Freelancer-Service-Fees (2023–2024 version)",
                note=(
                    "Since 3 May 2023; contracts from about May 2025 may carry a 0–15% "
                    "per-contract rate instead (UNCONFIRMED)."
                ),
            ),
            FeeSchedule(
                key="upwork-variable",
                platform="Upwork",
                ledger_platform="upwork",
                label="Upwork's per-contract fee (0–15%)",
                currency="USD",
                bands=(),
                per_client=False,
                needs_rate=True,
                rate_range=(ZERO, Decimal("0.15")),
                minimum_fee=None,
                effective_from=date(2025, 5, 1),
                effective_to=None,
                source=(
                    "Secondary sources only, e.g. "
                    "https://golance.com/de/blogs/upwork-fees-explained-2026"
                ),
                note=(
                    "UNCONFIRMED start date (about 1 May 2025): use the 0–15% rate shown on your "
                    "proposal, offer or contract."
                ),
            ),
            FeeSchedule(
                key="fiverr",
                platform="Fiverr",
                ledger_platform="fiverr",
                label="Fiverr's 20% commission",
                currency="USD",
                bands=_flat("0.20"),
                per_client=False,
                needs_rate=False,
                rate_range=None,
                minimum_fee=None,
                effective_from=None,
                effective_to=None,
                source=(
                    "Fiverr Terms of Service ('net revenue of 80%'), quoted at "
                    "https://community.fiverr.com/forums/topic/96736"
                ),
                note="Fiverr credits sellers with 80% of each order.",
            ),
            FeeSchedule(
                key="freelancer",
                platform="Freelancer.com",
                ledger_platform="freelancer",
                label="Freelancer.com's project fee",
                currency="USD",
                bands=_flat("0.10"),
                per_client=False,
                needs_rate=False,
                rate_range=None,
                minimum_fee=Decimal("5.00"),
                effective_from=None,
                effective_to=None,
                source="https://www.freelancer.in/support/Payments/project-fees",
                note=(
                    "Fixed-price: 10% or $5.00, whichever is greater; hourly: 10% of each payment."
                ),
            ),
            FeeSchedule(
                key="peopleperhour",
                platform="PeoplePerHour",
                ledger_platform="peopleperhour",
                label="PeoplePerHour's lifetime-billing fee",
                currency="GBP",
                bands=(
                    Band(ZERO, Decimal(250), Decimal("0.20")),
                    Band(Decimal(250), Decimal(5000), Decimal("0.075")),
                    Band(Decimal(5000), None, Decimal("0.035")),
                ),
                per_client=True,
                needs_rate=False,
                rate_range=None,
                minimum_fee=None,
                effective_from=date(2018, 7, 1),
                effective_to=None,
                source=(
                    "https://support.peopleperhour.com/hc/en-us/articles/"
                    "360001460527-New-Fee-Scheme-FAQ (tier amounts from secondary sources)"
                ),
                note=(
                    "Since 1 July 2018, on lifetime billings with each buyer; the tier amounts "
                    "come from secondary sources (UNCONFIRMED)."
                ),
                client_word="buyer",
            ),
            FeeSchedule(
                key="malt",
                platform="Malt",
                ledger_platform="malt",
                label="Malt's service fee",
                currency="EUR",
                bands=_flat("0.10"),
                per_client=False,
                needs_rate=False,
                rate_range=None,
                minimum_fee=None,
                effective_from=None,
                effective_to=None,
                source="https://help.malt.com/kb/guide/en/how-do-malt-service-fees-work-o9VJvwbapP",
                note=(
                    "Up to 10% excluding tax; 0% for clients you bring through Malt Open and for "
                    "UK freelancers."
                ),
            ),
            FeeSchedule(
                key="contra",
                platform="Contra",
                ledger_platform="contra",
                label="Contra (commission-free)",
                currency="USD",
                bands=_flat("0"),
                per_client=False,
                needs_rate=False,
                rate_range=None,
                minimum_fee=None,
                effective_from=None,
                effective_to=None,
                source="https://help.contra.com/en/articles/9322934-understanding-client-fees-on-contra",
                note="Commission-free for freelancers; clients pay Contra's fees.",
            ),
            FeeSchedule(
                key="custom",
                platform="Custom",
                ledger_platform="custom",
                label="Your own rate",
                currency="USD",
                bands=(),
                per_client=False,
                needs_rate=True,
                rate_range=(ZERO, ONE),
                minimum_fee=None,
                effective_from=None,
                effective_to=None,
                source="The rate you give.",
                note="A flat rate you choose, from 0% to 100%.",
            ),
        )
    }
)
DEFAULT_SCHEDULE_KEY = "upwork-tiered"


def schedule_or_default(key: str | None) -> FeeSchedule:
    """The schedule with this key; the default one for no key or a key no longer offered (a
    server setting or a contract saved before it was retired)."""
    if key is not None and key in SCHEDULES:
        return SCHEDULES[key]
    return SCHEDULES[DEFAULT_SCHEDULE_KEY]


def banded(schedule: FeeSchedule) -> FeeSchedule:
    """The schedule billings are banded by in summaries: one whose rate is set per contract
    has no bands of its own, so the default's are used."""
    return SCHEDULES[DEFAULT_SCHEDULE_KEY] if schedule.needs_rate else schedule


def schedule_for_client(ledger_platform: str, preferred: FeeSchedule) -> FeeSchedule | None:
    """The schedule a client filed under `ledger_platform` is tiered by: `preferred` if it is
    one of that platform's, else the platform's first that needs no rate; None if none."""
    if preferred.ledger_platform == ledger_platform:
        return preferred
    for schedule in SCHEDULES.values():
        if schedule.ledger_platform == ledger_platform and not schedule.needs_rate:
            return schedule
    return None


def get_schedule(key: str) -> FeeSchedule:
    """Find a schedule by key, ignoring case, surrounding spaces and space/underscore for hyphen."""
    normalized = re.sub(r"[\s_]+", "-", key.strip().lower())
    try:
        return SCHEDULES[normalized]
    except KeyError:
        listed = ", ".join(key for key, schedule in SCHEDULES.items() if schedule.listed)
        raise ScheduleError(f"Unknown fee schedule. Type one of: {listed}.") from None


def _resolve(schedule: str | FeeSchedule) -> FeeSchedule:
    return schedule if isinstance(schedule, FeeSchedule) else get_schedule(schedule)


def _bill(value: object, what: str) -> Decimal:
    """A positive amount of whole cents, up to MAX_AMOUNT."""
    amount = require_money(value)
    if amount <= 0:
        raise AmountError(f"The {what} must be more than zero: type an amount like 500 or 15k.")
    if amount != cents(amount):
        raise AmountError(f"The {what} must be in whole cents: type at most 2 decimals.")
    if amount > MAX_AMOUNT:
        raise AmountError(
            f"Gigwise works with amounts up to {format_money(MAX_AMOUNT, trim_zero_cents=True)}: "
            "type a smaller amount."
        )
    return amount


def _lifetime(value: object) -> Decimal:
    billed = require_money(value)
    if billed < 0:
        raise InputError(
            "Lifetime billings with a client can't be negative: type 0 for a new client."
        )
    if billed != cents(billed):
        raise AmountError("Lifetime billings must be in whole cents: type at most 2 decimals.")
    if billed > MAX_AMOUNT:
        raise AmountError(
            f"Gigwise works with lifetime billings up to "
            f"{format_money(MAX_AMOUNT, trim_zero_cents=True)}: type a smaller amount."
        )
    return billed


def _bands_for(schedule: FeeSchedule, rate: Decimal | None) -> tuple[Band, ...]:
    """The schedule's bands, or one flat band at the member's rate; checks the rate is allowed."""
    if not schedule.needs_rate:
        if rate is not None:
            raise ScheduleError(
                f"{schedule.label} has a set rate, so leave the rate out; use the custom "
                "schedule to try your own rate."
            )
        return schedule.bands
    if rate is None:
        raise ScheduleError(
            f"{schedule.label} needs the fee rate from your contract: type it as a percentage, "
            "like 10%."
        )
    given = require_money(rate)
    low, high = schedule.rate_range or (ZERO, ONE)
    if not low <= given <= high:
        raise ScheduleError(
            f"{schedule.label} runs from {format_rate(low)} to {format_rate(high)}: type a rate "
            "in that range."
        )
    return (Band(ZERO, None, given),)


def _split(
    bands: tuple[Band, ...], start: Decimal, amount: Decimal
) -> Iterator[tuple[Band, Decimal]]:
    """The part of billings from `start` to `start + amount` inside each band it touches."""
    stop = start + amount
    for band in bands:
        low = max(band.start, start)
        high = stop if band.end is None else min(band.end, stop)
        if high > low:
            yield band, (high - low).quantize(CENT)


def _current_band(bands: tuple[Band, ...], position: Decimal) -> int:
    for index, band in enumerate(bands):
        if band.end is None or position < band.end:
            return index
    raise AssertionError("the last band of a schedule has no end")


def _progress(bands: tuple[Band, ...], position: Decimal) -> tuple[NextBand | None, Decimal | None]:
    index = _current_band(bands, position)
    band = bands[index]
    if band.end is None:
        return None, None
    following = bands[index + 1]
    next_band = NextBand(
        rate=following.rate, starts_at=band.end, remaining=(band.end - position).quantize(CENT)
    )
    # Rounded down so the bar never looks full before the cheaper band is reached.
    progress = ((position - band.start) / (band.end - band.start)).quantize(
        Decimal("0.0001"), rounding=ROUND_DOWN
    )
    return next_band, progress


@dataclass(frozen=True)
class FeeTier:
    """Where billings with one client stand: the rate the next dollar pays, and the way down."""

    schedule: FeeSchedule
    lifetime_billed: Decimal
    rate: Decimal
    next_band: NextBand | None
    progress_to_next_band: Decimal | None


def fee_tier(
    schedule: str | FeeSchedule,
    lifetime_billed: Decimal = ZERO,
    rate: Decimal | None = None,
) -> FeeTier:
    """The tier a client is in after `lifetime_billed`, without pricing any bill."""
    resolved = _resolve(schedule)
    lifetime = _lifetime(lifetime_billed)
    bands = _bands_for(resolved, rate)
    next_band, progress = _progress(bands, lifetime)
    return FeeTier(
        schedule=resolved,
        lifetime_billed=lifetime,
        rate=bands[_current_band(bands, lifetime)].rate,
        next_band=next_band,
        progress_to_next_band=progress,
    )


def _effective_rate(fee: Decimal, amount: Decimal) -> Decimal:
    return (fee / amount).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def fee_for(
    amount: Decimal,
    schedule: str | FeeSchedule = DEFAULT_SCHEDULE_KEY,
    lifetime_billed_before: Decimal = ZERO,
    rate: Decimal | None = None,
    *,
    hourly: bool = False,
) -> FeeBreakdown:
    """The platform's fee on one bill, given what was already billed to the same client.

    `lifetime_billed_before` only matters for per-client schedules. `hourly` only matters where
    fixed-price work has a minimum fee (Freelancer.com).
    """
    fee_schedule = _resolve(schedule)
    bill = _bill(amount, "amount")
    before = _lifetime(lifetime_billed_before)
    bands = _bands_for(fee_schedule, rate)
    start = before if fee_schedule.per_client else ZERO

    lines: list[FeeLine] = []
    exact_fee = ZERO
    for band, in_band in _split(bands, start, bill):
        exact_fee += in_band * band.rate
        lines.append(FeeLine(band=band, amount_in_band=in_band, fee=cents(in_band * band.rate)))
    fee = cents(exact_fee)

    minimum_fee_applied = False
    minimum = fee_schedule.minimum_fee
    if minimum is not None and not hourly and fee < minimum:
        if bill < minimum:
            raise AmountError(
                f"{fee_schedule.label} is at least {format_money(minimum, fee_schedule.currency)} "
                "on fixed-price work, more than this bill: type a larger amount, or ask for hourly."
            )
        fee = minimum
        minimum_fee_applied = True

    next_band, progress = (
        _progress(bands, start + bill) if fee_schedule.per_client else (None, None)
    )
    next_rate = bands[_current_band(bands, start + bill)].rate
    return FeeBreakdown(
        schedule=fee_schedule,
        amount=bill,
        lifetime_billed_before=before,
        rate=None if rate is None else require_money(rate),
        lines=tuple(lines),
        fee=fee,
        net=bill - fee,
        effective_rate=_effective_rate(fee, bill),
        next_band=next_band,
        progress_to_next_band=progress,
        minimum_fee_applied=minimum_fee_applied,
        next_rate=next_rate,
    )


def _gross_before_rounding(bands: tuple[Band, ...], start: Decimal, net: Decimal) -> Decimal:
    """The exact (unrounded) bill from `start` whose exact net is `net`, band by band."""
    gross = ZERO
    remaining = net
    for band in bands:
        if band.end is not None and band.end <= start:
            continue
        kept = ONE - band.rate
        if band.end is None:
            if kept == 0:
                raise InputError("At a 100% fee no bill leaves you any money: type a lower rate.")
            return gross + remaining / kept
        width = band.end - max(band.start, start)
        if kept > 0 and remaining <= width * kept:
            return gross + remaining / kept
        gross += width
        remaining -= width * kept
    raise AssertionError("the last band of a schedule has no end")


def gross_for_net(
    net: Decimal,
    schedule: str | FeeSchedule = DEFAULT_SCHEDULE_KEY,
    lifetime_billed_before: Decimal = ZERO,
    rate: Decimal | None = None,
    *,
    hourly: bool = False,
) -> FeeBreakdown:
    """The smallest bill, to the cent, whose net after the fee reaches `net`; as `fee_for` it.

    Because the fee is rounded half up, a bill's net reaches the target exactly when its
    unrounded net exceeds the target minus half a cent; inverting the bands at that point gives
    the answer up to Decimal noise, which a one-cent check on either side removes.
    """
    fee_schedule = _resolve(schedule)
    target = _bill(net, "net amount")
    before = _lifetime(lifetime_billed_before)
    bands = _bands_for(fee_schedule, rate)
    start = before if fee_schedule.per_client else ZERO

    with localcontext() as exact:
        exact.prec = 60
        unrounded = _gross_before_rounding(bands, start, target - HALF_CENT)
        bill = unrounded.quantize(CENT, rounding=ROUND_FLOOR) + CENT
    minimum = fee_schedule.minimum_fee
    if minimum is not None and not hourly:
        bill = max(bill, target + minimum)
    if bill > MAX_AMOUNT + CENT:
        raise AmountError(
            "That net needs a bill above "
            f"{format_money(MAX_AMOUNT, fee_schedule.currency, trim_zero_cents=True)}: "
            "type a smaller net amount."
        )

    def net_of(candidate: Decimal) -> Decimal:
        return fee_for(candidate, fee_schedule, before, rate, hourly=hourly).net

    if bill <= MAX_AMOUNT and net_of(bill) < target:
        bill += CENT
    if bill > CENT and bill - CENT <= MAX_AMOUNT and net_of(bill - CENT) >= target:
        bill -= CENT
    if bill > MAX_AMOUNT:
        raise AmountError(
            "That net needs a bill above "
            f"{format_money(MAX_AMOUNT, fee_schedule.currency, trim_zero_cents=True)}: "
            "type a smaller net amount."
        )
    return fee_for(bill, fee_schedule, before, rate, hourly=hourly)


def seed_advice(breakdown: FeeBreakdown) -> str | None:
    """The "better projects beat more projects" nudge, while a client is still in the top band."""
    schedule = breakdown.schedule
    next_band = breakdown.next_band
    if not schedule.per_client or next_band is None:
        return None
    first = schedule.bands[0]
    position = breakdown.lifetime_billed_before + breakdown.amount
    if first.end is None or position >= first.end:
        return None
    who = schedule.client_word
    threshold = format_money(first.end, schedule.currency, trim_zero_cents=True)
    remaining = format_money(next_band.remaining, schedule.currency)
    return (
        f"Better projects beat more projects: {schedule.label} keeps {format_rate(first.rate)} "
        f"of the first {threshold} with each {who}; {remaining} more with this {who} drops the "
        f"rate to {format_rate(next_band.rate)}."
    )


@dataclass(frozen=True)
class Scenario:
    """`jobs` jobs of `job_amount` each, every one for a new client."""

    jobs: int
    job_amount: Decimal
    # The currency the member typed the amount in, if they typed one.
    currency: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.jobs, bool) or not isinstance(self.jobs, int):
            raise TypeError(f"jobs must be an int, not {type(self.jobs).__name__}")
        amount = require_money(self.job_amount)
        if not 1 <= self.jobs <= MAX_JOBS:
            raise ScenarioError(f"Use from 1 to {MAX_JOBS} jobs. {SCENARIO_HINT}")
        if amount <= 0:
            raise ScenarioError(f"Each job must be worth more than zero. {SCENARIO_HINT}")
        if amount * self.jobs > MAX_AMOUNT:
            limit = format_money(MAX_AMOUNT, trim_zero_cents=True)
            raise ScenarioError(f"A scenario can total at most {limit}. {SCENARIO_HINT}")


@dataclass(frozen=True)
class ScenarioOutcome:
    """What a scenario bills, costs in fees and leaves the freelancer."""

    scenario: Scenario
    billed: Decimal
    fee: Decimal
    net: Decimal
    effective_rate: Decimal


@dataclass(frozen=True)
class Comparison:
    """Two scenarios side by side; `difference` is how much more the second one nets."""

    first: ScenarioOutcome
    second: ScenarioOutcome
    difference: Decimal


_SCENARIO_GRAMMAR = re.compile(r"(?P<jobs>[0-9]{1,7})\ *[xX×*]\ *(?P<amount>.+)")


def parse_scenario(text: str) -> Scenario:
    """Read `30x500`, `1x15000`, `3 x $5k` or a single amount such as `15000` (one job)."""
    cleaned = text.strip()
    match = _SCENARIO_GRAMMAR.fullmatch(cleaned)
    jobs_text, amount_text = (match["jobs"], match["amount"]) if match else ("1", cleaned)
    try:
        money = parse_money(amount_text)
    except AmountError as error:
        raise ScenarioError(f"{error.message} {SCENARIO_HINT}") from None
    return Scenario(jobs=int(jobs_text), job_amount=money.amount, currency=money.currency)


def scenarios_currency(first: Scenario, second: Scenario) -> str | None:
    """The one currency two scenarios were typed in (None: neither named one); refused when
    they name two, since Gigwise doesn't convert between currencies."""
    if first.currency and second.currency and first.currency != second.currency:
        raise CurrencyConversion(
            f"One way is in {first.currency} and the other in {second.currency}; Gigwise doesn't "
            "convert currencies, so give both in the same one."
        )
    return first.currency or second.currency


def _outcome(
    scenario: Scenario, schedule: FeeSchedule, rate: Decimal | None, hourly: bool
) -> ScenarioOutcome:
    per_job = fee_for(scenario.job_amount, schedule, ZERO, rate, hourly=hourly)
    billed = scenario.job_amount * scenario.jobs
    fee = per_job.fee * scenario.jobs
    return ScenarioOutcome(
        scenario=scenario,
        billed=billed,
        fee=fee,
        net=billed - fee,
        effective_rate=_effective_rate(fee, billed),
    )


def compare(
    first: Scenario,
    second: Scenario,
    schedule: str | FeeSchedule = DEFAULT_SCHEDULE_KEY,
    rate: Decimal | None = None,
    *,
    hourly: bool = False,
) -> Comparison:
    """Net earnings of two ways to bill, each job going to a new client (e.g. 30x500 vs 1x15000)."""
    fee_schedule = _resolve(schedule)
    first_outcome = _outcome(first, fee_schedule, rate, hourly)
    second_outcome = _outcome(second, fee_schedule, rate, hourly)
    return Comparison(
        first=first_outcome,
        second=second_outcome,
        difference=second_outcome.net - first_outcome.net,
    )
