"""Weigh a post's flags into a 0-100 scam score and a verdict that says what to do.

The score is a small logistic model over the flags that are evidence of a scam: each distinct
flag adds its weight (in log-odds) once, however often it occurs, and the total goes through the
logistic function. The weights are data (`weights`), fitted by `bench/fit_screening.py` on the
development split of the documented-scam catalogue against real legitimate posts, each pulled
towards a prior that says how strongly the mechanism marks a scam. Every weight is at least
zero, so saying something more alarming never lowers the score.

The verdict reads the score first:

- red, "don't apply": the scam score reaches `RED_SCORE`;
- amber, "ask first": the scam score reaches `AMBER_SCORE`, or the headache flags are heavy
  enough on their own (a hostile client, an unrealistic deadline with other trouble);
- green otherwise.

Budget facts (a budget under the arbitration fee, a budget far too small for the scope) are advice:
they are shown, but weigh nothing and never change the verdict.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from advisor.redflags import weights
from advisor.redflags.model import Category, Severity, Verdict

BUDGET_FACTS = frozenset({"budget_under_arbitration_fee", "tiny_budget_for_scope"})
"""Flags about the money on offer: worth knowing, never a reason to think the post is a scam."""

HEADACHE_AMBER_POINTS = 45
"""Headache points (severity weights of headache flags, budget facts left out) that make a post
amber on their own: a high flag with a medium one, or three mediums; never a single flag."""


def scam_evidence(codes: Iterable[str], scam_weights: Mapping[str, float] | None = None) -> float:
    """The summed log-odds of the distinct flags that are evidence of a scam."""
    table = weights.SCAM_WEIGHTS if scam_weights is None else scam_weights
    return sum(table.get(code, 0.0) for code in set(codes))


def scam_score(evidence: float) -> int:
    """0 with no evidence, rising towards 100: the model's probability, rescaled so that a post
    without any evidence scores 0."""
    base = _logistic(weights.INTERCEPT)
    probability = _logistic(weights.INTERCEPT + evidence)
    return min(100, max(0, round(100 * (probability - base) / (1 - base))))


def headache_points(flags: Iterable[tuple[str, Category, Severity]]) -> int:
    """Severity points of the headache flags, budget facts left out."""
    return sum(
        severity.weight
        for code, category, severity in flags
        if category is Category.HEADACHE and code not in BUDGET_FACTS
    )


def verdict(score: int, headaches: int) -> Verdict:
    """Red where a freelancer should not apply, amber where they should ask first."""
    if score >= weights.RED_SCORE:
        return Verdict.RED
    if score >= weights.AMBER_SCORE or headaches >= HEADACHE_AMBER_POINTS:
        return Verdict.AMBER
    return Verdict.GREEN


def _logistic(value: float) -> float:
    return 1 / (1 + math.exp(-value))
