"""Job-post screening: red flags with evidence, before a member spends a proposal on a post.

    >>> from advisor.redflags import screen
    >>> result = screen("Logo for our bakery, $400 fixed, 2 weeks. Contact me on Telegram @rise")
    >>> result.verdict, [flag.code for flag in result.flags]
    (<Verdict.RED: 'red'>, ['off_platform_contact'])
    >>> result.flags[0].evidence[0].text
    'Contact me on Telegram'


Modules: `normalise` folds obfuscated text, `patterns` and `negation` find phrases in context,
`contact`, `money`, `tone`, `client_panel` and `scope` read specific facts, `screening` weighs them,
`catalogue` lists every flag and `model` holds the results.
"""

from advisor.redflags.catalogue import RED_FLAG_KINDS, RedFlagKind
from advisor.redflags.model import Category, Evidence, RedFlag, Screening, Severity, Verdict
from advisor.redflags.screening import (
    DEFAULT_ARBITRATION_FEE,
    MAX_EVIDENCE,
    MAX_POST_CHARS,
    EmptyPostError,
    PostTooLongError,
    screen,
)

__all__ = [
    "DEFAULT_ARBITRATION_FEE",
    "MAX_EVIDENCE",
    "MAX_POST_CHARS",
    "RED_FLAG_KINDS",
    "Category",
    "EmptyPostError",
    "Evidence",
    "PostTooLongError",
    "RedFlag",
    "RedFlagKind",
    "Screening",
    "Severity",
    "Verdict",
    "screen",
]
