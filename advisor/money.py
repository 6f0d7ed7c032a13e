"""Money as members type it and as Gigwise shows it: parsing, cent rounding and formatting.

Every amount is a `decimal.Decimal`; a float reaching this module is a bug and raises `TypeError`.

What `parse_amount` reads (one regular expression, matched in full):

- an optional currency: a sign `$`, `£` or `€` (US dollars, pounds sterling, euros) before the
  digits, or a three-letter ISO code before or after them (`GBP 1,200`, `1200 eur`), each
  optionally separated by one space. `parse_money` keeps it; `parse_amount` keeps the number;
- digits, either plain (`15000`) or in groups of three separated by commas (`15,000`) or by spaces
  (`15 000`, also the no-break and thin spaces some keyboards insert). Spaces are accepted because
  many members write thousands that way; they are unambiguous because every group must have exactly
  three digits and commas and spaces cannot be mixed;
- an optional decimal point with cents (`.5`, `.50`). A comma is never a decimal mark, so `15,00`,
  `1,5` and `15.000,50` are refused rather than guessed;
- an optional `k` (thousand) or `m` (million) in either case, optionally after one space. With a
  suffix more decimals are fine as long as the result is whole cents (`1.2345k` is 1234.50).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from babel.numbers import format_currency, get_currency_precision, list_currencies

from advisor.errors import AmountError, InputError

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("1000000000")
AMOUNT_HINT = "Type an amount like 15000, $15,000.50 or 15k."
RATE_HINT = "Type a fee rate as a percentage from 0 to 100, like 10, 10% or 7.5%."

# Longer input cannot be a sensible amount; the cap also keeps every Decimal step exact.
_MAX_INPUT_LENGTH = 40

_AMOUNT_GRAMMAR = re.compile(
    r"""
    (?:(?P<code>[A-Za-z]{3})\ ?)?
    (?P<symbol>[$£€])?\ ?
    (?P<whole>
        [1-9][0-9]{0,2}(?:,[0-9]{3})+
      | [1-9][0-9]{0,2}(?:\ [0-9]{3})+
      | [0-9]+
    )
    (?:\.(?P<fraction>[0-9]+))?
    (?:\ ?(?P<suffix>[kKmM]))?
    (?:\ ?(?P<code_after>[A-Za-z]{3}))?
    """,
    re.VERBOSE | re.ASCII,
)

_RATE_GRAMMAR = re.compile(r"(?P<number>[0-9]{1,3}(?:\.[0-9]+)?)\ ?%?", re.ASCII)

_SUFFIX_SCALE = {"k": 3, "m": 6}

# Spaces that phones and some locales put between thousands.
_SPACE_LIKE = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})

# Characters that only appear in Discord mentions, markdown or links; refusing them outright keeps
# anything a member typed from being re-rendered as a ping or formatting in a reply.
_MARKUP = re.compile(r"[<>@*_`~|\[\]()#:/\\]|https?|www\.", re.IGNORECASE)
_MINUS = re.compile(r"^[$£€]?\ ?[-\u2212]")
_EXPONENT = re.compile(r"[0-9][eE][-+]?[0-9]")
_LETTERS = re.compile(r"[^\W\d_]")


class RateError(InputError):
    """A percentage that cannot be read or lies outside 0 to 100."""


def require_money(value: object) -> Decimal:
    """Return `value` as a Decimal; ints are converted, floats and everything else are refused."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"money must be a Decimal or an int, not {type(value).__name__}")
    amount = Decimal(value)
    if not amount.is_finite():
        raise ValueError("money must be a finite Decimal")
    return amount


def cents(amount: Decimal) -> Decimal:
    """Round to the cent, half up, as the platforms do for each transaction."""
    return require_money(amount).quantize(CENT, rounding=ROUND_HALF_UP)


_SIGN_CURRENCIES = {"$": "USD", "£": "GBP", "€": "EUR"}


@dataclass(frozen=True, slots=True)
class Money:
    """An amount a member typed, and the currency they typed it in (None: they gave none)."""

    amount: Decimal
    currency: str | None = None


def parse_amount(text: str) -> Decimal:
    """Read an amount of money a member typed; see the module docstring for the accepted forms."""
    return parse_money(text).amount


def parse_money(text: str) -> Money:
    """Read an amount of money a member typed, with the currency it names if it names one."""
    cleaned = text.translate(_SPACE_LIKE).strip()
    if not cleaned:
        raise AmountError(f"No amount given. {AMOUNT_HINT}")
    if len(cleaned) > _MAX_INPUT_LENGTH:
        raise AmountError(f"That is too long to be an amount. {AMOUNT_HINT}")
    if _MARKUP.search(cleaned):
        raise AmountError(f"An amount can't contain mentions, links or formatting. {AMOUNT_HINT}")
    if _MINUS.match(cleaned):
        raise AmountError(f"The amount must be more than zero. {AMOUNT_HINT}")
    match = _AMOUNT_GRAMMAR.fullmatch(cleaned)
    if match is None:
        raise AmountError(f"{_why_unreadable(cleaned)} {AMOUNT_HINT}")
    currency = _currency_of(match)

    fraction = match["fraction"] or ""
    suffix = (match["suffix"] or "").lower()
    if not suffix and len(fraction) > 2:
        raise AmountError(
            "Use at most 2 decimals (cents). For thousands, use a comma or no separator: "
            f"15000 or 15,000. {AMOUNT_HINT}"
        )
    digits = match["whole"].replace(",", "").replace(" ", "")
    with localcontext() as exact:
        # Enough precision for every digit the length cap allows, so nothing is rounded away.
        exact.prec = 2 * _MAX_INPUT_LENGTH
        amount = Decimal(f"{digits}.{fraction or '0'}").scaleb(_SUFFIX_SCALE.get(suffix, 0))
        if amount != amount.quantize(CENT):
            raise AmountError(f"That works out to a fraction of a cent. {AMOUNT_HINT}")
    if amount == 0:
        raise AmountError(f"The amount must be more than zero. {AMOUNT_HINT}")
    if amount > MAX_AMOUNT:
        raise AmountError(
            f"Gigwise works with amounts up to {format_money(MAX_AMOUNT, trim_zero_cents=True)}: "
            "type a smaller amount."
        )
    return Money(amount.quantize(CENT), currency)


def _currency_of(match: re.Match[str]) -> str | None:
    named = [code.upper() for code in (match["code"], match["code_after"]) if code is not None]
    if match["symbol"]:
        named.append(_SIGN_CURRENCIES[match["symbol"]])
    if not named:
        return None
    if len(set(named)) > 1:
        raise AmountError(
            f"Name one currency: the amount says {' and '.join(named)}. {AMOUNT_HINT}"
        )
    if named[0] not in _known_currencies():
        raise AmountError(
            f"{named[0]} is not a currency code: use one such as USD, EUR or GBP. {AMOUNT_HINT}"
        )
    return named[0]


@functools.cache
def _known_currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def _why_unreadable(cleaned: str) -> str:
    """The most useful reason an amount did not match, without echoing what was typed."""
    if _EXPONENT.search(cleaned):
        return "Write the amount out in digits, without an exponent."
    if _LETTERS.search(cleaned):
        return "Write the amount in digits; only k (thousand) and m (million) may follow it."
    if "," in cleaned:
        return (
            "The separators are ambiguous: use a comma only between groups of three digits and "
            "a point for cents."
        )
    return "That amount can't be read."


def parse_rate(text: str) -> Decimal:
    """Read a percentage such as `10`, `10%` or `7.5%` and return it as a fraction (0.10)."""
    cleaned = text.strip()
    if not cleaned:
        raise RateError(f"No rate given. {RATE_HINT}")
    match = _RATE_GRAMMAR.fullmatch(cleaned) if len(cleaned) <= _MAX_INPUT_LENGTH else None
    if match is None:
        raise RateError(f"That rate can't be read. {RATE_HINT}")
    percent = Decimal(match["number"])
    if percent != percent.quantize(CENT):
        raise RateError(f"Use at most 2 decimals in a rate. {RATE_HINT}")
    if percent > 100:
        raise RateError(f"A rate can't be more than 100%. {RATE_HINT}")
    return percent.scaleb(-2)


def format_money(
    amount: Decimal,
    currency: str = "USD",
    locale: str = "en_US",
    *,
    trim_zero_cents: bool = False,
) -> str:
    """Show an amount the way a member reads it, e.g. `$13,700.00`, `£250.00` or `-$5.00`.

    `trim_zero_cents` shows whole amounts without cents (`$500`), for thresholds in sentences.
    """
    digits = _precision(currency)
    rounded = require_money(amount).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    if rounded == 0:
        # Avoid "-$0.00" for tiny negative amounts.
        rounded = abs(rounded)
    symbol = _PLAIN_SYMBOLS.get(currency) if locale == "en_US" and digits == 2 else None
    if symbol is not None and not trim_zero_cents:
        # Every reply formats a dozen amounts; for the common case this is Babel's exact output
        # (a test holds them equal) at a tenth of the cost.
        sign = "-" if rounded < 0 else ""
        return f"{sign}{symbol}{abs(rounded):,.2f}"
    if trim_zero_cents and rounded == rounded.to_integral_value():
        return str(
            format_currency(
                rounded, currency, format="¤#,##0", locale=locale, currency_digits=False
            )
        )
    return str(format_currency(rounded, currency, locale=locale))


# Currencies whose en_US format is the symbol, then the digits grouped by commas, and two cents.
_PLAIN_SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€"}


@functools.cache
def _precision(currency: str) -> int:
    return int(get_currency_precision(currency))


def format_rate(rate: Decimal) -> str:
    """Show a fraction as a percentage with at most 2 decimals: `20%`, `7.5%`, `8.67%`."""
    percent = (require_money(rate) * 100).quantize(CENT, rounding=ROUND_HALF_UP)
    shown = f"{percent:f}"
    if "." in shown:
        shown = shown.rstrip("0").rstrip(".")
    return f"{shown}%"
