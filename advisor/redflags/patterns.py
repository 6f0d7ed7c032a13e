"""Find scam and headache phrases in a folded post, with one alternation per category and letter.

Every rule matches at a word start, and the letter a rule can start with is known from its
pattern, so each category's rules are compiled into one alternation per first letter. The post's
words are walked once; at each word only the rules that can start with its first letter are
tried, a tenth of the whole table. Within a category matches do not overlap, as with `finditer`.
The tables compile once, at the first screening or when `compile_patterns` is called (the bot
calls it once ready), not at import. A match then passes its rule's context check, finds its lead
if the rule has any, and is dropped when its clause negates it ("no need for Telegram").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parser  # type: ignore[attr-defined]
from types import MappingProxyType
from typing import Any

from advisor.redflags.headache_phrases import HEADACHE_RULES
from advisor.redflags.negation import clause_before, is_negated, sentence_before
from advisor.redflags.normalise import WORD_START
from advisor.redflags.phrase_rules import PhraseRule
from advisor.redflags.scam_phrases import SCAM_RULES


@dataclass(frozen=True)
class PhraseHit:
    """A rule that matched, in folded-text offsets."""

    code: str
    start: int
    end: int


@dataclass(frozen=True)
class _Category:
    """One category's rules as one alternation per word start (its first two characters), each
    branch named after its rule."""

    by_key: dict[str, re.Pattern[str]]
    groups: dict[str, int]
    rules: tuple[PhraseRule, ...]


_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _starts(items: sre_parser.SubPattern | list[Any]) -> frozenset[str]:
    """The characters a parsed pattern can start with (all word characters when unsure)."""
    for op, arg in items:
        if op is sre_constants.LITERAL:
            return frozenset({chr(arg)}) & _WORD_CHARS
        if op is sre_constants.IN:
            chars: set[str] = set()
            for kind, value in arg:
                if kind is sre_constants.LITERAL:
                    chars.add(chr(value))
                elif kind is sre_constants.RANGE:
                    chars.update(chr(code) for code in range(value[0], value[1] + 1))
                else:
                    return _WORD_CHARS
            return frozenset(chars) & _WORD_CHARS
        if op is sre_constants.SUBPATTERN:
            return _starts(arg[-1])
        if op is sre_constants.BRANCH:
            return frozenset().union(*(_starts(branch) for branch in arg[1]))
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            low, _, body = arg
            if low >= 1:
                return _starts(body)
            return _WORD_CHARS
        if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT, sre_constants.AT):
            continue
        return _WORD_CHARS
    return _WORD_CHARS


_DIGITS = frozenset("0123456789")
_PREFIX_LIMIT = 4096


class _Unknown(Exception):
    """A pattern piece whose first characters cannot be listed cheaply."""


_OTHER = "\x00"
"""How a key writes a character that is no word character (a space, a dot, an "@")."""
_SYMBOLS = frozenset(_WORD_CHARS | {_OTHER})


def _symbol(char: str) -> str:
    return char if char in _WORD_CHARS else _OTHER


def _chars(op: Any, arg: Any) -> frozenset[str]:
    """The key symbols one pattern item can match; every symbol where that is not simple."""
    if op is sre_constants.LITERAL:
        return frozenset({_symbol(chr(arg))})
    if op is sre_constants.IN:
        chars: set[str] = set()
        for kind, value in arg:
            if kind is sre_constants.LITERAL:
                chars.add(_symbol(chr(value)))
            elif kind is sre_constants.RANGE:
                chars.update(_symbol(chr(code)) for code in range(value[0], value[1] + 1))
            elif kind is sre_constants.CATEGORY and value is sre_constants.CATEGORY_SPACE:
                chars.add(_OTHER)
            elif kind is sre_constants.CATEGORY and value is sre_constants.CATEGORY_DIGIT:
                chars |= _DIGITS
            else:
                return _SYMBOLS
        return frozenset(chars)
    return _SYMBOLS


def _join(heads: set[str], piece: tuple[set[str], set[str]], width: int, cut: set[str]) -> set[str]:
    """Extend the unfinished `heads` by a piece's whole matches and cut-off prefixes."""
    whole, cut_off = piece
    grown = set()
    for head in heads:
        for tail in whole:
            joined = head + tail
            if len(joined) >= width:
                cut.add(joined[:width])
            else:
                grown.add(joined)
        for tail in cut_off:
            cut.add((head + tail)[:width])
    if len(grown) + len(cut) > _PREFIX_LIMIT:
        raise _Unknown
    return grown


def _prefixes(items: Any, width: int) -> tuple[set[str], set[str]]:
    """What a parsed pattern can begin with: its whole matches shorter than `width`, and the
    first `width` characters of longer ones. Raises `_Unknown` when that is not cheap to say."""
    heads: set[str] = {""}
    cut: set[str] = set()
    for op, arg in items:
        if not heads:
            break
        if op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            continue
        if op is sre_constants.SUBPATTERN:
            heads = _join(heads, _prefixes(arg[-1], width), width, cut)
        elif op is sre_constants.BRANCH:
            whole: set[str] = set()
            cut_off: set[str] = set()
            for branch in arg[1]:
                branch_whole, branch_cut = _prefixes(branch, width)
                whole |= branch_whole
                cut_off |= branch_cut
            heads = _join(heads, (whole, cut_off), width, cut)
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            low, high, body = arg
            piece = _prefixes(body, width)
            reached = {""} if low == 0 else set()
            current = {""}
            for count in range(1, min(high, width + 1) + 1):
                current = _join(current, piece, width, cut)
                if count >= low:
                    reached |= current
            if high > width + 1 and current:
                raise _Unknown
            heads = _join(heads, (reached, set()), width, cut)
        else:
            heads = _join(heads, (set(_chars(op, arg)), set()), width, cut)
    return heads, cut


def _alternation(rules: tuple[PhraseRule, ...], prefix: str, indices: list[int]) -> str:
    # The empty group that closes each branch names the rule; leading it with a group instead
    # would stop the engine from rejecting a branch on its first character.
    return (
        "(?:"
        + "|".join(f"(?:{rules[index].pattern})(?P<{prefix}{index}>)" for index in indices)
        + ")"
    )


KEY_WIDTH = 3
"""Characters of a word start that choose the rules tried there."""


def _keys(pattern: str) -> frozenset[str]:
    """The keys a rule can match at: the first `KEY_WIDTH` characters of its matches, with every
    character that is no word character written `_OTHER`."""
    parsed = sre_parser.parse(pattern)
    for width in range(KEY_WIDTH, 0, -1):
        try:
            whole, cut = _prefixes(parsed, width)
        except _Unknown:
            continue
        keys = {prefix for prefix in cut if prefix[0] in _WORD_CHARS}
        # A shorter match (or a prefix cut short) may be followed by anything.
        keys |= {prefix for prefix in whole if prefix and prefix[0] in _WORD_CHARS}
        return _widened(frozenset(keys))
    return _widened(_starts(parsed))


def _widened(keys: frozenset[str]) -> frozenset[str]:
    widened = set(keys)
    while any(len(key) < KEY_WIDTH for key in widened):
        widened = {
            key + symbol if len(key) < KEY_WIDTH else key
            for key in widened
            for symbol in (_SYMBOLS if len(key) < KEY_WIDTH else ("",))
        }
    return frozenset(widened)


class _KeyTable(dict[int, str]):
    """A `str.translate` table that writes every character but a word character as `_OTHER`."""

    def __missing__(self, codepoint: int) -> str:
        return _OTHER


_KEY_TABLE = _KeyTable({ord(char): char for char in _WORD_CHARS})


def _compile(rules: tuple[PhraseRule, ...], prefix: str) -> _Category:
    groups = {f"{prefix}{index}": index for index in range(len(rules))}
    rules_at: dict[str, list[int]] = {}
    for index, rule in enumerate(rules):
        for key in _keys(rule.pattern):
            rules_at.setdefault(key, []).append(index)
    by_key: dict[str, re.Pattern[str]] = {}
    compiled: dict[tuple[int, ...], re.Pattern[str]] = {}
    for key, found in sorted(rules_at.items()):
        # Rule order is kept, so where two rules match at one word the earlier one wins.
        indices = tuple(found)
        if indices not in compiled:
            compiled[indices] = re.compile(_alternation(rules, prefix, list(indices)))
        by_key[key] = compiled[indices]
    return _Category(by_key, groups, rules)


def _whole(rules: tuple[PhraseRule, ...], prefix: str) -> re.Pattern[str]:
    """Every rule of a category in one alternation at word starts: the same language as the
    per-letter tables, compiled only for the checks that patterns stay linear."""
    return re.compile(WORD_START + _alternation(rules, prefix, list(range(len(rules)))))


@dataclass(frozen=True)
class _Tables:
    """Both categories, and per letter one alternation holding both (scam rules first)."""

    scam: _Category
    headache: _Category
    both: dict[str, re.Pattern[str]]


def _both(scam: _Category, headache: _Category) -> dict[str, re.Pattern[str]]:
    both = {}
    compiled: dict[tuple[str, ...], re.Pattern[str]] = {}
    for key in sorted(set(scam.by_key) | set(headache.by_key)):
        parts = tuple(
            table[key].pattern if key in table else "" for table in (scam.by_key, headache.by_key)
        )
        if parts not in compiled:
            compiled[parts] = re.compile("|".join(part for part in parts if part))
        both[key] = compiled[parts]
    return both


@functools.cache
def _tables() -> _Tables:
    """The scam and headache tables, compiled at the first screening rather than at import:
    compiling them was a tenth of the bot's start-up."""
    scam, headache = _compile(SCAM_RULES, "s"), _compile(HEADACHE_RULES, "h")
    return _Tables(scam, headache, _both(scam, headache))


def _categories() -> tuple[_Category, _Category]:
    tables = _tables()
    return tables.scam, tables.headache


@functools.cache
def _lead(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _leads() -> dict[str, re.Pattern[str]]:
    leads = dict.fromkeys(
        lead.pattern for rule in SCAM_RULES + HEADACHE_RULES for lead in rule.leads
    )
    return {f"lead {index}": _lead(lead) for index, lead in enumerate(leads)}


def phrase_patterns() -> Mapping[str, re.Pattern[str]]:
    """Every compiled pattern, exposed so tests can check that they stay linear."""
    scam, headache = _categories()
    per_letter = {
        f"{name} {key!r}": pattern
        for name, category in (("scam", scam), ("headache", headache))
        for key, pattern in category.by_key.items()
    }
    return MappingProxyType(
        {"scam": _whole(SCAM_RULES, "s"), "headache": _whole(HEADACHE_RULES, "h")}
        | per_letter
        | {f"both {key!r}": pattern for key, pattern in _tables().both.items()}
        | _leads()
    )


def compile_patterns() -> None:
    """Compile the phrase patterns now, ahead of the first screening that needs them."""
    _tables()
    _leads()


def _with_lead(text: str, rule: PhraseRule, start: int) -> tuple[str, int] | None:
    """The flag code and evidence start decided by the first lead found, or None."""
    for lead in rule.leads:
        before = (sentence_before if lead.in_sentence else clause_before)(text, start, lead.reach)
        found = _lead(lead.pattern).search(before)
        if found is not None:
            return lead.code, start - len(before) + found.start()
    return None


_KEY_PADDING = _OTHER * KEY_WIDTH


def _scan(text: str, tables: _Tables) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    """Each category's non-overlapping matches at word starts, as two `finditer`s would find them.

    While both categories are open at a word, one alternation holding both (scam rules first) is
    tried, so most words cost one call; a word where a scam rule matched is tried again for the
    headache rules.

    The words are found by writing the whole post in key symbols once (every character but a
    word character becomes `_OTHER`) and splitting that at `_OTHER`: each piece is a word, and
    its first characters are its key. That walk costs a few plain string operations per word,
    where a regular expression for word starts cost a match object and a lookbehind each.
    """
    scam_matches: list[re.Match[str]] = []
    headache_matches: list[re.Match[str]] = []
    scam_resume = headache_resume = 0
    both, scam, headache = tables.both, tables.scam.by_key, tables.headache.by_key
    keyed = text.translate(_KEY_TABLE) + _KEY_PADDING
    position = 0
    for word in keyed.split(_OTHER):
        if not word:
            position += 1
            continue
        start = position
        position += len(word) + 1
        key = word[:KEY_WIDTH] if len(word) >= KEY_WIDTH else keyed[start : start + KEY_WIDTH]
        if start >= scam_resume:
            if start >= headache_resume:
                pattern = both.get(key)
                headache_open = True
            else:
                pattern = scam.get(key)
                headache_open = False
            scam_open = True
        elif start >= headache_resume:
            pattern = headache.get(key)
            scam_open, headache_open = False, True
        else:
            continue
        if pattern is None:
            continue
        match = pattern.match(text, start)
        if match is None:
            continue
        if match.lastgroup is not None and match.lastgroup.startswith("s"):
            scam_matches.append(match)
            scam_resume = match.end()
            other = headache.get(key) if headache_open and scam_open else None
            if other is not None and (found := other.match(text, start)) is not None:
                headache_matches.append(found)
                headache_resume = found.end()
        else:
            # Scam rules come first in `both`: a headache match there means none of them matched.
            headache_matches.append(match)
            headache_resume = match.end()
    return scam_matches, headache_matches


def _hits(text: str, category: _Category, matches: list[re.Match[str]]) -> Iterator[PhraseHit]:
    for match in matches:
        name = match.lastgroup
        if name is None:
            continue
        rule = category.rules[category.groups[name]]
        start, end = match.span()
        if rule.accepts is not None and not rule.accepts(text, start, end):
            continue
        code = rule.code
        if rule.leads:
            led = _with_lead(text, rule, start)
            if led is None:
                continue
            code, start = led
        if rule.negatable and is_negated(text, start, end):
            continue
        yield PhraseHit(code, start, end)


def find_phrases(text: str) -> list[PhraseHit]:
    """Every scam and headache phrase in the folded post that is neither negated nor innocent."""
    tables = _tables()
    scam_matches, headache_matches = _scan(text, tables)
    found = list(_hits(text, tables.scam, scam_matches))
    found.extend(_hits(text, tables.headache, headache_matches))
    return found
