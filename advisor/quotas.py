"""How much one member may keep: a cap on stored billings and contracts, so that no member's
ledger grows without bound at the others' cost (disk, and the time every whole-ledger read takes).

The caps are settings (`GIGWISE_MAX_BILLINGS_PER_MEMBER`, `GIGWISE_MAX_CONTRACTS_PER_MEMBER`); this
module says what they are and what a member reads when one is reached. Typed and imported rows
count alike; an import that would pass a cap is refused before it writes, saying how many fit.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.errors import InputError

DEFAULT_MAX_BILLINGS = 200_000
DEFAULT_MAX_CONTRACTS = 20_000


class QuotaReached(InputError):
    """Storing this would take the member past what one member may keep."""


@dataclass(frozen=True, slots=True)
class MemberQuotas:
    """What one member may keep: at most `billings` billings and `contracts` contracts."""

    billings: int = DEFAULT_MAX_BILLINGS
    contracts: int = DEFAULT_MAX_CONTRACTS

    def __post_init__(self) -> None:
        if self.billings < 1 or self.contracts < 1:
            raise ValueError("a member's quotas must allow at least one row")

    def check_typed(self, *, billings: int = 0, contracts: int = 0, adding: str) -> None:
        """Refuse one more `adding` ("billing", "contract") when the member's `billings` or
        `contracts` already stored are at the cap."""
        if adding == "billing" and billings >= self.billings:
            raise QuotaReached(
                f"You have {self.billings:,} billings stored, as many as one member can keep: "
                "nothing was added. Delete old contracts to make room."
            )
        if adding == "contract" and contracts >= self.contracts:
            raise QuotaReached(
                f"You have {self.contracts:,} contracts stored, as many as one member can keep: "
                "nothing was added. Delete old contracts to make room."
            )

    def check_import(
        self, *, billings: int, contracts: int, new_billings: int, new_contracts: int
    ) -> None:
        """Refuse an import of `new_billings` rows (making `new_contracts` contracts) that would
        take the member's `billings` or `contracts` stored past a cap, saying how many fit."""
        if billings + new_billings > self.billings:
            room = max(0, self.billings - billings)
            raise QuotaReached(
                f"This file has {new_billings:,} new rows, but one member can keep "
                f"{self.billings:,} billings and you have {billings:,}: only {room:,} more fit. "
                "Nothing was imported: export a shorter date range, or delete old contracts."
            )
        if contracts + new_contracts > self.contracts:
            room = max(0, self.contracts - contracts)
            raise QuotaReached(
                f"This file would add {new_contracts:,} contracts, but one member can keep "
                f"{self.contracts:,} and you have {contracts:,}: only {room:,} more fit. "
                "Nothing was imported: export a shorter date range, or delete old contracts."
            )
