"""Finding shouting in a post as pasted."""

from __future__ import annotations

import pytest

from advisor.redflags.tone import find_shouting


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("I NEED THIS DONE TODAY. Fix my store.", "I NEED THIS DONE TODAY."),
        ("NO TIME. ALL OF THEM WERE USELESS!!", "ALL OF THEM WERE USELESS"),
        (
            "PLEASE READ THE WHOLE DESCRIPTION BEFORE APPLYING",
            "PLEASE READ THE WHOLE DESCRIPTION BEFORE APPLYING",
        ),
    ],
)
def test_shouted_stretch_is_quoted(text: str, quoted: str) -> None:
    assert [text[hit.start : hit.end] for hit in find_shouting(text)] == [quoted.rstrip(".")]


@pytest.mark.parametrize(
    "text",
    [
        "Skills: SEO, PPC, CSS, HTML, PHP, AWS, GCP",
        "URGENT!! Need a logo",
        "NO TIME WASTERS.",
        "We use AWS ECS AND RDS",
        "ｉ ｎｅｅｄ ｔｈｉｓ ｄｏｎｅ ｔｏｄａｙ",
    ],
)
def test_acronyms_and_short_caps_are_not_shouting(text: str) -> None:
    assert find_shouting(text) == []
