"""Days as members type them: `2026-11-28`, `today`, `yesterday`, `3 days ago`."""

from __future__ import annotations

import re
from datetime import date, timedelta

from advisor.errors import InputError

DAY_HINT = "Type a date like 2026-11-28, today, yesterday or 3 days ago."
EARLIEST_DAY = date(2000, 1, 1)

# English month names and their usual abbreviations, as exports and job posts write them.
MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

_DAYS_AGO = re.compile(r"([0-9]{1,4}) ?days? ago", re.ASCII)


class DayError(InputError):
    """A date that cannot be read, or lies in the future."""


def parse_day(text: str, today: date, *, future: bool = False) -> date:
    """Read a day; refuse one before 2000, or after `today` (work is logged once it happened)
    unless `future` (the end of a period still running, such as this tax year)."""
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        raise DayError(f"No date given. {DAY_HINT}")
    if cleaned == "today":
        return today
    if cleaned == "yesterday":
        return today - timedelta(days=1)
    days_ago = _DAYS_AGO.fullmatch(cleaned)
    day = today - timedelta(days=int(days_ago[1])) if days_ago else _iso_day(cleaned)
    if day > today and not future:
        raise DayError("That date is in the future: log work once it has happened.")
    if day < EARLIEST_DAY:
        raise DayError("That date is too long ago: Gigwise keeps work from 2000 on.")
    return day


def _iso_day(cleaned: str) -> date:
    # Only the full YYYY-MM-DD form: shorter ISO forms (20261128) are too easy to mistype.
    try:
        if len(cleaned) == 10:
            return date.fromisoformat(cleaned)
    except ValueError:
        pass
    raise DayError(f"That date can't be read. {DAY_HINT}")
