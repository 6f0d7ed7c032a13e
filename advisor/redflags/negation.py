"""Decide whether a matched phrase is negated: "do not contact me outside Upwork" is not a red flag.

A phrase is negated when a negation cue ("no", "not", "never", "don't", "no need for", ...) appears
earlier in the same clause, or a denial ("is not needed") follows it. Clauses end at sentence
punctuation, at contrast words ("but", "however") and at a comma that starts a new instruction
(", contact me on ..."), so "No agencies, message me on WhatsApp" still raises the flag while
"No PayPal, Zelle or Cash App" negates all three. Each check reads a bounded window around the
match, so the cost per match is constant.
"""

from __future__ import annotations

import re

_WINDOW = 100


# The breaks that are words or commas; `_after_last_stop` finds the punctuation ones.
_CLAUSE_WORDS = re.compile(
    r"\b(?:but|however|instead|though|although|except|otherwise|then|unless)\b"
    r"|,\s?(?:please |and |so |just )?(?:contact|message|text|send|email|call|add|reach|dm|write"
    r"|ping|i|we|you|pay|use|join|let'?s|only|apply|click|go)\b"
)

# "!", "?" or a line break, or a dot followed by a space or the end: written to start with one
# character class, which the engine jumps to instead of trying every position.
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=[!?\n])|(?<=\.)(?:\s|$))")

_CUE = re.compile(
    r"\b(?:no|not|never|don'?t|dont|do not|does not|doesn'?t|won'?t|will not|wouldn'?t|would not"
    r"|without|avoid|nor|neither|cannot|can'?t|shouldn'?t|should not|isn'?t|aren'?t|refuse"
    r"|prohibited|forbidden|instead of|rather than"
    r"|(?:reported|banned|blocked|flagged|removed|disqualified) if)\b"
)

# Cues that do not negate what follows them.
_NOT_A_CUE = re.compile(
    r"no experience|no problem|no worries|not only|no matter|not just|not sure|no later than"
    r"|no interview|no questions|(?:don'?t|dont|do not) (?:worry|hesitate|forget|miss)"
    r"|without (?:delay|fail)"
)

# "If you don't have WhatsApp, don't apply" demands the app rather than refusing it.
_DEMAND_BEFORE_CUE = re.compile(r"\bif you\s?$")
_DEMAND_AFTER_CUE = re.compile(r"(?:don'?t|dont|do not|doesn'?t|does not) (?:have|use|own)\b")

_DENIAL_AFTER = re.compile(
    r"[\s'\"]{0,3}(?:(?:is|are|will be|would be)\s)?(?:not|never)\s"
    r"(?:needed|required|necessary|allowed|accepted|used|welcome|an option|ok|okay|acceptable"
    r"|involved)"
    r"|[\s'\"]{0,3}(?:(?:is|are)\s)?(?:prohibited|forbidden)"
)


def _after_last_stop(window: str) -> int:
    """Where the text after the window's last stop (! ? ; : line break, or a dot that ends a
    sentence) begins; 0 without one. Plain searches from the end, cheaper than a regex scan."""
    cut = (
        max(
            window.rfind("!"),
            window.rfind("?"),
            window.rfind(";"),
            window.rfind(":"),
            window.rfind("\n"),
        )
        + 1
    )
    dot = window.rfind(".")
    while dot >= cut:
        if dot == len(window) - 1 or window[dot + 1].isspace():
            return dot + 1
        dot = window.rfind(".", cut, dot)
    return cut


def clause_before(text: str, start: int, reach: int = _WINDOW) -> str:
    """The part of the clause that precedes `start`, at most `reach` characters."""
    window = text[max(0, start - reach) : start]
    # Stops end a clause too; only the words and commas after the last one need the regex.
    window = window[_after_last_stop(window) :]
    cut = 0
    for clause_break in _CLAUSE_WORDS.finditer(window):
        cut = clause_break.end()
    return window[cut:]


def _after_last_sentence_end(window: str) -> int:
    cut = max(window.rfind("!"), window.rfind("?"), window.rfind("\n")) + 1
    dot = window.rfind(".")
    while dot >= cut:
        if dot == len(window) - 1 or window[dot + 1].isspace():
            return dot + 1
        dot = window.rfind(".", cut, dot)
    return cut


def sentence_before(text: str, start: int, reach: int) -> str:
    """The part of the sentence that precedes `start`, at most `reach` characters."""
    window = text[max(0, start - reach) : start]
    return window[_after_last_sentence_end(window) :]


def sentence_around(text: str, start: int, end: int, reach: int = 160) -> str:
    """The sentence holding `text[start:end]`, at most `reach` characters either side."""
    before = text[max(0, start - reach) : start]
    cut = _after_last_sentence_end(before)
    after = text[end : end + reach]
    stop_after = _SENTENCE_END.search(after)
    tail = after if stop_after is None else after[: stop_after.start()]
    return before[cut:] + text[start:end] + tail


def is_negated(text: str, start: int, end: int) -> bool:
    """Whether the phrase at `text[start:end]` is negated by its own clause."""
    clause = clause_before(text, start)
    for cue in _CUE.finditer(clause):
        at = cue.start()
        if _NOT_A_CUE.match(clause, at):
            continue
        if _DEMAND_AFTER_CUE.match(clause, at) and _DEMAND_BEFORE_CUE.search(clause, 0, at):
            continue
        return True
    return _DENIAL_AFTER.match(text, end, min(len(text), end + 40)) is not None
