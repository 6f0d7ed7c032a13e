"""Fold a pasted job post into one plain lower-case text that the patterns can read.

Scammers dodge keyword filters with fullwidth letters (ｔｅｌｅｇｒａｍ), look-alike Cyrillic
letters, zero-width characters, spaced-out words (t e l e g r a m) and runs of spaces between
words. Folding undoes all of that and remembers where every folded character came from, so
evidence can be quoted from the post exactly as it was pasted. The map back is kept as a short
list of shifts, one per edit, not one entry per character, so folding a long clean post costs
little more than lower-casing it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

WORD_START = r"(?<![a-z0-9])(?=[a-z0-9])"
"""Where a word of the folded text begins; cheaper to test than `\\b`, which also holds at word ends."""

# Letters from other scripts that look like Latin ones, and typographic punctuation.
_LOOKALIKES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "з": "3", "і": "i", "ї": "i", "ј": "j",
        "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y",
        "х": "x", "ѕ": "s", "ԁ": "d", "ӏ": "l", "ɡ": "g", "ɑ": "a", "ı": "i",
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
        "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w",
        "‘": "'", "’": "'", "ʼ": "'", "′": "'", "“": '"', "”": '"',
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-",
    }
)  # fmt: skip

# Invisible or decorative characters: zero-width spaces and joiners, bidi controls, combining marks,
# lone surrogates. ASCII control characters other than tab and line breaks are dropped as well.
_DROPPED_CATEGORIES = frozenset({"Cf", "Mn", "Me", "Cs"})

# A line break between two lower-case letters is a wrapped line, not the end of a clause. Led by
# the line break itself (the letter before it checked from behind), which the engine jumps to
# instead of trying every position of the post.
_SOFT_WRAP = re.compile(r"\n(?<=[a-z,]\n)(?=[a-z])")
_SOFT_WRAP_CRLF = re.compile(r"\r\n(?<=[a-z,]\r\n)(?=[a-z])")

# A run of four or more single letters or digits split by one separator each: t e l e g r a m,
# t.e.l.e.g.r.a.m. The group holds no quantifier, so matching stays linear.
_SPACED_OUT = re.compile(r"(?<![a-z0-9])[a-z0-9](?:[ .\-_*·•][a-z0-9](?![a-z0-9])){3,64}")
# What every such run holds from its first separator on: separator, letter, separator, letter,
# separator. Led by a separator, this is looked for far faster than the run itself, which starts
# with a check before every character; a post without it (nearly every post) has no run to join,
# and in one with it no run starts more than one character before the first place it is found.
_SPACED_OUT_CORE = re.compile(r"[ .\-_*·•][a-z0-9][ .\-_*·•][a-z0-9][ .\-_*·•]")

_DELETED = "\x00"
_EXPANDED = "\x01"
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Each pattern below starts with a single character (class) rather than a repeat, so the engine
# jumps from one candidate to the next instead of trying every position of the post.
_EDITS = re.compile(_DELETED + _DELETED + "{0,4095}|" + _EXPANDED)
_TABLE_LIMIT = 1 << 16


@dataclass(frozen=True)
class _Shifts:
    """Maps positions of an edited text back to the text it was made from.

    From `edited_starts[k]` on, position `p` came from `source_starts[k] + p - edited_starts[k]`.
    """

    edited_starts: tuple[int, ...]
    source_starts: tuple[int, ...]

    def source(self, position: int) -> int:
        segment = bisect_right(self.edited_starts, position) - 1
        return self.source_starts[segment] + position - self.edited_starts[segment]


class _ShiftRecorder:
    def __init__(self) -> None:
        self.edited_starts = [0]
        self.source_starts = [0]

    def resume(self, edited: int, source: int) -> None:
        """From `edited` on, the edited text continues the source at `source`."""
        if self.edited_starts[-1] == edited:
            self.source_starts[-1] = source
        else:
            self.edited_starts.append(edited)
            self.source_starts.append(source)

    def done(self) -> _Shifts | None:
        if self.edited_starts == [0] and self.source_starts == [0]:
            return None
        return _Shifts(tuple(self.edited_starts), tuple(self.source_starts))


@dataclass(frozen=True)
class FoldedPost:
    """A job post folded for matching, with the way back to the text as pasted."""

    original: str
    text: str
    _shifts: tuple[_Shifts, ...] = ()

    def original_index(self, position: int) -> int:
        """Index in `original` of the character that produced `text[position]`."""
        for shifts in self._shifts:
            position = shifts.source(position)
        return position

    def span_in_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a non-empty span of `text` to the span of `original` it was folded from."""
        return self.original_index(start), self.original_index(end - 1) + 1


def _fold_char(char: str) -> str:
    if unicodedata.category(char) in _DROPPED_CATEGORIES:
        return ""
    folded = unicodedata.normalize("NFKC", char).lower().translate(_LOOKALIKES)
    if folded.isascii():
        return folded
    kept = (c for c in folded if unicodedata.category(c) not in _DROPPED_CATEGORIES)
    return "".join(" " if c.isspace() else c for c in kept)


class _FoldTable(dict[int, str]):
    """A `str.translate` table that folds each character to exactly one character.

    A character that folds to nothing becomes `_DELETED` and one that folds to several (the
    ligature "ﬁ") becomes `_EXPANDED`, so the translated text keeps the original's offsets.
    Entries are computed the first time a character is met.
    """

    def __missing__(self, codepoint: int) -> str:
        folded = _fold_char(chr(codepoint))
        mark = folded if len(folded) == 1 else _EXPANDED if folded else _DELETED
        if len(self) < _TABLE_LIMIT:
            self[codepoint] = mark
        return mark


_FOLD_TABLE = _FoldTable(
    {
        code: chr(code).lower() if chr(code).isprintable() or chr(code) in "\t\n\r" else _DELETED
        for code in range(128)
    }
)


_NON_ASCII = re.compile(r"[^\x00-\x7f][^\x00-\x7f]{0,4095}")


def _marked(original: str) -> str:
    """`original` translated through `_FOLD_TABLE`, one character for one.

    Only the runs of non-ASCII characters go through the table's per-character lookups; the
    ASCII between them (nearly all of a post) is translated in one fast pass.
    """
    parts = []
    done = 0
    for run in _NON_ASCII.finditer(original):
        parts.append(original[done : run.start()].translate(_FOLD_TABLE))
        parts.append(run.group().translate(_FOLD_TABLE))
        done = run.end()
    parts.append(original[done:].translate(_FOLD_TABLE))
    return "".join(parts)


def _apply_edits(original: str, marked: str) -> tuple[str, _Shifts | None]:
    """Drop deleted characters and spell out expanded ones; `marked` is aligned with `original`."""
    parts: list[str] = []
    shifts = _ShiftRecorder()
    done = 0
    growth = 0  # folded position minus original position, for the text after `done`
    for edit in _EDITS.finditer(marked):
        start, end = edit.span()
        parts.append(marked[done:start])
        if marked[start] == _DELETED:
            growth -= end - start
        else:
            folded = _fold_char(original[start])
            parts.append(folded)
            for offset in range(len(folded)):
                shifts.resume(start + growth + offset, start)
            growth += len(folded) - 1
        shifts.resume(end + growth, end)
        done = end
    parts.append(marked[done:])
    return "".join(parts), shifts.done()


def _join_spaced_out(text: str) -> tuple[str, _Shifts | None]:
    core = _SPACED_OUT_CORE.search(text)
    if core is None:
        return text, None
    parts: list[str] = []
    shifts = _ShiftRecorder()
    done = 0
    growth = 0
    for run in _SPACED_OUT.finditer(text, max(0, core.start() - 1)):
        start, end = run.span()
        parts.append(text[done:start])
        # Letters sit at even offsets of the run, separators at odd ones.
        parts.append(text[start:end:2])
        for letter in range(start + 2, end, 2):
            growth -= 1
            shifts.resume(letter + growth, letter)
        shifts.resume(end + growth, end)
        done = end
    parts.append(text[done:])
    return "".join(parts), shifts.done()


# Two or more spaces or tabs between words read as one space, so "contact  me" is "contact me".
_SPACE_RUN = re.compile(r"[ \t]{2,4096}")


def _collapse_spaces(text: str) -> tuple[str, _Shifts | None]:
    # The run pattern is tried at every position; most posts have no run to collapse at all.
    if "  " not in text and "\t" not in text:
        return text, None
    parts: list[str] = []
    shifts = _ShiftRecorder()
    done = 0
    growth = 0
    for run in _SPACE_RUN.finditer(text):
        start, end = run.span()
        parts.append(text[done:start])
        parts.append(" ")
        # The kept space stays where it was; what follows the run moves back to just after it.
        shifts.resume(start + growth + 1, end)
        growth -= end - start - 1
        done = end
    parts.append(text[done:])
    return "".join(parts), shifts.done()


def _unwrap_soft_breaks(original: str) -> str:
    # Same length in and out, so offsets into the result are offsets into the original.
    unwrapped = _SOFT_WRAP.sub(" ", original)
    return _SOFT_WRAP_CRLF.sub("  ", unwrapped) if "\r" in unwrapped else unwrapped


def fold(original: str) -> FoldedPost:
    """Fold `original` for matching: NFKC, lower case, look-alikes, no invisibles, single spaces,
    joined letters."""
    unwrapped = _unwrap_soft_breaks(original)
    shifts: list[_Shifts] = []
    if unwrapped.isascii() and not _ASCII_CONTROL.search(unwrapped):
        text = unwrapped.lower()
    else:
        marked = _marked(unwrapped)
        text, edits = _apply_edits(unwrapped, marked)
        if edits is not None:
            shifts.append(edits)
    text, collapsed = _collapse_spaces(text)
    if collapsed is not None:
        shifts.insert(0, collapsed)
    text, joins = _join_spaced_out(text)
    if joins is not None:
        shifts.insert(0, joins)
    return FoldedPost(original=original, text=text, _shifts=tuple(shifts))
