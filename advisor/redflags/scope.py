"""Judge the size of the job against its budget, deadline, pay and wording.

Several flags need two facts at once: "simple" is only a warning on a large job, a $150 budget is
only too small for a large one, "easy work" is only a lure when it pays far above the market.
A job counts as large when the post names one big thing (a clone of a famous app, a multi-vendor
marketplace, 20 or more articles) or at least two substantial parts (user accounts, payments,
an admin dashboard, a mobile app, brand guidelines...).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from advisor.redflags.money import Amount, AmountUse
from advisor.redflags.negation import clause_before, is_negated
from advisor.redflags.normalise import WORD_START

SHORT_DEADLINE_HOURS = 72
SHORT_DEADLINE_DAYS = 3
LARGE_JOB_FIXED_BUDGET = Decimal("500")
LARGE_VOLUME = 20
SHORT_POST_WORDS = 30
VAGUE_POST_WORDS = 60
MARKET_CEILINGS = {
    AmountUse.HOURLY: Decimal("30"),
    AmountUse.DAILY: Decimal("200"),
    AmountUse.WEEKLY: Decimal("500"),
    AmountUse.MONTHLY: Decimal("3500"),
}

_FAMOUS = (
    "uber|airbnb|amazon|facebook|netflix|tiktok|instagram|fiverr|upwork|ebay|doordash|etsy|twitter"
    "|youtube|whatsapp|spotify|zillow|shopify|linkedin|tinder"
)
_BIG_THING = re.compile(
    WORD_START + r"(?:clones?\b|(?:like|similar to|copy of|version of) (?:" + _FAMOUS + r")\b"
    r"|multi[- ]?vendor\b|social (?:network|media platform)\b"
    r"|(?P<volume>\d{2,4})(?: [a-z-]{2,15})? (?:blog posts|posts|articles|pages|videos|designs"
    r"|logos|illustrations|products|listings|descriptions|slides|chapters|screens|episodes)\b)"
)
_BIG_PART = re.compile(
    WORD_START + r"(?:full[- ]stack"
    r"|(?:full|complete|entire|whole) (?:website|web ?site|web app|app|platform|system|redesign"
    r"|e-?commerce|store|brand(?:ing)?|rebrand)"
    r"|e-?commerce (?:website|site|store|platform)"
    r"|(?:ios|iphone) and android|android and ios|web (?:and|\+|&) mobile|mobile apps?|ios app"
    r"|android app"
    r"|user (?:accounts|authentication|login|registration|profiles|roles)"
    r"|payment (?:integration|system|gateway|processing)|(?:and|with) payments|payouts"
    r"|admin (?:panel|dashboard)|dashboards?"
    r"|real[- ]time (?:chat|tracking|messaging|updates|notifications)|messaging|push notifications"
    r"|booking (?:system|calendar|engine)"
    r"|recommendation (?:feed|engine|system|algorithm)"
    r"|(?:driver|rider|vendor|host|seller|buyer) (?:and (?:rider|driver|seller|buyer) )?(?:apps?"
    r"|dashboards?|panels?)"
    r"|marketplace|brand guidelines|brand identity|brand book|business cards|letterhead"
    r"|social media kit|stationery|new branding|seo setup|blog migration|redesign)\b"
)
_UNDERSTATED = re.compile(
    WORD_START
    + r"(?:(?:simple|quick|easy|small|basic|little|tiny|straightforward)(?: and (?:easy|quick"
    r"|simple))? (?:task|job|project|fix|app|website|site|web ?site|work|thing|gig|platform)"
    r"|should be (?:easy|simple|quick|straightforward))\b"
)
_SHORT_DEADLINE = re.compile(
    WORD_START
    + r"(?:(?:in|within|by|under|next) (?P<count>\d{1,3}|one|two|three|a|an) ?(?P<unit>hours?|hrs?"
    r"|h|days?)\b"
    r"|by (?:tomorrow|tonight|today|end of (?:the )?day|eod)\b"
    r"|(?:done|ready|finished|delivered|live|launch(?:ed)?)(?: by)? (?:today|tonight|tomorrow)\b"
    r"|(?P<hours>24|48|72)[- ]?(?:hours?|hrs?|h)\b)"
)
_EASY_WORK = re.compile(
    WORD_START
    + r"(?:data entry|copy(?:ing)?(?: and| &|/)? ?past(?:e|ing)|typing|type (?:handwritten"
    r"|forms|documents)|lik(?:e|ing) (?:posts|videos|photos|pages)|watch(?:ing)? videos"
    r"|(?:online )?surveys?|(?:simple|easy|basic) (?:tasks?|job|work|money)|easy job"
    r"|no (?:prior )?experience (?:needed|required|necessary)|anyone can do"
    r"|from (?:your )?(?:phone|home)|(?:product|app) test(?:er|ing)|testing apps"
    r"|in your (?:spare|free) time|(?:1|2|one|two|1-2)(?: to \d)? hours? (?:a|per) day"
    r"|alongside your (?:current |day |full[- ]time )?job|without affecting your (?:current )?job"
    r"|(?:drive|driving) (?:your car|with)|(?:writ\w{0,4}|post\w{0,3}) reviews"
    r"|(?:liking|like|rate|rating) (?:videos|products|hotels|posts))\b"
)
_TIMELINE = re.compile(
    WORD_START
    + r"(?:deadline|due|timeline|turnaround|eta|ongoing|long[- ]term|short[- ]term|today|tonight"
    r"|tomorrow|weekly|monthly|daily|next (?:week|month)|this (?:week|month)"
    r"|end of (?:the )?(?:day|week|month|year)"
    r"|(?:per|a) (?:day|week|month)"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\.? \d{1,2}"
    r"|(?:\d{1,3}|one|two|three|four|five|six|a few|few|couple of)(?:[- ]to[- ]\d{1,3})?[- ]?"
    r"(?:hours?|hrs?|days?|weeks?|months?|years?))\b"
)
_WORD = re.compile(r"[a-z0-9']{1,40}")
_EARN_LEAD = re.compile(
    r"\b(?:earn|earning|earnings of|make|making|take home|income of|get paid|receive)\b"
    r"[a-z ]{0,12}$"
)
_PANEL_HEADING = re.compile(WORD_START + r"(?:about the client|activity on this job)\b")
_PANEL_HEADING_WORDS = ("about the client", "activity on this job")
_BEYOND_ANY_POST = 1 << 62
# "!", "?" or a line break, or a dot followed by a space or the end (as `negation` reads them),
# starting with one character class that the engine jumps to.
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=[!?\n])|(?<=\.)(?:\s|$))")
_REPLY_TIME = re.compile(r"\b(?:reply|replies|respond|responds|get back|answer|hear back)\b")
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "a": 1, "an": 1}


@dataclass(frozen=True)
class ScopeHit:
    """A flag raised by weighing facts of the post together, in folded-text offsets."""

    code: str
    spans: tuple[tuple[int, int], ...]


def description_end(text: str) -> int:
    """Where the job description stops and the pasted client panel begins."""
    # The heading search tries every position of the post; a plain look for its words first
    # spares it on the many posts pasted without a panel.
    if not any(words in text for words in _PANEL_HEADING_WORDS):
        return len(text)
    heading = _PANEL_HEADING.search(text)
    return len(text) if heading is None else heading.start()


def _large_job_evidence(text: str) -> tuple[int, int] | None:
    for match in _BIG_THING.finditer(text):
        volume = match.group("volume")
        if volume is None or int(volume) >= LARGE_VOLUME:
            return match.span()
    parts = _BIG_PART.finditer(text)
    first = next(parts, None)
    if first is not None and next(parts, None) is not None:
        return first.span()
    return None


def _is_reply_time(text: str, start: int) -> bool:
    return _REPLY_TIME.search(clause_before(text, start, 40)) is not None


def _is_short(match: re.Match[str]) -> bool:
    if match.group("hours"):
        return True
    count_text = match.group("count")
    if count_text is None:
        return True
    count = _NUMBER_WORDS.get(count_text) or int(count_text)
    if match.group("unit").startswith("h"):
        return count <= SHORT_DEADLINE_HOURS
    return count <= SHORT_DEADLINE_DAYS


def _short_deadline(text: str) -> tuple[int, int] | None:
    for match in _SHORT_DEADLINE.finditer(text):
        if _is_short(match) and not _is_reply_time(text, match.start()):
            return match.span()
    return None


def _understatement(text: str) -> tuple[int, int] | None:
    for match in _UNDERSTATED.finditer(text):
        if not is_negated(text, match.start(), match.end()):
            return match.span()
    return None


def largest_fixed_budget(amounts: Sequence[Amount]) -> Amount | None:
    """The largest fixed budget named in the post, if any."""
    fixed = [amount for amount in amounts if amount.use is AmountUse.FIXED]
    return max(fixed, key=lambda amount: amount.high, default=None)


def _generous_pay(amounts: Sequence[Amount]) -> Amount | None:
    for amount in amounts:
        ceiling = MARKET_CEILINGS.get(amount.use)
        if ceiling is not None and amount.low >= ceiling:
            return amount
    return None


def _lure(text: str, amounts: Sequence[Amount]) -> tuple[int, int] | None:
    """ "Earn $300 to $500 per day": pay far above the market, sold as earnings rather than as a
    rate for named work. Job posts state a rate; lures promise what you will make."""
    for amount in amounts:
        ceiling = MARKET_CEILINGS.get(amount.use)
        if ceiling is None or amount.high < ceiling:
            continue
        lead = _EARN_LEAD.search(text, max(0, amount.start - 28), amount.start)
        if lead is not None:
            return lead.start(), amount.end
    return None


def _post_span(text: str) -> tuple[int, int] | None:
    stripped_start = len(text) - len(text.lstrip())
    stripped_end = len(text.rstrip())
    if stripped_start >= stripped_end:
        return None
    end = min(stripped_end, stripped_start + 160)
    return stripped_start, end


def judge_scope(
    text: str,
    amounts: Sequence[Amount],
    vague_phrases: Sequence[tuple[int, int]],
    scam_spans: Sequence[tuple[int, int]] = (),
) -> list[ScopeHit]:
    """Flags that weigh the job's size against its wording, deadline, budget and pay.

    `vague_phrases` are the spans of phrases that push details to a chat ("details in chat");
    they count as missing details only when the post around them is short. `scam_spans` are
    the spans of scam evidence: the sentences holding them are not project information, so they
    never make a post look complete.
    """
    found: list[ScopeHit] = []
    large = _large_job_evidence(text)
    if large is not None:
        understated = _understatement(text)
        if understated is not None:
            found.append(ScopeHit("understated_scope", (understated, large)))
        deadline = _short_deadline(text)
        if deadline is not None:
            found.append(ScopeHit("unrealistic_deadline", (deadline, large)))
        budget = largest_fixed_budget(amounts)
        if budget is not None and budget.high < LARGE_JOB_FIXED_BUDGET:
            found.append(ScopeHit("tiny_budget_for_scope", ((budget.start, budget.end), large)))
    pay = _generous_pay(amounts)
    easy = _EASY_WORK.search(text) if pay is not None else None
    if easy is not None and pay is not None:
        found.append(ScopeHit("too_good_to_be_true", (easy.span(), (pay.start, pay.end))))
    else:
        lure = _lure(text, amounts)
        if lure is not None:
            found.append(ScopeHit("too_good_to_be_true", (lure,)))
    found.extend(_missing_details(text, amounts, vague_phrases, scam_spans))
    return found


def _detail_sentences(
    description: str, scam_spans: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Spans of the description's sentences that hold no scam evidence."""
    if not scam_spans:
        return [(0, len(description))]
    spans = sorted(scam_spans)
    kept = []
    index = 0
    start = 0
    ends = [stop.end() for stop in _SENTENCE_END.finditer(description)] + [len(description)]
    for end in ends:
        if end <= start:
            continue
        while index < len(spans) and spans[index][1] <= start:
            index += 1
        if index == len(spans) or spans[index][0] >= end:
            kept.append((start, end))
        start = end
    return kept


def _words_below(text: str, ranges: Sequence[tuple[int, int]], limit: int) -> bool:
    # Counting stops at `limit`, so a long post costs no more than a short one here.
    count = 0
    for start, end in ranges:
        count += sum(1 for _ in islice(_WORD.finditer(text, start, end), limit - count))
        if count >= limit:
            return False
    return True


def _inside(position: int, ranges: Sequence[tuple[int, int]]) -> bool:
    """Whether `position` falls in one of the sorted, disjoint `ranges`."""
    index = bisect_right(ranges, (position, _BEYOND_ANY_POST)) - 1
    return index >= 0 and position < ranges[index][1]


def _has_timeline(text: str, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(
        not _is_reply_time(text, match.start())
        for start, end in ranges
        for match in _TIMELINE.finditer(text, start, end)
    )


def _missing_details(
    text: str,
    amounts: Sequence[Amount],
    vague_phrases: Sequence[tuple[int, int]],
    scam_spans: Sequence[tuple[int, int]],
) -> list[ScopeHit]:
    money = [amount for amount in amounts if amount.use is not AmountUse.PANEL]
    # Amounts in the client panel are read as PANEL, so any other amount is in the description.
    if not vague_phrases and not scam_spans and money:
        return []
    description = text[: description_end(text)]
    details = _detail_sentences(description, scam_spans)
    if vague_phrases and _words_below(description, details, VAGUE_POST_WORDS):
        return [ScopeHit("missing_details", tuple(vague_phrases))]
    if any(_inside(amount.start, details) for amount in money):
        return []
    if _has_timeline(description, details) or not _words_below(
        description, details, SHORT_POST_WORDS
    ):
        return []
    span = _post_span(description)
    return [] if span is None else [ScopeHit("missing_details", (span,))]
