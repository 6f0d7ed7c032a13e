"""The labelled corpus of job posts: exact flags per post and a floor under precision and recall.

tests/data/job_posts/ holds one .txt per post and labels.json with each post's kind (scam,
headache or good) and the exact flag codes it should raise. Precision and recall are counted per
category over whole posts: a post is positive for a category when any of its flags belongs to it.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from advisor.redflags import RED_FLAG_KINDS, Category, screen

CORPUS = Path(__file__).resolve().parent.parent / "data" / "job_posts"
LABELS = json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))
TODAY = date.fromisoformat(LABELS["today"])
FEE = Decimal(LABELS["arbitration_fee"])
POSTS = LABELS["posts"]
FLOOR = 0.9


@dataclass(frozen=True)
class LabelledPost:
    file: str
    kind: str
    expected: frozenset[str]
    text: str


def _load() -> list[LabelledPost]:
    return [
        LabelledPost(
            entry["file"],
            entry["kind"],
            frozenset(entry["expected"]),
            (CORPUS / entry["file"]).read_text(encoding="utf-8"),
        )
        for entry in POSTS
    ]


LABELLED = _load()
FOUND = {post.file: screen(post.text, today=TODAY, arbitration_fee=FEE) for post in LABELLED}


def _categories(codes: frozenset[str]) -> set[Category]:
    return {RED_FLAG_KINDS[code].category for code in codes}


@pytest.mark.parametrize("post", LABELLED, ids=[post.file for post in LABELLED])
def test_post_raises_exactly_its_labelled_flags(post: LabelledPost) -> None:
    assert FOUND[post.file].codes == post.expected


@pytest.mark.parametrize("post", LABELLED, ids=[post.file for post in LABELLED])
def test_evidence_slices_the_post_as_pasted(post: LabelledPost) -> None:
    for flag in FOUND[post.file].flags:
        assert flag.evidence, flag.code
        for evidence in flag.evidence:
            assert post.text[evidence.start : evidence.end] == evidence.text


@pytest.mark.parametrize("category", list(Category), ids=[category.value for category in Category])
def test_category_precision_and_recall_stay_above_the_floor(category: Category) -> None:
    tally: Counter[str] = Counter()
    for post in LABELLED:
        found = category in _categories(FOUND[post.file].codes)
        wanted = category in _categories(post.expected)
        tally["tp"] += found and wanted
        tally["fp"] += found and not wanted
        tally["fn"] += wanted and not found
    assert tally["tp"] + tally["fn"] > 0, "the corpus must hold positives for every category"
    precision = tally["tp"] / max(1, tally["tp"] + tally["fp"])
    recall = tally["tp"] / (tally["tp"] + tally["fn"])
    assert precision >= FLOOR, (tally, precision)
    assert recall >= FLOOR, (tally, recall)


@pytest.mark.parametrize("kind", ["scam", "headache", "good"])
def test_corpus_holds_at_least_30_posts_of_each_kind(kind: str) -> None:
    assert sum(post.kind == kind for post in LABELLED) >= 30


def test_every_label_names_a_known_flag() -> None:
    unknown = {code for post in LABELLED for code in post.expected} - set(RED_FLAG_KINDS)
    assert unknown == set()


def test_every_flag_code_is_exercised_by_the_corpus() -> None:
    labelled = {code for post in LABELLED for code in post.expected}
    assert set(RED_FLAG_KINDS) - labelled == set()


def test_every_scam_post_raises_a_scam_flag_and_every_headache_post_a_headache_flag() -> None:
    for post in LABELLED:
        if post.kind in ("scam", "headache"):
            assert Category(post.kind) in _categories(post.expected), post.file


def test_no_good_post_is_labelled_with_a_scam_or_headache_flag() -> None:
    for post in LABELLED:
        if post.kind == "good":
            assert not _categories(post.expected) & {Category.SCAM, Category.HEADACHE}, post.file


def test_every_label_file_exists_and_every_post_file_is_labelled() -> None:
    files = {path.name for path in CORPUS.glob("*.txt")}
    assert files == {post.file for post in LABELLED}
