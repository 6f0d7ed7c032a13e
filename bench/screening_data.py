"""The real posts the screener is measured on: documented scams and scraped legitimate posts.

The scams are the project's own catalogue (tests/data/scam_cases/cases.json), paraphrases of
documented cases split once into a development and a held-out part. The legitimate posts are
read at evaluation time from the shared folder beside the repository (or from the file that
`GIGWISE_LEGIT_POSTS` names); they are never copied into the project, and their rows are
referred to by id only. Each legitimate row is turned into what a member would paste: the
title, the description, the budget line, and the client facts as Upwork's panel shows them.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CATALOGUE = REPO / "tests" / "data" / "scam_cases" / "cases.json"
LEGIT_POSTS_ENV = "GIGWISE_LEGIT_POSTS"
DEFAULT_LEGIT_POSTS = REPO.parent / "shared" / "data" / "real-posts" / "legit_posts.csv"


@dataclass(frozen=True)
class Post:
    """One post to screen, with what it is known to be."""

    id: str
    text: str
    scam: bool
    split: str
    mechanisms: tuple[str, ...] = ()
    channel: str = ""


def load_catalogue(path: Path = CATALOGUE) -> list[Post]:
    """Every documented scam in the catalogue, with its split."""
    document = json.loads(path.read_text(encoding="utf-8"))
    return [
        Post(
            id=case["id"],
            text=case["text"],
            scam=True,
            split=case["split"],
            mechanisms=tuple(case["mechanisms"]),
            channel=case["channel"],
        )
        for case in document["cases"]
    ]


def legit_posts_path() -> Path:
    """Where the legitimate posts are read from: `GIGWISE_LEGIT_POSTS`, else the shared folder."""
    override = os.environ.get(LEGIT_POSTS_ENV)
    return Path(override) if override else DEFAULT_LEGIT_POSTS


def _panel(client: dict[str, object]) -> list[str]:
    """The client facts of a scraped row, written as the lines of Upwork's client panel."""
    lines = []
    verified = client.get("payment_verified")
    if verified is True:
        lines.append("Payment method verified")
    elif verified is False:
        lines.append("Payment method not verified")
    if client.get("rating"):
        lines.append(f"Rating is {client['rating']} out of 5.")
    if client.get("total_spent"):
        lines.append(f"{client['total_spent']} total spent")
    if client.get("hire_rate"):
        lines.append(f"{client['hire_rate']} hire rate")
    if client.get("country"):
        lines.append(str(client["country"]))
    return lines


def pasted(title: str, text: str, budget: str, client: dict[str, object]) -> str:
    """A scraped row as a member would paste it into /screen."""
    parts = [title.strip(), text.strip(), f"Budget: {budget.strip()}"]
    panel = _panel(client)
    if panel:
        parts.append("About the client\n" + "\n".join(panel))
    return "\n\n".join(part for part in parts if part)


def load_legit_posts(path: Path | None = None) -> list[Post] | None:
    """The scraped legitimate posts, or None when the file is not there."""
    path = legit_posts_path() if path is None else path
    if not path.is_file():
        return None
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    return [
        Post(
            id=row["id"],
            text=pasted(
                row["title"], row["text"], row["budget"], json.loads(row["client"] or "{}")
            ),
            scam=False,
            split="legit",
            channel=row["platform"],
        )
        for row in rows
    ]


def auroc(scam_scores: Sequence[float], legit_scores: Sequence[float]) -> float:
    """The chance that a random scam scores above a random legitimate post (ties count half)."""
    if not scam_scores or not legit_scores:
        return float("nan")
    ordered = sorted(legit_scores)
    total = 0.0
    for score in scam_scores:
        below = _count_below(ordered, score)
        equal = _count_below(ordered, score, inclusive=True) - below
        total += below + equal / 2
    return total / (len(scam_scores) * len(legit_scores))


def _count_below(ordered: Sequence[float], value: float, inclusive: bool = False) -> int:
    low, high = 0, len(ordered)
    while low < high:
        middle = (low + high) // 2
        if ordered[middle] < value or (inclusive and ordered[middle] == value):
            low = middle + 1
        else:
            high = middle
    return low


@dataclass(frozen=True)
class SplitFigures:
    """How one split of the catalogue fares against the legitimate posts."""

    split: str
    scams: int
    legit: int
    auroc: float
    scams_red: float
    scams_red_or_amber: float
    legit_red: float
    legit_amber: float


def split_figures(
    split: str,
    scams: Sequence[Post],
    legit: Sequence[Post],
    score: Callable[[str], float],
    verdict: Callable[[str], str],
) -> SplitFigures:
    """AUROC and the verdict shares for the scams of `split` against every legitimate post."""
    chosen = [post for post in scams if post.split == split]
    scam_scores = [score(post.text) for post in chosen]
    legit_scores = [score(post.text) for post in legit]
    scam_verdicts = [verdict(post.text) for post in chosen]
    legit_verdicts = [verdict(post.text) for post in legit]

    def share(verdicts: list[str], wanted: set[str]) -> float:
        return sum(v in wanted for v in verdicts) / len(verdicts) if verdicts else float("nan")

    return SplitFigures(
        split=split,
        scams=len(chosen),
        legit=len(legit),
        auroc=auroc(scam_scores, legit_scores),
        scams_red=share(scam_verdicts, {"red"}),
        scams_red_or_amber=share(scam_verdicts, {"red", "amber"}),
        legit_red=share(legit_verdicts, {"red"}),
        legit_amber=share(legit_verdicts, {"amber"}),
    )
