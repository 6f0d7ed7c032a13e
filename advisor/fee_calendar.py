"""Fees by date: which of a platform's schedules priced a bill, and at what rate.

A platform's fee changes over time; a bill is priced by the rule in force when it was billed,
on the terms its contract started with. Upwork's dated rules (domain-facts §1, with sources):

- until 20 June 2016, a flat 10% of everything billed;
- from 21 June 2016 to 2 May 2023, 20/10/5% marginal on lifetime billings with each client, for
  contracts started from 21 June 2016. Contracts already active kept 10%, or 5% where the
  freelancer had already billed that client more than $10,000;
- from 3 May 2023, a flat 10%: contracts at 20% dropped to 10%, those at 10% stayed there, and
  those at 5% kept 5% until 31 December 2023;
- contracts started from 1 May 2025 carry a rate of their own, 0% to 15%, shown on the proposal
  or offer. The date comes from secondary sources only, and contracts started before it kept 10%.

`upwork` names this calendar. A contract recorded under it keeps its start date, and each of its
bills is priced by `schedule_for_bill`; a contract recorded under an explicit schedule
(`upwork-tiered`, `fiverr`, ...) is priced by that schedule whatever the date.

Where the calendar needs a per-contract rate nobody gave, `rate_for_contract` takes the member's
saved rate, else the server's, else assumes the common 10% and says so: an unknown rate is
never an error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from advisor.errors import ScheduleError
from advisor.fees import (
    DEFAULT_SCHEDULE_KEY,
    SCHEDULES,
    FeeBreakdown,
    FeeSchedule,
    fee_for,
    get_schedule,
)

TIERS_FROM = date(2016, 6, 21)
FLAT_FROM = date(2023, 5, 3)
KEPT_5_UNTIL = date(2023, 12, 31)
# From secondary sources only; no Upwork page states it.
PER_CONTRACT_FROM = date(2025, 5, 1)

# Past this much billed to a client, its next dollar was at 5% under the tiers.
LOWEST_TIER_FROM = Decimal(10000)
# The rate most members are shown under Upwork's per-contract fee; the range is 0% to 15%.
COMMON_RATE = Decimal("0.10")

UPWORK_CALENDAR_KEY = "upwork"


@dataclass(frozen=True)
class FeeCalendar:
    """A platform's fee schedules by date; see the module docstring for Upwork's.

    `schedule_for(started_on, billed_on, lifetime_at_switch)` names the schedule of one bill and
    `switch_day(started_on, billed_on)` the day whose lifetime with the client it depends on.
    """

    key: str
    platform: str
    ledger_platform: str
    label: str
    currency: str
    source: str
    schedule_for: Callable[[date, date, Decimal], FeeSchedule]
    switch_day: Callable[[date, date], date | None]

    def schedule_on(self, day: date) -> FeeSchedule:
        """The schedule a new contract started on `day` is priced by."""
        return self.schedule_for(day, day, Decimal(0))


FeeRule = FeeSchedule | FeeCalendar


def get_rule(key: str) -> FeeRule:
    """A calendar or an explicit schedule by key (`upwork`, `upwork-tiered`, `fiverr`)."""
    cleaned = key.strip().lower()
    if cleaned in CALENDARS:
        return CALENDARS[cleaned]
    try:
        return get_schedule(key)
    except ScheduleError:
        raise ScheduleError(
            f"Unknown fee schedule. Type one of: {', '.join(rule_keys())}."
        ) from None


def rule_keys() -> list[str]:
    """Every key a member may type, the calendar first."""
    return [*CALENDARS, *(key for key, schedule in SCHEDULES.items() if schedule.listed)]


def rule_or_default(key: str | None) -> FeeRule:
    """The rule with this key; the default calendar for no key or one no longer offered."""
    if key is not None:
        if key in CALENDARS:
            return CALENDARS[key]
        if key in SCHEDULES:
            return SCHEDULES[key]
    return CALENDARS[DEFAULT_RULE_KEY]


def schedule_on(rule: FeeRule, day: date) -> FeeSchedule:
    """The schedule a rule prices a new contract started on `day` by."""
    return rule.schedule_on(day) if isinstance(rule, FeeCalendar) else rule


def currency_on(rule: FeeRule, day: date, typed: str | None, default: str | None) -> str:
    """The currency of a new contract started on `day` under `rule`: the one typed, else the
    server's `default`, else the schedule's own (always its own where its bands are set in
    money); refused where typed for a schedule set in another currency."""
    return schedule_on(rule, day).in_currency(typed, default).currency


def switch_day_for(rule: FeeRule, started_on: date, billed_on: date) -> date | None:
    """The day whose lifetime billed with the client decides this bill's rate, when it is not
    the bill's own: contracts carried over a change kept a rate set by where they stood then."""
    return rule.switch_day(started_on, billed_on) if isinstance(rule, FeeCalendar) else None


def schedule_for_bill(
    rule: FeeRule,
    started_on: date,
    billed_on: date,
    lifetime_at_switch: Decimal | None = None,
) -> FeeSchedule:
    """The schedule that priced a bill of a contract started on `started_on`.

    `lifetime_at_switch` is what the member had billed the client before `switch_day_for`'s day,
    when it names one (None counts as nothing billed).
    """
    if not isinstance(rule, FeeCalendar):
        return rule
    return rule.schedule_for(started_on, billed_on, lifetime_at_switch or Decimal(0))


def _upwork_switch_day(started_on: date, billed_on: date) -> date | None:
    if started_on < TIERS_FROM <= billed_on:
        # Whoever was past $10,000 with the client then kept 5% (later, until the end of 2023).
        return TIERS_FROM
    if started_on < FLAT_FROM <= billed_on <= KEPT_5_UNTIL:
        return FLAT_FROM
    return None


def _upwork_schedule(started_on: date, billed_on: date, lifetime_at_switch: Decimal) -> FeeSchedule:
    past_lowest_tier = lifetime_at_switch >= LOWEST_TIER_FROM
    if billed_on < TIERS_FROM:
        return SCHEDULES["upwork-2015"]
    if billed_on < FLAT_FROM:
        if started_on < TIERS_FROM:
            # Active before the tiers: kept 10%, or moved to 5% past $10,000 with the client.
            return SCHEDULES["upwork-kept-5" if past_lowest_tier else "upwork-2015"]
        return SCHEDULES["upwork-tiered"]
    if started_on < FLAT_FROM:
        if billed_on <= KEPT_5_UNTIL and past_lowest_tier:
            return SCHEDULES["upwork-kept-5"]
        return SCHEDULES["upwork-flat"]
    if started_on < PER_CONTRACT_FROM:
        return SCHEDULES["upwork-flat"]
    return SCHEDULES["upwork-variable"]


UPWORK = FeeCalendar(
    key=UPWORK_CALENDAR_KEY,
    platform="Upwork",
    ledger_platform="upwork",
    label="Upwork, the fee in force on each date",
    currency="USD",
    source="https://support.upwork.com/hc/en-us/articles/211062538 (each version), domain-facts §1",
    schedule_for=_upwork_schedule,
    switch_day=_upwork_switch_day,
)

CALENDARS: Mapping[str, FeeCalendar] = MappingProxyType({UPWORK.key: UPWORK})
DEFAULT_RULE_KEY = UPWORK_CALENDAR_KEY


class RateSource(StrEnum):
    """Where a per-contract rate came from."""

    GIVEN = "given"
    MEMBER = "member"
    SERVER = "server"
    ASSUMED = "assumed"


@dataclass(frozen=True)
class ContractRate:
    """The rate a contract is priced at, and where it came from."""

    rate: Decimal | None
    source: RateSource

    @property
    def assumed(self) -> bool:
        return self.source is RateSource.ASSUMED


def rate_for_contract(
    schedule: FeeSchedule,
    given: Decimal | None,
    member_default: Decimal | None = None,
    server_default: Decimal | None = None,
) -> ContractRate:
    """The rate a contract under `schedule` is priced at: the one given, else (where the
    schedule needs one) the member's saved rate, the server's, or the common 10%, assumed."""
    if given is not None or not schedule.needs_rate:
        return ContractRate(given, RateSource.GIVEN)
    low, high = schedule.rate_range or (Decimal(0), Decimal(1))
    for saved, source in ((member_default, RateSource.MEMBER), (server_default, RateSource.SERVER)):
        if saved is not None and low <= saved <= high:
            return ContractRate(saved, source)
    return ContractRate(COMMON_RATE if low <= COMMON_RATE <= high else high, RateSource.ASSUMED)


def seed_schedule() -> FeeSchedule:
    """The schedule the seed article's numbers are built on: Upwork's 2016–2023 tiers."""
    return SCHEDULES[DEFAULT_SCHEDULE_KEY]


@dataclass(frozen=True)
class ContractTerms:
    """What a contract's bills are priced by: its fee rule, start, own rate and kind."""

    rule_key: str | None
    started_on: date
    rate: Decimal | None = None
    hourly: bool = False
    # The contract's currency: a flat rate is charged in it; bands set in another are refused.
    currency: str | None = None


def price_bill(
    terms: ContractTerms,
    amount: Decimal,
    billed_on: date,
    lifetime_before: Decimal,
    lifetime_at_switch: Decimal | None = None,
) -> FeeBreakdown:
    """The fee on one bill of a contract, given what the client was billed before it (and,
    where `switch_day_for` names a day, before that day)."""
    rule = rule_or_default(terms.rule_key)
    schedule = schedule_for_bill(rule, terms.started_on, billed_on, lifetime_at_switch)
    schedule = schedule.in_currency(terms.currency)
    rate = None
    if schedule.needs_rate:
        rate = rate_for_contract(schedule, terms.rate).rate
    # What the client was billed can drop below zero only by refunds of money billed elsewhere.
    before = max(lifetime_before, Decimal(0))
    return fee_for(amount, schedule, before, rate, hourly=terms.hourly)


@dataclass(frozen=True)
class PastBill:
    """One billing of a client, as `reprice` reads the client's history."""

    id: int
    amount: Decimal
    billed_on: date
    fee: Decimal | None
    computed: bool
    terms: ContractTerms


def reprice(history: Sequence[PastBill]) -> dict[int, Decimal]:
    """The fee of every computed billing in a client's history, priced in date order.

    `history` is every billing of one client, oldest first (same-day ones in the order they
    were recorded). A computed fee depends on what the client was billed before it, so adding,
    changing or taking back an earlier billing changes the later ones; recorded fees are facts
    and only add to what was billed.
    """
    fees: dict[int, Decimal] = {}
    billed_before = Decimal(0)
    billed_before_day: dict[date, Decimal] = {}
    for bill in history:
        if bill.computed and bill.amount > 0:
            rule = rule_or_default(bill.terms.rule_key)
            switch = switch_day_for(rule, bill.terms.started_on, bill.billed_on)
            at_switch = None
            if switch is not None:
                if switch not in billed_before_day:
                    billed_before_day[switch] = sum(
                        (b.amount for b in history if b.billed_on < switch), Decimal(0)
                    )
                at_switch = billed_before_day[switch]
            fees[bill.id] = price_bill(
                bill.terms, bill.amount, bill.billed_on, billed_before, at_switch
            ).fee
        billed_before += bill.amount
    return fees


@dataclass(frozen=True)
class FeeQuote:
    """A bill priced for a day: the breakdown, where its rate came from, whether its schedule is
    the one in force that day (an outdated one is spoken of in the past tense), and, for another
    of Upwork's schedules, the same bill under the 2016–2023 tiers the seed article is built on."""

    breakdown: FeeBreakdown
    rate: ContractRate
    in_force: bool
    seed: FeeBreakdown | None


def quote(
    amount: Decimal,
    rule: FeeRule,
    day: date,
    given_rate: Decimal | None = None,
    member_rate: Decimal | None = None,
    server_rate: Decimal | None = None,
    lifetime_before: Decimal = Decimal(0),
    *,
    currency: str | None = None,
    default_currency: str | None = None,
) -> FeeQuote:
    """What the platform keeps of a bill made on `day` under `rule`, for a new contract (or
    one whose client was billed `lifetime_before`), in the `currency` the amount was typed in
    (else `default_currency`, or the schedule's own where its bands are set in money)."""
    in_force = schedule_on(rule, day)
    schedule = in_force.in_currency(currency, default_currency)
    rate = rate_for_contract(schedule, given_rate, member_rate, server_rate)
    breakdown = fee_for(amount, schedule, lifetime_before, rate.rate)
    seed = seed_schedule()
    return FeeQuote(
        breakdown=breakdown,
        rate=rate,
        in_force=in_force.in_force_on(day),
        # The seed's tiers are dollar bands: the comparison means nothing for pounds or euros.
        seed=(
            fee_for(amount, seed, lifetime_before)
            if in_force.ledger_platform == seed.ledger_platform
            and in_force is not seed
            and schedule.currency == seed.currency
            else None
        ),
    )
