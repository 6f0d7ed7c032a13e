"""Repositories: the only way the rest of Gigwise reads or writes the ledger.

Each takes one unit of work (`Reads` from `Database.read()`, `Writes` from `Database.write()`),
never ends its transaction, and returns `advisor.ledger` records. A method that changes anything
needs `Writes`, which the type checker holds. Every method about a member's data takes the
member's Discord user id and can neither see nor change another member's rows.
"""

from db.repositories.billings import BillingRepository
from db.repositories.bot_state import BotStateRepository
from db.repositories.clients import ClientRepository
from db.repositories.contracts import ContractRepository
from db.repositories.guild_settings import GuildSettingsRepository
from db.repositories.imports import ImportRepository
from db.repositories.members import MemberRepository

__all__ = [
    "BillingRepository",
    "BotStateRepository",
    "ClientRepository",
    "ContractRepository",
    "GuildSettingsRepository",
    "ImportRepository",
    "MemberRepository",
]
