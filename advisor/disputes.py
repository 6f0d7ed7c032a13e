"""Whether arbitrating an unpaid fixed-price contract is worth its fee.

On Upwork, arbitration is only for fixed-price contracts. Each party pays its share of the
arbitrator's fee up front; it is non-refundable once arbitration starts (it comes back only if the
other side never pays), and if you win you get what you're owed, not the fee. So the fee is a cost
you bear whether you win or lose, and small claims do not survive it: "if you're owed $300, there's
no way you're going to pay a $297 fee".

The rule used here: arbitration is *worth considering* when you are owed at least twice the fee,
so that even after paying it you would keep at least as much as you put at risk. Between the fee
and twice the fee a win still leaves something, but less than the stake; at or below the fee even a
win leaves nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from advisor.errors import AmountError, InputError
from advisor.money import cents, format_money, require_money

# One freelancer's figure for what they paid; the default because members quote it.
DEFAULT_ARBITRATION_FEE = Decimal("297")
MAX_ARBITRATION_FEE = Decimal("10000")
WORTH_CONSIDERING_MULTIPLE = 2

# What is known about the fee, for replies to cite: it has changed over time and Upwork does not
# publish it. $291 per party (client, freelancer and Upwork each paying the American Arbitration
# Association) is widely cited on community.upwork.com from about 2016 to 2021; $337.50 was quoted
# by a freelancer in April 2025; no source besides one freelancer's account was found for $297.
ARBITRATION_FEE_HISTORY = (
    "Upwork arbitration (fixed-price contracts only) costs each party a few hundred USD: "
    "historically $291, $337.50 quoted in 2025, $297 unconfirmed. It is non-refundable once "
    "arbitration starts, so check the amount Upwork quotes you."
)


@dataclass(frozen=True)
class DisputeAdvice:
    """The arithmetic of one dispute and a short verdict for the member.

    `break_even` is the amount owed at which a win only pays back the fee; `left_after_fee` is
    negative when the fee is more than what is owed.
    """

    owed: Decimal
    arbitration_fee: Decimal
    left_after_fee: Decimal
    break_even: Decimal
    worth_it: bool
    verdict: str


def arbitration_advice(
    owed: Decimal, arbitration_fee: Decimal = DEFAULT_ARBITRATION_FEE
) -> DisputeAdvice:
    """Weigh what you're owed against the arbitration fee you must put up to claim it."""
    owed_amount = require_money(owed)
    fee = require_money(arbitration_fee)
    if owed_amount <= 0:
        raise AmountError(
            "The amount you're owed must be more than zero: type an amount like 1500."
        )
    if owed_amount != cents(owed_amount):
        raise AmountError("What you're owed must be in whole cents: type at most 2 decimals.")
    if not 0 <= fee <= MAX_ARBITRATION_FEE:
        raise InputError(
            "The arbitration fee must be between $0 and $10,000: type the amount Upwork quoted, "
            "like 297."
        )
    fee = cents(fee)
    left = owed_amount - fee
    worth_considering_from = fee * WORTH_CONSIDERING_MULTIPLE
    worth_it = owed_amount >= worth_considering_from

    shown_owed, shown_fee, shown_left = (format_money(x) for x in (owed_amount, fee, left))
    rule = (
        "Rule of thumb: worth considering when you're owed at least twice the fee "
        f"({format_money(worth_considering_from)})."
    )
    if worth_it:
        verdict = (
            f"Worth considering: if you win the {shown_owed} you're owed, you keep {shown_left} "
            f"after the {shown_fee} fee, which you pay win or lose. {rule}"
        )
    elif left > 0:
        verdict = (
            f"Probably not worth it: a win on {shown_owed} leaves {shown_left} after the "
            f"{shown_fee} fee, less than the fee you put at risk. {rule}"
        )
    else:
        verdict = (
            f"Not worth it: the {shown_fee} fee is at least the {shown_owed} you're owed, so even "
            f"a win doesn't cover it. {rule}"
        )
    return DisputeAdvice(
        owed=owed_amount,
        arbitration_fee=fee,
        left_after_fee=left,
        break_even=fee,
        worth_it=worth_it,
        verdict=verdict,
    )
