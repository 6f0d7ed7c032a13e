"""The contract ledger's vocabulary: the records a member's history is read back as, and the rules
for the values that go into it (client names, currencies, ratings, money in minor units).

The database layer returns these frozen records, never its own row objects, so everything above it
works with plain values. Amounts are `Decimal` in the currency's major unit (dollars, not cents);
the conversion to and from the integer minor units the database stores lives here and nowhere else.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from babel.numbers import get_currency_precision, list_currencies

from advisor.errors import AmountError, InputError
from advisor.money import MAX_AMOUNT, format_money

DEFAULT_PLATFORM = "upwork"
DEFAULT_CURRENCY = "USD"

MAX_CLIENT_NAME_LENGTH = 100
MAX_TITLE_LENGTH = 200
MAX_FEEDBACK_LENGTH = 2000
MAX_PLATFORM_LENGTH = 32
MAX_IDEMPOTENCY_KEY_LENGTH = 100
MAX_FEE_SCHEDULE_LENGTH = 40
# The most one billing (or its fee) may be, typed or imported: what every command that reads it
# back works with (a larger one could never be priced or shown), and far below what a BIGINT of
# minor units holds however many of them a contract adds up.
MAX_LEDGER_AMOUNT = MAX_AMOUNT
# Discord shows at most 100 characters of an autocomplete choice.
MAX_CHOICE_LABEL_LENGTH = 100

LOWEST_RATING = Decimal("1.00")
HIGHEST_RATING = Decimal("5.00")
_RATING_STEP = Decimal("0.01")
_FEE_RATE_STEP = Decimal("0.0001")

_WHITESPACE = re.compile(r"\s+")
_PLATFORM_GRAMMAR = re.compile(r"[a-z0-9][a-z0-9._-]*")
_CURRENCY_GRAMMAR = re.compile(r"[A-Z]{3}")
# Zero-width and control characters render as nothing, so two names that look identical to a
# member could otherwise be stored as two different clients.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf"})


@functools.cache
def known_currencies() -> frozenset[str]:
    """Every ISO 4217 code Babel knows; read at the first use, as reading Babel's table was a
    twentieth of the bot's start-up."""
    return frozenset(list_currencies())


class ContractKind(StrEnum):
    """How a contract pays: by the hour or by milestones of a fixed price."""

    HOURLY = "hourly"
    FIXED = "fixed"


class ContractStatus(StrEnum):
    """Where a contract stands; every status but `active` means it has ended."""

    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    DISPUTED = "disputed"


ENDED_STATUSES = frozenset(
    {ContractStatus.COMPLETED, ContractStatus.CANCELLED, ContractStatus.DISPUTED}
)


class BillingSource(StrEnum):
    """Where a billing came from: typed by the member, or read from a platform's export."""

    TYPED = "typed"
    IMPORTED = "imported"


class FeeSource(StrEnum):
    """Where a billing's fee came from: worked out by Gigwise from its contract's terms (and
    worked out again when an earlier billing changes the client's tier), or recorded from the
    platform's own statement or the member's word, a fact never recomputed."""

    COMPUTED = "computed"
    RECORDED = "recorded"


class LedgerError(InputError):
    """Something about a member's ledger request that cannot be done as asked."""


class UnknownClient(LedgerError):
    """A client id that is not one of the member's own clients."""

    def __init__(self) -> None:
        super().__init__(
            "I can't find that client among yours. Pick one from the list as you type."
        )


class UnknownContract(LedgerError):
    """A contract id that is not one of the member's own contracts."""

    def __init__(self) -> None:
        super().__init__(
            "I can't find that contract among yours. Pick one from the list as you type, "
            "or see them all with /contract list."
        )


class CurrencyError(LedgerError):
    """A currency code that is not a real three-letter ISO 4217 code."""


class CurrencyMismatch(LedgerError):
    """A billing in a different currency from the client's other billings."""


class RatingError(LedgerError):
    """A rating outside 1.00 to 5.00, or with more than two decimals."""


class ContractEndError(LedgerError):
    """A contract that cannot be ended as asked."""


class ImportRowError(LedgerError):
    """An imported row that cannot be added; the message names its line in the file."""


def _require_decimal(value: object, what: str) -> Decimal:
    """Refuse floats (and everything else that is not a Decimal) where money or a rate belongs."""
    if not isinstance(value, Decimal):
        raise TypeError(f"{what} must be a Decimal, not {type(value).__name__}")
    if not value.is_finite():
        raise AmountError(f"The {what} must be a number.")
    return value


def normalise_currency(code: str) -> str:
    """Return the upper-case ISO 4217 code, or say how to write one."""
    cleaned = code.strip().upper()
    if not _CURRENCY_GRAMMAR.fullmatch(cleaned) or cleaned not in known_currencies():
        raise CurrencyError("Use a three-letter currency code such as USD, EUR or GBP.")
    return cleaned


def require_currency(name: str, currency: str, given: str | None) -> str:
    """The currency of a new amount for `name`, whose records are in `currency`: a bare amount
    is in it, and one typed in another is refused, since Gigwise never converts currencies."""
    if given is None:
        return currency
    given = normalise_currency(given)
    if given != currency:
        raise CurrencyMismatch(
            f"{name} is billed in {currency}, and Gigwise doesn't convert currencies: give the "
            f"amount in {currency} rather than {given}."
        )
    return currency


def currency_places(currency: str) -> int:
    """How many decimals the currency's minor unit has: 2 for USD, EUR and GBP, 0 for JPY."""
    return int(get_currency_precision(normalise_currency(currency)))


def to_minor_units(amount: Decimal, currency: str) -> int:
    """Turn an amount into whole minor units (cents), rounding half up as the platforms do."""
    places = currency_places(currency)
    exact = _require_decimal(amount, "amount").scaleb(places)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_minor_units(minor_units: int, currency: str) -> Decimal:
    """Turn stored minor units back into an amount with the currency's usual decimals."""
    if isinstance(minor_units, bool) or not isinstance(minor_units, int):
        raise TypeError(f"minor units must be an int, not {type(minor_units).__name__}")
    places = currency_places(currency)
    return Decimal(minor_units).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def _without_invisibles(text: str, keep: str = "") -> str:
    return "".join(
        ch for ch in text if ch in keep or unicodedata.category(ch) not in _INVISIBLE_CATEGORIES
    )


def clean_text(text: str) -> str:
    """Text as stored for display: NFC, invisible characters dropped, whitespace collapsed."""
    spaced = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text))
    return _without_invisibles(spaced).strip()


def clean_client_name(name: str) -> str:
    """The client's name as the member wrote it, tidied for display and checked for length."""
    cleaned = clean_text(name)
    if not cleaned:
        raise LedgerError("Type the client's name, as it appears on the platform.")
    if len(cleaned) > MAX_CLIENT_NAME_LENGTH:
        raise LedgerError(
            f"Keep the client's name to {MAX_CLIENT_NAME_LENGTH} characters; "
            "the company name is enough."
        )
    return cleaned


def fold_for_matching(text: str) -> str:
    """Text folded so that width, case and spacing variants compare equal (for names and search).

    Compatibility-folded (NFKC) and case-folded; punctuation is kept, because `A.B. Ltd` and
    `AB Ltd` may well be different companies.
    """
    folded = unicodedata.normalize("NFKC", clean_text(text)).casefold()
    return _WHITESPACE.sub(" ", _without_invisibles(folded)).strip()


def normalise_client_name(name: str) -> str:
    """The key that makes `Acme  Corp`, `acme corp` and `ＡＣＭＥ Corp` one client."""
    return fold_for_matching(clean_client_name(name))


def normalise_platform(platform: str) -> str:
    """A platform key such as `upwork` or `fiverr`: lower case, no spaces."""
    cleaned = platform.strip().lower()
    if len(cleaned) > MAX_PLATFORM_LENGTH or not _PLATFORM_GRAMMAR.fullmatch(cleaned):
        raise LedgerError("Name the platform in one word, such as upwork or fiverr.")
    return cleaned


def clean_title(title: str | None) -> str | None:
    """A contract title tidied for display; an empty title means the contract has none."""
    if title is None:
        return None
    cleaned = clean_text(title)
    if len(cleaned) > MAX_TITLE_LENGTH:
        raise LedgerError(f"Keep the contract title to {MAX_TITLE_LENGTH} characters.")
    return cleaned or None


def clean_feedback(feedback: str | None) -> str | None:
    """Feedback text as stored; line breaks are kept, surrounding blanks dropped."""
    if feedback is None:
        return None
    lines = unicodedata.normalize("NFC", feedback).replace("\r\n", "\n")
    cleaned = _without_invisibles(lines, keep="\n")
    cleaned = cleaned.strip()
    if len(cleaned) > MAX_FEEDBACK_LENGTH:
        raise LedgerError(f"Keep the feedback to {MAX_FEEDBACK_LENGTH} characters.")
    return cleaned or None


def check_rating(rating: Decimal | None) -> Decimal | None:
    """A star rating from 1.00 to 5.00 with at most two decimals, as the platform shows it."""
    if rating is None:
        return None
    value = _require_decimal(rating, "rating")
    # The range comes first: quantizing a huge value (1e30) overflows the decimal context.
    if not LOWEST_RATING <= value <= HIGHEST_RATING or value != value.quantize(_RATING_STEP):
        raise RatingError("Give a rating from 1.00 to 5.00 with at most two decimals, like 4.85.")
    return value.quantize(_RATING_STEP)


def check_fee_rate(rate: Decimal | None) -> Decimal | None:
    """A fee rate as a fraction from 0 to 1 (0.10 is 10%), with at most four decimals."""
    if rate is None:
        return None
    value = _require_decimal(rate, "fee rate")
    if not Decimal(0) <= value <= Decimal(1) or value != value.quantize(_FEE_RATE_STEP):
        raise LedgerError("Give the fee rate as a percentage from 0 to 100, like 10 or 7.5.")
    return value.quantize(_FEE_RATE_STEP)


def check_amount(amount: Decimal, currency: str, what: str = "amount") -> Decimal:
    """An amount above zero in whole minor units (no fractions of a cent), with the currency's
    usual decimals (`100` becomes `100.00`)."""
    value = _require_decimal(amount, what)
    places = currency_places(currency)
    if value <= 0:
        raise AmountError(f"The {what} must be more than zero.")
    if value > MAX_LEDGER_AMOUNT:
        raise AmountError(f"A single {what} above {MAX_LEDGER_AMOUNT:,} can't be recorded.")
    step = Decimal(1).scaleb(-places)
    if value != value.quantize(step):
        raise AmountError(f"The {what} can have at most {places} decimals.")
    return value.quantize(step)


def check_fee_charged(
    fee: Decimal | None, currency: str, what: str = "fee charged"
) -> Decimal | None:
    """A fee the platform kept (or charges): zero or more, or None when it is not known."""
    if fee is None:
        return None
    value = _require_decimal(fee, what)
    if value < 0:
        raise AmountError(f"The {what} can't be negative.")
    if value > MAX_LEDGER_AMOUNT:
        raise AmountError(f"A {what} above {MAX_LEDGER_AMOUNT:,} can't be recorded.")
    places = currency_places(currency)
    step = Decimal(1).scaleb(-places)
    if value != value.quantize(step):
        raise AmountError(f"The {what} can have at most {places} decimals.")
    return value.quantize(step)


def check_idempotency_key(key: str) -> str:
    """The key that makes recording the same billing twice a no-op (an interaction or Ref ID)."""
    cleaned = key.strip()
    if not cleaned or len(cleaned) > MAX_IDEMPOTENCY_KEY_LENGTH:
        raise ValueError(
            f"an idempotency key must have 1 to {MAX_IDEMPOTENCY_KEY_LENGTH} characters"
        )
    return cleaned


def contract_label(
    title: str | None,
    client_name: str,
    status: ContractStatus,
    started_on: date | None,
    number: int = 0,
) -> str:
    """How a contract reads in an autocomplete list: `#3 Logo redesign · Acme (active)`."""
    suffix = f" ({status.value})"
    what = title or (f"untitled, from {started_on.isoformat()}" if started_on else "untitled")
    label = f"{f'#{number} ' if number else ''}{what} · {client_name}"
    room = MAX_CHOICE_LABEL_LENGTH - len(suffix)
    if len(label) > room:
        label = label[: room - 1].rstrip() + "…"
    return label + suffix


def billing_label(
    billed_on: date,
    amount: Decimal,
    currency: str,
    number: int,
    title: str | None,
    client_name: str,
) -> str:
    """How a billing reads in an autocomplete list: `2024-05-01 · $750.00 · #3 Logo redesign`
    (the client's name where the contract has no title)."""
    label = (
        f"{billed_on.isoformat()} · {format_money(amount, currency)} · "
        f"#{number} {title or client_name}"
    )
    if len(label) > MAX_CHOICE_LABEL_LENGTH:
        label = label[: MAX_CHOICE_LABEL_LENGTH - 1].rstrip() + "…"
    return label


@dataclass(frozen=True, slots=True)
class ClientRecord:
    """One client of one member on one platform. Amounts billed to it are in `currency`."""

    id: int
    member_id: int
    platform: str
    name: str
    normalised_name: str
    currency: str


@dataclass(frozen=True, slots=True)
class ClientSummary:
    """A client with what the member has billed it over all contracts: the basis of its fee tier."""

    client: ClientRecord
    lifetime_billed: Decimal
    contracts: int
    last_billed_on: date | None
    # Money given back (a positive amount), already taken out of `lifetime_billed`.
    refunded: Decimal = Decimal(0)
    # The fees stored on its billings (net of fees handed back), and the money they were on.
    fees: Decimal = Decimal(0)
    billed_with_fee: Decimal = Decimal(0)

    @property
    def effective_fee_rate(self) -> Decimal | None:
        """What the platform kept of the money whose fee is known, or None."""
        if self.billed_with_fee <= 0:
            return None
        return (self.fees / self.billed_with_fee).quantize(Decimal("0.0001"), ROUND_HALF_UP)

    @property
    def repeat_hire(self) -> bool:
        """The client came back for a second contract."""
        return self.contracts >= 2


@dataclass(frozen=True, slots=True)
class ContractRecord:
    """One contract with a client. `billed` is its own total, in the client's currency."""

    id: int
    member_id: int
    client_id: int
    client_name: str
    platform: str
    title: str | None
    kind: ContractKind | None
    fee_schedule: str | None
    fee_rate: Decimal | None
    started_on: date | None
    ended_on: date | None
    status: ContractStatus
    rating: Decimal | None
    feedback: str | None
    billed: Decimal
    currency: str
    # The member's own numbering: `#3`.
    number: int = 0
    # Where `fee_rate` came from when the member did not give it (see advisor.fee_calendar).
    fee_rate_source: str | None = None

    @property
    def label(self) -> str:
        """The contract as it reads in a list or an autocomplete choice."""
        return contract_label(
            self.title, self.client_name, self.status, self.started_on, self.number
        )


@dataclass(frozen=True, slots=True)
class ContractChoice:
    """An autocomplete choice: the contract (its id, and the member's number for it, which is
    what is sent back) and the text the member sees."""

    id: int
    label: str
    number: int = 0


@dataclass(frozen=True, slots=True)
class BillingRecord:
    """Money billed on a contract (hours invoiced, a milestone, a bonus) and the fee kept on it."""

    id: int
    member_id: int
    contract_id: int
    client_id: int
    amount: Decimal
    currency: str
    billed_on: date
    fee_charged: Decimal | None
    source: BillingSource
    idempotency_key: str
    fee_source: FeeSource = FeeSource.COMPUTED

    @property
    def is_refund(self) -> bool:
        """A refund is money given back: a billing below zero."""
        return self.amount < 0


@dataclass(frozen=True, slots=True)
class BillingResult:
    """The outcome of recording a billing.

    `replayed` is true when the same key had already been recorded: `billing` is then the first
    one and nothing was added. `lifetime_billed` is the client's total including this billing.
    """

    billing: BillingRecord
    replayed: bool
    lifetime_billed: Decimal

    @property
    def lifetime_before(self) -> Decimal:
        """The client's total before this billing: what a tiered fee was charged on."""
        return self.lifetime_billed - self.billing.amount


@dataclass(frozen=True, slots=True)
class FinishedContract:
    """A finished job logged in one step: its contract and its single billing."""

    contract: ContractRecord
    billing: BillingRecord
    replayed: bool
    lifetime_billed: Decimal


@dataclass(frozen=True, slots=True)
class ImportedBilling:
    """One billing read from a platform's export, ready to be added to the ledger.

    `idempotency_key` is the export's own id for the transaction (Ref ID or Transaction ID), so
    importing the same file twice adds nothing. `line` is the row's line in the file, for messages.
    """

    client_name: str
    platform: str
    billed_on: date
    amount: Decimal
    fee_charged: Decimal | None
    currency: str
    idempotency_key: str
    contract_title: str | None = None
    contract_kind: ContractKind | None = None
    line: int | None = None

    def __post_init__(self) -> None:
        _require_decimal(self.amount, "amount")
        if self.fee_charged is not None:
            _require_decimal(self.fee_charged, "fee")


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import changed; `billings_already_present` counts rows seen in an earlier import."""

    clients_added: int
    contracts_added: int
    billings_added: int
    billings_already_present: int
    # Of the billings added, the refunds (below zero).
    refunds_added: int = 0
    # Fees Gigwise had worked out for typed billings, worked out again because imported
    # billings came before them.
    fees_repriced: int = 0


@dataclass(frozen=True, slots=True)
class GuildSettings:
    """A server's defaults. `arbitration_fee` is in `currency`; None means the platform's own."""

    guild_id: int
    default_platform: str = DEFAULT_PLATFORM
    currency: str = DEFAULT_CURRENCY
    arbitration_fee: Decimal | None = None
    # The per-contract rate to assume where a member gave none and saved none.
    default_fee_rate: Decimal | None = None

    def __post_init__(self) -> None:
        if self.arbitration_fee is not None:
            _require_decimal(self.arbitration_fee, "arbitration fee")
