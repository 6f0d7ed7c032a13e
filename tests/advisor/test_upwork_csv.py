"""Reading Upwork's earnings exports: both layouts, every row type, fee matching, broken files."""

import contextlib
import csv
import io
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.errors import InputError
from advisor.upwork_csv import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    ImportedBilling,
    ImportFileError,
    ImportSummary,
    contract_title,
    parse_upwork_csv,
)

SAMPLES = Path(__file__).parent.parent / "data" / "upwork_csv"

STATEMENTS_HEADER = [
    "Date",
    "Ref ID",
    "Type",
    "Description",
    "Agency",
    "Freelancer",
    "Team",
    "Account Name",
    "PO",
    "Amount",
    "Amount in local currency",
    "Currency",
    "Balance",
]
TRANSACTIONS_HEADER = [
    "Date",
    "Transaction ID",
    "Transaction Type",
    "Transaction Summary",
    "Transaction Summary Details",
    "Description 1",
    "Description 2",
    "Description 3",
    "Agency",
    "Freelancer",
    "Team",
    "Account Name",
    "PO",
    "Ref ID",
    "Amount $",
    "Amount in local currency",
    "Currency",
    "Current Balance $",
    "Payment Method",
]
LAYOUT_COLUMNS = {
    "statements": {
        "date": "Date",
        "id": "Ref ID",
        "type": "Type",
        "description": "Description",
        "client": "Team",
        "amount": "Amount",
    },
    "transactions": {
        "date": "Date",
        "id": "Transaction ID",
        "ref": "Ref ID",
        "type": "Transaction Type",
        "description": "Transaction Summary",
        "client": "Team",
        "amount": "Amount $",
    },
}


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def export(layout: str, *rows: Mapping[str, str]) -> bytes:
    """A small export in either layout; each row names only the cells it needs."""
    header = STATEMENTS_HEADER if layout == "statements" else TRANSACTIONS_HEADER
    names = LAYOUT_COLUMNS[layout]
    defaults = {"date": "Jun 3, 2021", "id": "1001", "client": "Acme Robotics"}
    cells = []
    for row in rows:
        values = defaults | dict(row)
        by_column = {names[key]: value for key, value in values.items() if key in names}
        cells.append([by_column.get(column, "") for column in header])
    return csv_bytes(header, cells)


def billing_tuple(billing: ImportedBilling) -> tuple[object, ...]:
    return (
        billing.key,
        billing.client,
        billing.billed_on,
        billing.kind,
        billing.contract_title,
        billing.gross,
        billing.fee_charged,
    )


def error_of(content: bytes, filename: str = "") -> ImportFileError:
    with pytest.raises(ImportFileError) as caught:
        parse_upwork_csv(content, filename)
    return caught.value


# --- the sample exports ----------------------------------------------------------------------


D = Decimal


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "statements_2021-01-01_2021-06-30.csv",
            [
                ("upwork:400150330", "Café Lumière", date(2021, 4, 12), "hourly", None, D("90.00"),
                 D("18.00")),
                ("upwork:400310555", "Northwind Studio", date(2021, 5, 3), "fixed", "Logo refresh",
                 D("300.00"), D("60.00")),
                ("upwork:400498876", "Acme Robotics", date(2021, 5, 17), "fixed",
                 "Shopify theme rebuild", D("500.00"), D("100.00")),
                ("upwork:400700117", "Acme Robotics", date(2021, 6, 3), "bonus",
                 "Shopify theme rebuild", D("50.00"), D("5.00")),
                ("upwork:400802311", "Northwind Studio", date(2021, 6, 10), "refund",
                 "Logo refresh", D("-150.00"), None),
                ("upwork:400871202", "Acme Robotics", date(2021, 6, 15), "fixed",
                 "Shopify theme rebuild", D("1250.00"), D("125.00")),
                ("upwork:400990451", "Acme Robotics", date(2021, 6, 21), "hourly", None,
                 D("360.00"), D("36.00")),
            ],
        ),
        (
            "statements_header_variants.csv",
            [
                ("upwork:300300402", "Blue Heron Books", date(2020, 11, 2), "fixed",
                 "Catalogue clean-up, part 1", D("200.00"), D("40.00")),
                ("upwork:300400501", "Blue Heron Books", date(2020, 11, 16), "hourly",
                 "Catalogue clean-up, part 2", D("100.00"), D("20.00")),
            ],
        ),
        (
            "transactions_2024-05-01_2024-06-30.csv",
            [
                ("upwork:811700080", "Orchard & Vine", date(2024, 5, 13), "hourly", None,
                 D("100.00"), None),
                ("upwork:811900061", "Orchard & Vine", date(2024, 5, 28), "refund", None,
                 D("-80.00"), None),
                ("upwork:811900060", "Orchard & Vine", date(2024, 5, 29), "refund", None,
                 D("-150.00"), D("-15.00")),
                ("upwork:812000040", "Orchard & Vine", date(2024, 6, 5), "fixed", "Brand kit",
                 D("400.00"), D("40.00")),
                ("upwork:812100020", "Lowland Analytics", date(2024, 6, 12), "fixed",
                 "Data pipeline audit", D("1200.00"), D("120.00")),
                ("upwork:812100030", "Lowland Analytics", date(2024, 6, 12), "bonus",
                 "Data pipeline audit", D("100.00"), D("10.00")),
                ("upwork:812200010", "Lowland Analytics", date(2024, 6, 17), "hourly", None,
                 D("550.00"), D("55.00")),
            ],
        ),
        (
            "transactions_lowercase_headers.csv",
            [
                ("upwork:900090001", "Tidewater Labs", date(2025, 2, 20), "fixed",
                 "API integration", D("1500.00"), D("150.00")),
                ("upwork:900100001", "Tidewater Labs", date(2025, 3, 10), "hourly", None,
                 D("400.00"), D("40.00")),
            ],
        ),
    ],
)  # fmt: skip
def test_sample_export_gives_its_billings_oldest_first(
    name: str, expected: list[tuple[object, ...]]
) -> None:
    summary = parse_upwork_csv(sample(name), name)

    assert [billing_tuple(billing) for billing in summary.billings] == expected


@pytest.mark.parametrize(
    ("name", "rows_read", "skipped"),
    [
        (
            "statements_2021-01-01_2021-06-30.csv",
            17,
            {"Miscellaneous": 1, "Service Fee": 1, "Withdrawal": 2},
        ),
        ("statements_header_variants.csv", 4, {}),
        (
            "transactions_2024-05-01_2024-06-30.csv",
            23,
            {
                "Adjustment": 1,
                "Connects": 1,
                "GST": 1,
                "Membership": 1,
                "Payment": 1,
                "Processing Fee": 1,
                "Service Fee": 1,
                "Subscription": 1,
                "VAT": 1,
                "WHT": 1,
                "Withdrawal": 1,
            },
        ),
        ("transactions_lowercase_headers.csv", 6, {"Withdrawal": 1}),
    ],
)
def test_sample_export_counts_rows_read_and_skipped_by_type(
    name: str, rows_read: int, skipped: dict[str, int]
) -> None:
    summary = parse_upwork_csv(sample(name), name)

    assert (summary.rows_read, dict(summary.skipped)) == (rows_read, skipped)


def test_transactions_sample_starts_with_a_byte_order_mark() -> None:
    assert sample("transactions_2024-05-01_2024-06-30.csv").startswith(b"\xef\xbb\xbf")


def test_billings_carry_their_line_in_the_file() -> None:
    summary = parse_upwork_csv(sample("statements_2021-01-01_2021-06-30.csv"))

    assert [billing.line for billing in summary.billings] == [17, 14, 12, 9, 7, 6, 4]


def test_every_billing_is_in_us_dollars() -> None:
    summary = parse_upwork_csv(sample("transactions_2024-05-01_2024-06-30.csv"))

    assert {billing.currency for billing in summary.billings} == {"USD"}


def test_skipped_counts_cannot_be_changed() -> None:
    summary = parse_upwork_csv(sample("transactions_lowercase_headers.csv"))

    with pytest.raises(TypeError):
        summary.skipped["Withdrawal"] = 0  # type: ignore[index]


# --- row types -------------------------------------------------------------------------------


LAYOUTS = pytest.mark.parametrize("layout", ["statements", "transactions"])


@LAYOUTS
@pytest.mark.parametrize(
    ("row_type", "kind"),
    [
        ("Hourly", "hourly"),
        ("Fixed Price", "fixed"),
        ("Fixed-price", "fixed"),
        ("fixed price", "fixed"),
        ("Milestone", "fixed"),
        ("Bonus", "bonus"),
        ("  BONUS ", "bonus"),
    ],
)
def test_earning_row_is_a_billing_of_its_kind(layout: str, row_type: str, kind: str) -> None:
    summary = parse_upwork_csv(export(layout, {"type": row_type, "amount": "120.00"}))

    assert [(b.kind, b.gross) for b in summary.billings] == [(kind, Decimal("120.00"))]


@LAYOUTS
@pytest.mark.parametrize(
    ("row_type", "amount", "counted_as"),
    [
        ("Withdrawal", "-500.00", "Withdrawal"),
        ("Withdrawal Fee", "-0.99", "Withdrawal Fee"),
        ("Payment", "-19.99", "Payment"),
        ("Connects", "-12.00", "Connects"),
        ("Subscription", "-19.99", "Subscription"),
        ("Membership", "-10.00", "Membership"),
        ("Membership Fee", "-10.00", "Membership"),
        ("GST", "-5.50", "GST"),
        ("VAT", "-8.00", "VAT"),
        ("WHT", "-4.00", "WHT"),
        ("Processing Fee", "-0.99", "Processing Fee"),
        ("Adjustment", "2.50", "Adjustment"),
        ("Miscellaneous", "40.00", "Miscellaneous"),
        ("Refund", "80.00", "Refund"),
        ("Bonus", "0.00", "Zero amount"),
        ("Service Fee", "15.00", "Service Fee refund"),
        ("Service Fee", "-30.00", "Service Fee"),
        ("Crypto Payout", "-1.00", "Crypto Payout"),
    ],
)
def test_row_that_is_not_an_earning_is_skipped_and_counted(
    layout: str, row_type: str, amount: str, counted_as: str
) -> None:
    summary = parse_upwork_csv(export(layout, {"type": row_type, "amount": amount}))

    assert (summary.billings, dict(summary.skipped)) == ((), {counted_as: 1})


def test_many_made_up_row_types_are_counted_together_after_twenty() -> None:
    rows = [{"type": f"Mystery {n}", "amount": "1.00", "id": str(n)} for n in range(25)]

    summary = parse_upwork_csv(export("statements", *rows))

    assert len(summary.skipped) == 21
    assert summary.skipped["Other"] == 5


@LAYOUTS
def test_row_with_an_empty_type_names_its_line(layout: str) -> None:
    content = export(layout, {"type": "Hourly", "amount": "1.00"}, {"type": " ", "amount": "1"})

    assert error_of(content).line == 3


# --- amounts and dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "gross"),
    [
        ("$1,234.56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1,234,567.00", "1234567.00"),
        (" 120 ", "120.00"),
        ("$ 1,000", "1000.00"),
        ("+12.00", "12.00"),
        ("12.00 USD", "12.00"),
        (".50", "0.50"),
        ("10.005", "10.01"),
        ("10.004", "10.00"),
    ],
)
def test_earning_amount_is_read_as_upwork_writes_it(cell: str, gross: str) -> None:
    summary = parse_upwork_csv(export("statements", {"type": "Hourly", "amount": cell}))

    assert summary.billings[0].gross == Decimal(gross)


@pytest.mark.parametrize("cell", ["-12.00", "(12.00)", "($12.00)", "-$12.00", "$-12.00", "−12.00"])
def test_negative_amount_is_read_in_every_notation(cell: str) -> None:
    summary = parse_upwork_csv(
        export(
            "transactions",
            {"type": "Service Fee", "amount": cell, "id": "7"},
            {"type": "Hourly", "amount": "120.00", "id": "7"},
        )
    )

    assert summary.billings[0].fee_charged == Decimal("12.00")


@pytest.mark.parametrize(
    "cell",
    ["abc", "", "12.3.4", "1,23.00", "$", "--12", "(-12.00)", "12e3", "NaN", "Infinity", "1_000"],
)
def test_unreadable_amount_names_its_line_and_value(cell: str) -> None:
    content = export(
        "statements",
        {"type": "Hourly", "amount": "10.00", "id": "1"},
        {"type": "Hourly", "amount": cell, "id": "2"},
    )

    error = error_of(content)

    assert error.line == 3
    assert str(error).startswith(f"Line 3: the amount '{cell}' is not a number.")


def test_unreadable_amount_on_a_skipped_row_is_still_refused() -> None:
    content = export("statements", {"type": "Withdrawal", "amount": "lots"})

    assert error_of(content).line == 2


@pytest.mark.parametrize(
    ("cell", "billed_on"),
    [
        ("Jun 3, 2021", date(2021, 6, 3)),
        ("Jun 03, 2021", date(2021, 6, 3)),
        ("June 3, 2021", date(2021, 6, 3)),
        ("Sept 3, 2021", date(2021, 9, 3)),
        ("Sep. 3, 2021", date(2021, 9, 3)),
        ("jun 3, 2021", date(2021, 6, 3)),
        ("2021-06-03", date(2021, 6, 3)),
        ("06/03/2021", date(2021, 6, 3)),
        ("6/3/2021", date(2021, 6, 3)),
        (" Jun  3,  2021 ", date(2021, 6, 3)),
    ],
)
def test_date_is_read_in_the_forms_the_exports_use(cell: str, billed_on: date) -> None:
    summary = parse_upwork_csv(
        export("statements", {"type": "Hourly", "amount": "1", "date": cell})
    )

    assert summary.billings[0].billed_on == billed_on


@pytest.mark.parametrize(
    "cell",
    [
        "Jun 31, 2021",
        "2021-13-01",
        "13/01/2021",
        "03.06.2021",
        "someday",
        "Juny 3, 2021",
        "",
        "2021",
    ],
)
def test_unreadable_date_names_its_line_and_value(cell: str) -> None:
    content = export("statements", {"type": "Bonus", "amount": "5", "date": cell})

    error = error_of(content)

    assert error.line == 2
    assert str(error).startswith(f"Line 2: the date '{cell}' is not a date.")


def test_value_quoted_in_a_message_cannot_mention_anyone() -> None:
    content = export("statements", {"type": "Hourly", "amount": "@everyone"})

    assert "@everyone" not in str(error_of(content))


# --- clients, titles, ids --------------------------------------------------------------------


def test_client_falls_back_to_account_name_when_team_is_empty() -> None:
    content = csv_bytes(
        STATEMENTS_HEADER,
        [["Jun 3, 2021", "1", "Hourly", "", "", "", "", "Blue Heron Books", "", "5", "", "", ""]],
    )

    assert parse_upwork_csv(content).billings[0].client == "Blue Heron Books"


def test_client_name_whitespace_is_collapsed() -> None:
    content = export("statements", {"type": "Hourly", "amount": "1", "client": "  Acme \t Corp "})

    assert parse_upwork_csv(content).billings[0].client == "Acme Corp"


@LAYOUTS
def test_earning_without_a_client_names_its_line(layout: str) -> None:
    content = export(layout, {"type": "Hourly", "amount": "1", "client": ""})

    assert error_of(content).line == 2


def test_client_name_longer_than_the_ledger_takes_is_refused() -> None:
    content = export("statements", {"type": "Hourly", "amount": "1", "client": "A" * 101})

    assert error_of(content).line == 2


@LAYOUTS
def test_earning_without_an_id_is_refused_as_it_could_be_imported_twice(layout: str) -> None:
    content = export(layout, {"type": "Hourly", "amount": "1", "id": ""})

    assert "imported twice" in str(error_of(content))


@pytest.mark.parametrize("ref_id", ["1" * 41, "12 34", "=cmd|' /C calc'!A0"])
def test_id_that_upwork_would_not_write_is_refused(ref_id: str) -> None:
    content = export("statements", {"type": "Hourly", "amount": "1", "id": ref_id})

    assert error_of(content).line == 2


@pytest.mark.parametrize(
    ("description", "title"),
    [
        ("Invoice for Milestone 1 - Landing page redesign", "Landing page redesign"),
        ("Invoice for Consultation for YYY: Milestone 1 - Brand kit", "Brand kit"),
        ("Invoice for 05/27/2024-06/02/2024 - 14:20 hrs @ $18.00/hr", None),
        ("Invoice for 05/27/2024 - 06/02/2024 - 3:00 hrs @ $30.00/hr", None),
        ("Invoice for 11/09/2020-11/15/2020 - Catalogue - 4:00 hrs @ $25.00/hr", "Catalogue"),
        ("Invoice for Milestone 2 - Shopify - theme fixes", "Shopify - theme fixes"),
        ("Bonus for Data pipeline audit", "Data pipeline audit"),
        ("Bonus for Data pipeline audit - Ref ID 712100030", "Data pipeline audit"),
        ("Bonus - Data pipeline audit", "Data pipeline audit"),
        ("Project Bonus - Ref ID 99", None),
        ("Service Fee for Hourly - Ref ID 701123340", None),
        ("Refund to client - Brand kit revision", None),
        ("", None),
        ("Invoice for Milestone 1 - " + "x" * 300, "x" * 200),
    ],
)
def test_contract_title_is_taken_from_recognisable_descriptions(
    description: str, title: str | None
) -> None:
    assert contract_title(description) == title


# --- fees ------------------------------------------------------------------------------------


def test_transactions_fee_rows_sharing_the_transaction_id_are_added_up() -> None:
    content = export(
        "transactions",
        {"type": "Service Fee", "amount": "-100.00", "id": "9", "ref": "3"},
        {"type": "Service Fee", "amount": "-50.00", "id": "9", "ref": "2"},
        {"type": "Fixed-price", "amount": "1500.00", "id": "9", "ref": "1"},
    )

    assert parse_upwork_csv(content).billings[0].fee_charged == Decimal("150.00")


def test_transactions_earning_without_a_fee_row_has_no_fee() -> None:
    content = export("transactions", {"type": "Hourly", "amount": "100.00", "id": "9"})

    assert parse_upwork_csv(content).billings[0].fee_charged is None


def test_transactions_fee_is_not_guessed_between_earnings_of_one_transaction() -> None:
    content = export(
        "transactions",
        {"type": "Service Fee", "amount": "-15.00", "id": "9", "ref": "3"},
        {"type": "Hourly", "amount": "100.00", "id": "9", "ref": "2"},
        {"type": "Bonus", "amount": "50.00", "id": "9", "ref": "1"},
    )

    summary = parse_upwork_csv(content)

    assert [(b.key, b.fee_charged) for b in summary.billings] == [
        ("upwork:9:2", None),
        ("upwork:9:1", None),
    ]
    assert summary.skipped == {"Service Fee": 1}


def test_statements_fee_row_names_the_ref_id_of_its_earning_anywhere_in_the_file() -> None:
    content = export(
        "statements",
        {"type": "Service Fee", "amount": "-20.00", "id": "5", "description": "Ref ID 1"},
        {"type": "Hourly", "amount": "300.00", "id": "2"},
        {"type": "Hourly", "amount": "100.00", "id": "1"},
    )

    fees = {b.key: b.fee_charged for b in parse_upwork_csv(content).billings}

    assert fees == {"upwork:1": Decimal("20.00"), "upwork:2": None}


@pytest.mark.parametrize(
    "rows",
    [
        [("Service Fee", "-20.00", "11"), ("Hourly", "100.00", "10")],
        [("Hourly", "100.00", "10"), ("Service Fee", "-20.00", "11")],
    ],
    ids=["fee above", "fee below"],
)
def test_statements_fee_row_without_a_ref_id_belongs_to_the_earning_next_to_it(
    rows: list[tuple[str, str, str]],
) -> None:
    content = export(
        "statements",
        *({"type": row_type, "amount": amount, "id": ref} for row_type, amount, ref in rows),
    )

    assert parse_upwork_csv(content).billings[0].fee_charged == Decimal("20.00")


@pytest.mark.parametrize(
    "neighbour",
    [{"date": "Jun 4, 2021"}, {"client": "Someone Else"}],
    ids=["another day", "another client"],
)
def test_statements_fee_row_is_not_given_to_an_unrelated_neighbour(
    neighbour: dict[str, str],
) -> None:
    content = export(
        "statements",
        {"type": "Service Fee", "amount": "-20.00", "id": "11"},
        {"type": "Hourly", "amount": "100.00", "id": "10"} | neighbour,
    )

    summary = parse_upwork_csv(content)

    assert (summary.billings[0].fee_charged, dict(summary.skipped)) == (None, {"Service Fee": 1})


def test_statements_fee_rows_are_added_to_the_earning_they_name() -> None:
    content = export(
        "statements",
        {"type": "Service Fee", "amount": "-20.00", "id": "12", "description": "Ref ID 10"},
        {"type": "Service Fee", "amount": "-2.00", "id": "11", "description": "Ref ID 10"},
        {"type": "Hourly", "amount": "220.00", "id": "10"},
    )

    assert parse_upwork_csv(content).billings[0].fee_charged == Decimal("22.00")


# --- idempotency -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "statements_2021-01-01_2021-06-30.csv",
        "transactions_2024-05-01_2024-06-30.csv",
        "transactions_lowercase_headers.csv",
    ],
)
def test_same_file_read_twice_gives_the_same_keys(name: str) -> None:
    first = parse_upwork_csv(sample(name))
    second = parse_upwork_csv(sample(name))

    assert [b.key for b in first.billings] == [b.key for b in second.billings]


@pytest.mark.parametrize(
    "name",
    ["statements_2021-01-01_2021-06-30.csv", "transactions_2024-05-01_2024-06-30.csv"],
)
def test_keys_are_unique_within_an_export(name: str) -> None:
    keys = [b.key for b in parse_upwork_csv(sample(name)).billings]

    assert len(keys) == len(set(keys))


def test_shorter_export_of_the_same_account_gives_the_same_keys() -> None:
    lines = sample("statements_2021-01-01_2021-06-30.csv").splitlines(keepends=True)
    whole = parse_upwork_csv(b"".join(lines))
    recent = parse_upwork_csv(b"".join(lines[:7]))

    whole_by_key = {b.key: b for b in whole.billings}
    assert all(whole_by_key[b.key] == b for b in recent.billings)


def test_row_pasted_twice_is_read_once() -> None:
    row = {"type": "Hourly", "amount": "100.00", "id": "10"}

    summary = parse_upwork_csv(export("statements", row, row))

    assert (len(summary.billings), dict(summary.skipped)) == (1, {"Duplicate row": 1})


def test_ref_id_used_by_two_different_earnings_names_the_second_line() -> None:
    content = export(
        "statements",
        {"type": "Hourly", "amount": "100.00", "id": "10"},
        {"type": "Hourly", "amount": "999.00", "id": "10"},
    )

    error = error_of(content)

    assert (error.line, "also on line 2" in str(error)) == (3, True)


# --- headers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        STATEMENTS_HEADER,
        [name.upper() for name in STATEMENTS_HEADER],
        [f"  {name.lower()} " for name in STATEMENTS_HEADER],
        ["\ufeffDate", *STATEMENTS_HEADER[1:]],
        [*STATEMENTS_HEADER, "Notes"],
    ],
    ids=["as exported", "upper case", "lower case padded", "stray BOM", "extra column"],
)
def test_statements_header_is_recognised_in_its_variants(header: list[str]) -> None:
    row = ["Jun 3, 2021", "1", "Hourly", "", "", "", "Acme", "", "", "5.00", "", "", ""]
    content = csv_bytes(header, [row + [""] * (len(header) - len(row))])

    assert parse_upwork_csv(content).billings[0].gross == Decimal("5.00")


@pytest.mark.parametrize(
    "header",
    [
        TRANSACTIONS_HEADER,
        [
            "date",
            "Transaction ID",
            "Transaction type",
            "Transaction summary",
            "Client team",
            "Amount $",
        ],
        ["DATE", "TRANSACTION ID", "TRANSACTION TYPE", "ACCOUNT NAME", "AMOUNT"],
    ],
    ids=["as exported", "lower-case variant", "upper case, Amount"],
)
def test_transactions_header_is_recognised_in_its_variants(header: list[str]) -> None:
    values = {"date": "2024-06-03", "transaction id": "7", "transaction type": "Bonus"}
    values |= {"client team": "Acme", "team": "Acme", "account name": "Acme"}
    values |= {"amount $": "25.00", "amount": "25.00"}
    row = [values.get(name.casefold(), "") for name in header]

    summary = parse_upwork_csv(b"\xef\xbb\xbf" + csv_bytes(header, [row]))

    assert [billing_tuple(b) for b in summary.billings] == [
        ("upwork:7", "Acme", date(2024, 6, 3), "bonus", None, Decimal("25.00"), None)
    ]


def test_header_only_export_has_no_billings() -> None:
    summary = parse_upwork_csv(csv_bytes(STATEMENTS_HEADER, []))

    assert summary == ImportSummary(rows_read=0, billings=(), skipped={})


def test_blank_lines_are_neither_read_nor_refused() -> None:
    content = export("statements", {"type": "Hourly", "amount": "1"}) + b"\n\r\n,,,\n"

    assert parse_upwork_csv(content).rows_read == 1


def test_line_numbers_follow_spreadsheet_rows_when_a_cell_spans_lines() -> None:
    content = export(
        "statements",
        {"type": "Hourly", "amount": "1", "description": "two\nlines", "id": "1"},
        {"type": "Hourly", "amount": "x", "id": "2"},
    )

    assert error_of(content).line == 3


def test_trailing_empty_cells_are_allowed() -> None:
    content = export("statements", {"type": "Hourly", "amount": "1"}).rstrip(b"\n") + b",,\n"

    assert len(parse_upwork_csv(content).billings) == 1


def test_classic_mac_line_ends_are_read() -> None:
    content = export("statements", {"type": "Hourly", "amount": "1"}).replace(b"\n", b"\r")

    assert len(parse_upwork_csv(content).billings) == 1


# --- broken files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "message_start"),
    [
        ("broken_wrong_columns.csv", 1, "Line 1: this is not an Upwork earnings export"),
        ("broken_missing_amount_column.csv", 1, "Line 1: this looks like Upwork's statements"),
        ("broken_bad_amount_line7.csv", 7, "Line 7: the amount 'abc' is not a number."),
        ("broken_bad_date_line4.csv", 4, "Line 4: the date 'Jun 31, 2021' is not a date."),
        ("broken_missing_cells_line3.csv", 3, "Line 3: the row has 7 cells"),
        ("broken_unclosed_quote_line3.csv", 3, "Line 3: the row has 17 cells"),
        ("broken_not_utf8_line4.csv", 4, "Line 4: the file is not UTF-8 text"),
        ("broken_binary.csv", None, "The file is not a CSV text file"),
        ("broken_empty.csv", None, "The file is empty."),
    ],
)
def test_broken_sample_names_its_first_bad_line(
    name: str, line: int | None, message_start: str
) -> None:
    error = error_of(sample(name), name)

    assert (error.line, str(error)[: len(message_start)]) == (line, message_start)


@pytest.mark.parametrize("name", ["broken_wrong_columns.csv", "broken_missing_amount_column.csv"])
def test_unknown_header_says_which_columns_are_expected(name: str) -> None:
    assert "Date, Ref ID, Type, Description" in str(error_of(sample(name)))


def test_import_error_is_shown_to_the_member_as_input_error() -> None:
    assert isinstance(error_of(sample("broken_empty.csv")), InputError)


def test_bad_last_row_refuses_the_whole_file() -> None:
    good = sample("statements_2021-01-01_2021-06-30.csv")

    assert error_of(good + b'"Jun 1, 2021",9,Hourly,,,,Acme,,,oops,,,\n').line == 19


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b" \r\n\n\t\n", b"\xef\xbb\xbf\n\n"])
def test_empty_file_is_refused(content: bytes) -> None:
    assert str(error_of(content)).startswith("The file is empty.")


@pytest.mark.parametrize("filename", ["earnings.xlsx", "EARNINGS.XLS", "statement.pdf"])
def test_spreadsheet_or_document_file_name_is_refused(filename: str) -> None:
    content = sample("statements_header_variants.csv")

    assert "is not a CSV file" in str(error_of(content, filename))


def test_utf16_text_is_refused_with_how_to_save_it() -> None:
    content = "\ufeff" + sample("statements_header_variants.csv").decode()

    assert "UTF-16" in str(error_of(content.encode("utf-16-le")))


def test_text_instead_of_bytes_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        parse_upwork_csv("Date,Ref ID")  # type: ignore[arg-type]


def test_cell_longer_than_csv_allows_names_its_line() -> None:
    content = export("statements", {"type": "Hourly", "amount": "1", "description": "x" * 200_000})

    assert error_of(content).line == 2


# --- size and row caps -----------------------------------------------------------------------


def test_file_over_five_megabytes_is_refused_before_reading() -> None:
    content = csv_bytes(STATEMENTS_HEADER, []) + b" " * MAX_IMPORT_BYTES

    error = error_of(content)

    assert ("larger than 5 MB" in str(error), error.line) == (True, None)


def test_size_cap_is_five_mebibytes() -> None:
    assert MAX_IMPORT_BYTES == 5 * 1024 * 1024


def statements_with_rows(count: int) -> bytes:
    header = ",".join(STATEMENTS_HEADER) + "\n"
    rows = "".join(f"2021-06-03,{n},Hourly,,,,Acme,,,1,,,\n" for n in range(count))
    return (header + rows).encode()


def test_export_with_the_most_rows_allowed_is_read() -> None:
    summary = parse_upwork_csv(statements_with_rows(MAX_IMPORT_ROWS))

    assert len(summary.billings) == MAX_IMPORT_ROWS


def test_export_with_one_row_too_many_is_refused() -> None:
    assert "more than 100,000 rows" in str(error_of(statements_with_rows(MAX_IMPORT_ROWS + 1)))


def test_million_blank_rows_are_refused_by_the_row_cap() -> None:
    content = csv_bytes(STATEMENTS_HEADER, []) + b"\n" * 1_000_000

    assert "more than 100,000 rows" in str(error_of(content))


def test_million_short_rows_are_refused_at_the_header() -> None:
    content = b"a,b\n" + b"1,2\n" * 1_000_000

    assert error_of(content).line == 1


# --- invariants ------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2_000))
def test_any_bytes_are_read_or_refused_with_an_import_error(content: bytes) -> None:
    try:
        summary = parse_upwork_csv(content)
    except ImportFileError:
        return
    assert summary.rows_read >= len(summary.billings)


cell_text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([STATEMENTS_HEADER, TRANSACTIONS_HEADER]),
    st.lists(
        st.lists(
            st.one_of(
                cell_text,
                st.sampled_from(
                    ["Hourly", "Service Fee", "Bonus", "-1.00", "(2.50)", "Jun 3, 2021", "7"]
                ),
            ),
            max_size=21,
        ),
        max_size=8,
    ),
)
def test_any_rows_under_a_real_header_are_read_or_refused(
    header: list[str], rows: list[list[str]]
) -> None:
    with contextlib.suppress(ImportFileError):
        parse_upwork_csv(csv_bytes(header, rows))


earnings = st.lists(
    st.tuples(
        st.sampled_from(["Hourly", "Fixed Price", "Bonus", "Milestone"]),
        st.integers(min_value=1, max_value=10_000_000).map(lambda n: Decimal(n).scaleb(-2)),
        st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)),
        st.sampled_from(["Acme", "Blue Heron Books", "Café Lumière"]),
    ),
    max_size=30,
)


@settings(max_examples=100, deadline=None)
@given(earnings)
def test_gross_of_the_billings_adds_up_to_the_earnings_in_the_file(
    rows: list[tuple[str, Decimal, date, str]],
) -> None:
    content = export(
        "statements",
        *(
            {
                "type": row_type,
                "amount": f"${amount:,}",
                "date": day.strftime("%m/%d/%Y"),
                "client": client,
                "id": str(n),
            }
            for n, (row_type, amount, day, client) in enumerate(rows, start=1)
        ),
    )

    summary = parse_upwork_csv(content)

    assert sum((b.gross for b in summary.billings), Decimal(0)) == sum(
        (amount for _, amount, _, _ in rows), Decimal(0)
    )
    assert [b.billed_on for b in summary.billings] == sorted(day for _, _, day, _ in rows)


def test_an_earning_becomes_a_ledger_billing_for_the_same_client_and_key() -> None:
    from datetime import date
    from decimal import Decimal

    from advisor import ledger
    from advisor.upwork_csv import ImportedBilling

    earning = ImportedBilling(
        key="upwork:123",
        client="Acme Corp",
        billed_on=date(2024, 5, 1),
        kind="hourly",
        contract_title="Site",
        gross=Decimal("500.00"),
        fee_charged=Decimal("50.00"),
        line=7,
    )
    billing = earning.for_ledger()
    assert billing == ledger.ImportedBilling(
        client_name="Acme Corp",
        platform="upwork",
        billed_on=date(2024, 5, 1),
        amount=Decimal("500.00"),
        fee_charged=Decimal("50.00"),
        currency="USD",
        idempotency_key="upwork:123",
        contract_title="Site",
        contract_kind=ledger.ContractKind.HOURLY,
        line=7,
    )
    bonus = ImportedBilling("upwork:9", "A", date(2024, 5, 1), "bonus", None, Decimal(5), None)
    assert bonus.for_ledger().contract_kind is None


@LAYOUTS
@pytest.mark.parametrize(
    ("row_type", "amount"),
    [("Refund", "-80.00"), ("Hourly", "-150.00"), ("Fixed-price", "(150.00)")],
)
def test_money_returned_to_a_client_is_a_refund_below_zero(
    layout: str, row_type: str, amount: str
) -> None:
    summary = parse_upwork_csv(export(layout, {"type": row_type, "amount": amount}))

    [refund] = summary.billings
    assert refund.kind == "refund"
    assert refund.gross == -abs(Decimal(amount.strip("()-")))
    assert dict(summary.skipped) == {}


@LAYOUTS
def test_a_refund_that_names_no_client_is_counted_not_guessed(layout: str) -> None:
    summary = parse_upwork_csv(export(layout, {"type": "Refund", "amount": "-80.00", "client": ""}))

    assert (summary.billings, dict(summary.skipped)) == ((), {"Refund": 1})


def test_a_fee_handed_back_with_a_refund_is_its_fee_below_zero() -> None:
    summary = parse_upwork_csv(sample("transactions_2024-05-01_2024-06-30.csv"))

    [refund] = [b for b in summary.billings if b.key == "upwork:811900060"]
    assert (refund.gross, refund.fee_charged) == (Decimal("-150.00"), Decimal("-15.00"))
