"""Folding obfuscated posts for matching, and mapping folded offsets back to the post as pasted."""

from __future__ import annotations

import pytest

from advisor.redflags.normalise import fold


@pytest.mark.parametrize(
    ("original", "folded"),
    [
        ("Message Me", "message me"),
        ("ｔｅｌｅｇｒａｍ", "telegram"),
        ("tele\u200bgram", "telegram"),
        ("tele\u200d\u2060\ufeffgram", "telegram"),
        ("\u0422\u0435l\u0435gr\u0430m", "telegram"),
        ("t e l e g r a m", "telegram"),
        ("t.e.l.e.g.r.a.m", "telegram"),
        ("w-h-a-t-s-a-p-p", "whatsapp"),
        ("T E L E G R A M", "telegram"),
        ("don’t", "don't"),
        ("pro\ufb01le", "profile"),
        ("cafe\u0301", "cafe"),
        ("a\x00b", "ab"),
        ("a b c", "a b c"),
        ("I am a b", "i am a b"),
        ("t.me/jobs", "t.me/jobs"),
    ],
)
def test_fold_undoes_the_obfuscation(original: str, folded: str) -> None:
    assert fold(original).text == folded


def test_line_break_inside_a_sentence_reads_as_a_space() -> None:
    assert fold("pay you\nlater").text == "pay you later"


def test_line_break_after_a_sentence_is_kept() -> None:
    assert fold("Done.\nNext line").text == "done.\nnext line"


@pytest.mark.parametrize(
    ("original", "word", "quoted"),
    [
        ("Message me on ｔｅｌｅｇｒａｍ now", "telegram", "ｔｅｌｅｇｒａｍ"),
        ("Add me on What\u200bs\u200bApp today", "whatsapp", "What\u200bs\u200bApp"),
        ("reach t e l e g r a m now", "telegram", "t e l e g r a m"),
        ("\u200b\u200bzelle", "zelle", "zelle"),
        ("a \ufb01ne profile", "fine", "\ufb01ne"),
        ("pro\ufb01le on \ufb01verr", "fiverr", "\ufb01verr"),
    ],
)
def test_folded_span_maps_back_to_the_text_as_pasted(original: str, word: str, quoted: str) -> None:
    post = fold(original)
    start = post.text.index(word)
    begin, end = post.span_in_original(start, start + len(word))
    assert original[begin:end] == quoted


def test_every_folded_character_maps_to_an_original_character_in_order() -> None:
    original = "Ｈｉ\u200b t e l e g r a m ﬁ ‘x’ \x01y Ｚ"
    post = fold(original)
    indexes = [post.original_index(position) for position in range(len(post.text))]
    assert indexes == sorted(indexes)
    assert all(0 <= index < len(original) for index in indexes)


def test_plain_ascii_post_folds_to_its_lower_case() -> None:
    original = "Need a Logo, $150 FIXED."
    post = fold(original)
    assert post.text == original.lower()
    assert post.span_in_original(0, len(original)) == (0, len(original))
