"""Behaviour of `advisor.redflags.screen`: inputs, scoring, verdicts, evidence and hard cases."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import date, datetime
from decimal import Decimal

import pytest

from advisor.errors import AmountError, InputError
from advisor.redflags import (
    MAX_POST_CHARS,
    RED_FLAG_KINDS,
    Category,
    EmptyPostError,
    PostTooLongError,
    Severity,
    Verdict,
    screen,
)
from advisor.redflags.scoring import scam_evidence

TODAY = date(2026, 11, 28)
CLEAN_POST = (
    "Copy editor for our B2B SaaS blog: edit 8 articles a month for clarity and house style. "
    "Long-term, $45/hr, about 15 hours a month."
)


def codes(text: str, **kwargs: object) -> set[str]:
    return set(screen(text, **kwargs).codes)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------- inputs


@pytest.mark.parametrize("text", ["", "   ", "\n\t \n", "\u200b\u200b", "\u200d \ufeff"])
def test_blank_post_is_an_input_error_that_says_what_to_paste(text: str) -> None:
    with pytest.raises(EmptyPostError) as raised:
        screen(text)
    assert isinstance(raised.value, InputError)
    assert "/screen" in str(raised.value)


def test_post_longer_than_the_limit_is_an_input_error_naming_the_limit() -> None:
    with pytest.raises(PostTooLongError) as raised:
        screen("a" * (MAX_POST_CHARS + 1))
    assert isinstance(raised.value, InputError)
    assert f"{MAX_POST_CHARS:,}" in str(raised.value)


def test_post_of_exactly_the_limit_is_screened() -> None:
    assert screen(("Need a logo. " * MAX_POST_CHARS)[:MAX_POST_CHARS]).score >= 0


@pytest.mark.parametrize("text", [None, b"Telegram me", 42])
def test_post_that_is_not_text_is_a_type_error(text: object) -> None:
    with pytest.raises(TypeError):
        screen(text)  # type: ignore[arg-type]


@pytest.mark.parametrize("fee", [297.0, 297, "297"])
def test_arbitration_fee_that_is_not_a_decimal_is_a_type_error(fee: object) -> None:
    with pytest.raises(TypeError):
        screen(CLEAN_POST, arbitration_fee=fee)  # type: ignore[arg-type]


@pytest.mark.parametrize("fee", [Decimal("-1"), Decimal("NaN"), Decimal("Infinity")])
def test_arbitration_fee_that_is_negative_or_not_finite_is_an_amount_error(fee: Decimal) -> None:
    with pytest.raises(AmountError):
        screen(CLEAN_POST, arbitration_fee=fee)


def test_today_that_is_not_a_date_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        screen(CLEAN_POST, today="2026-11-28")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- score and verdict


def test_clean_post_is_green_with_score_zero_and_no_flags() -> None:
    result = screen(CLEAN_POST)
    assert (result.score, result.verdict, result.flags) == (0, Verdict.GREEN, ())
    assert "no red flags" in result.summary


def test_one_critical_flag_makes_the_verdict_red() -> None:
    result = screen(CLEAN_POST + " Message me on Telegram.")
    assert result.codes == {"off_platform_contact"}
    assert result.verdict is Verdict.RED


def test_a_budget_under_the_arbitration_fee_alone_is_advice_not_amber() -> None:
    result = screen("Logo for a bakery, 3 concepts, 2 revisions. Budget $150, due in 2 weeks.")
    assert result.codes == {"budget_under_arbitration_fee"}
    assert (result.score, result.verdict) == (0, Verdict.GREEN)


def test_a_budget_far_too_small_for_the_scope_alone_is_advice_not_amber() -> None:
    result = screen("An Uber clone for iOS and Android with payments. Budget $150, due in 6 weeks.")
    assert "tiny_budget_for_scope" in result.codes
    assert result.verdict is Verdict.GREEN


def test_one_low_flag_keeps_the_verdict_green() -> None:
    result = screen(CLEAN_POST + "\nProposals: 50+")
    assert result.codes == {"crowded_job"}
    assert result.verdict is Verdict.GREEN


def test_many_scam_mechanisms_together_score_near_100() -> None:
    result = screen(
        "URGENT. Pay via Zelle, text me at 415-555-0133, buy bitcoin for us, send your passport."
    )
    assert result.score >= 99
    assert result.verdict is Verdict.RED


def test_each_flag_counts_once_however_often_it_appears() -> None:
    once = screen(CLEAN_POST + " Message me on Telegram.")
    thrice = screen(CLEAN_POST + " Message me on Telegram. Telegram! t.me/hire_now")
    assert once.score == thrice.score
    assert len(thrice.flags[0].evidence) > len(once.flags[0].evidence)


def test_flags_are_sorted_strongest_scam_evidence_first() -> None:
    result = screen("Need it ASAP. Budget $100. Contact me on WhatsApp.\nProposals: 50+")
    evidence = [scam_evidence([flag.code]) for flag in result.flags]
    assert evidence == sorted(evidence, reverse=True)
    assert result.flags[0].code == "off_platform_contact"


def test_summary_of_a_red_post_says_not_to_apply_and_names_the_strongest_flags() -> None:
    result = screen("Need it ASAP. Budget $100. Contact me on WhatsApp.")
    assert result.summary.startswith("Likely scam: don't apply, report it (")
    assert RED_FLAG_KINDS["off_platform_contact"].title in result.summary


def test_every_flag_carries_its_catalogue_category_severity_and_advice() -> None:
    result = screen("URGENT: pay via Zelle. Budget $50.\nPayment method not verified\n0 reviews")
    assert result.flags
    for flag in result.flags:
        kind = RED_FLAG_KINDS[flag.code]
        assert (flag.category, flag.severity, flag.advice) == (
            kind.category,
            kind.severity,
            kind.advice,
        )
        assert flag.explanation


def test_screening_result_is_frozen() -> None:
    result = screen(CLEAN_POST)
    with pytest.raises(FrozenInstanceError):
        result.score = 5  # type: ignore[misc]


def test_severity_weights_grow_with_severity() -> None:
    weights = [severity.weight for severity in Severity]
    assert weights == sorted(weights)
    assert len(set(weights)) == len(weights)


def test_catalogue_covers_the_four_categories() -> None:
    assert {kind.category for kind in RED_FLAG_KINDS.values()} == set(Category)


# -------------------------------------------------------------------------------------- evidence


def test_evidence_of_an_obfuscated_word_is_quoted_as_pasted() -> None:
    text = "Logo, $500 fixed, 2 weeks. Message me on ｔｅｌｅ\u200bｇｒａｍ please"
    (flag,) = screen(text).flags
    (evidence,) = flag.evidence
    assert evidence.text == "Message me on ｔｅｌｅ\u200bｇｒａｍ"
    assert text[evidence.start : evidence.end] == evidence.text


def test_evidence_of_spaced_out_letters_covers_the_letters_and_the_spaces() -> None:
    text = "Reach us on t e l e g r a m for the interview. $500 fixed, 2 weeks."
    (flag,) = screen(text).flags
    assert flag.evidence[0].text == "Reach us on t e l e g r a m"


def test_evidence_next_to_each_other_is_quoted_as_one_piece() -> None:
    (flag,) = screen("Logo, $500 fixed, 1 week. Contact us on Signal.").flags
    assert [evidence.text for evidence in flag.evidence] == ["Contact us on Signal"]


# ----------------------------------------------------------------------------------- budget fee


def test_fixed_budget_under_the_fee_names_both_amounts() -> None:
    result = screen("Logo for a bakery, 2 revisions, due in 2 weeks.\n\n$250.00\nFixed-price")
    (flag,) = result.flags
    assert flag.code == "budget_under_arbitration_fee"
    assert "$250.00" in flag.explanation
    assert "$297" in flag.explanation
    assert flag.evidence[0].text == "$250.00"


def test_budget_flag_follows_the_arbitration_fee_given() -> None:
    post = "Logo for a bakery, 2 revisions, due in 2 weeks. Budget $250."
    assert "budget_under_arbitration_fee" in codes(post)
    assert "budget_under_arbitration_fee" not in codes(post, arbitration_fee=Decimal("200"))


def test_hourly_rate_is_not_a_fixed_budget() -> None:
    assert codes("Bookkeeping in Xero, ongoing, 10 hours a month. Hourly: $25.00 - $35.00") == set()


# ----------------------------------------------------------------------------------- today/panel

NEW_CLIENT_PANEL = "About the client\nPayment method verified\nMember since Nov 10, 2026"


def test_recent_member_since_date_is_a_new_account_when_today_is_given() -> None:
    assert codes(CLEAN_POST + "\n\n" + NEW_CLIENT_PANEL, today=TODAY) == {"new_account"}


def test_member_since_date_is_not_judged_without_today() -> None:
    assert codes(CLEAN_POST + "\n\n" + NEW_CLIENT_PANEL) == set()


def test_today_given_as_a_datetime_is_read_as_its_date() -> None:
    moment = datetime(2026, 11, 28, 23, 59)
    assert codes(CLEAN_POST + "\n\n" + NEW_CLIENT_PANEL, today=moment) == {"new_account"}


# ------------------------------------------------------------------------------------ hard cases

HARD_CASES = [
    ("Please do not contact me outside Upwork.", "off_platform_contact", False),
    ("Let's continue this outside Upwork, my account is limited.", "off_platform_contact", True),
    ("No need for Telegram, we will talk here.", "off_platform_contact", False),
    ("No need for Telegram or WhatsApp, we talk here.", "off_platform_contact", False),
    ("No agencies, message me on WhatsApp.", "off_platform_contact", True),
    ("If you don't have WhatsApp, don't apply.", "off_platform_contact", True),
    ("We do not use Skype for interviews.", "off_platform_contact", False),
    ("Telegram is not needed for this job.", "off_platform_contact", False),
    ("Message me on t e l e g r a m", "off_platform_contact", True),
    ("Message me on t.e.l.e.g.r.a.m", "off_platform_contact", True),
    ("Message me on te1egram", "off_platform_contact", True),
    ("Message me on ｔｅｌｅｇｒａｍ", "off_platform_contact", True),
    ("Message me on tele\u200bgram", "off_platform_contact", True),
    ("Write to me in \u0422\u0435l\u0435gr\u0430m", "off_platform_contact", True),
    ("Join t.me/hiring_desk", "off_platform_contact", True),
    ("Build a Telegram bot for our quiz night.", "off_platform_contact", False),
    ("Integrate the WhatsApp Business API with our CRM.", "off_platform_contact", False),
    ("Review our audio signal processing code.", "off_platform_contact", False),
    ("Contact us on Signal for onboarding.", "off_platform_contact", True),
    ("Discord bot developer for our server.", "off_platform_contact", False),
    ("Our CTO worked at PayPal for six years.", "off_platform_payment", False),
    ("Add PayPal and Stripe checkout to our store.", "off_platform_payment", False),
    ("Payment is weekly through PayPal.", "off_platform_payment", True),
    ("Don't worry about fees, I pay via PayPal.", "off_platform_payment", True),
    ("We never pay outside Upwork.", "off_platform_payment", False),
    ("No PayPal, Zelle or Cash App, only Upwork.", "off_platform_payment", False),
    ("We pay in bitcoin every Friday.", "off_platform_payment", True),
    ("Buy bitcoin for us and send it to our wallet.", "currency_transfer", True),
    ("Audit our ERC-20 token contract.", "currency_transfer", False),
    ("Email me at john at gmail dot com", "contact_details", True),
    ("Email me at john[at]gmail[dot]com", "contact_details", True),
    ("Email me at john @ gmail . com", "contact_details", True),
    ("I worked at google.com for years.", "contact_details", False),
    ("Call 415-555-0133 after 5pm.", "contact_details", True),
    ("Record IDs 10000-25000 come first.", "contact_details", False),
    ("This is not urgent.", "rush", False),
    ("No rush at all.", "rush", False),
    ("Need it ASAP.", "rush", True),
    ("We reply to every applicant within 24 hours.", "rush", False),
    ("Deliver within 24 hours.", "rush", True),
    ("The test article is unpaid.", "free_sample_work", True),
    ("This is a paid test task.", "free_sample_work", False),
    ("Send samples of your past work.", "free_sample_work", False),
    ("The first month is an unpaid trial.", "unpaid_trial", True),
    ("Sign up for a free trial of our app to see it.", "unpaid_trial", False),
    ("We are not looking for the cheapest freelancer.", "wants_cheap", False),
    ("Images are lazy loaded on scroll.", "hostile_tone", False),
    ("No time wasters.", "hostile_tone", True),
    ("I NEED THIS DONE TODAY", "shouting", True),
    ("Skills: SEO, PPC, CSS, HTML AND MORE", "shouting", False),
    ("Previous experience with Shopify is required.", "redo_history", False),
    ("Our previous developer disappeared.", "redo_history", True),
]


@pytest.mark.parametrize(
    ("text", "code", "raised"),
    HARD_CASES,
    ids=[
        f"{code}-{'yes' if raised else 'no'}-{index}"
        for index, (_, code, raised) in enumerate(HARD_CASES)
    ],
)
def test_hard_case_raises_the_flag_only_when_it_should(text: str, code: str, raised: bool) -> None:
    assert (code in codes(text)) is raised
