"""What a win in arbitration leaves: owed, less the service fee on it, less the arbitration fee."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.disputes import (
    AUTO_APPROVAL,
    DEFAULT_ARBITRATION_FEE,
    FEES_ON_RECORD,
    MEDIATION,
    ArbitrationFeeError,
    FeeBasis,
    FeeFigure,
    NotFixedPrice,
    RateOrigin,
    ReleaseTerms,
    Verdict,
    dispute_advice,
    terms_of_contract,
    terms_today,
)
from advisor.errors import AmountError, InputError, ScheduleError
from advisor.fees import SCHEDULES
from advisor.ledger import ContractKind, ContractRecord, ContractStatus

D = Decimal
TODAY = date(2026, 12, 6)
WORTH = Verdict.WORTH_CONSIDERING
PROBABLY_NOT = Verdict.PROBABLY_NOT
NOT_WORTH = Verdict.NOT_WORTH_IT


def _terms(key: str, rate: str | None = None, lifetime: str = "0") -> ReleaseTerms:
    schedule = SCHEDULES[key]
    return ReleaseTerms(
        schedule=schedule,
        rate=None if rate is None else D(rate),
        rate_origin=RateOrigin.SET if rate is None else RateOrigin.TYPED,
        basis=FeeBasis.CONTRACT,
        currency=schedule.currency,
        lifetime_billed_before=D(lifetime),
    )


FLAT = _terms("upwork-flat")
TIERED = _terms("upwork-tiered")
PER_CONTRACT_15 = _terms("upwork-variable", "0.15")


def _contract(
    fee_schedule: str | None = "upwork",
    fee_rate: str | None = None,
    started_on: date | None = date(2025, 9, 1),
    kind: ContractKind | None = ContractKind.FIXED,
    currency: str = "USD",
) -> ContractRecord:
    return ContractRecord(
        id=7,
        member_id=1,
        client_id=3,
        client_name="Acme",
        platform="upwork",
        title="Site rebuild",
        kind=kind,
        fee_schedule=fee_schedule,
        fee_rate=None if fee_rate is None else D(fee_rate),
        started_on=started_on,
        ended_on=None,
        status=ContractStatus.DISPUTED,
        rating=None,
        feedback=None,
        billed=D(0),
        currency=currency,
    )


# -- the fees on record -----------------------------------------------------------------------


def test_the_fees_on_record_are_the_seeds_the_historic_and_the_2025_quote() -> None:
    assert [(f.amount, f.figure) for f in FEES_ON_RECORD] == [
        (D("297"), FeeFigure.SEED),
        (D("291"), FeeFigure.HISTORIC),
        (D("337.50"), FeeFigure.QUOTED_2025),
    ]
    assert D(297) == DEFAULT_ARBITRATION_FEE


def test_with_no_fee_given_every_fee_on_record_is_weighed() -> None:
    advice = dispute_advice(D(1200), FLAT)
    assert [o.fee.amount for o in advice.outcomes] == [D("297"), D("291"), D("337.50")]


def test_a_typed_fee_comes_first_then_the_fees_on_record() -> None:
    advice = dispute_advice(D(1200), FLAT, typed_fee=D(350), server_fee=D(300))
    assert [(o.fee.amount, o.fee.figure) for o in advice.outcomes] == [
        (D("350.00"), FeeFigure.TYPED),
        (D("297"), FeeFigure.SEED),
        (D("291"), FeeFigure.HISTORIC),
        (D("337.50"), FeeFigure.QUOTED_2025),
    ]


def test_the_servers_fee_comes_first_when_the_member_gave_none() -> None:
    advice = dispute_advice(D(1200), FLAT, server_fee=D(291))
    assert [(o.fee.amount, o.fee.figure) for o in advice.outcomes] == [
        (D("291.00"), FeeFigure.SERVER),
        (D("297"), FeeFigure.SEED),
        (D("337.50"), FeeFigure.QUOTED_2025),
    ]


def test_a_servers_fee_in_another_currency_is_not_mixed_in() -> None:
    advice = dispute_advice(D(1200), FLAT, server_fee=D(250), server_fee_currency="GBP")
    assert advice.primary.fee.figure is FeeFigure.SEED


def test_an_answer_in_another_currency_needs_a_fee_in_it() -> None:
    pounds = _terms("peopleperhour")
    with pytest.raises(ArbitrationFeeError, match="GBP"):
        dispute_advice(D(1200), pounds)
    advice = dispute_advice(D(1200), pounds, typed_fee=D(250))
    assert [o.fee.amount for o in advice.outcomes] == [D("250.00")]


# -- what a win leaves, counting the service fee ----------------------------------------------


@pytest.mark.parametrize(
    ("terms", "owed", "service_fee", "kept_at_297", "verdict"),
    [
        # Flat 10%: a win releases 90%, so the $297 fee is covered past $330.
        (FLAT, "300", "30.00", "-27.00", NOT_WORTH),
        (FLAT, "330", "33.00", "0.00", NOT_WORTH),
        (FLAT, "330.01", "33.00", "0.01", PROBABLY_NOT),
        (FLAT, "659.99", "66.00", "296.99", PROBABLY_NOT),
        (FLAT, "660", "66.00", "297.00", WORTH),
        (FLAT, "1200", "120.00", "783.00", WORTH),
        # Upwork's 2016–2023 tiers, first bill with the client: 20% to $500, 10% beyond.
        (TIERED, "371.25", "74.25", "0.00", NOT_WORTH),
        (TIERED, "371.26", "74.25", "0.01", PROBABLY_NOT),
        (TIERED, "715.55", "121.56", "296.99", PROBABLY_NOT),
        (TIERED, "715.56", "121.56", "297.00", WORTH),
        (TIERED, "1200", "170.00", "733.00", WORTH),
        # The same tiers after $9,800 billed to the client: 10% to $10,000, 5% beyond.
        (_terms("upwork-tiered", lifetime="9800"), "1200", "70.00", "833.00", WORTH),
        # A per-contract rate of 15%.
        (PER_CONTRACT_15, "349.41", "52.41", "0.00", NOT_WORTH),
        (PER_CONTRACT_15, "349.42", "52.41", "0.01", PROBABLY_NOT),
        (PER_CONTRACT_15, "698.82", "104.82", "297.00", WORTH),
        (PER_CONTRACT_15, "1200", "180.00", "723.00", WORTH),
        # Fiverr's 20% and a commission-free platform.
        (_terms("fiverr"), "1200", "240.00", "663.00", WORTH),
        (_terms("contra"), "297.01", "0.00", "0.01", PROBABLY_NOT),
    ],
)
def test_what_a_win_leaves_at_the_seeds_fee_counts_the_service_fee(
    terms: ReleaseTerms, owed: str, service_fee: str, kept_at_297: str, verdict: Verdict
) -> None:
    advice = dispute_advice(D(owed), terms)
    assert advice.service_fee.fee == D(service_fee)
    assert advice.primary.fee.amount == D(297)
    assert (advice.primary.kept, advice.primary.verdict) == (D(kept_at_297), verdict)


@pytest.mark.parametrize(
    ("owed", "kept", "verdicts"),
    [
        # 10% flat: below, at and around each fee on record ($297, $291, $337.50).
        ("323.33", ["-6.00", "0.00", "-46.50"], [NOT_WORTH, NOT_WORTH, NOT_WORTH]),
        ("323.34", ["-5.99", "0.01", "-46.49"], [NOT_WORTH, PROBABLY_NOT, NOT_WORTH]),
        ("375", ["40.50", "46.50", "0.00"], [PROBABLY_NOT, PROBABLY_NOT, NOT_WORTH]),
        ("646.67", ["285.00", "291.00", "244.50"], [PROBABLY_NOT, WORTH, PROBABLY_NOT]),
        ("749.99", ["377.99", "383.99", "337.49"], [WORTH, WORTH, PROBABLY_NOT]),
        ("750", ["378.00", "384.00", "337.50"], [WORTH, WORTH, WORTH]),
    ],
)
def test_the_verdict_at_each_fee_on_record(
    owed: str, kept: list[str], verdicts: list[Verdict]
) -> None:
    advice = dispute_advice(D(owed), FLAT)
    assert [o.kept for o in advice.outcomes] == [D(k) for k in kept]
    assert [o.verdict for o in advice.outcomes] == verdicts


def test_1200_owed_today_keeps_783_after_a_120_service_fee_at_297() -> None:
    # The seed's reply said $903.00, forgetting the fee on the money released.
    advice = dispute_advice(D(1200), terms_today(None, TODAY))
    assert advice.service_fee.fee == D("120.00")
    assert advice.released == D("1080.00")
    assert [o.kept for o in advice.outcomes] == [D("783.00"), D("789.00"), D("742.50")]
    assert advice.verdicts == {WORTH}


def test_a_free_arbitration_is_worth_considering_whenever_a_win_leaves_anything() -> None:
    assert dispute_advice(D("0.01"), FLAT, typed_fee=D(0)).primary.verdict is WORTH
    everything = _terms("custom", "1")
    assert dispute_advice(D(1000), everything, typed_fee=D(0)).primary.verdict is NOT_WORTH


@pytest.mark.parametrize(
    ("terms", "fee", "pays_from", "worth_from"),
    [
        (FLAT, "297", "330.01", "660.00"),
        (TIERED, "297", "371.26", "715.56"),
        (PER_CONTRACT_15, "297", "349.42", "698.82"),
        (FLAT, "337.50", "375.01", "750.00"),
    ],
)
def test_break_even_counts_the_service_fee(
    terms: ReleaseTerms, fee: str, pays_from: str, worth_from: str
) -> None:
    primary = dispute_advice(D(1000), terms, typed_fee=D(fee)).primary
    assert (primary.pays_from, primary.worth_considering_from) == (D(pays_from), D(worth_from))


def test_at_a_100_percent_rate_no_amount_pays() -> None:
    primary = dispute_advice(D(1000), _terms("custom", "1")).primary
    assert (primary.kept, primary.verdict) == (D("-297"), NOT_WORTH)
    assert primary.pays_from is None
    assert primary.worth_considering_from is None


# -- which terms price the service fee -----------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "schedule", "rate", "origin"),
    [
        (date(2015, 9, 15), "upwork-2015", None, RateOrigin.SET),
        (date(2020, 1, 1), "upwork-tiered", None, RateOrigin.SET),
        (date(2024, 3, 15), "upwork-flat", None, RateOrigin.SET),
        (date(2025, 4, 30), "upwork-flat", None, RateOrigin.SET),
        (date(2025, 5, 1), "upwork-variable", "0.10", RateOrigin.ASSUMED),
        (TODAY, "upwork-variable", "0.10", RateOrigin.ASSUMED),
    ],
)
def test_with_no_contract_the_schedule_in_force_today_prices_the_fee(
    day: date, schedule: str, rate: str | None, origin: RateOrigin
) -> None:
    terms = terms_today(None, day)
    assert (terms.schedule.key, terms.rate, terms.rate_origin) == (
        schedule,
        None if rate is None else D(rate),
        origin,
    )
    assert terms.basis is FeeBasis.TODAY
    assert terms.in_force


def test_the_servers_platform_prices_the_fee_when_no_contract_is_named() -> None:
    terms = terms_today("fiverr", TODAY)
    assert (terms.schedule.key, terms.currency) == ("fiverr", "USD")


def test_an_explicit_schedule_no_longer_in_force_says_so() -> None:
    terms = terms_today("upwork-tiered", TODAY)
    assert terms.schedule.key == "upwork-tiered"
    assert not terms.in_force


@pytest.mark.parametrize(
    ("member", "server", "rate", "origin"),
    [
        ("0.12", "0.08", "0.12", RateOrigin.MEMBER),
        (None, "0.08", "0.08", RateOrigin.SERVER),
        (None, None, "0.10", RateOrigin.ASSUMED),
    ],
)
def test_an_unknown_per_contract_rate_falls_back_to_the_saved_ones(
    member: str | None, server: str | None, rate: str, origin: RateOrigin
) -> None:
    terms = terms_today(
        None,
        TODAY,
        member_rate=None if member is None else D(member),
        server_rate=None if server is None else D(server),
    )
    assert (terms.rate, terms.rate_origin) == (D(rate), origin)


def test_a_typed_rate_prices_todays_per_contract_fee() -> None:
    terms = terms_today(None, TODAY, typed_rate=D("0.15"), member_rate=D("0.12"))
    assert (terms.rate, terms.rate_origin) == (D("0.15"), RateOrigin.TYPED)
    assert dispute_advice(D(1200), terms).service_fee.fee == D("180.00")


def test_a_typed_rate_on_a_schedule_with_set_rates_is_refused() -> None:
    with pytest.raises(ScheduleError, match="leave the rate out"):
        terms_today("fiverr", TODAY, typed_rate=D("0.15"))


def test_a_typed_rate_outside_the_schedules_range_is_refused() -> None:
    with pytest.raises(ScheduleError, match="0% to 15%"):
        dispute_advice(D(1200), terms_today(None, TODAY, typed_rate=D("0.20")))


@pytest.mark.parametrize(
    ("contract", "lifetime", "schedule", "rate", "origin", "service_fee"),
    [
        (_contract(fee_rate="0.15"), "0", "upwork-variable", "0.15", RateOrigin.CONTRACT, "180"),
        (_contract(), "0", "upwork-variable", "0.10", RateOrigin.ASSUMED, "120"),
        (_contract(started_on=date(2024, 2, 1)), "0", "upwork-flat", None, RateOrigin.SET, "120"),
        (
            _contract(started_on=date(2020, 1, 1)),
            "20000",
            "upwork-flat",
            None,
            RateOrigin.SET,
            "120",
        ),
        (
            _contract("upwork-tiered", started_on=date(2020, 1, 1)),
            "9800",
            "upwork-tiered",
            None,
            RateOrigin.SET,
            "70",
        ),
        (_contract("fiverr"), "0", "fiverr", None, RateOrigin.SET, "240"),
        (_contract("custom", fee_rate="0.125"), "0", "custom", "0.125", RateOrigin.CONTRACT, "150"),
    ],
)
def test_a_named_contract_prices_the_fee_on_its_own_terms(
    contract: ContractRecord,
    lifetime: str,
    schedule: str,
    rate: str | None,
    origin: RateOrigin,
    service_fee: str,
) -> None:
    terms = terms_of_contract(contract, TODAY, lifetime_billed=D(lifetime))
    assert (terms.schedule.key, terms.rate, terms.rate_origin, terms.basis) == (
        schedule,
        None if rate is None else D(rate),
        origin,
        FeeBasis.CONTRACT,
    )
    assert dispute_advice(D(1200), terms).service_fee.fee == D(service_fee)


def test_a_contract_with_no_start_is_priced_as_if_started_today() -> None:
    terms = terms_of_contract(_contract(started_on=None, fee_rate="0.15"), TODAY)
    assert (terms.schedule.key, terms.rate) == ("upwork-variable", D("0.15"))


def test_a_typed_rate_overrides_the_contracts() -> None:
    terms = terms_of_contract(_contract(fee_rate="0.15"), TODAY, typed_rate=D("0.05"))
    assert (terms.rate, terms.rate_origin) == (D("0.05"), RateOrigin.TYPED)


def test_a_contract_keeps_its_saved_rate_over_the_members_default() -> None:
    terms = terms_of_contract(_contract(fee_rate="0.15"), TODAY, member_rate=D("0.10"))
    assert terms.rate == D("0.15")


def test_a_contracts_currency_is_the_answers() -> None:
    terms = terms_of_contract(_contract("custom", fee_rate="0.10", currency="EUR"), TODAY)
    assert terms.currency == "EUR"
    with pytest.raises(ArbitrationFeeError, match="EUR"):
        dispute_advice(D(1200), terms)


def test_an_hourly_contract_has_no_arbitration() -> None:
    with pytest.raises(NotFixedPrice, match="fixed-price"):
        terms_of_contract(_contract(kind=ContractKind.HOURLY), TODAY)


def test_a_contract_of_unknown_kind_is_weighed() -> None:
    terms = terms_of_contract(_contract(kind=None, fee_rate="0.15"), TODAY)
    assert dispute_advice(D(1200), terms).primary.kept == D("723.00")


# -- the free steps first -------------------------------------------------------------------


def test_mediation_is_named_as_free() -> None:
    assert "no charge" in MEDIATION
    assert "30 days" in MEDIATION


def test_the_14_day_auto_approval_of_submitted_milestones_is_named() -> None:
    assert "14 days" in AUTO_APPROVAL
    assert "automatically" in AUTO_APPROVAL


# -- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fee", ["-0.01", "10000.01"])
def test_arbitration_fee_outside_0_to_10000_is_refused(fee: str) -> None:
    with pytest.raises(InputError, match="like 297"):
        dispute_advice(D(1000), FLAT, typed_fee=D(fee))


@pytest.mark.parametrize("owed", ["0", "-5", "0.001"])
def test_owed_must_be_a_positive_cent_amount(owed: str) -> None:
    with pytest.raises(AmountError):
        dispute_advice(D(owed), FLAT)


@pytest.mark.parametrize(("owed", "fee"), [(1000.0, D(297)), (D(1000), 297.0)])
def test_floats_are_refused(owed: object, fee: object) -> None:
    with pytest.raises(TypeError):
        dispute_advice(owed, FLAT, typed_fee=fee)  # type: ignore[arg-type]


# -- invariants -------------------------------------------------------------------------------

TERMS = st.sampled_from(
    [
        FLAT,
        TIERED,
        _terms("upwork-tiered", lifetime="450"),
        _terms("upwork-tiered", lifetime="9999.99"),
        _terms("upwork-variable", "0"),
        PER_CONTRACT_15,
        _terms("custom", "0.335"),
        _terms("fiverr"),
        _terms("contra"),
        _terms("freelancer"),
    ]
)
OWED = st.integers(min_value=500, max_value=100_000_000).map(lambda n: D(n).scaleb(-2))
FEE = st.integers(min_value=0, max_value=1_000_000).map(lambda n: D(n).scaleb(-2))
RANK = {WORTH: 2, PROBABLY_NOT: 1, NOT_WORTH: 0}


@given(terms=TERMS, owed=OWED, fee=FEE)
def test_kept_is_owed_less_the_service_fee_less_the_arbitration_fee(
    terms: ReleaseTerms, owed: Decimal, fee: Decimal
) -> None:
    advice = dispute_advice(owed, terms, typed_fee=fee)
    for outcome in advice.outcomes:
        assert outcome.kept == owed - advice.service_fee.fee - outcome.fee.amount
        assert outcome.kept <= owed
        assert advice.service_fee.fee >= 0


@given(terms=TERMS, owed=OWED, more=OWED, fee=FEE)
def test_more_owed_never_leaves_less_nor_a_worse_verdict(
    terms: ReleaseTerms, owed: Decimal, more: Decimal, fee: Decimal
) -> None:
    smaller = dispute_advice(owed, terms, typed_fee=fee).primary
    larger = dispute_advice(owed + more, terms, typed_fee=fee).primary
    assert smaller.kept <= larger.kept
    assert RANK[smaller.verdict] <= RANK[larger.verdict]


@given(terms=TERMS, owed=OWED, fee=FEE)
def test_the_verdict_agrees_with_the_break_even(
    terms: ReleaseTerms, owed: Decimal, fee: Decimal
) -> None:
    primary = dispute_advice(owed, terms, typed_fee=fee).primary
    assert primary.pays_from is not None
    assert primary.worth_considering_from is not None
    assert (primary.verdict is not NOT_WORTH) == (owed >= primary.pays_from)
    assert (primary.verdict is WORTH) == (owed >= primary.worth_considering_from)
    assert (primary.verdict is WORTH) == (primary.kept >= fee and primary.kept > 0)
