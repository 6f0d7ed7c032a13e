"""Weighing a job's size against its wording, deadline, budget and pay."""

from __future__ import annotations

import pytest

from advisor.redflags.money import find_amounts
from advisor.redflags.scope import judge_scope


def _judged(text: str) -> set[str]:
    return {hit.code for hit in judge_scope(text, find_amounts(text), [])}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("simple app like tiktok with a feed. hourly, 3 months.", "understated_scope"),
        ("small task: a multi-vendor marketplace. budget: $200", "understated_scope"),
        ("an airbnb clone. must launch in 3 days. budget $3,000.", "unrealistic_deadline"),
        (
            "full website with user accounts and an admin dashboard by tomorrow",
            "unrealistic_deadline",
        ),
        ("an uber clone for ios and android.\n$150.00\nfixed-price", "tiny_budget_for_scope"),
        ("50 seo blog posts, 1,000 words each. $100 fixed", "tiny_budget_for_scope"),
        ("simple copy and paste work, earn $85 per hour", "too_good_to_be_true"),
        ("data entry from home, $300 per day", "too_good_to_be_true"),
        ("need a website.", "missing_details"),
    ],
)
def test_size_and_terms_together_raise_the_flag(text: str, code: str) -> None:
    assert code in _judged(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("simple task: convert a pdf table to html. $120 fixed.", "understated_scope"),
        ("an airbnb clone. timeline 4 months. budget $30,000.", "unrealistic_deadline"),
        ("a landing page in one day, budget $80.", "unrealistic_deadline"),
        ("an uber clone for ios and android. budget $40,000", "tiny_budget_for_scope"),
        ("data entry from home, $12/hr", "too_good_to_be_true"),
        ("copy editor, $60/hr, 8 articles a month", "too_good_to_be_true"),
        ("need a logo. budget $300.", "missing_details"),
        ("need a logo by friday in two weeks", "missing_details"),
        ("this is not a simple app like tiktok. hourly, 3 months.", "understated_scope"),
    ],
)
def test_one_fact_alone_raises_nothing(text: str, code: str) -> None:
    assert code not in _judged(text)


def test_vague_phrase_counts_only_in_a_short_post() -> None:
    short = "need a site. details in chat."
    long = short + " " + "we sell handmade soap and need six pages with a shop. " * 6
    vague = [(short.index("details"), short.index("details") + len("details in chat"))]
    assert "missing_details" in {hit.code for hit in judge_scope(short, [], vague)}
    assert "missing_details" not in {hit.code for hit in judge_scope(long, [], vague)}
