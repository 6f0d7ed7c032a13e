"""The scam catalogue's shape and frozen split, the real-post loader, AUROC, and the weight fit."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from bench.fit_screening import PRIORS, _threshold, fit_weights
from bench.screening_data import CATALOGUE, auroc, load_catalogue, load_legit_posts, pasted

DOCUMENT = json.loads(CATALOGUE.read_text(encoding="utf-8"))
CASES = DOCUMENT["cases"]
MECHANISMS = {
    "pay_to_work",
    "fake_cheque",
    "gift_cards",
    "task_scam",
    "off_platform_contact",
    "off_platform_payment",
    "crypto_transfer",
    "money_mule",
    "reshipping",
    "personal_info",
    "account_rental",
    "free_work",
    "malware_download",
    "phishing_login",
    "impersonation",
    "too_good_pay",
    "vague_urgent",
    "free_mail_company",
    "no_identifiable_client",
}
CHANNELS = {
    "job_board",
    "platform_message",
    "email",
    "text",
    "chat_app",
    "social_media",
    "postal_mail",
    "phone",
}


def test_the_catalogue_holds_at_least_80_cases_with_unique_ids_in_order() -> None:
    ids = [case["id"] for case in CASES]
    assert len(ids) >= 80
    assert ids == [f"sc{number:03d}" for number in range(1, len(ids) + 1)]


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_every_case_has_a_source_a_date_mechanisms_a_channel_and_a_text(
    case: dict[str, object],
) -> None:
    assert str(case["source"]).startswith(("https://", "http://"))
    assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?|undated", str(case["date"]))
    mechanisms = case["mechanisms"]
    assert isinstance(mechanisms, list)
    assert mechanisms
    assert set(mechanisms) <= MECHANISMS
    assert case["channel"] in CHANNELS
    assert len(str(case["text"]).split()) >= 8


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_every_case_sits_in_the_split_its_id_decides(case: dict[str, object]) -> None:
    held_out = int(hashlib.sha256(str(case["id"]).encode()).hexdigest(), 16) % 3 == 0
    assert case["split"] == ("heldout" if held_out else "dev")


def test_about_a_third_of_the_catalogue_is_held_out() -> None:
    held_out = sum(case["split"] == "heldout" for case in CASES)
    assert 0.25 <= held_out / len(CASES) <= 0.40


def test_the_catalogue_covers_many_mechanisms_and_channels() -> None:
    assert len({m for case in CASES for m in case["mechanisms"]}) >= 12
    assert len({case["channel"] for case in CASES}) >= 6


def test_no_two_cases_share_a_text() -> None:
    texts = [case["text"] for case in CASES]
    assert len(set(texts)) == len(texts)


def test_loaded_cases_are_scams_with_their_split() -> None:
    posts = load_catalogue()
    assert len(posts) == len(CASES)
    assert all(post.scam for post in posts)
    assert {post.split for post in posts} == {"dev", "heldout"}


def test_missing_legitimate_posts_load_as_none(tmp_path: Path) -> None:
    assert load_legit_posts(tmp_path / "absent.csv") is None


def test_legitimate_posts_are_read_as_a_member_would_paste_them(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    path.write_text(
        '"id","platform","title","text","budget","client","posted","source","licence"\n'
        '"lp9001","Upwork","Logo","Three concepts.","$600.00",'
        '"{""payment_verified"": false, ""rating"": ""4.5""}","","x","none stated"\n',
        encoding="utf-8",
    )
    [post] = load_legit_posts(path) or []
    assert (post.id, post.scam, post.split) == ("lp9001", False, "legit")
    assert post.text == (
        "Logo\n\nThree concepts.\n\nBudget: $600.00\n\n"
        "About the client\nPayment method not verified\nRating is 4.5 out of 5."
    )


def test_a_row_without_client_facts_has_no_panel() -> None:
    assert pasted("Logo", "Text.", "$50", {}) == "Logo\n\nText.\n\nBudget: $50"


@pytest.mark.parametrize(
    ("scams", "legit", "expected"),
    [
        ([3, 4], [1, 2], 1.0),
        ([1, 2], [3, 4], 0.0),
        ([2, 2], [2, 2], 0.5),
        ([3, 1], [2], 0.5),
    ],
)
def test_auroc_is_the_chance_a_scam_outranks_a_legitimate_post(
    scams: list[float], legit: list[float], expected: float
) -> None:
    assert auroc(scams, legit) == expected


def test_fitted_weights_are_never_negative() -> None:
    positives = [frozenset({"pay_to_apply"})] * 5
    negatives = [frozenset({"contact_details"})] * 40 + [frozenset()] * 10
    _, weights = fit_weights(positives, negatives, iterations=400)
    assert min(weights.values()) >= 0
    assert weights["contact_details"] < PRIORS["contact_details"]


def test_a_flag_seen_only_on_scams_rises_above_its_prior() -> None:
    positives = [frozenset({"unsolicited_offer"})] * 20
    negatives = [frozenset()] * 40
    _, weights = fit_weights(positives, negatives, iterations=400)
    assert weights["unsolicited_offer"] > PRIORS["unsolicited_offer"]


def test_a_flag_never_seen_keeps_its_prior() -> None:
    _, weights = fit_weights([frozenset({"pay_to_apply"})], [frozenset()], iterations=400)
    assert weights["reshipping"] == PRIORS["reshipping"]


def test_a_threshold_calls_at_most_its_share_of_scores_positive() -> None:
    scores = [0] * 95 + [30, 40, 70, 80, 90]
    assert _threshold(scores, 0.03, 20) == 41
    assert _threshold(scores, 0.10, 20) == 20
