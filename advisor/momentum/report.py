"""The momentum report: everything `/momentum` shows, built from `MomentumInputs` for one day.

The seed calls freelancing "a momentum game" (#2): clients see the ten most recent reviews, one
bad review costs at least ten jobs, and the way to win is not to lose (#1). The report puts that in
numbers: the review window and what a next review would do to it, what a review is worth, whether
the ranking signals are gaining or losing ground, which of the member's own actions are overdue,
invites per week, the fee profile, and an estimate of the Job Success Score with the Top Rated
checklist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from advisor.momentum.actions import InviteWeek, OwnAction, invites_per_week, own_actions
from advisor.momentum.fee_profile import FeeProfile, fee_profile
from advisor.momentum.inputs import MomentumInputs
from advisor.momentum.jss import JssEstimate, TopRatedChecklist, estimate_jss, top_rated_checklist
from advisor.momentum.reviews import AtStake, ReviewWindow, WhatIf, at_stake, review_window, what_if
from advisor.momentum.score import MomentumScore, momentum_score


@dataclass(frozen=True, slots=True)
class MomentumReport:
    """A member's momentum on `today`. Money is in `currency`; `other_currencies` name clients'
    currencies left out of the money figures.

    `own_actions` lists every tracked action, most overdue first; `overdue_actions` only those
    overdue. Call `what_if(stars)` for the window after a next review.
    """

    today: date
    currency: str
    other_currencies: tuple[str, ...]
    review_window: ReviewWindow
    at_stake: AtStake
    momentum: MomentumScore
    own_actions: tuple[OwnAction, ...]
    invites_per_week: tuple[InviteWeek, ...]
    fee_profile: FeeProfile
    jss: JssEstimate
    top_rated: TopRatedChecklist

    @property
    def overdue_actions(self) -> tuple[OwnAction, ...]:
        return tuple(action for action in self.own_actions if action.overdue)

    def what_if(self, stars: Decimal) -> WhatIf:
        """The review window after a next review of `stars` (a Decimal from 1.00 to 5.00)."""
        return what_if(self.review_window, stars, self.at_stake)


def build_momentum_report(inputs: MomentumInputs, *, today: date) -> MomentumReport:
    """The report for `today` from inputs gathered for that day."""
    if not isinstance(inputs, MomentumInputs):
        raise TypeError(f"inputs must be MomentumInputs, not {type(inputs).__name__}")
    jss = estimate_jss(inputs.jss_windows, today)
    return MomentumReport(
        today=today,
        currency=inputs.currency,
        other_currencies=inputs.other_currencies,
        review_window=review_window(inputs.latest_reviews),
        at_stake=at_stake(inputs.lifetime.jobs, inputs.lifetime.total, inputs.currency),
        momentum=momentum_score(inputs.signals, today),
        own_actions=own_actions(inputs.last_done, today),
        invites_per_week=invites_per_week(inputs.signals, today),
        fee_profile=fee_profile(
            inputs.currency,
            inputs.lifetime,
            inputs.client_counts,
            inputs.clients_near_next_tier,
            inputs.paid_rates,
            inputs.lifetime_fees,
            inputs.recorded_fees_last_12_months,
        ),
        jss=jss,
        top_rated=top_rated_checklist(
            jss, inputs.earned_last_12_months, inputs.currency, inputs.first_contract_on, today
        ),
    )
