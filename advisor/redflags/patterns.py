"""Find scam and headache phrases in a folded post, one combined alternation per category.

Each category's rules compile into a single alternation, anchored at word starts, so the post is
scanned once per category. They compile once, at the first screening or when `compile_patterns`
is called (the bot calls it once ready), not at import. A match then passes its rule's context
check, finds its lead if the rule has any, and is dropped when its clause negates it ("no need
for Telegram").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

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
    """One category's rules compiled into a single alternation, each branch named after its rule."""

    pattern: re.Pattern[str]
    groups: dict[str, int]
    rules: tuple[PhraseRule, ...]


def _compile(rules: tuple[PhraseRule, ...], prefix: str) -> _Category:
    groups = {f"{prefix}{index}": index for index in range(len(rules))}
    # The empty group that closes each branch names the rule; leading it with a group instead
    # would stop the engine from rejecting a branch on its first character. Anchoring at word
    # starts (not at every word boundary) halves the positions tried.
    body = "|".join(f"(?:{rule.pattern})(?P<{prefix}{index}>)" for index, rule in enumerate(rules))
    return _Category(re.compile(WORD_START + "(?:" + body + ")"), groups, rules)


@functools.cache
def _categories() -> tuple[_Category, _Category]:
    """The scam and headache alternations, compiled at the first screening rather than at
    import: compiling them was a tenth of the bot's start-up."""
    return _compile(SCAM_RULES, "s"), _compile(HEADACHE_RULES, "h")


@functools.cache
def _lead(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def phrase_patterns() -> Mapping[str, re.Pattern[str]]:
    """The compiled alternations and leads, exposed so tests can check that they stay linear."""
    scam, headache = _categories()
    leads = dict.fromkeys(
        lead.pattern for rule in SCAM_RULES + HEADACHE_RULES for lead in rule.leads
    )
    return MappingProxyType(
        {"scam": scam.pattern, "headache": headache.pattern}
        | {f"lead {index}": _lead(lead) for index, lead in enumerate(leads)}
    )


def compile_patterns() -> None:
    """Compile the phrase patterns now, ahead of the first screening that needs them."""
    phrase_patterns()


def _with_lead(text: str, rule: PhraseRule, start: int) -> tuple[str, int] | None:
    """The flag code and evidence start decided by the first lead found, or None."""
    for lead in rule.leads:
        before = (sentence_before if lead.in_sentence else clause_before)(text, start, lead.reach)
        found = _lead(lead.pattern).search(before)
        if found is not None:
            return lead.code, start - len(before) + found.start()
    return None


def _hits(text: str, category: _Category) -> Iterator[PhraseHit]:
    for match in category.pattern.finditer(text):
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
    scam, headache = _categories()
    found = list(_hits(text, scam))
    found.extend(_hits(text, headache))
    return found
