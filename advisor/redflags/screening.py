"""Screen a pasted job post: every red flag with its evidence, a 0-100 scam score and a verdict.

The seed's rule number one is "don't lose": one bad client can cost ten jobs' worth of momentum.
`screen` gathers the findings of every detector, maps their evidence back to the post as pasted,
and weighs them with `scoring`: each flag that is evidence of a scam adds its fitted weight once,
however often it occurs, so the score only grows as a post says more alarming things. Flags are
listed strongest evidence first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from advisor.errors import AmountError, InputError
from advisor.redflags import scoring
from advisor.redflags.catalogue import RED_FLAG_KINDS
from advisor.redflags.client_panel import read_client_panel
from advisor.redflags.contact import find_contact_details
from advisor.redflags.model import Category, Evidence, RedFlag, Screening, Verdict
from advisor.redflags.money import find_amounts
from advisor.redflags.normalise import FoldedPost, fold
from advisor.redflags.patterns import find_phrases
from advisor.redflags.scam_phrases import COMPANY_VOICE as _COMPANY_VOICE
from advisor.redflags.scope import judge_scope, largest_fixed_budget
from advisor.redflags.tone import find_shouting

MAX_POST_CHARS = 100_000
"""Longest post `screen` accepts; a Discord modal holds 4,000 characters, a message 2,000."""

MAX_EVIDENCE = 5
"""Evidence quoted per flag; more would drown the reply without changing the verdict."""

DEFAULT_ARBITRATION_FEE = Decimal("297")

_JOIN_GAP = 3

_CATEGORY_ORDER = {Category.SCAM: 0, Category.HEADACHE: 1, Category.CLIENT: 2, Category.BUDGET: 3}


class EmptyPostError(InputError):
    """Nothing to screen: the post was empty, blank or invisible characters only."""


class PostTooLongError(InputError):
    """The post is longer than `MAX_POST_CHARS`."""


@dataclass
class _Finding:
    """Evidence gathered for one flag code, before it becomes a `RedFlag`."""

    folded_spans: list[tuple[int, int]] = field(default_factory=list)
    original_spans: list[tuple[int, int]] = field(default_factory=list)
    explanation: str | None = None


class _Findings:
    def __init__(self) -> None:
        self.by_code: dict[str, _Finding] = {}

    def add(
        self,
        code: str,
        folded: Iterable[tuple[int, int]] = (),
        original: Iterable[tuple[int, int]] = (),
        explanation: str | None = None,
    ) -> None:
        finding = self.by_code.setdefault(code, _Finding())
        finding.folded_spans.extend(folded)
        finding.original_spans.extend(original)
        if finding.explanation is None:
            finding.explanation = explanation


def _check_arguments(text: object, today: object, arbitration_fee: object) -> None:
    if not isinstance(text, str):
        raise TypeError(f"screen() needs the post as str, not {type(text).__name__}")
    if today is not None and not isinstance(today, date):
        raise TypeError(f"today must be a date, not {type(today).__name__}")
    if not isinstance(arbitration_fee, Decimal):
        raise TypeError(f"arbitration_fee must be a Decimal, not {type(arbitration_fee).__name__}")
    if not arbitration_fee.is_finite() or arbitration_fee < 0:
        raise AmountError(f"The arbitration fee must be a positive amount, not {arbitration_fee}.")
    if len(text) > MAX_POST_CHARS:
        raise PostTooLongError(
            f"That post is {len(text):,} characters long; Gigwise screens up to "
            f"{MAX_POST_CHARS:,}. Paste just the job description and the 'About the client' panel."
        )
    if not text.strip():
        raise EmptyPostError(_EMPTY_MESSAGE)


_EMPTY_MESSAGE = (
    "There is no job post to screen. Paste the post's text (and the 'About the client' panel "
    "under it, if you have it) into /screen."
)


# Addresses anyone can open in a minute: a company's recruiter writes from the company's domain.
_FREE_MAIL = re.compile(
    r"(?:@ ?|\bat |[(\[{<] ?at ?[)\]}>] ?)(?:gmail|googlemail|yahoo|ymail|hotmail|outlook|live"
    r"|aol|icloud|proton|protonmail|gmx|yandex|mail)\b"
)


def _dollars(amount: Decimal) -> str:
    return f"${amount:,}"


def _gather(post: FoldedPost, today: date | None, arbitration_fee: Decimal) -> _Findings:
    findings = _Findings()
    text = post.text
    vague_phrases = []
    scam_spans = []
    for phrase in find_phrases(text):
        if phrase.code == "missing_details":
            vague_phrases.append((phrase.start, phrase.end))
            continue
        findings.add(phrase.code, [(phrase.start, phrase.end)])
        # A lure ("no experience needed") still describes the job; a scam request does not.
        if (
            RED_FLAG_KINDS[phrase.code].category is Category.SCAM
            and phrase.code != "recruiting_lure"
        ):
            scam_spans.append((phrase.start, phrase.end))
    for contact in find_contact_details(text):
        findings.add("contact_details", [(contact.start, contact.end)])
        scam_spans.append((contact.start, contact.end))
        if _FREE_MAIL.search(text, contact.start, contact.end) and _COMPANY_VOICE.search(text):
            findings.add("free_mail_company", [(contact.start, contact.end)])
    for shout in find_shouting(post.original):
        findings.add("shouting", original=[(shout.start, shout.end)])
    for line in read_client_panel(text, today):
        findings.add(line.code, [(line.start, line.end)], explanation=line.explanation)
    amounts = find_amounts(text)
    for judged in judge_scope(text, amounts, vague_phrases, scam_spans):
        findings.add(judged.code, judged.spans)
    budget = largest_fixed_budget(amounts)
    if budget is not None and budget.high < arbitration_fee:
        findings.add(
            "budget_under_arbitration_fee",
            [(budget.start, budget.end)],
            explanation=(
                f"The fixed budget of {_dollars(budget.high)} is less than the "
                f"{_dollars(arbitration_fee)} arbitration fee, so disputing a non-payment would "
                "cost more than the job."
            ),
        )
    return findings


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _evidence(post: FoldedPost, finding: _Finding) -> tuple[Evidence, ...]:
    spans = set()
    for start, end in finding.folded_spans:
        start, end = _trimmed(post.text, start, end)
        if start < end:
            spans.add(post.span_in_original(start, end))
    for start, end in finding.original_spans:
        start, end = _trimmed(post.original, start, end)
        if start < end:
            spans.add((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        # Overlapping pieces, or "Contact us on" + "Signal", read better quoted as one.
        if merged and start <= merged[-1][1] + _JOIN_GAP:
            gap = post.original[merged[-1][1] : start]
            if not gap.strip():
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
                continue
        merged.append((start, end))
    return tuple(
        Evidence(post.original[start:end], start, end) for start, end in merged[:MAX_EVIDENCE]
    )


def _red_flags(post: FoldedPost, findings: _Findings) -> tuple[RedFlag, ...]:
    flags = []
    for code, finding in findings.by_code.items():
        kind = RED_FLAG_KINDS[code]
        flags.append(
            RedFlag(
                code=code,
                category=kind.category,
                severity=kind.severity,
                evidence=_evidence(post, finding),
                explanation=finding.explanation or kind.explanation,
                advice=kind.advice,
            )
        )
    flags.sort(
        key=lambda flag: (
            -scoring.scam_evidence([flag.code]),
            _CATEGORY_ORDER[flag.category],
            -flag.severity.weight,
            flag.evidence[0].start if flag.evidence else 0,
            flag.code,
        )
    )
    return tuple(flags)


_OPENING = {
    Verdict.RED: "Likely scam: don't apply, report it",
    Verdict.AMBER: "Ask questions before you apply",
    Verdict.GREEN: "No sign of a scam",
}


def _summary(score: int, verdict: Verdict, flags: tuple[RedFlag, ...]) -> str:
    if not flags:
        return (
            f"Looks fine (scam score {score}/100): no red flags found; the client's history is "
            "still worth a look before you spend Connects."
        )
    titles = [RED_FLAG_KINDS[flag.code].title for flag in flags]
    listed = " and ".join(titles[:2]) if len(titles) <= 2 else ", ".join(titles[:2])
    if len(titles) > 2:
        listed += f" and {len(titles) - 2} more"
    return f"{_OPENING[verdict]} (scam score {score}/100): {listed}."


def screen(
    text: str,
    *,
    today: date | None = None,
    arbitration_fee: Decimal = DEFAULT_ARBITRATION_FEE,
) -> Screening:
    """Screen a job post (with its "About the client" panel, if pasted) for red flags.

    `today` lets the client panel's "Member since" date be judged; without it no `new_account`
    flag is raised. `arbitration_fee` is what a dispute costs each party.

    Raises `EmptyPostError` for a blank post and `PostTooLongError` beyond `MAX_POST_CHARS`
    characters (both are `InputError`s), `TypeError` for arguments of the wrong type.
    """
    _check_arguments(text, today, arbitration_fee)
    if isinstance(today, datetime):
        today = today.date()
    post = fold(text)
    if not post.text.strip():
        raise EmptyPostError(_EMPTY_MESSAGE)
    flags = _red_flags(post, _gather(post, today, arbitration_fee))
    score = scoring.scam_score(scoring.scam_evidence(flag.code for flag in flags))
    headaches = scoring.headache_points((f.code, f.category, f.severity) for f in flags)
    verdict = scoring.verdict(score, headaches)
    return Screening(
        score=score, verdict=verdict, flags=flags, summary=_summary(score, verdict, flags)
    )
