"""Benchmark job-post screening: real scams against real legitimate posts, the labelled corpus,
and how time grows with length.

Run as `python -m bench.screening [--corpus DIR] [--json PATH]`. It prints:

- for the documented-scam catalogue's development and held-out splits, each against the shared
  legitimate posts (`bench.screening_data`): AUROC of the scam score, the share of scams called
  red and red-or-amber, and the share of legitimate posts called red and amber, with the goals
  for the held-out split; then every legitimate post called red or amber, by id, with its flags;
- precision and recall per flag category on the labelled corpus;
- timings: a new 4,000-character post in milliseconds (goal: at most 2 ms), and as a multiple
  of one plain regular-expression pass over the same text; 100,000 characters of adversarial
  text (long runs of near-matches for every rule) and of ordinary posts, each as a multiple of
  the 4,000-character time (goal: at most 25, i.e. linear).

When the legitimate posts are not there it says so and skips that part. It exits with status 1
when a held-out goal or a ratio goal is missed.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from advisor.redflags import RED_FLAG_KINDS, Category, screen
from bench.fit_screening import fit_half
from bench.screening_data import (
    LEGIT_POSTS_ENV,
    Post,
    SplitFigures,
    legit_posts_path,
    load_catalogue,
    load_legit_posts,
    split_figures,
)

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "job_posts"
POST_CHARS = 4_000
LONG_CHARS = 100_000
LINEAR_RATIO_GOAL = 25.0
MS_PER_1000_CHARS_GOAL = 1.0
POST_4K_MS_GOAL = 2.0
HELD_OUT_GOALS = {
    "auroc": (">=", 0.85),
    "scams_red_or_amber": (">=", 0.70),
    "legit_red": ("<=", 0.03),
    "legit_amber": ("<=", 0.10),
}


@dataclass(frozen=True)
class RealPostsScore:
    """The catalogue's splits against the legitimate posts, and the legitimate posts flagged."""

    splits: list[SplitFigures]
    unfitted_legit: SplitFigures | None
    flagged_legit: list[dict[str, object]]
    catalogue: dict[str, dict[str, int]]


def score_real_posts() -> RealPostsScore | None:
    """Screen the catalogue and the legitimate posts; None when the latter are not there."""
    legit = load_legit_posts()
    if legit is None:
        return None
    catalogue = load_catalogue()
    screened = {post.text: screen(post.text) for post in [*catalogue, *legit]}

    def score(text: str) -> float:
        return screened[text].score

    def verdict(text: str) -> str:
        return screened[text].verdict.value

    splits = [split_figures(name, catalogue, legit, score, verdict) for name in ("dev", "heldout")]
    unfitted = [post for post in legit if not fit_half(post.id)]
    unfitted_figures = split_figures("heldout", catalogue, unfitted, score, verdict)
    flagged = [
        {
            "id": post.id,
            "verdict": verdict(post.text),
            "score": screened[post.text].score,
            "flags": sorted(screened[post.text].codes),
        }
        for post in legit
        if verdict(post.text) != "green"
    ]
    counts: dict[str, dict[str, int]] = {"mechanism": {}, "channel": {}, "split": {}}
    for post in catalogue:
        _count(counts["channel"], post.channel)
        _count(counts["split"], post.split)
        for mechanism in post.mechanisms:
            _count(counts["mechanism"], mechanism)
    return RealPostsScore(splits, unfitted_figures, flagged, counts)


def _count(tally: dict[str, int], key: str) -> None:
    tally[key] = tally.get(key, 0) + 1


def _goal_missed(figures: SplitFigures) -> list[str]:
    missed = []
    for name, (direction, goal) in HELD_OUT_GOALS.items():
        value = getattr(figures, name)
        if (direction == ">=" and value < goal) or (direction == "<=" and value > goal):
            missed.append(f"held-out {name}")
    return missed


def _print_real_posts(real: RealPostsScore | None) -> list[str]:
    if real is None:
        print(
            f"Real posts: skipped, the legitimate posts are not at {legit_posts_path()} "
            f"(set {LEGIT_POSTS_ENV} to their CSV file)."
        )
        print()
        return []
    print(
        f"Real posts: {sum(real.catalogue['split'].values())} documented scams "
        f"({real.catalogue['split'].get('dev', 0)} dev, "
        f"{real.catalogue['split'].get('heldout', 0)} held out) against "
        f"{real.splits[0].legit} legitimate posts"
    )
    print(
        f"{'split':<22} {'AUROC':>6} {'scams red':>10} {'red/amber':>10} "
        f"{'legit red':>10} {'legit amber':>12}"
    )
    rows = [*real.splits]
    labels = ["dev", "held-out"]
    if real.unfitted_legit is not None:
        rows.append(real.unfitted_legit)
        labels.append("held-out, unfitted legit")
    for label, row in zip(labels, rows, strict=True):
        print(
            f"{label:<22} {row.auroc:>6.3f} {row.scams_red:>10.1%} {row.scams_red_or_amber:>10.1%} "
            f"{row.legit_red:>10.1%} {row.legit_amber:>12.1%}"
        )
    goals = ", ".join(
        f"{name} {direction} {goal}" for name, (direction, goal) in HELD_OUT_GOALS.items()
    )
    missed = _goal_missed(real.splits[1])
    print(f"held-out goals: {goals}: {'MISSED ' + ', '.join(missed) if missed else 'ok'}")
    print(
        "legitimate posts called red or amber:"
        if real.flagged_legit
        else "no legitimate post is red or amber"
    )
    for row in real.flagged_legit:
        print(f"  {row['id']} {row['verdict']} {row['score']}/100 {', '.join(row['flags'])}")  # type: ignore[arg-type]
    for kind in ("mechanism", "channel"):
        tally = sorted(real.catalogue[kind].items(), key=lambda item: (-item[1], item[0]))
        print(f"catalogue by {kind}: " + ", ".join(f"{name} {count}" for name, count in tally))
    print()
    return missed


@dataclass(frozen=True)
class CategoryScore:
    """Post-level precision and recall for one flag category."""

    category: str
    true_positives: int
    false_positives: int
    false_negatives: int
    precision: float
    recall: float


@dataclass(frozen=True)
class CorpusScore:
    """How the screener does on a labelled corpus."""

    posts: int
    exact_matches: int
    categories: list[CategoryScore]
    mismatches: list[dict[str, object]]


def _categories_of(codes: Sequence[str]) -> set[str]:
    return {RED_FLAG_KINDS[code].category.value for code in codes}


def score_corpus(corpus: Path) -> CorpusScore:
    """Screen every labelled post and score each category at the level of whole posts."""
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    today = date.fromisoformat(labels["today"])
    fee = Decimal(labels.get("arbitration_fee", "297"))
    counts = {category.value: [0, 0, 0] for category in Category}
    exact = 0
    mismatches: list[dict[str, object]] = []
    for entry in labels["posts"]:
        text = (corpus / entry["file"]).read_text(encoding="utf-8")
        found = sorted(screen(text, today=today, arbitration_fee=fee).codes)
        expected = sorted(entry["expected"])
        if found == expected:
            exact += 1
        else:
            mismatches.append(
                {
                    "file": entry["file"],
                    "missing": sorted(set(expected) - set(found)),
                    "unexpected": sorted(set(found) - set(expected)),
                }
            )
        found_categories, expected_categories = _categories_of(found), _categories_of(expected)
        for category, tally in counts.items():
            hit, wanted = category in found_categories, category in expected_categories
            tally[0] += hit and wanted
            tally[1] += hit and not wanted
            tally[2] += wanted and not hit
    scores = []
    for category, (tp, fp, fn) in counts.items():
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        scores.append(CategoryScore(category, tp, fp, fn, precision, recall))
    return CorpusScore(len(labels["posts"]), exact, scores, mismatches)


def _corpus_text(corpus: Path) -> str:
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    return "\n\n".join(
        (corpus / entry["file"]).read_text(encoding="utf-8") for entry in labels["posts"]
    )


def _cut(text: str, size: int) -> str:
    while len(text) < size:
        text += "\n\n" + text
    cut = text.rfind(" ", 0, size)
    return text[: cut if cut > size // 2 else size]


# Near-misses for every family of rules: app names one letter short, contact verbs without a
# channel, payment verbs without a method, reimbursement and transfer openers that never close,
# "@" and "at" without a domain, digit runs one short of a phone number, dollar amounts without a
# unit, capitals without everyday words, letter runs one short of being joined, negation cues,
# deadline words without a number, panel words without a figure, and obfuscation characters.
_NEAR_MISSES = (
    "telegra whatsap skyp wecha vibe signa discor t.m wa.m paypa zell cash ap venm "
    "contact me about reach us soon text mess email mee call me later send your thoughts "
    "pay you well paid weekly through upwork payment is through upwork avoid the traffic "
    "buy a coffee and then the order the menu and so purchase the plan for the team and later "
    "receive the files from the team and review them carefully and also "
    "send the draft over then transfer the files to the drive and move the folder "
    "john@ gmail bob at home dot work at noon mark.fields(at) 555-0133 12345678 1234-5678 "
    "$12 $3,000 $45 per $7 usd 40 dollar budget: tbd-ish hourly rate: "
    "API SEO CSS HTML PHP AWS GCP SQL ETL CRM ERP B2B SAAS KPI ROI CTA UX UI QA "
    "a b c no d e f g-h i j not k l m never n o p don't "
    "simple fix quick call easy question small note clone of the repo like the old version "
    "in two weeks within reason by monday in 10 days 72 pages "
    "previous experience last week former job old site original plan "
    "no excuses needed time well spent waste nothing unpaid invoices free shipping trial version "
    "cheap flights lowest temperature low latency tight loop exposure settings equity research "
    "member since then rating is good of the reviews 5 reviews proposals: few hire rate: good "
    "payment method verified total spent well avg hourly rate "
    "ｔｅｌｅｇｒａ wha\u200btsap s\u200bkyp ｐａｙｐａ \u0422\u0435l\u0435gr\u0430 "
)


def adversarial_text(size: int = LONG_CHARS) -> str:
    """`size` characters of near-matches for every rule, repeated."""
    return _cut(_NEAR_MISSES, size)


def _best_time(run: Callable[[], object], repeat: int, number: int) -> float:
    """Seconds per call, best of `repeat` rounds; the collector is paused, as `timeit` does."""
    best = float("inf")
    collecting = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeat):
            started = time.perf_counter()
            for _ in range(number):
                run()
            best = min(best, (time.perf_counter() - started) / number)
    finally:
        if collecting:
            gc.enable()
    return best


@dataclass(frozen=True)
class Timings:
    """Seconds per call, and the ratios the goals are stated in."""

    post_4k_seconds: float
    plain_scan_4k_seconds: float
    adversarial_100k_seconds: float
    ordinary_100k_seconds: float
    ms_per_1000_chars: float
    post_vs_plain_scan: float
    adversarial_100k_vs_post_4k: float
    ordinary_100k_vs_post_4k: float
    real_post_4k_seconds: float | None


def measure(corpus: Path, repeat: int, legit: Sequence[Post] | None = None) -> Timings:
    """Time a 4,000-character post cut from the corpus (dense with scam phrases, so the phrase
    checks run often), one cut from real legitimate posts when they are there, 100 KB of
    adversarial text and 100 KB of ordinary posts."""
    ordinary = _corpus_text(corpus)
    post = _cut(ordinary, POST_CHARS)
    long_ordinary = _cut(ordinary, LONG_CHARS)
    adversarial = adversarial_text()
    plain_scan = re.compile(r"\btelegram\b")
    screen(post)
    post_time = _best_time(lambda: screen(post), repeat, 20)
    scan_time = _best_time(lambda: plain_scan.findall(post.lower()), repeat, 200)
    adversarial_time = _best_time(lambda: screen(adversarial), repeat, 2)
    ordinary_time = _best_time(lambda: screen(long_ordinary), repeat, 2)
    real_time = None
    if legit:
        real_post = _cut("\n\n".join(post.text for post in legit), POST_CHARS)
        screen(real_post)
        real_time = _best_time(lambda: screen(real_post), repeat, 20)
    return Timings(
        post_4k_seconds=post_time,
        plain_scan_4k_seconds=scan_time,
        adversarial_100k_seconds=adversarial_time,
        ordinary_100k_seconds=ordinary_time,
        ms_per_1000_chars=post_time * 1000 / (len(post) / 1000),
        post_vs_plain_scan=post_time / scan_time,
        adversarial_100k_vs_post_4k=adversarial_time / post_time,
        ordinary_100k_vs_post_4k=ordinary_time / post_time,
        real_post_4k_seconds=real_time,
    )


def _print_report(score: CorpusScore, timings: Timings) -> list[str]:
    print(f"Corpus: {score.posts} posts, {score.exact_matches} with exactly the expected flags")
    print(f"{'category':<10} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}")
    for row in score.categories:
        print(
            f"{row.category:<10} {row.precision:>9.3f} {row.recall:>7.3f} "
            f"{row.true_positives:>4} {row.false_positives:>4} {row.false_negatives:>4}"
        )
    for mismatch in score.mismatches:
        print(
            f"  {mismatch['file']}: missing {mismatch['missing']}, unexpected {mismatch['unexpected']}"
        )
    print()
    post_ms = timings.post_4k_seconds * 1000
    post_verdict = "ok" if post_ms <= POST_4K_MS_GOAL else "MISSED"
    print(
        f"4,000-char post from the corpus: {post_ms:.3f} ms (goal <= {POST_4K_MS_GOAL:.0f} ms) "
        f"{post_verdict}"
    )
    if timings.real_post_4k_seconds is not None:
        real_ms = timings.real_post_4k_seconds * 1000
        real_verdict = "ok" if real_ms <= POST_4K_MS_GOAL else "MISSED"
        print(
            f"4,000-char post from the legitimate posts: {real_ms:.3f} ms "
            f"(goal <= {POST_4K_MS_GOAL:.0f} ms) {real_verdict}"
        )
    print(f"  {timings.ms_per_1000_chars:.3f} ms per 1,000 chars (goal < {MS_PER_1000_CHARS_GOAL})")
    print(f"  {timings.post_vs_plain_scan:.1f}x one plain regex pass over the same text")
    missed = []
    for name, ratio in (
        ("100 KB adversarial / 4 KB post", timings.adversarial_100k_vs_post_4k),
        ("100 KB ordinary / 4 KB post", timings.ordinary_100k_vs_post_4k),
    ):
        verdict = "ok" if ratio <= LINEAR_RATIO_GOAL else "MISSED"
        print(f"{name}: {ratio:.1f}x (goal <= {LINEAR_RATIO_GOAL:.0f}x) {verdict}")
        if ratio > LINEAR_RATIO_GOAL:
            missed.append(name)
    if timings.ms_per_1000_chars >= MS_PER_1000_CHARS_GOAL:
        print("note: the per-1,000-character time is above its goal on this machine")
    if post_ms > POST_4K_MS_GOAL:
        missed.append("4,000-char corpus post")
    if timings.real_post_4k_seconds is not None and timings.real_post_4k_seconds * 1000 > (
        POST_4K_MS_GOAL
    ):
        missed.append("4,000-char legitimate post")
    return missed


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; return 1 when a ratio goal is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="labelled corpus directory")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--repeat", type=int, default=5, help="timing rounds; the best counts")
    args = parser.parse_args(argv)
    real = score_real_posts()
    missed = _print_real_posts(real)
    score = score_corpus(args.corpus)
    timings = measure(args.corpus, args.repeat, load_legit_posts())
    missed += _print_report(score, timings)
    if args.json is not None:
        figures = {
            "real_posts": asdict(real) if real is not None else None,
            "corpus": asdict(score),
            "timings": asdict(timings),
            "goals": {
                "post_4k_ms_max": POST_4K_MS_GOAL,
                "held_out": HELD_OUT_GOALS,
                "linear_ratio_max": LINEAR_RATIO_GOAL,
                "ms_per_1000_chars_max": MS_PER_1000_CHARS_GOAL,
            },
            "missed": missed,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
