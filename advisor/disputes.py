"""Whether arbitrating an unpaid fixed-price contract is worth its fee, after the service fee.

On Upwork a fixed-price dispute goes to mediation first, which costs nothing, and only then to
arbitration. Each party pays its share of the arbitrator's fee up front; it is non-refundable once
arbitration starts (it comes back only if the other side never pays), and a win releases what you
are owed, on which the platform then takes its usual service fee. So what a win leaves you is

    owed − the service fee on owed − your arbitration fee

and the arbitration fee is a cost you bear whether you win or lose. Small claims do not survive
it: "if you're owed $300, there's no way you're going to pay a $297 fee".

The service fee is priced on the named contract's own terms (its schedule, its start date, its
rate, what was already billed to its client), or else by the schedule in force today for the
server's platform, as a first bill with the client. `ReleaseTerms` says which.

Nobody publishes the arbitration fee, and the figures on record disagree, so the verdict is given
at each of them (a fee the member was quoted, or the server's, comes first). The rule: arbitration
is *worth considering* when a win would leave at least the fee you put at risk; between nothing
and the fee it is *probably not worth it*; when a win leaves nothing it is *not worth it*.

Sources (domain-facts §3.1, in our own words):
- support.upwork.com/hc/en-us/articles/211062068-Respond-to-an-Escrow-Dispute: a client has 14
  days to review work submitted on a milestone; doing nothing counts as approval, and the funds
  are released automatically. A client who does not answer a dispute within 5 business days has
  the escrow released to the freelancer. Mediation lasts at most 30 days and ends, without an
  agreement, in a recommendation that binds no one; arbitration follows, and binds.
- support.upwork.com/hc/en-us/articles/211068528-Dispute-Non-Release-of-a-Milestone-Payment:
  fixed-price disputes go to mediation with an Upwork dispute specialist; no page names a charge
  for it, the arbitrator's fee being the only dispute cost Upwork lists.
- support.upwork.com/hc/en-us/articles/360000361107-Mediation-Assistance: mediation is offered
  for 30 days after a payment; a secondary source (etcetera.kiev.ua) reports that older payments
  can only go to arbitration.
- support.upwork.com/hc/en-us/articles/14044146250259-Arbitration: for fixed-price contracts
  only; both sides have 7 days to agree and pay, and if only one pays, the funds go to that one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from advisor.errors import AmountError, InputError, ScheduleError
from advisor.fee_calendar import (
    RateSource,
    rate_for_contract,
    rule_or_default,
    schedule_for_bill,
    schedule_on,
)
from advisor.fees import FeeBreakdown, FeeSchedule, fee_for, gross_for_net
from advisor.ledger import ContractKind, ContractRecord
from advisor.money import CENT, cents, require_money

ZERO = Decimal(0)
MAX_ARBITRATION_FEE = Decimal("10000")
# The currency every arbitration fee on record was quoted in.
RECORD_CURRENCY = "USD"


class FeeFigure(StrEnum):
    """Where an arbitration fee shown in a reply comes from."""

    TYPED = "typed"
    SERVER = "server"
    SEED = "seed"
    HISTORIC = "historic"
    QUOTED_2025 = "quoted-2025"


@dataclass(frozen=True)
class ArbitrationFee:
    """One party's arbitration fee, and what is known about where the figure comes from."""

    amount: Decimal
    figure: FeeFigure
    note: str


# The fees on record, the seed's first (domain-facts §3.1). $291 per party (client, freelancer
# and Upwork each paying the American Arbitration Association) is widely cited on
# community.upwork.com from about 2016 to 2021; $337.50 was quoted by a freelancer on r/Upwork in
# April 2025; no source besides the seed article was found for $297.
FEES_ON_RECORD = (
    ArbitrationFee(Decimal("297"), FeeFigure.SEED, "one freelancer's account, unconfirmed"),
    ArbitrationFee(Decimal("291"), FeeFigure.HISTORIC, "per party, widely cited 2016–2021"),
    ArbitrationFee(Decimal("337.50"), FeeFigure.QUOTED_2025, "quoted by a freelancer in 2025"),
)
# The figure members quote, and so the one a reply leads with when nobody gave another.
DEFAULT_ARBITRATION_FEE = FEES_ON_RECORD[0].amount

# What to try before paying an arbitrator, in the order a member meets it.
MEDIATION = (
    "File a dispute and an Upwork dispute specialist mediates, at no charge: for up to 30 days "
    "they help you and the client agree, then recommend a settlement neither side must accept. "
    "A client who doesn't answer the dispute within 5 business days has the escrow released to you."
)
AUTO_APPROVAL = (
    "A client who neither approves a submitted milestone nor asks for changes within 14 days has "
    "approved it: the funds are released to you automatically, no dispute needed."
)
ARBITRATION = (
    "For fixed-price contracts only, and binding. Each side pays its fee within 7 days, "
    "non-refundable once it starts; if only one side pays, the funds go to that side."
)
FEE_CAVEAT = (
    "Upwork doesn't publish the arbitration fee and it has changed: check the amount you are "
    "quoted. Mediation covers payments up to 30 days old; older ones can only go to arbitration."
)


class FeeBasis(StrEnum):
    """Which terms priced the service fee on the money a win releases."""

    CONTRACT = "contract"
    TODAY = "today"


class RateOrigin(StrEnum):
    """Where the rate of a schedule priced per contract came from."""

    SET = "set"
    TYPED = "typed"
    CONTRACT = "contract"
    MEMBER = "member"
    SERVER = "server"
    ASSUMED = "assumed"


_SAVED_ORIGINS = {
    RateSource.MEMBER: RateOrigin.MEMBER,
    RateSource.SERVER: RateOrigin.SERVER,
    RateSource.ASSUMED: RateOrigin.ASSUMED,
}


class NotFixedPrice(InputError):
    """A dispute about an hourly contract, which arbitration does not cover."""

    def __init__(self) -> None:
        super().__init__(
            "Arbitration is only for fixed-price contracts, and that one is hourly: name a "
            "fixed-price contract, or leave the contract out."
        )


class ArbitrationFeeError(InputError):
    """An arbitration fee that cannot be weighed as given."""


@dataclass(frozen=True)
class ReleaseTerms:
    """The terms the service fee on the money a win releases is priced on.

    `rate` is the per-contract rate, for a schedule that needs one (`rate_origin` says where it
    came from); `lifetime_billed_before` is what the client was already billed, for a schedule
    tiered per client; `in_force` is false for a schedule that no longer applies to new work.
    """

    schedule: FeeSchedule
    rate: Decimal | None
    rate_origin: RateOrigin
    basis: FeeBasis
    currency: str
    lifetime_billed_before: Decimal = ZERO
    in_force: bool = True


def _rate(
    schedule: FeeSchedule,
    typed: Decimal | None,
    recorded: Decimal | None,
    member_rate: Decimal | None,
    server_rate: Decimal | None,
) -> tuple[Decimal | None, RateOrigin]:
    """The rate a per-contract schedule is priced at: typed, else the contract's, else saved."""
    if not schedule.needs_rate:
        if typed is not None:
            raise ScheduleError(f"{schedule.label} has a set rate, so leave the rate out.")
        return None, RateOrigin.SET
    if typed is not None:
        return typed, RateOrigin.TYPED
    if recorded is not None:
        return recorded, RateOrigin.CONTRACT
    found = rate_for_contract(schedule, None, member_rate, server_rate)
    return found.rate, _SAVED_ORIGINS[found.source]


def terms_today(
    platform_key: str | None,
    today: date,
    *,
    typed_rate: Decimal | None = None,
    member_rate: Decimal | None = None,
    server_rate: Decimal | None = None,
    currency: str | None = None,
    default_currency: str | None = None,
) -> ReleaseTerms:
    """The terms of new work on the server's platform today: a dispute with no contract named,
    in the `currency` the amount was typed in (else `default_currency`; see
    `FeeSchedule.in_currency`).

    A schedule tiered per client is priced as a first bill with the client, since nothing is
    known of what was billed before; that is the dearest case, so a verdict never flatters.
    """
    in_force = schedule_on(rule_or_default(platform_key), today)
    schedule = in_force.in_currency(currency, default_currency)
    rate, origin = _rate(schedule, typed_rate, None, member_rate, server_rate)
    return ReleaseTerms(
        schedule=schedule,
        rate=rate,
        rate_origin=origin,
        basis=FeeBasis.TODAY,
        currency=schedule.currency,
        in_force=in_force.in_force_on(today),
    )


def terms_of_contract(
    contract: ContractRecord,
    today: date,
    *,
    lifetime_billed: Decimal = ZERO,
    lifetime_at_switch: Decimal | None = None,
    typed_rate: Decimal | None = None,
    member_rate: Decimal | None = None,
    server_rate: Decimal | None = None,
) -> ReleaseTerms:
    """The terms a win on `contract` is priced on: released today, under the schedule the
    contract was recorded with, at its rate, after what its client was already billed.

    `lifetime_billed` is everything billed to the contract's client; `lifetime_at_switch` as
    `fee_calendar.schedule_for_bill` takes it (it matters only for a release before 2024).
    """
    if contract.kind is ContractKind.HOURLY:
        raise NotFixedPrice()
    rule = rule_or_default(contract.fee_schedule)
    started_on = contract.started_on or today
    schedule = schedule_for_bill(rule, started_on, today, lifetime_at_switch).in_currency(
        contract.currency
    )
    recorded = contract.fee_rate if schedule.needs_rate else None
    rate, origin = _rate(schedule, typed_rate, recorded, member_rate, server_rate)
    return ReleaseTerms(
        schedule=schedule,
        rate=rate,
        rate_origin=origin,
        basis=FeeBasis.CONTRACT,
        currency=contract.currency,
        lifetime_billed_before=require_money(lifetime_billed) if schedule.per_client else ZERO,
        in_force=True,
    )


class Verdict(StrEnum):
    """Arbitration at one fee, from best to worst."""

    WORTH_CONSIDERING = "worth considering"
    PROBABLY_NOT = "probably not worth it"
    NOT_WORTH_IT = "not worth it"


@dataclass(frozen=True)
class ArbitrationOutcome:
    """What a win leaves at one arbitration fee.

    `kept` is negative when the fee is more than the win releases. `pays_from` is the least owed
    at which a win leaves anything at all at this fee, `worth_considering_from` the least at which
    it leaves at least the fee; None when no amount Gigwise handles does.
    """

    fee: ArbitrationFee
    kept: Decimal
    verdict: Verdict
    pays_from: Decimal | None
    worth_considering_from: Decimal | None


@dataclass(frozen=True)
class DisputeAdvice:
    """The arithmetic of one dispute: the service fee on what a win releases, then each
    arbitration fee's outcome, the primary one (the member's, the server's, else $297) first."""

    owed: Decimal
    terms: ReleaseTerms
    service_fee: FeeBreakdown
    outcomes: tuple[ArbitrationOutcome, ...]

    @property
    def released(self) -> Decimal:
        """What a win pays into the member's account before the arbitration fee."""
        return self.service_fee.net

    @property
    def primary(self) -> ArbitrationOutcome:
        return self.outcomes[0]

    @property
    def verdicts(self) -> frozenset[Verdict]:
        """Every verdict the fees shown give; one verdict means the fee doesn't change it."""
        return frozenset(outcome.verdict for outcome in self.outcomes)


def _owed(value: Decimal) -> Decimal:
    owed = require_money(value)
    if owed <= 0:
        raise AmountError(
            "The amount you're owed must be more than zero: type an amount like 1500."
        )
    if owed != cents(owed):
        raise AmountError("What you're owed must be in whole cents: type at most 2 decimals.")
    return owed


def _checked_fee(value: Decimal) -> Decimal:
    fee = require_money(value)
    if not ZERO <= fee <= MAX_ARBITRATION_FEE:
        raise ArbitrationFeeError(
            "The arbitration fee must be between $0 and $10,000: type the amount Upwork quoted, "
            "like 297."
        )
    return cents(fee)


def _fees(
    currency: str,
    typed_fee: Decimal | None,
    server_fee: Decimal | None,
    server_fee_currency: str,
) -> Iterator[ArbitrationFee]:
    """The fees to weigh, the member's or else the server's first, then those on record."""
    primary: ArbitrationFee | None = None
    if typed_fee is not None:
        primary = ArbitrationFee(_checked_fee(typed_fee), FeeFigure.TYPED, "the fee you gave")
    elif server_fee is not None and server_fee_currency == currency:
        primary = ArbitrationFee(_checked_fee(server_fee), FeeFigure.SERVER, "this server's figure")
    if primary is not None:
        yield primary
    if currency != RECORD_CURRENCY:
        if primary is None:
            # Gigwise never converts between currencies, and every figure on record is in USD.
            raise ArbitrationFeeError(
                f"The arbitration fees on record are in US dollars and this answer is in "
                f"{currency}, and Gigwise doesn't convert currencies: type the fee you were "
                f"quoted in {currency} as arbitration_fee."
            )
        return
    for on_record in FEES_ON_RECORD:
        if primary is None or on_record.amount != primary.amount:
            yield on_record


def _least_owed(terms: ReleaseTerms, released: Decimal) -> Decimal | None:
    """The least owed whose win releases at least `released` after the service fee."""
    try:
        return gross_for_net(
            released, terms.schedule, terms.lifetime_billed_before, terms.rate
        ).amount
    except InputError:
        # No bill leaves that much (a 100% rate, or beyond the largest amount handled).
        return None


def _verdict(kept: Decimal, fee: Decimal) -> Verdict:
    if kept <= 0:
        return Verdict.NOT_WORTH_IT
    if kept >= fee:
        return Verdict.WORTH_CONSIDERING
    return Verdict.PROBABLY_NOT


def _outcome(terms: ReleaseTerms, released: Decimal, fee: ArbitrationFee) -> ArbitrationOutcome:
    kept = released - fee.amount
    # A win leaves something once it releases a cent more than the fee, and is worth
    # considering once it releases twice the fee (and at least a cent, when the fee is nothing).
    return ArbitrationOutcome(
        fee=fee,
        kept=kept,
        verdict=_verdict(kept, fee.amount),
        pays_from=_least_owed(terms, fee.amount + CENT),
        worth_considering_from=_least_owed(terms, max(2 * fee.amount, CENT)),
    )


def dispute_advice(
    owed: Decimal,
    terms: ReleaseTerms,
    *,
    typed_fee: Decimal | None = None,
    server_fee: Decimal | None = None,
    server_fee_currency: str = RECORD_CURRENCY,
) -> DisputeAdvice:
    """Weigh what a win on `owed` leaves, after the service fee, at each arbitration fee.

    `typed_fee` is the fee the member was quoted, in `terms.currency`; `server_fee` the server's
    setting, in `server_fee_currency`, used only when the member gave none and it is in the
    answer's currency.
    """
    owed_amount = _owed(owed)
    fees = tuple(_fees(terms.currency, typed_fee, server_fee, server_fee_currency))
    service_fee = fee_for(
        owed_amount, terms.schedule, terms.lifetime_billed_before, terms.rate, hourly=False
    )
    return DisputeAdvice(
        owed=owed_amount,
        terms=terms,
        service_fee=service_fee,
        outcomes=tuple(_outcome(terms, service_fee.net, fee) for fee in fees),
    )
