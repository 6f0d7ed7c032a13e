"""Counting and listing things in replies."""

from __future__ import annotations

import pytest

from advisor.wording import human_join, noun, plain_words, plural


@pytest.mark.parametrize(
    ("count", "said"),
    [(0, "0 billings"), (1, "1 billing"), (2, "2 billings"), (1000, "1000 billings")],
)
def test_a_count_takes_the_nouns_form(count: int, said: str) -> None:
    assert plural(count, "billing") == said


def test_an_irregular_plural_is_given() -> None:
    assert plural(2, "reply", "replies") == "2 replies"
    assert noun(1, "reply", "replies") == "reply"


@pytest.mark.parametrize(
    ("items", "said"),
    [
        ([], ""),
        (["fees"], "fees"),
        (["fees", "net"], "fees and net"),
        (["a", "b", "c"], "a, b and c"),
    ],
)
def test_a_list_reads_as_a_sentence(items: list[str], said: str) -> None:
    assert human_join(items) == said


def test_a_list_of_choices_joins_with_or() -> None:
    assert human_join(["upwork", "fiverr", "malt"], "or") == "upwork, fiverr or malt"


@pytest.mark.parametrize(
    ("typed", "quoted"),
    [
        ("Acme Corp", "Acme Corp"),
        ("**bold** <@123> [x](http://e.vil)", "bold 123 x http e vil"),
        ("__init__", "init"),
        ("`code`", "code"),
        ("", ""),
    ],
)
def test_plain_words_keep_letters_and_digits_only(typed: str, quoted: str) -> None:
    assert plain_words(typed) == quoted
