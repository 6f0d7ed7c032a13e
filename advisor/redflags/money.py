"""Find the dollar amounts in a job post and what each one is: a fixed budget, a rate, or neither.

Upwork posts show a fixed budget as "$150.00 / Fixed-price" or "Est. budget: $150.00", and hourly
work as "Hourly: $15.00 - $30.00"; clients write "Budget $80", "$40-60/hr" or "$300 per day". The
"About the client" panel adds figures that are not budgets at all ("$32K total spent", "$28.50 /hr
avg hourly rate paid"). Only US dollars are read, because the arbitration fee is in US dollars.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class AmountUse(StrEnum):
    """What a dollar amount in a post stands for."""

    FIXED = "fixed"
    HOURLY = "hourly"
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    PER_ITEM = "per_item"
    PANEL = "panel"
    OTHER = "other"


@dataclass(frozen=True)
class Amount:
    """A dollar amount (or range) in the folded post."""

    low: Decimal
    high: Decimal
    use: AmountUse
    start: int
    end: int


_NUMBER = r"(\d(?:[\d,]{0,12}\d)?(?:\.\d{1,2})?)(?: ?([km])\b)?"
# Two patterns rather than one alternation: each starts with characters the engine can jump to
# ("$"/"u", a digit), where one alternation would be tried at every position of the post.
_AMOUNT = re.compile(
    r"(?:us\$|\$|usd ?)" + _NUMBER + r"(?: ?(?:-|to) ?(?:us\$|\$|usd ?)?" + _NUMBER + r")?"
)
_AMOUNT_AFTER = re.compile(_NUMBER + r" ?(?:usd|us dollars|dollars|bucks|\$)")
# `_AMOUNT_AFTER` is tried at every digit; it can only match where its unit comes right after the
# number's last digit (or its "k"/"m"), a space at most between them, which this far cheaper
# pattern looks for first. Posts write "$40" far more often than "40$" or "40 usd".
_UNIT_AFTER_NUMBER = re.compile(r"[\dkm] ?(?:usd|us dollars|dollars|bucks|\$)")

# "$15 audition processing fee": the amount is a fee, a deposit or a bonus, not the budget.
_CHARGE_AFTER = re.compile(
    r"[ \t]{0,3}[a-z -]{0,30}\b(?:fee|fees|deposit|bonus|commission|refund|tip|charge)\b"
)
_PANEL_AFTER = re.compile(
    r"\s{0,3}(?:total spent|spent\b|/ ?hr avg|/ ?hour avg|avg hourly|in total spend)"
)
_UNIT_AFTER = re.compile(
    r"\s{0,3}(?:(?P<hourly>/ ?(?:hr|hour|h)\b|per (?:hour|hr)\b|an hour\b|a hour\b|hourly\b|p/h\b"
    r"|ph\b)"
    r"|(?P<daily>/ ?day\b|per day\b|a day\b|daily\b)"
    r"|(?P<weekly>/ ?(?:week|wk)\b|per week\b|a week\b|weekly\b)"
    r"|(?P<monthly>/ ?(?:month|mo)\b|per month\b|a month\b|monthly\b)"
    r"|(?P<per_item>/ ?(?:word|page|post|article|episode|video|image|item|piece|product|listing"
    r"|task|lead|call|minute|min|parcel|package|order)\b|per (?:word|page|post|article|episode"
    r"|video|image|piece|item|unit|product|listing|task|lead|call|minute|min|chapter|design|logo"
    r"|parcel|package|order|delivery|like|review|click)\b|each\b|a piece\b)"
    r"|(?P<fixed>fixed\b|fixed[- ]price\b|budget\b|total\b|flat\b|for (?:the |this )?(?:whole "
    r"|entire )?(?:project|job|task|gig)\b))"
)
# What the words just before a bare amount say it is; checked in this order.
_BEFORE = re.compile(
    r"(?:(?P<hourly>\b(?:hourly|hourly rate|rate)\s?:?\s?)"
    r"|(?P<other>\b(?:fee|fees|bonus|check|cheque|deposit|refund|commission|keep|earn|earning"
    r"|make|worth|revenue|sales|raised|funding|of)\s?(?:a |an |of |is |up to |over |about "
    r"|around )?)"
    r"|(?P<fixed>\b(?:budget|budgeted|fixed|fixed[- ]price|flat|total|one[- ]time|price|pay"
    r"|paying|offer|offering)\b[^\n$]{0,20}))$"
)
_CLAUSE_ENDS = ".!?;:\n"

_BEFORE_USES = {"hourly": AmountUse.HOURLY, "other": AmountUse.OTHER, "fixed": AmountUse.FIXED}
_SCALE = {"k": Decimal(1000), "m": Decimal(1_000_000)}


def _value(number: str, scale: str | None) -> Decimal:
    value = Decimal(number.replace(",", ""))
    return value * _SCALE[scale] if scale else value


def _use(text: str, start: int, end: int) -> AmountUse:
    after_end = min(len(text), end + 48)
    if _PANEL_AFTER.match(text, end, after_end):
        return AmountUse.PANEL
    unit = _UNIT_AFTER.match(text, end, after_end)
    if unit is not None and unit.lastgroup is not None:
        return AmountUse(unit.lastgroup)
    if _CHARGE_AFTER.match(text, end, min(len(text), end + 34)):
        return AmountUse.OTHER
    line_start = text.rfind("\n", max(0, start - 40), start) + 1
    before = _BEFORE.search(text, max(line_start, start - 40), start)
    if before is not None and before.lastgroup is not None:
        return _BEFORE_USES[before.lastgroup]
    # A bare amount that opens a clause ("... perfect. $120, needed in 2 days") is the budget.
    lead = text[max(0, start - 4) : start]
    if "\n" in lead or not lead.strip() or lead.rstrip()[-1] in _CLAUSE_ENDS:
        return AmountUse.FIXED
    return AmountUse.OTHER


def _matches(text: str) -> list[tuple[re.Match[str], bool]]:
    """Amount matches left to right, never overlapping; True for the "$"-led ones."""
    found = [(match, True) for match in _AMOUNT.finditer(text)]
    if _UNIT_AFTER_NUMBER.search(text) is None:
        return found
    found += [
        (match, False)
        for match in _AMOUNT_AFTER.finditer(text)
        if match.start() == 0
        or not (text[match.start() - 1].isalnum() or text[match.start() - 1] == "_")
    ]
    found.sort(key=lambda item: item[0].start())
    kept: list[tuple[re.Match[str], bool]] = []
    for match, led in found:
        if not kept or match.start() >= kept[-1][0].end():
            kept.append((match, led))
    return kept


def find_amounts(text: str) -> list[Amount]:
    """Every dollar amount in the folded post, with what it is used for."""
    amounts: list[Amount] = []
    for match, led in _matches(text):
        low = _value(match.group(1), match.group(2))
        high = _value(match.group(3), match.group(4)) if led and match.group(3) else low
        start, end = match.span()
        amounts.append(Amount(min(low, high), max(low, high), _use(text, start, end), start, end))
    return amounts
