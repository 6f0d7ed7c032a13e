"""Exporting a member's records: CSV that a spreadsheet never runs as formulas, and exact JSON."""

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.ledger import BillingRecord, BillingSource, ClientRecord, FeeSource
from advisor.ledger_export import (
    BILLING_COLUMNS,
    FORMULA_STARTS,
    Cell,
    MemberExport,
    billing_rows,
    export_csv,
    export_json,
    neutralised,
)
from advisor.upwork_csv import parse_upwork_csv


def read_back(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("-12.00", "'-12.00"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\n=1+1", "'\n=1+1"),
        ("  =1+1", "'  =1+1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("\uff20SUM(A1)", "'\uff20SUM(A1)"),
        ("Acme Robotics", "Acme Robotics"),
        ("a=b", "a=b"),
        ("'quoted", "'quoted"),
        ("", ""),
    ],
)
def test_text_that_could_start_a_formula_is_neutralised(text: str, written: str) -> None:
    assert neutralised(text) == written


def test_every_dangerous_text_cell_is_written_with_a_quote_prefix() -> None:
    rows = [{"client": start + "cmd|' /C calc'!A0"} for start in sorted(FORMULA_STARTS)]

    cells = [row[0] for row in read_back(export_csv(rows))[1:]]

    assert all(cell.startswith("'") for cell in cells)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (Decimal("12.50"), "12.50"),
        (Decimal("-12.50"), "(12.50)"),
        (Decimal("-0.00"), "0.00"),
        (Decimal("1E+3"), "1000"),
        (Decimal("0.000001"), "0.000001"),
        (7, "7"),
        (-7, "(7)"),
        (date(2021, 6, 3), "2021-06-03"),
        (datetime(2021, 6, 3, 14, 30), "2021-06-03T14:30:00"),
        (None, ""),
        ("Café Lumière", "Café Lumière"),
        ("a\x00b", "ab"),
    ],
)
def test_csv_cell_is_written_as_a_spreadsheet_reads_it(value: Cell, written: str) -> None:
    assert read_back(export_csv([{"cell": value}]))[1] == [written]


def test_csv_has_a_header_in_the_given_column_order() -> None:
    rows: list[dict[str, Cell]] = [
        {"amount": Decimal("1.00"), "client": "Acme", "billed_on": date(2021, 6, 3)}
    ]

    header, row = read_back(export_csv(rows, columns=["billed_on", "client", "amount"]))

    assert (header, row) == (["billed_on", "client", "amount"], ["2021-06-03", "Acme", "1.00"])


def test_csv_columns_default_to_the_first_row_order() -> None:
    rows = [{"b": "1", "a": "2"}, {"a": "3", "b": "4"}]

    assert read_back(export_csv(rows)) == [["b", "a"], ["1", "2"], ["4", "3"]]


def test_csv_uses_crlf_line_ends_and_a_byte_order_mark() -> None:
    assert export_csv([{"a": "x"}]) == b"\xef\xbb\xbfa\r\nx\r\n"


def test_csv_of_no_rows_with_columns_is_a_header_only() -> None:
    assert read_back(export_csv([], columns=["client", "amount"])) == [["client", "amount"]]


def test_csv_of_no_rows_and_no_columns_is_empty() -> None:
    assert read_back(export_csv([])) == []


def test_given_columns_select_from_wider_rows() -> None:
    rows: list[dict[str, Cell]] = [{"client": "Acme", "member_id": 42}]

    assert read_back(export_csv(rows, columns=["client"])) == [["client"], ["Acme"]]


@pytest.mark.parametrize(
    ("rows", "columns"),
    [
        ([{"a": "1"}, {"b": "2"}], None),
        ([{"a": "1"}, {"a": "1", "b": "2"}], None),
        ([{"a": "1"}], ["a", "b"]),
    ],
    ids=["different keys", "extra key", "missing column"],
)
def test_rows_that_do_not_fit_the_columns_are_a_programming_error(
    rows: list[dict[str, Cell]], columns: list[str] | None
) -> None:
    with pytest.raises(ValueError, match="column"):
        export_csv(rows, columns)


@pytest.mark.parametrize("export", [export_csv, export_json])
@pytest.mark.parametrize("value", [1.5, True, object()])
def test_value_that_is_not_a_cell_is_refused(export: object, value: object) -> None:
    with pytest.raises(TypeError):
        export([{"amount": value}])  # type: ignore[operator]


@pytest.mark.parametrize("export", [export_csv, export_json])
@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity")])
def test_amount_that_is_not_finite_is_refused(export: object, value: Decimal) -> None:
    with pytest.raises(ValueError, match="not an amount"):
        export([{"amount": value}])  # type: ignore[operator]


def test_json_keeps_values_exact_and_in_column_order() -> None:
    rows: list[dict[str, Cell]] = [
        {
            "client": "=Café",
            "amount": Decimal("-12.50"),
            "fee": None,
            "billed_on": date(2021, 6, 3),
            "count": 3,
        }
    ]

    content = export_json(rows)

    assert list(json.loads(content)[0].items()) == [
        ("client", "=Café"),
        ("amount", "-12.50"),
        ("fee", None),
        ("billed_on", "2021-06-03"),
        ("count", 3),
    ]


def test_json_is_utf8_text_without_escapes() -> None:
    assert "Café".encode() in export_json([{"client": "Café"}])


def test_json_of_no_rows_is_an_empty_list() -> None:
    assert json.loads(export_json([])) == []


def test_exported_rows_are_read_once_from_a_generator() -> None:
    rows = ({"n": n} for n in range(3))

    assert read_back(export_csv(rows)) == [["n"], ["0"], ["1"], ["2"]]


def test_imported_billings_export_and_read_back() -> None:
    content = (
        b"Date,Ref ID,Type,Description,Agency,Freelancer,Team,Account Name,PO,Amount,"
        b"Amount in local currency,Currency,Balance\n"
        b"\"Jun 3, 2021\",1,Hourly,,,,=cmd|' /C calc'!A0,,,10.00,,,\n"
    )
    billing = parse_upwork_csv(content).billings[0]

    _, row = read_back(
        export_csv([{"client": billing.client, "gross": billing.gross, "on": billing.billed_on}])
    )

    assert row == ["'=cmd|' /C calc'!A0", "10.00", "2021-06-03"]


cells = st.one_of(
    st.none(),
    st.text(),
    st.integers(),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.dates(),
)


def written(value: Cell) -> str:
    """What a cell should read back as, by the rules in the module's docstring."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralised(value.replace("\x00", ""))
    if isinstance(value, date):
        return value.isoformat()
    text = (
        format(value.copy_abs() if value == 0 else value, "f")
        if isinstance(value, Decimal)
        else str(value)
    )
    return f"({text[1:]})" if text.startswith("-") else text


@settings(max_examples=300)
@given(st.lists(st.lists(cells, min_size=3, max_size=3), max_size=10))
def test_csv_read_back_gives_the_same_cells_after_neutralisation(rows: list[list[Cell]]) -> None:
    records = [dict(zip(("a", "b", "c"), row, strict=True)) for row in rows]

    read = read_back(export_csv(records, columns=["a", "b", "c"]))

    assert read[1:] == [[written(value) for value in row] for row in rows]


@settings(max_examples=300)
@given(st.lists(cells, min_size=1, max_size=10))
def test_no_csv_cell_starts_like_a_formula(values: list[Cell]) -> None:
    read = read_back(export_csv([{"cell": value} for value in values]))

    assert not any(
        cell.lstrip()[:1] in FORMULA_STARTS or cell[:1] in FORMULA_STARTS
        for row in read
        for cell in row
        if cell
    )


@settings(max_examples=200)
@given(st.lists(cells, min_size=1, max_size=10))
def test_json_read_back_gives_the_same_values(values: list[Cell]) -> None:
    read = json.loads(export_json([{"cell": value} for value in values]))

    expected = [
        value.isoformat()
        if isinstance(value, date)
        else format(value.copy_abs() if value == 0 else value, "f")
        if isinstance(value, Decimal)
        else value
        for value in values
    ]
    assert [row["cell"] for row in read] == expected


# -- the billings file ---------------------------------------------------------------------------

ACME = ClientRecord(1, 7, "upwork", "Acme Corp", "acme corp", "USD")


def _billing(amount: str, fee: str | None, number: int = 1) -> BillingRecord:
    return BillingRecord(
        id=number,
        member_id=7,
        contract_id=1,
        client_id=ACME.id,
        amount=Decimal(amount),
        currency="USD",
        billed_on=date(2025, 6, 1),
        fee_charged=Decimal(fee) if fee is not None else None,
        source=BillingSource.TYPED,
        idempotency_key=f"interaction:{number}",
        fee_source=FeeSource.COMPUTED,
    )


def _billings_export(*billings: BillingRecord) -> MemberExport:
    return MemberExport(member_id=7, clients=(ACME,), contracts=(), billings=billings, events=())


def test_each_billing_has_its_net_after_the_fee() -> None:
    [row] = billing_rows(_billings_export(_billing("1200.00", "110.00")))
    assert row["net"] == Decimal("1090.00")


def test_a_refunds_net_is_below_zero() -> None:
    [row] = billing_rows(_billings_export(_billing("-150.00", "-15.00")))
    assert row["net"] == Decimal("-135.00")


def test_a_billing_whose_fee_is_unknown_has_no_net() -> None:
    [row] = billing_rows(_billings_export(_billing("75.00", None)))
    assert row["net"] is None


def test_the_billings_csv_has_a_net_column_after_the_fee() -> None:
    export = _billings_export(_billing("1200.00", "110.00"), _billing("-150.00", "-15.00", 2))
    header, first, refund = read_back(export_csv(billing_rows(export), BILLING_COLUMNS))
    net = header.index("net")
    assert header[net - 1] == "fee_charged"
    assert (first[net], refund[net]) == ("1090.00", "(135.00)")


@given(
    st.lists(st.tuples(st.integers(1, 10**12), st.integers(0, 10**12), st.booleans()), max_size=20)
)
def test_net_and_fee_always_make_up_the_amount(bills: list[tuple[int, int, bool]]) -> None:
    billings = [
        _billing(str(Decimal(sign * cents).scaleb(-2)), str(Decimal(sign * fee).scaleb(-2)), n)
        for n, (cents, fee, refund) in enumerate(bills, start=1)
        for sign in [-1 if refund else 1]
    ]
    for billing, row in zip(billings, billing_rows(_billings_export(*billings)), strict=True):
        net = row["net"]
        assert isinstance(net, Decimal)
        assert billing.fee_charged is not None
        assert net + billing.fee_charged == billing.amount
