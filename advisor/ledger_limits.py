"""How far a client's lifetime billed and a contract's total may go: as far as every read of them
accepts, and never further.

A tiered fee is priced on what the client was billed before the bill, and `advisor.fees` works
with at most `MAX_AMOUNT` of it. A client whose billings, taken in date order, ever add up to more
could no longer be listed, priced or billed again, so each change to the ledger (a billing typed
or imported, a refund taken back, a contract moved to another client) is checked against these
limits in its own transaction, after the change, and refused with a message saying the limit.

The check is on every running total in date order, not only on the last one: the fees Gigwise
works out again after a backdated change are priced on each of them. A change that can only lower
the totals (a billing deleted) is never refused, so a member can always dig their way out.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from advisor.ledger import LedgerError
from advisor.money import MAX_AMOUNT, format_money

# The most a client's billings may add up to at any date: what `advisor.fees` accepts as the
# lifetime billed before a bill.
MAX_LIFETIME = MAX_AMOUNT
# The most one contract's billings may add up to, either way: as much as a client's lifetime,
# since a contract's total can pass its client's only by refunds booked on another contract.
MAX_CONTRACT_TOTAL = MAX_AMOUNT


class TotalLimitError(LedgerError):
    """A change that would take a client's lifetime or a contract's total past its limit."""


def _limit(currency: str) -> str:
    return format_money(MAX_LIFETIME, currency, trim_zero_cents=True)


def lifetime_limit_error(currency: str, day: date) -> TotalLimitError:
    """What the member is told when a change would take a client past `MAX_LIFETIME`; `day` is
    the first on which the client's running total would pass it."""
    return TotalLimitError(
        f"That would take what you've billed this client past {_limit(currency)} (from "
        f"{day.isoformat()} on), the most Gigwise can work with for one client. "
        "Nothing was changed."
    )


def contract_total_error(number: int, currency: str, total: Decimal) -> TotalLimitError:
    """What the member is told when a change would take contract #`number` to `total`, past
    `MAX_CONTRACT_TOTAL` either way."""
    if total > 0:
        what = f"bring contract #{number}'s billings to {format_money(total, currency)}"
    else:
        what = (
            f"leave contract #{number} with {format_money(-total, currency)} more refunded than "
            "billed"
        )
    return TotalLimitError(
        f"That would {what}, past {_limit(currency)}, the most Gigwise can work with for one "
        "contract. Nothing was changed."
    )


def moves_past(before: Decimal, after: Decimal, limit: Decimal = MAX_CONTRACT_TOTAL) -> bool:
    """Whether a total going from `before` to `after` ends past `limit` either way, further than
    it was: a total already past it (recorded before the limit was checked) may come back."""
    return abs(after) > limit and abs(after) > abs(before)
