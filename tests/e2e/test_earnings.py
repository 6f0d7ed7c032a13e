"""/earnings end to end: a member's totals for a year or a range, to the cent, theirs alone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.client import GigwiseBot
from bot.sandbox import Reply, SandboxDiscord

ALICE = 100_000_000_000_000_101
BOB = 100_000_000_000_000_202
# The sandbox's clock starts here and stands still; the tests move "today" to TODAY, so that
# all of 2025 has happened.
SANDBOX_START = datetime(2025, 1, 1, tzinfo=UTC)
TODAY = date(2026, 1, 15)

# An Upwork statement for 2025: an invoice with its fee, then a refund with the fee handed back.
STATEMENT = b"""Date,Ref ID,Type,Description,Agency,Freelancer,Team,Account Name,PO,Amount,\
Amount in local currency,Currency,Balance
"Jul 1, 2025",500000004,Service Fee,Service Fee refund - Ref ID 500000003,,Dana Kim,\
Orchard & Vine,Orchard & Vine Ltd,,15.00,15.00,USD,$765.00
"Jul 1, 2025",500000003,Refund,Refund for Milestone 1 - Brand kit,,Dana Kim,Orchard & Vine,\
Orchard & Vine Ltd,,-150.00,-150.00,USD,$750.00
"Jun 15, 2025",500000002,Service Fee,Service Fee - Fixed Price - Ref ID 500000001,,Dana Kim,\
Orchard & Vine,Orchard & Vine Ltd,,-100.00,-100.00,USD,$900.00
"Jun 15, 2025",500000001,Fixed Price,Invoice for Milestone 1 - Brand kit,,Dana Kim,\
Orchard & Vine,Orchard & Vine Ltd,,"$1,000.00",1000.00,USD,"$1,000.00"
"""


@pytest.fixture(autouse=True)
def in_mid_january_2026(sandbox: SandboxDiscord) -> None:
    noon = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC)
    sandbox.advance_clock((noon - SANDBOX_START).total_seconds())


async def _add(sandbox: SandboxDiscord, user: int, **options: str) -> None:
    reply = await sandbox.invoke("contract", options, subcommand="add", user_id=user)
    assert reply.embeds[0]["title"].startswith("Job logged"), reply.text()


async def _alices_work(sandbox: SandboxDiscord) -> None:
    """Jobs in 2024 and 2025, in dollars and pounds, fees worked out and recorded, a refund."""
    # Fee worked out by Gigwise: Upwork's flat 10%, $120.00.
    await _add(
        sandbox, ALICE, client="Acme Corp", amount="1200", date="2025-03-01", platform="upwork-flat"
    )
    # Fee recorded from the statement.
    await _add(sandbox, ALICE, client="Globex", amount="333.33", date="2025-11-30", fee="33.33")
    # Another year: left out of 2025.
    await _add(
        sandbox, ALICE, client="Acme Corp", amount="500", date="2024-12-31", platform="upwork-flat"
    )
    # Pounds, never added to dollars.
    await _add(
        sandbox,
        ALICE,
        client="Bloggs Ltd",
        amount="800",
        date="2025-05-05",
        platform="peopleperhour",
        fee="80",
    )
    upload = {"file": ("statement.csv", STATEMENT, "text/csv")}
    imported = await sandbox.invoke("import", attachments=upload, user_id=ALICE)
    assert imported.embeds[0]["title"].startswith("Imported "), imported.text()


def _fields(reply: Reply) -> dict[str, str]:
    return {field["name"]: field["value"] for field in reply.embeds[0].get("fields", [])}


async def test_a_years_totals_to_the_cent_per_currency_platform_and_client(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await _alices_work(sandbox)
    reply = await sandbox.invoke("earnings", {"year": 2025}, user_id=ALICE)
    assert reply.ephemeral
    assert reply.embeds[0]["title"] == "Your earnings in 2025"
    fields = _fields(reply)
    # Billed 1,200 + 333.33 + 1,000; refunded 150; fees 120 + 33.33 + 100 − 15 handed back.
    assert fields["Totals (USD)"].splitlines() == [
        "$2,533.33 billed − $150.00 refunded − $238.33 fees = **$2,145.00** net",
        "From 3 billings and 1 refund.",
        "Fees are after $15.00 handed back with refunds.",
        "Fees on these: 1 worked out by Gigwise, 3 recorded from a statement or by you.",
    ]
    assert fields["By platform (USD)"] == (
        "**upwork**: $2,533.33 billed − $150.00 refunded − $238.33 fees = **$2,145.00** net"
    )
    assert fields["Clients (USD)"].splitlines() == [
        "**Acme Corp**: $1,200.00 billed − $120.00 fees = **$1,080.00** net",
        "**Orchard & Vine**: $1,000.00 billed − $150.00 refunded − $85.00 fees = **$765.00** net",
        "**Globex**: $333.33 billed − $33.33 fees = **$300.00** net",
    ]
    assert fields["Totals (GBP)"].startswith("£800.00 billed − £80.00 fees = **£720.00** net")
    assert "**Bloggs Ltd**" in fields["Clients (GBP)"]


async def test_a_range_counts_only_its_days(sandbox: SandboxDiscord, gigwise: GigwiseBot) -> None:
    await _alices_work(sandbox)
    reply = await sandbox.invoke(
        "earnings", {"start": "2024-12-01", "end": "2025-03-01"}, user_id=ALICE
    )
    assert reply.embeds[0]["title"] == "Your earnings from 2024-12-01 to 2025-03-01"
    assert _fields(reply)["Totals (USD)"].startswith(
        "$1,700.00 billed − $170.00 fees = **$1,530.00** net"
    )


async def test_a_tax_year_still_running_ends_in_the_future(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await _alices_work(sandbox)
    reply = await sandbox.invoke(
        "earnings", {"start": "2025-04-06", "end": "2026-04-05"}, user_id=ALICE
    )
    assert reply.embeds[0]["title"] == "Your earnings from 2025-04-06 to 2026-04-05"


async def test_shared_totals_are_posted_to_the_channel(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await _alices_work(sandbox)
    reply = await sandbox.invoke("earnings", {"year": 2025, "share": True}, user_id=ALICE)
    assert not reply.ephemeral
    assert "Totals (USD)" in _fields(reply)


async def test_another_member_sees_nothing_of_the_firsts(
    sandbox: SandboxDiscord, gigwise: GigwiseBot
) -> None:
    await _alices_work(sandbox)
    reply = await sandbox.invoke("earnings", {"year": 2025, "share": True}, user_id=BOB)
    assert reply.ephemeral
    assert reply.embeds[0]["title"] == "Nothing billed in 2025"
    shown = reply.text() + repr(reply.message)
    for alices in ("Acme Corp", "Globex", "Orchard", "Bloggs", "2,533.33", "1,200.00"):
        assert alices not in shown


async def test_no_option_means_this_year(sandbox: SandboxDiscord, gigwise: GigwiseBot) -> None:
    await _alices_work(sandbox)
    reply = await sandbox.invoke("earnings", user_id=ALICE)
    assert reply.ephemeral
    assert reply.embeds[0]["title"] == "Nothing billed in 2026"
    assert "/contract add" in reply.embeds[0]["description"]
    assert "/import" in reply.embeds[0]["description"]


@pytest.mark.parametrize(
    ("options", "said"),
    [
        ({"start": "2025-05-01", "end": "2025-01-01"}, "is before the start date"),
        ({"year": 2025, "start": "2025-01-01"}, "either a year or a start and end date"),
        ({"year": 2025, "end": "2025-06-30"}, "either a year or a start and end date"),
    ],
)
async def test_a_bad_period_is_refused_privately(
    sandbox: SandboxDiscord, gigwise: GigwiseBot, options: dict[str, object], said: str
) -> None:
    reply = await sandbox.invoke("earnings", options, user_id=ALICE)
    assert reply.ephemeral
    assert said in reply.content
