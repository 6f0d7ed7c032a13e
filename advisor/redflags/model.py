"""What a screening returns: severities, categories, the evidence behind each red flag, the verdict."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How much a red flag should weigh on the decision to apply."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def weight(self) -> int:
        """Points this severity adds to the 0-100 score."""
        return _SEVERITY_WEIGHTS[self]


# A critical flag alone reaches the red band; two highs do too; lows only add up slowly.
_SEVERITY_WEIGHTS = {
    Severity.LOW: 5,
    Severity.MEDIUM: 15,
    Severity.HIGH: 30,
    Severity.CRITICAL: 50,
}


class Category(StrEnum):
    """Where a red flag comes from."""

    SCAM = "scam"
    HEADACHE = "headache"
    CLIENT = "client"
    BUDGET = "budget"


class Verdict(StrEnum):
    """The colour of the reply."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"


@dataclass(frozen=True)
class Evidence:
    """The exact text that raised a flag; `original[start:end] == text` for the post as pasted."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class RedFlag:
    """One reason to think twice before spending a proposal on this post."""

    code: str
    category: Category
    severity: Severity
    evidence: tuple[Evidence, ...]
    explanation: str
    advice: str


@dataclass(frozen=True)
class Screening:
    """The whole judgement on one job post, most severe flag first."""

    score: int
    verdict: Verdict
    flags: tuple[RedFlag, ...]
    summary: str

    @property
    def codes(self) -> frozenset[str]:
        """The codes of every flag raised, for quick membership checks."""
        return frozenset(flag.code for flag in self.flags)
