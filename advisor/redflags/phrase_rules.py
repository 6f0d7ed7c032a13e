"""The shape of a phrase rule, and small builders for the patterns the rule tables share.

Every rule is a regular expression over the folded post (see `normalise`). To keep matching linear
in the length of the post, every quantifier has an upper bound and no repeated group holds another
repeat (a `?` on a group is allowed): each attempt at a position then costs a bounded amount of
work. The tables live in `scam_phrases` and `headache_phrases`; `patterns` runs them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

ContextCheck = Callable[[str, int, int], bool]


@dataclass(frozen=True)
class Lead:
    """A phrase that must come before a rule's anchor for the rule to count, as in
    "send a copy of your >passport<": within `reach` characters of the same clause (or sentence,
    with `in_sentence`). The evidence then runs from the lead to the anchor.
    """

    code: str
    pattern: str
    reach: int = 40
    in_sentence: bool = False


@dataclass(frozen=True)
class PhraseRule:
    """One way a flag shows up in the words of a post.

    A rule anchored on a rare word can list `leads`; the first lead found decides the flag
    ("buy >bitcoin<" is a currency transfer, "paid in >bitcoin<" a payment outside Upwork), and
    without any lead the anchor is innocent. Anchoring on the rare word keeps common words like
    "send" from opening a long scan at every occurrence.
    """

    code: str
    pattern: str
    negatable: bool = True
    accepts: ContextCheck | None = None
    leads: tuple[Lead, ...] = ()


_LEET = {"a": "[a4@]", "e": "[e3]", "i": "[i1!|l]", "l": "[l1|i]", "o": "[o0]", "s": "[s5$]"}
GAP = r"[\s._-]?"  # one optional separator, as in "whats app" or "tele-gram"


def leet(word: str) -> str:
    """A pattern for `word` that also accepts digit and symbol look-alikes (te1egram, whats@pp)."""
    return "".join(_LEET.get(char, re.escape(char)) for char in word)


def any_of(*alternatives: str) -> str:
    """A non-capturing group matching any one of `alternatives`."""
    return "(?:" + "|".join(alternatives) + ")"
