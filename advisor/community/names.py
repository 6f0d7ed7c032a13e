"""When two ways of writing a client's name mean the same client, and where a post names one.

A client warned about as "Acme Corp." must be found when another member types "ACME corporation"
or pastes a post signed "acme, inc": names are compared by a key that ignores case, accents,
spacing, punctuation and the company-form words at the end of a name. Everything else stays
significant, so "Acme" and "Acme Labs", or "Acme" and "Acne", remain different clients: a
warning shown against the wrong client would smear someone who did nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")

# Company-form words, dropped only at the end of a name and only while a word remains before
# them: "Acme Holdings Ltd" keeps "Holdings", and a client called "Company" stays "company".
COMPANY_FORMS = frozenset(
    {
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "llc",
        "llp",
        "ltd",
        "limited",
        "plc",
        "gmbh",
        "ag",
        "sa",
        "sas",
        "sarl",
        "srl",
        "bv",
        "nv",
        "pty",
        "pvt",
        "pte",
        "oy",
    }
)
# The longest name, in words, looked for in a post.
MAX_NAME_WORDS = 6

# Marks inside a word that do not split it: A.C.M.E., O'Brien, Smith’s.
_JOINERS = re.compile(r"(?<=\w)[.'’](?=\w)")
_WORD = re.compile(r"\w+")
# A link with a scheme or `www.`, or a bare address with a path (upwork.com/companies/~01...).
_LINK = re.compile(
    r"(?:https?://|www\.|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/)[^\s<>()\[\]\"']*",
    re.IGNORECASE,
)


def _folded(text: str) -> str:
    """Compatibility-folded, case-folded, accents removed, `&` read as "and"."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("&", " and ")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(text: str) -> list[str]:
    return _WORD.findall(_JOINERS.sub("", _folded(text)).replace("_", " "))


def _without_forms(words: list[str]) -> list[str]:
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    while len(words) > 1 and words[-1] in COMPANY_FORMS:
        words = words[:-1]
    return words


def client_key(name: str) -> str:
    """The key two names of one client share: "Acme Corp." and "ACME corporation" -> "acme".

    Empty when the name has no letters or digits at all.
    """
    return "".join(_without_forms(_words(name)))


def link_key(link: str) -> str | None:
    """A profile or job link without its scheme, `www.`, query, fragment or trailing slash,
    lower-cased; None when it is not a web link."""
    text = link.strip()
    if not re.match(r"https?://", text, re.IGNORECASE):
        text = "https://" + text
    parts = urlsplit(text)
    host = (parts.hostname or "").removeprefix("www.")
    if "." not in host:
        return None
    path = parts.path.rstrip("/").lower()
    return f"{host}{path}"


def links_in(text: str) -> list[str]:
    """The keys of the web links in a post, in order."""
    found = []
    for match in _LINK.finditer(text):
        key = link_key(match.group().rstrip(".,;:!?"))
        if key is not None:
            found.append(key)
    return found


@dataclass(frozen=True)
class _Word:
    folded: str
    capitalised: bool
    # Whether only spaces stand between this word and the one before (no full stop, comma, ...).
    joined_to_previous: bool


def _post_words(text: str) -> Iterator[_Word]:
    text = _JOINERS.sub("", unicodedata.normalize("NFKC", text))
    previous_end = None
    for match in re.finditer(r"[^\W_]+", text):
        gap = text[previous_end : match.start()] if previous_end is not None else "."
        previous_end = match.end()
        original = match.group()
        for index, word in enumerate(_words(original)):
            yield _Word(
                word, original[:1].isupper(), index > 0 or (gap.strip(" \t") == "" and gap != "")
            )


def find_names(text: str, keys: Mapping[str, T]) -> list[T]:
    """The values of `keys` (client keys) whose client the text names, in the order named.

    A name is found as whole words; a capitalised word right beside it (not a company form)
    makes it part of a longer name, so a warning about "Acme" is not shown for "Acme Labs".
    """
    if not keys:
        return []
    words = list(_post_words(text))
    found: dict[str, T] = {}
    for start in range(len(words)):
        if start > 0 and _continues(words[start - 1], words[start]):
            continue
        joined = ""
        for end in range(start, min(start + MAX_NAME_WORDS, len(words))):
            if end > start and not words[end].joined_to_previous:
                break
            joined += words[end].folded
            key = client_key(joined) if end == start else joined
            if key not in keys or key in found:
                continue
            after = _next_name_word(words, end)
            if after is not None and words[after].capitalised:
                continue
            found[key] = keys[key]
    return list(found.values())


def _continues(previous: _Word, word: _Word) -> bool:
    """Whether `previous` is a capitalised word of the same name as `word` starts. The first word
    of a sentence is capitalised whatever it is, so it never counts ("Join Acme today")."""
    return (
        word.joined_to_previous
        and previous.joined_to_previous
        and previous.capitalised
        and previous.folded != "the"
    )


def _next_name_word(words: list[_Word], end: int) -> int | None:
    """The index of the word after `end` that would lengthen the name, skipping company forms."""
    index = end + 1
    while index < len(words) and words[index].joined_to_previous:
        if words[index].folded not in COMPANY_FORMS:
            return index
        index += 1
    return None
