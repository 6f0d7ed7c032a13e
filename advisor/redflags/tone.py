"""Find shouting: long stretches of a post written in capital letters.

This reads the post as pasted (folding lower-cases everything), so offsets are original ones.
A stretch counts as shouting when it holds at least four words and two of them are everyday words
("I NEED THIS DONE TODAY"), which leaves runs of acronyms ("SEO, PPC, CSS, HTML") alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CAPITALS = re.compile(r"[A-Z][A-Z0-9 ,!?'’:;&/-]{11,400}")
_WORD = re.compile(r"[A-Z][A-Z']{0,30}")
_EVERYDAY = re.compile(
    r"A|I|ME|MY|WE|OUR|YOU|YOUR|THE|AND|OR|BUT|IF|IS|ARE|WAS|WERE|BE|DO|DON'T|DONT|NOT|NO|ALL|OF"
    r"|TO|FOR|IN|ON|AT|THIS|THAT|THEM|THEY|IT|WILL|CAN|CAN'T|MUST|NEED|ONLY|PLEASE|JUST|BEFORE"
    r"|AFTER|WITH|WITHOUT|HAVE|HAS|ANY|EVERY|EVERYONE|NOW|TODAY|READ|APPLY|APPLYING|AGAIN|WHO|WHAT"
)


@dataclass(frozen=True)
class ShoutHit:
    """A shouted stretch, in offsets of the post as pasted."""

    start: int
    end: int


def find_shouting(original: str) -> list[ShoutHit]:
    """Every shouted stretch of the post as pasted."""
    found = []
    for match in _CAPITALS.finditer(original):
        words = _WORD.findall(match.group(0))
        everyday = sum(_EVERYDAY.fullmatch(word) is not None for word in words)
        letters = sum(len(word) for word in words)
        if len(words) >= 4 and everyday >= 2 and letters >= 12:
            stretch = match.group(0).rstrip(" ,!?'’:;&/-")
            found.append(ShoutHit(match.start(), match.start() + len(stretch)))
    return found
