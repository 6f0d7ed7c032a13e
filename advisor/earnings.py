"""Period totals a freelancer needs at tax time: what was billed, refunded and paid in fees, and
what was left, in all, per platform and per client, from the billings the ledger stores.

Definitions (each total is in one currency; amounts in different currencies are never added):

- **gross** is what was billed: the sum of the billings above zero;
- **refunds** is the money given back, as a positive amount: minus the sum of the billings
  below zero (the ledger stores a refund as a negative billing);
- **fees** is what the platform kept: the sum of every billing's fee, so a fee handed back with
  a refund (stored as a negative fee) is taken off; `fees_returned` says how much that was.
  A billing whose fee is unknown counts as no fee, and is counted in `fees_unknown`;
- **net** = gross − refunds − fees, which is also the sum over the billings of amount − fee.

So net + fees + refunds == gross, always.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from advisor.days import EARLIEST_DAY
from advisor.errors import InputError
from advisor.ledger import FeeSource

_ZERO = Decimal(0)


class PeriodError(InputError):
    """A period that cannot be read as asked: a year and dates at once, or an end before a start."""


@dataclass(frozen=True, slots=True)
class Period:
    """The days an answer covers, both ends included; `year` when it is a calendar year."""

    start: date
    end: date
    year: int | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"a period cannot end ({self.end}) before it starts ({self.start})")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


_EITHER = (
    "Give either a year or a start and end date, not both: for example `year:2025`, or "
    "`start:2024-04-06 end:2025-04-05`."
)


def choose_period(
    today: date,
    *,
    year: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Period:
    """The period a member asked for: a calendar year (the current one when nothing is given),
    or the days from `start` to `end`. Without `end` the range runs to today; without `start`,
    from the first of January of `end`'s year (the calendar year up to that day)."""
    if year is not None and (start is not None or end is not None):
        raise PeriodError(_EITHER)
    if start is None and end is None:
        return _calendar_year(year if year is not None else today.year, today)
    last = end if end is not None else today
    first = start if start is not None else date(last.year, 1, 1)
    if last < first:
        raise PeriodError(
            f"The end date, {last.isoformat()}, is before the start date, {first.isoformat()}: "
            "give an end on or after the start."
        )
    return Period(first, last)


def _calendar_year(year: int, today: date) -> Period:
    if year > today.year:
        raise PeriodError(f"{year} hasn't begun yet: pick {today.year} or an earlier year.")
    if year < EARLIEST_DAY.year:
        raise PeriodError(f"Gigwise keeps work from {EARLIEST_DAY.year} on: pick a later year.")
    return Period(date(year, 1, 1), date(year, 12, 31), year=year)


@dataclass(frozen=True, slots=True)
class BilledFact:
    """One stored billing as the totals need it: whose, where, when, how much and what fee.

    `fee` is None when the platform's fee is not known. A refund is a negative `amount` (with a
    negative or zero fee), as the ledger stores it.
    """

    client: str
    platform: str
    currency: str
    billed_on: date
    amount: Decimal
    fee: Decimal | None
    fee_source: FeeSource = FeeSource.COMPUTED

    def __post_init__(self) -> None:
        # Money is Decimal everywhere; a float here would make totals drift by fractions of a cent.
        for what, value in (("amount", self.amount), ("fee", self.fee)):
            if value is not None and not isinstance(value, Decimal):
                raise TypeError(f"{what} must be a Decimal, not {type(value).__name__}")

    @property
    def is_refund(self) -> bool:
        """Money given back: a billing below zero."""
        return self.amount < 0


@dataclass(frozen=True, slots=True)
class Totals:
    """Billed, refunded and paid in fees over some billings, in one currency (see the module
    docstring for what each means)."""

    gross: Decimal = _ZERO
    refunds: Decimal = _ZERO
    fees: Decimal = _ZERO
    fees_returned: Decimal = _ZERO
    billings: int = 0
    refund_count: int = 0

    @property
    def net(self) -> Decimal:
        """What was left: gross − refunds − fees."""
        return self.gross - self.refunds - self.fees

    def plus(self, fact: BilledFact) -> Totals:
        """These totals with one more billing counted."""
        fee = fact.fee if fact.fee is not None else _ZERO
        if fact.is_refund:
            return Totals(
                gross=self.gross,
                refunds=self.refunds - fact.amount,
                fees=self.fees + fee,
                fees_returned=self.fees_returned - fee,
                billings=self.billings + 1,
                refund_count=self.refund_count + 1,
            )
        return Totals(
            gross=self.gross + fact.amount,
            refunds=self.refunds,
            fees=self.fees + fee,
            fees_returned=self.fees_returned,
            billings=self.billings + 1,
            refund_count=self.refund_count,
        )


@dataclass(frozen=True, slots=True)
class PlatformTotals:
    """One platform's totals."""

    platform: str
    totals: Totals


@dataclass(frozen=True, slots=True)
class ClientTotals:
    """One client's totals; a client is its name on one platform."""

    client: str
    platform: str
    totals: Totals


@dataclass(frozen=True, slots=True)
class CurrencyEarnings:
    """Everything in one currency: the total, each platform's and each client's, most billed
    first, and where the fees came from."""

    currency: str
    total: Totals
    platforms: tuple[PlatformTotals, ...]
    clients: tuple[ClientTotals, ...]
    # Billings whose fee Gigwise worked out from the contract's terms.
    fees_computed: int = 0
    # Billings whose fee was recorded from the platform's statement or the member's word.
    fees_recorded: int = 0
    # Billings whose fee is not known (counted as no fee).
    fees_unknown: int = 0


@dataclass(frozen=True, slots=True)
class Earnings:
    """A member's earnings over a period, one entry per currency, in currency-code order."""

    period: Period
    currencies: tuple[CurrencyEarnings, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        """Nothing was billed (or refunded) in the period."""
        return not self.currencies


def _most_billed_first(totals: Totals) -> tuple[Decimal, Decimal, int]:
    # Ties are broken by net, then by how many billings, and then by name where it is used.
    return (-totals.gross, -totals.net, -totals.billings)


@dataclass(slots=True)
class _Tally:
    """One currency's totals while the billings are counted."""

    total: Totals = field(default_factory=Totals)
    platforms: dict[str, Totals] = field(default_factory=dict)
    clients: dict[tuple[str, str], Totals] = field(default_factory=dict)
    fee_sources: Counter[FeeSource | None] = field(default_factory=Counter)

    def add(self, fact: BilledFact) -> None:
        self.total = self.total.plus(fact)
        self.platforms[fact.platform] = self.platforms.get(fact.platform, Totals()).plus(fact)
        client = (fact.platform, fact.client)
        self.clients[client] = self.clients.get(client, Totals()).plus(fact)
        # None: the fee is not known, whatever the row says it would have come from.
        self.fee_sources[None if fact.fee is None else FeeSource(fact.fee_source)] += 1

    def finished(self, currency: str) -> CurrencyEarnings:
        platforms = sorted(
            self.platforms.items(), key=lambda item: (*_most_billed_first(item[1]), item[0])
        )
        clients = sorted(
            self.clients.items(),
            key=lambda item: (*_most_billed_first(item[1]), item[0][1].casefold(), item[0][0]),
        )
        return CurrencyEarnings(
            currency=currency,
            total=self.total,
            platforms=tuple(PlatformTotals(name, totals) for name, totals in platforms),
            clients=tuple(
                ClientTotals(client, platform, totals) for (platform, client), totals in clients
            ),
            fees_computed=self.fee_sources[FeeSource.COMPUTED],
            fees_recorded=self.fee_sources[FeeSource.RECORDED],
            fees_unknown=self.fee_sources[None],
        )


def earnings(facts: Iterable[BilledFact], period: Period) -> Earnings:
    """Totals of the billings dated in `period` (others are left out), per currency."""
    tallies: dict[str, _Tally] = {}
    for fact in facts:
        if fact.billed_on in period:
            tallies.setdefault(fact.currency, _Tally()).add(fact)
    return Earnings(
        period=period,
        currencies=tuple(tallies[currency].finished(currency) for currency in sorted(tallies)),
    )
