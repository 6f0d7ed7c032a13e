"""Invariants of `screen` on generated posts: bounds, evidence, robustness and monotone scores."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.redflags import MAX_POST_CHARS, EmptyPostError, Verdict, screen
from advisor.redflags.normalise import fold
from advisor.redflags.scoring import scam_evidence

TODAY = date(2026, 11, 28)

# Pieces of real posts: flag phrases, their negations, amounts, panel lines, capitals,
# obfuscation characters and punctuation, so generated posts raise and mix many flags.
FRAGMENTS = [
    "contact me on telegram",
    "Telegram",
    "WhatsApp",
    "t e l e g r a m",
    "te1egram",
    "ｔｅｌｅｇｒａｍ",
    "\u0422\u0435l\u0435gr\u0430m",
    "wa.me/447700900123",
    "john at gmail dot com",
    "hr@example.com",
    "+1 (415) 555-0133",
    "pay via PayPal",
    "worked at PayPal",
    "Zelle",
    "we will send you a check",
    "buy gift cards and be reimbursed",
    "registration fee",
    "buy bitcoin",
    "send a photo of your passport",
    "unpaid test",
    "do not",
    "no need for",
    "never",
    "don't worry",
    "if you don't have",
    "ASAP",
    "not urgent",
    "and other tasks as needed",
    "previous developer",
    "NO TIME WASTERS",
    "I NEED THIS DONE TODAY",
    "simple app like Uber",
    "by tomorrow",
    "Budget $150",
    "$2,500 fixed",
    "$45/hr",
    "data entry",
    "Payment method not verified",
    "$0 total spent",
    "9% hire rate",
    "Rating is 2.9 out of 5.",
    "Member since Nov 22, 2026",
    "Proposals: 50+",
    "About the client",
    "\u200b",
    "\ufb01",
    "’",
    " ",
    ", ",
    ". ",
    "\n",
    "\n\n",
]

# Plain job-post sentences, all ASCII, for the invariance tests.
ASCII_FRAGMENTS = [
    "Logo for our bakery, three concepts, two revisions.",
    "Budget $600 fixed, due in three weeks.",
    "Long-term work, about 10 hours a week.",
    "Please share two stores you built.",
    "We never ask for fees or checks.",
    "Payment through Upwork milestones only.",
    "Data entry from scanned invoices into our spreadsheet.",
    "Hourly: $25-$35",
]

posts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), min_size=1, max_size=30
).map("".join)

SCAM_PHRASES = [
    "Message me on Telegram.",
    "Add me on WhatsApp: wa.me/15551234567",
    "We pay through Zelle or Cash App.",
    "We will mail you a cheque for the equipment.",
    "A registration fee of $25 is required.",
    "Please buy bitcoin for us.",
    "Send a photo of your passport and your bank account number.",
    "Email me at hiring.desk@gmail.com",
    "You need to send $50 for training materials before you start.",
    "Keep $200 as your pay and send the rest to our approved vendor.",
    "Receive packages at your home and ship them with the labels we email.",
    "My Upwork account was suspended; let me work through your account.",
    "Like videos and earn $5 per like.",
    "Clone our repository and run it on your machine for the interview.",
    "Congratulations, you have been selected for the position.",
    "Write a free test article before we decide.",
]

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _is_blank(text: str) -> bool:
    return not fold(text).text.strip()


@SETTINGS
@given(posts)
def test_score_stays_between_0_and_100(text: str) -> None:
    if _is_blank(text):
        return
    assert 0 <= screen(text, today=TODAY).score <= 100


@SETTINGS
@given(posts)
def test_evidence_offsets_slice_the_post_as_pasted(text: str) -> None:
    if _is_blank(text):
        return
    for flag in screen(text, today=TODAY).flags:
        for evidence in flag.evidence:
            assert 0 <= evidence.start < evidence.end <= len(text)
            assert text[evidence.start : evidence.end] == evidence.text


@SETTINGS
@given(st.one_of(st.text(max_size=3000), posts))
def test_any_unicode_is_screened_and_only_a_blank_post_is_refused(text: str) -> None:
    try:
        screen(text, today=TODAY)
    except EmptyPostError:
        assert _is_blank(text)


@SETTINGS
@given(posts, st.sampled_from(SCAM_PHRASES), st.booleans())
def test_adding_a_scam_phrase_never_lowers_the_score(text: str, phrase: str, first: bool) -> None:
    if _is_blank(text):
        return
    with_phrase = f"{phrase}\n\n{text}" if first else f"{text}\n\n{phrase}"
    assert screen(with_phrase, today=TODAY).score >= screen(text, today=TODAY).score


@SETTINGS
@given(posts, st.lists(st.sampled_from(SCAM_PHRASES), min_size=1, max_size=3, unique=True))
def test_adding_scam_mechanisms_never_lowers_the_score_or_the_verdict(
    text: str, phrases: list[str]
) -> None:
    if _is_blank(text):
        return
    before = screen(text, today=TODAY)
    after = screen(text + "\n\n" + "\n\n".join(phrases), today=TODAY)
    assert after.score >= before.score
    assert _RANK[after.verdict] >= _RANK[before.verdict]


_RANK = {Verdict.GREEN: 0, Verdict.AMBER: 1, Verdict.RED: 2}

# Ordinary job text with scam mechanisms in it, in ASCII so that case changes keep its length.
ascii_posts = st.lists(
    st.sampled_from(SCAM_PHRASES + ASCII_FRAGMENTS), min_size=1, max_size=12
).map(" ".join)

_FULLWIDTH = {code: code + 0xFEE0 for code in range(0x21, 0x7F)}
_HOMOGLYPHS = str.maketrans(
    {"a": "\u0430", "e": "\u0435", "o": "\u043e", "c": "\u0441", "p": "\u0440"}
)


def _zero_width(text: str) -> str:
    """A zero-width space inside every word of four letters or more."""
    return " ".join(
        word[:2] + "\u200b" + word[2:] if len(word) >= 4 else word for word in text.split(" ")
    )


@SETTINGS
@given(
    ascii_posts,
    st.sampled_from(
        ["upper", "lower", "title", "spaces", "tabs", "fullwidth", "homoglyphs", "zero"]
    ),
)
def test_case_spacing_and_obfuscation_do_not_change_the_score(text: str, change: str) -> None:
    changed = {
        "upper": text.upper(),
        "lower": text.lower(),
        "title": text.title(),
        "spaces": text.replace(" ", "   "),
        "tabs": text.replace(" ", " \t "),
        "fullwidth": text.translate(_FULLWIDTH),
        "homoglyphs": text.translate(_HOMOGLYPHS),
        "zero": _zero_width(text),
    }[change]
    assert screen(changed, today=TODAY).score == screen(text, today=TODAY).score


@SETTINGS
@given(posts)
def test_flags_are_sorted_strongest_scam_evidence_first(text: str) -> None:
    if _is_blank(text):
        return
    evidence = [scam_evidence([flag.code]) for flag in screen(text, today=TODAY).flags]
    assert evidence == sorted(evidence, reverse=True)


@pytest.mark.parametrize("seed", range(3))
def test_unicode_post_of_the_maximum_length_is_screened(seed: int) -> None:
    alphabet = "abc XYZ 123 ｔｅｌｅ\u200b\ufb01’$@.\n" + chr(0x1F600 + seed) + "\u0301"
    text = "".join(
        alphabet[(index * 7919 + seed) % len(alphabet)] for index in range(MAX_POST_CHARS)
    )
    assert len(text) == MAX_POST_CHARS
    assert 0 <= screen(text).score <= 100
