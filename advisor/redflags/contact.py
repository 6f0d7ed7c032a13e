"""Find email addresses and phone numbers in a folded job post, including spelled-out ones.

Scammers write "john at gmail dot com" or "rosa[at]yahoo[dot]com" to get past filters. Every
pattern here starts at a rare anchor (an "@", an "at" token, a digit) and reads a bounded window
from it, so a long post costs time in proportion to its length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TLDS = (
    "com|net|org|io|co|me|info|biz|us|uk|ca|de|fr|es|it|nl|ru|in|pk|ng|ph|au|xyz|ai|app|dev"
    "|edu|gov|online|site|email|mail"
)
_TLD_SET = frozenset(_TLDS.split("|"))

# "@domain.tld", optionally with spaces around the "@" and the dot.
_AT_SIGN = re.compile(r"@ ?([a-z0-9-]{1,63}) ?\. ?([a-z0-9.-]{2,120})")
# "at"/"(at)"/"[at]" followed by a domain and a spelled or real dot.
_DOMAIN_AFTER_AT = (
    r" ?[a-z0-9-]{2,63} ?(?:(?P<dot_word>[(\[{<] ?dot ?[)\]}>]|\bdot\b)|\.) ?(?:" + _TLDS + r")\b"
)
# The bracketed and the bare "at" apart, so each starts with something the engine can jump to.
_SPELLED_AT = re.compile(r"(?P<bracket>[(\[{<] ?at ?[)\]}>])" + _DOMAIN_AFTER_AT)
_BARE_AT = re.compile(r"at\b" + _DOMAIN_AFTER_AT)
_LOCAL_PART_REVERSED = re.compile(r"[a-z0-9._%+-]{1,64}")
# `\+?\d...` written to start with one character class ("+" or a digit, and after a "+" a
# digit), which the engine jumps to; an optional first character would be tried everywhere.
_PHONE = re.compile(r"[+\d](?:(?<=\+)\d|(?<=\d))[\d \-.()]{7,20}\d")
_DOTTED_QUAD = re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}")
_RANGE = re.compile(r"\d{1,6} ?[-.] ?\d{1,6}")


@dataclass(frozen=True)
class ContactHit:
    """An email address or phone number, in folded-text offsets."""

    start: int
    end: int


def _local_part_start(text: str, at: int) -> int | None:
    """Where the part before an "@" begins, reading back at most 64 characters."""
    window = text[max(0, at - 64) : at]
    match = _LOCAL_PART_REVERSED.match(window[::-1])
    if match is None:
        return None
    start = at - match.end()
    while start < at and text[start] == ".":
        start += 1
    return start if start < at else None


def _emails_with_at_sign(text: str) -> list[ContactHit]:
    found = []
    for match in _AT_SIGN.finditer(text):
        spaced = " " in match.group(0)
        tail = match.group(2).rstrip(".-")
        top_level = tail.rsplit(".", 1)[-1]
        if not top_level.isalpha() or len(top_level) < 2:
            continue
        if spaced and top_level not in _TLD_SET:
            continue
        at = match.start()
        before = at - 1 if spaced and at > 0 and text[at - 1] == " " else at
        start = _local_part_start(text, before)
        if start is None:
            continue
        found.append(ContactHit(start, match.start(2) + len(tail)))
    return found


def _spelled_emails(text: str) -> list[ContactHit]:
    found = []
    bare = (
        match
        for match in _BARE_AT.finditer(text)
        if match.start() == 0
        or not (text[match.start() - 1].isalnum() or text[match.start() - 1] == "_")
    )
    for match in sorted([*_SPELLED_AT.finditer(text), *bare], key=lambda found: found.start()):
        # A bare "at" needs a spelled "dot" too: "worked at google.com" is not an address.
        if match.re is _BARE_AT and match.group("dot_word") is None:
            continue
        at = match.start()
        before = at - 1 if at > 0 and text[at - 1] == " " else at
        start = _local_part_start(text, before)
        if start is None or before - start < 2:
            continue
        found.append(ContactHit(start, match.end()))
    return found


def _phones(text: str) -> list[ContactHit]:
    found = []
    for match in _PHONE.finditer(text):
        start, end = match.span()
        # Digits inside a link or an address ("?share_id=3875...", "170.249.164.82") are no phone.
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "$.,=_#&"):
            continue
        if _DOTTED_QUAD.fullmatch(match.group(0)):
            continue
        if end < len(text) and (text[end].isalnum() or text[end] in "%$"):
            continue
        number = match.group(0)
        digits = sum(char.isdigit() for char in number)
        enough = digits >= 8 if number.startswith("+") else digits >= 10
        if not enough or digits > 15 or _RANGE.fullmatch(number):
            continue
        found.append(ContactHit(start, end))
    return found


def find_contact_details(text: str) -> list[ContactHit]:
    """Every email address and phone number in the folded post."""
    return _emails_with_at_sign(text) + _spelled_emails(text) + _phones(text)
