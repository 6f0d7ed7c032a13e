"""Fit the scam score's weights and write them to advisor/redflags/weights.py.

Run as `python -m bench.fit_screening [--check]`. The model is a logistic regression over the
flags that are evidence of a scam (one 0/1 feature per flag code), fitted by penalised maximum
likelihood on:

- positives: the development split of the documented-scam catalogue (never the held-out split);
- negatives: the half of the shared legitimate posts whose id hashes even (`FIT_HALF`), so the
  other half stays unseen by the fit and the bench can report both.

Each weight is pulled towards a prior (`PRIORS`, in log-odds) by a Gaussian penalty, and kept at
zero or above, so a flag seen on few posts keeps roughly its prior and no flag can lower the
score. The thresholds are then set on the same data: red at the lowest score that calls at most
`RED_LEGIT_CEILING` of the fitted legitimate posts red, amber at the lowest that calls at most
`AMBER_LEGIT_CEILING` red or amber, never lower than a single weak flag can reach. Pure Python:
a dozen features and a few hundred posts need no numerical library.

`--check` fits without writing and exits 1 when the shipped weights differ from a fresh fit.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from advisor.redflags import scoring, screen
from advisor.redflags import weights as shipped
from bench.screening_data import REPO, Post, load_catalogue, load_legit_posts

WEIGHTS_FILE = REPO / "advisor" / "redflags" / "weights.py"

PRIORS: dict[str, float] = {
    # Money or goods flow from the freelancer, or through them: don't apply.
    "pay_to_apply": 3.5,
    "cheque_or_reimbursement": 3.5,
    "currency_transfer": 3.5,
    "reshipping": 3.5,
    "account_rental": 3.5,
    "paid_tasks": 3.5,
    "personal_details_request": 2.5,
    "off_platform_payment": 2.5,
    # Common first steps of a scam, and the signs Upwork and the FTC list.
    "off_platform_contact": 2.0,
    "run_their_code": 2.0,
    "unsolicited_offer": 1.5,
    "too_good_to_be_true": 1.5,
    "free_sample_work": 1.2,
    "free_mail_company": 1.0,
    "recruiting_lure": 0.6,
    "contact_details": 0.8,
    # The client panel: weak, but a new unverified client is where scams come from.
    "payment_unverified": 0.4,
    "new_account": 0.4,
    "zero_spend": 0.2,
}
PRIOR_STRENGTH = 1.0
"""Gaussian penalty per flag, (weight - prior)^2 * PRIOR_STRENGTH: worth about one post of data."""

RED_LEGIT_CEILING = 0.01
AMBER_LEGIT_CEILING = 0.05
# Floors that give the verdicts their meaning whatever the data: red needs one flag of money or
# goods moving the wrong way (or two lesser signs together); a free-work request or an unasked
# offer alone asks for questions, not for walking away. Amber needs more than a stray address.
MIN_AMBER_SCORE = 20
MIN_RED_SCORE = 60


def fit_half(post_id: str) -> bool:
    """Whether a legitimate post is among those the weights are fitted on."""
    return int(hashlib.sha256(post_id.encode()).hexdigest(), 16) % 2 == 0


@dataclass(frozen=True)
class Fit:
    """Fitted intercept and weights, and the thresholds read off the fitted data."""

    intercept: float
    scam_weights: dict[str, float]
    red_score: int
    amber_score: int


def _features(posts: Sequence[Post]) -> list[frozenset[str]]:
    return [frozenset(screen(post.text).codes) & PRIORS.keys() for post in posts]


def _sigmoid(value: float) -> float:
    if value >= 0:
        return 1 / (1 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1 + exp)


def fit_weights(
    positives: Sequence[frozenset[str]],
    negatives: Sequence[frozenset[str]],
    iterations: int = 4000,
    step: float = 0.05,
) -> tuple[float, dict[str, float]]:
    """Projected gradient descent on the penalised, class-balanced log-loss."""
    codes = sorted(PRIORS)
    weights = dict(PRIORS)
    intercept = 0.0
    # Each class weighs as much as the other, whatever their sizes.
    rows = [(features, 1.0, 0.5 / len(positives)) for features in positives]
    rows += [(features, 0.0, 0.5 / len(negatives)) for features in negatives]
    scale = len(positives) + len(negatives)
    for _ in range(iterations):
        gradient = dict.fromkeys(codes, 0.0)
        gradient_intercept = 0.0
        for features, label, row_weight in rows:
            error = _sigmoid(intercept + sum(weights[code] for code in features)) - label
            gradient_intercept += row_weight * error * scale
            for code in features:
                gradient[code] += row_weight * error * scale
        intercept -= step * gradient_intercept / scale
        for code in codes:
            penalty = 2 * PRIOR_STRENGTH * (weights[code] - PRIORS[code])
            weights[code] = max(0.0, weights[code] - step * (gradient[code] + penalty) / scale * 4)
    return intercept, {code: round(weights[code], 2) for code in codes}


def _scores(features: Sequence[frozenset[str]], fit_weights_: dict[str, float]) -> list[int]:
    return [scoring.scam_score(scoring.scam_evidence(found, fit_weights_)) for found in features]


def _threshold(scores: Sequence[int], ceiling: float, floor: int) -> int:
    """The lowest score at or above `floor` that calls at most `ceiling` of `scores` positive."""
    for candidate in range(floor, 101):
        if sum(score >= candidate for score in scores) <= ceiling * len(scores):
            return candidate
    return 101


def fit(catalogue: Sequence[Post], legit: Sequence[Post]) -> Fit:
    """The weights and thresholds from the development scams and the fitted half of legit posts."""
    positives = _features([post for post in catalogue if post.split == "dev"])
    negatives = _features([post for post in legit if fit_half(post.id)])
    intercept, scam_weights = fit_weights(positives, negatives)
    previous = (shipped.INTERCEPT, dict(shipped.SCAM_WEIGHTS))
    # Scores are read with the fitted intercept, as the shipped module will.
    shipped.INTERCEPT, shipped.SCAM_WEIGHTS = intercept, scam_weights
    try:
        legit_scores = _scores(negatives, scam_weights)
        red = _threshold(legit_scores, RED_LEGIT_CEILING, MIN_RED_SCORE)
        amber = _threshold(legit_scores, AMBER_LEGIT_CEILING, MIN_AMBER_SCORE)
    finally:
        shipped.INTERCEPT, shipped.SCAM_WEIGHTS = previous
    return Fit(round(intercept, 2), scam_weights, red, min(amber, red))


def render(result: Fit) -> str:
    """The weights module's text."""
    lines = [
        '"""The fitted weights of the scam score: data written by `python -m bench.fit_screening`.',
        "",
        "Do not edit by hand: change the priors or the data and fit again. Each weight is the "
        "log-odds",
        "that one flag adds to the scam score; the thresholds are on the 0-100 scale of",
        "`scoring.scam_score`. Fitted on the catalogue's development split and half of the shared",
        "legitimate posts; the held-out split was not used.",
        '"""',
        "",
        f"INTERCEPT = {result.intercept}",
        "",
        "SCAM_WEIGHTS: dict[str, float] = {",
    ]
    ordered = sorted(result.scam_weights.items(), key=lambda item: (-item[1], item[0]))
    lines += [f'    "{code}": {weight},' for code, weight in ordered]
    lines += ["}", "", f"RED_SCORE = {result.red_score}", f"AMBER_SCORE = {result.amber_score}", ""]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Fit and write the weights (or, with --check, compare them with the shipped ones)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("--out", type=Path, default=WEIGHTS_FILE, help="where to write")
    args = parser.parse_args(argv)
    legit = load_legit_posts()
    if legit is None:
        print("The shared legitimate posts are not there; nothing to fit on.", file=sys.stderr)
        return 2
    result = fit(load_catalogue(), legit)
    text = render(result)
    for code, weight in sorted(result.scam_weights.items()):
        print(f"{code:<26} prior {PRIORS[code]:>5.2f}  fitted {weight:>5.2f}")
    print(f"intercept {result.intercept}  red >= {result.red_score}  amber >= {result.amber_score}")
    if args.check:
        same = args.out.read_text(encoding="utf-8") == text
        print("shipped weights match a fresh fit" if same else "shipped weights differ")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
