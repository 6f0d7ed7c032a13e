"""Read the "About the client" panel and the job's activity, when the member pasted them.

Upwork shows the panel as short lines: "Payment method not verified", "4.92 of 23 reviews",
"12% hire rate, 3 open jobs", "$0 total spent", "$4.50 /hr avg hourly rate paid",
"Member since Nov 2, 2026", and under the job "Proposals: 50+". Each line that signals a client
who may not pay, may not hire, or treats freelancers badly becomes a flag with the line as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from advisor.days import MONTH_NUMBERS
from advisor.wording import plural

NEW_ACCOUNT_DAYS = 60
LOW_HIRE_RATE_PERCENT = 25
LOW_RATING = Decimal("4.0")
LOW_HOURLY_PAID = Decimal("10")
CROWDED_PROPOSALS = 50


# One pattern per kind of line, each starting with a word or a digit the engine can jump to (one
# alternation behind a word-start check would be tried at every position of the post). Each comes
# with words that every match of it holds: a pattern whose words are not in the post cannot match
# there, so it is not run at all. A long post holds digits and "payment" everywhere, but rarely
# "hire rate" or "proposals", and the patterns led by a digit cost the most to run.
_PANEL_LINES = tuple(
    (re.compile(line), needs)
    for line, needs in (
        (
            r"(?P<unverified>payment (?:method )?(?:is )?(?:not verified|unverified)"
            r"|payment unverified)",
            ("payment",),
        ),
        (
            r"(?P<zero_spend>total spent:? ?\$0(?:\.00)?\b|no spend(?:ing)? (?:history|yet))",
            ("total spent", "no spend"),
        ),
        (r"(?P<hire_rate>(?P<hire_percent>\d{1,3}) ?% hire rate)", ("hire rate",)),
        (r"(?P<hire_rate>hire rate:? ?(?P<hire_percent_after>\d{1,3}) ?%)", ("hire rate",)),
        (
            r"(?P<member_since>member since:? ?(?P<month>[a-z]{3,9})\.? (?:(?P<day>\d{1,2}),? )?"
            r"(?P<year>\d{4}))",
            ("member since",),
        ),
        (r"(?P<rating>rating is (?P<rating_value>\d(?:\.\d{1,2})?) out of 5)", ("rating is",)),
        (
            r"(?P<rating>(?P<rating_of>\d\.\d{1,2}) of (?P<review_count>\d{1,5}) reviews?)",
            ("review",),
        ),
        (
            r"(?P<rating>average rating given(?: to freelancers)?:? ?"
            r"(?P<rating_given>\d(?:\.\d{1,2})?))",
            ("average rating given",),
        ),
        (r"(?P<no_reviews>no reviews(?: yet)?|0 reviews)", ("reviews",)),
        (r"(?P<proposals>proposals:? ?(?P<proposal_count>\d{1,4}) ?(?P<plus>\+)?)", ("proposals",)),
        (r"(?P<proposals>(?P<proposal_count_before>\d{1,4}) ?\+ proposals)", ("proposals",)),
    )
)
_PANEL_WORDS = (
    "payment",
    "spent",
    "spend",
    "hire rate",
    "member since",
    "rating",
    "review",
    "proposals",
    "hourly rate",
)
# Starts with a literal "$", which the engine finds without trying every position.
_ZERO_SPEND = re.compile(r"\$0(?:\.00)? ?(?:total )?spent\b")
_HOURLY_PAID = re.compile(
    r"\$(?P<rate>\d{1,4}(?:\.\d{1,2})?) ?/ ?(?:hr|hour) avg hourly rate paid"
    r"|avg(?:erage)? hourly rate paid:? ?\$(?P<rate_after>\d{1,4}(?:\.\d{1,2})?)"
)


@dataclass(frozen=True)
class PanelHit:
    """A panel line that raises a flag, in folded-text offsets, with its own explanation."""

    code: str
    start: int
    end: int
    explanation: str


def _group(match: re.Match[str], name: str) -> str | None:
    """A named group of a panel line's match, None where that line has no such group."""
    return match.groupdict().get(name)


def _joined_on(match: re.Match[str]) -> date | None:
    month = MONTH_NUMBERS.get(_group(match, "month") or "")
    if month is None:
        return None
    day = int(_group(match, "day") or 1)
    try:
        return date(int(_group(match, "year") or 0), month, day)
    except ValueError:
        return None


def _rating_hit(match: re.Match[str]) -> PanelHit | None:
    value = (
        _group(match, "rating_value") or _group(match, "rating_of") or _group(match, "rating_given")
    )
    if value is None or Decimal(value) >= LOW_RATING or Decimal(value) > 5:
        return None
    if _group(match, "review_count") == "0":
        return PanelHit(
            "no_reviews", match.start(), match.end(), "No freelancer has reviewed this client yet."
        )
    return PanelHit(
        "low_rating",
        match.start(),
        match.end(),
        f"Freelancers rate this client {value} out of 5.",
    )


def _line_hit(match: re.Match[str], today: date | None) -> PanelHit | None:
    kind = match.lastgroup
    start, end = match.span()
    if kind == "unverified":
        return PanelHit(
            "payment_unverified", start, end, "The client's payment method is not verified."
        )
    if kind == "zero_spend":
        return PanelHit("zero_spend", start, end, "The client has never spent anything on Upwork.")
    if kind == "no_reviews":
        return PanelHit("no_reviews", start, end, "No freelancer has reviewed this client yet.")
    if kind == "hire_rate":
        percent = int(_group(match, "hire_percent") or _group(match, "hire_percent_after") or 0)
        if percent >= LOW_HIRE_RATE_PERCENT:
            return None
        return PanelHit(
            "low_hire_rate",
            start,
            end,
            f"The client hires for only {percent}% of the jobs they post.",
        )
    if kind == "member_since":
        joined = _joined_on(match)
        if today is None or joined is None or not 0 <= (today - joined).days <= NEW_ACCOUNT_DAYS:
            return None
        age = (today - joined).days
        return PanelHit(
            "new_account",
            start,
            end,
            f"The client's account is {plural(age, 'day')} old.",
        )
    if kind == "rating":
        return _rating_hit(match)
    if kind == "proposals":
        count = int(_group(match, "proposal_count") or _group(match, "proposal_count_before") or 0)
        if count < CROWDED_PROPOSALS:
            return None
        return PanelHit("crowded_job", start, end, f"{count}+ proposals have already been sent.")
    return None


def _panel_matches(text: str) -> list[re.Match[str]]:
    """Panel lines at word starts, left to right and never overlapping, as one alternation of
    the lines (in `_PANEL_LINES` order) would find them."""
    found = sorted(
        (
            (match.start(), order, match)
            for order, (line, needs) in enumerate(_PANEL_LINES)
            if any(word in text for word in needs)
            for match in line.finditer(text)
            if match.start() == 0 or not text[match.start() - 1].isalnum()
        ),
        key=lambda item: (item[0], item[1]),
    )
    kept: list[re.Match[str]] = []
    for start, _, match in found:
        if not kept or start >= kept[-1].end():
            kept.append(match)
    return kept


def read_client_panel(text: str, today: date | None) -> list[PanelHit]:
    """Flags from the client panel and job activity in the folded post.

    Without `today` the account age cannot be judged, so no `new_account` flag is raised.
    """
    # Every panel line holds one of these words; a post without any has no panel to read.
    if not any(word in text for word in _PANEL_WORDS):
        return []
    found = [hit for match in _panel_matches(text) if (hit := _line_hit(match, today)) is not None]
    for match in _ZERO_SPEND.finditer(text) if "spent" in text else ():
        if match.start() == 0 or not text[match.start() - 1].isalnum():
            found.append(
                PanelHit(
                    "zero_spend",
                    match.start(),
                    match.end(),
                    "The client has never spent anything on Upwork.",
                )
            )
    for match in _HOURLY_PAID.finditer(text) if "hourly rate paid" in text else ():
        rate = Decimal(_group(match, "rate") or _group(match, "rate_after") or 0)
        if rate < LOW_HOURLY_PAID:
            found.append(
                PanelHit(
                    "low_hourly_paid",
                    match.start(),
                    match.end(),
                    f"The client pays ${rate} an hour on average.",
                )
            )
    return found
