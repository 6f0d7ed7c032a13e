"""Phrase rules, their context checks and negation, and the shape that keeps matching linear."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parser  # type: ignore[attr-defined]
from typing import Any

import pytest

import advisor.redflags
from advisor.redflags.negation import is_negated
from advisor.redflags.patterns import find_phrases, phrase_patterns


def _codes(text: str) -> set[str]:
    return {hit.code for hit in find_phrases(text)}


@pytest.mark.parametrize(
    ("clause", "phrase", "negated"),
    [
        ("do not contact me outside upwork", "outside upwork", True),
        ("no need for telegram", "telegram", True),
        ("we never ask for bank details, id or payment outside upwork", "payment", True),
        ("no paypal, zelle or cash app", "cash app", True),
        ("this isn't an asap job", "asap", True),
        ("telegram is not needed", "telegram", True),
        ("no agencies, message me on whatsapp", "whatsapp", False),
        ("no experience needed, contact me on telegram", "telegram", False),
        ("don't worry, i pay via paypal", "paypal", False),
        ("if you don't have whatsapp, don't apply", "whatsapp", False),
        ("no agencies. message me on whatsapp", "whatsapp", False),
        ("not a big job but text me on whatsapp", "whatsapp", False),
    ],
)
def test_negation_follows_the_clause(clause: str, phrase: str, negated: bool) -> None:
    start = clause.index(phrase)
    assert is_negated(clause, start, start + len(phrase)) is negated


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("i will pay you $45 per hour via zelle", "off_platform_payment"),
        ("payment is weekly through payoneer", "off_platform_payment"),
        ("we pay in usdt", "off_platform_payment"),
        ("convert the payments to usdt", "currency_transfer"),
        ("receive client payments into your bank account", "currency_transfer"),
        ("send a photo of your passport", "personal_details_request"),
        ("send me your gmail login and password", "personal_details_request"),
        ("install anydesk on your computer", "personal_details_request"),
        ("buy gift cards at the store and you will be reimbursed", "cheque_or_reimbursement"),
        ("we will courier you a cashier's check", "cheque_or_reimbursement"),
        ("there is a one-time registration fee", "pay_to_apply"),
        ("purchase our training course first", "pay_to_apply"),
        ("only the winner will be paid", "free_sample_work"),
        ("as part of your proposal, design a logo", "free_sample_work"),
        ("the probation period of 6 weeks is unpaid", "unpaid_trial"),
        ("we can't pay now but you get a share of profits", "deferred_pay"),
        ("i will leave a 1-star review if", "hostile_tone"),
        ("and other tasks as needed", "open_ended_scope"),
        ("unlimited revisions", "open_ended_scope"),
        ("finish what another developer started", "redo_history"),
        ("lowest bid wins", "wants_cheap"),
        ("details in chat", "missing_details"),
    ],
)
def test_phrase_raises_its_flag(text: str, code: str) -> None:
    assert code in _codes(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("our cto worked at paypal", "off_platform_payment"),
        ("accept payments with stripe on our store", "off_platform_payment"),
        ("build a crypto wallet app", "currency_transfer"),
        ("users reset their password from the login page", "personal_details_request"),
        ("download the app from the app store and test it", "personal_details_request"),
        ("check the subtitles against the script", "cheque_or_reimbursement"),
        ("we previously used telegram for support", "off_platform_contact"),
        ("expenses are reimbursed monthly", "cheque_or_reimbursement"),
        ("a free trial of our saas", "unpaid_trial"),
        ("buy now pay later checkout", "deferred_pay"),
        ("remove useless plugins", "hostile_tone"),
    ],
)
def test_innocent_use_of_a_flag_word_raises_nothing(text: str, code: str) -> None:
    assert code not in _codes(text)


def test_evidence_starts_at_the_lead_of_an_anchored_rule() -> None:
    (hit,) = find_phrases("please send a copy of your passport")
    assert hit.code == "personal_details_request"
    assert (hit.start, hit.end) == (7, len("please send a copy of your passport"))


# ------------------------------------------------------------------------- linear-time shape


def _all_patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    yield from phrase_patterns().items()
    for module_info in pkgutil.iter_modules(advisor.redflags.__path__):
        module = importlib.import_module(f"advisor.redflags.{module_info.name}")
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                yield f"{module_info.name}.{name}", value


def _repeats(items: Any, inside_repeat: bool = False) -> Iterator[tuple[int, int, bool]]:
    """(min, max, nested in a repeat that can run more than once) for every repeat."""
    for op, arg in items:
        if op in (
            sre_constants.MAX_REPEAT,
            sre_constants.MIN_REPEAT,
            sre_constants.POSSESSIVE_REPEAT,
        ):
            low, high, body = arg
            yield low, high, inside_repeat
            yield from _repeats(body, inside_repeat or high > 1)
        elif op is sre_constants.SUBPATTERN:
            yield from _repeats(arg[-1], inside_repeat)
        elif op is sre_constants.BRANCH:
            for alternative in arg[1]:
                yield from _repeats(alternative, inside_repeat)
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            yield from _repeats(arg[1], inside_repeat)


PATTERNS = dict(_all_patterns())


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_every_quantifier_has_an_upper_bound(name: str) -> None:
    parsed = sre_parser.parse(PATTERNS[name].pattern, PATTERNS[name].flags)
    assert all(high != sre_constants.MAXREPEAT for _, high, _ in _repeats(parsed))


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_no_repeated_group_holds_another_repeat(name: str) -> None:
    parsed = sre_parser.parse(PATTERNS[name].pattern, PATTERNS[name].flags)
    assert not any(nested and high > 1 for _, high, nested in _repeats(parsed))


@pytest.mark.parametrize(
    ("pattern", "bounded", "flat"),
    [
        (r"(a+)+b", False, False),
        (r"(?:ab{1,3}){2,5}", True, False),
        (r"(?:x[ab]){3,9}c?", True, True),
    ],
)
def test_the_shape_check_tells_risky_patterns_apart(
    pattern: str, bounded: bool, flat: bool
) -> None:
    repeats = list(_repeats(sre_parser.parse(pattern)))
    assert all(high != sre_constants.MAXREPEAT for _, high, _ in repeats) is bounded
    assert (not any(nested and high > 1 for _, high, nested in repeats)) is flat


def test_the_shape_check_finds_the_compiled_patterns() -> None:
    assert {"scam", "headache", "normalise._SPACED_OUT", "money._AMOUNT"} <= set(PATTERNS)
