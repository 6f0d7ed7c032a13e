"""Counting and listing things in replies: `3 billings`, `1 contract`, `fees, refunds and net`.

English plural and list rules come from Babel's CLDR data (already what formats our money), so
there is one rule for every reply; the nouns' forms are given where they are used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from babel import Locale
from babel.lists import format_list

# Replies are in British English, as the rest of the copy is ("a, b and c").
_LOCALE = Locale("en", "GB")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`count` and the noun in the form it takes: `1 contract`, `3 contracts`, `0 replies`."""
    if _LOCALE.plural_form(count) == "one":
        return f"{count} {singular}"
    return f"{count} {plural_form or singular + 's'}"


def noun(count: int, singular: str, plural_form: str | None = None) -> str:
    """The noun alone, in the form `count` takes: `job`, `jobs`."""
    if _LOCALE.plural_form(count) == "one":
        return singular
    return plural_form or singular + "s"


def human_join(items: Iterable[str], conjunction: str = "and") -> str:
    """`a`, `a and b`, `a, b and c` (or `or` in place of `and`)."""
    return format_list(
        list(items), style="or" if conjunction == "or" else "standard", locale=_LOCALE
    )


def plain_words(text: str, limit: int = 40) -> str:
    """The words of member text, letters and digits only, to quote back in a message: nothing
    in it can be read as formatting, a mention or a link."""
    return " ".join(re.findall(r"[^\W_]+", text))[:limit].strip()
