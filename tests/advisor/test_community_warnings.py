"""Warning rules: reasons from the list, details within bounds, never about oneself, expiry, and
what members are shown."""

from __future__ import annotations

from datetime import date

import pytest

from advisor.community import (
    ClientWarning,
    DetailsTooLong,
    SelfWarning,
    UnknownReason,
    WarningReason,
    WarningStatus,
    check_details,
    check_not_self,
    expires_on,
    is_current,
    parse_reasons,
    summarise,
)


def test_reasons_are_read_from_a_typed_list() -> None:
    assert parse_reasons("Scope creep, non payment; scam attempt") == (
        WarningReason.NON_PAYMENT,
        WarningReason.SCOPE_CREEP,
        WarningReason.SCAM,
    )


def test_a_reason_outside_the_list_is_refused_by_name() -> None:
    with pytest.raises(UnknownReason, match="“rude”"):
        parse_reasons("non-payment, rude")


def test_no_reason_at_all_is_refused() -> None:
    with pytest.raises(UnknownReason):
        parse_reasons(" , ")


def test_details_too_long_are_refused_with_the_limit() -> None:
    with pytest.raises(DetailsTooLong, match="1000"):
        check_details("x" * 1001)


def test_a_warning_about_oneself_is_refused() -> None:
    with pytest.raises(SelfWarning):
        check_not_self("jane doe", ["janedoe", "Jane Doe"])


def test_a_warning_about_someone_else_passes() -> None:
    check_not_self("Acme", ["janedoe", "Jane Doe"])


@pytest.mark.parametrize(
    ("filed", "months", "expires"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 3, 15), 12, date(2027, 3, 15)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
    ],
)
def test_a_warning_expires_months_after_it_was_filed(
    filed: date, months: int, expires: date
) -> None:
    assert expires_on(filed, months) == expires
    assert is_current(
        filed, expires.replace(day=expires.day - 1) if expires.day > 1 else filed, months
    )
    assert not is_current(filed, expires, months)


def _warning(id: int, status: WarningStatus, *, share: bool = True, on: date = date(2026, 1, 1)):
    return ClientWarning(
        id=id,
        guild_id=1,
        client_name="Acme Corp",
        client_key="acme",
        profile_link=None,
        reasons=(WarningReason.NON_PAYMENT,),
        details=f"story {id}",
        share_details=share,
        status=status,
        filed_on=on,
    )


def test_members_are_shown_only_approved_current_warnings() -> None:
    warnings = [
        _warning(1, WarningStatus.APPROVED),
        _warning(2, WarningStatus.PENDING),
        _warning(3, WarningStatus.REJECTED),
        _warning(4, WarningStatus.APPROVED, on=date(2024, 1, 1)),
    ]
    [summary] = summarise(warnings, date(2026, 2, 1), 12)
    assert summary.members == 1
    assert summary.details == ("story 1",)


def test_details_are_shown_only_where_the_reporter_allowed() -> None:
    warnings = [
        _warning(1, WarningStatus.APPROVED),
        _warning(2, WarningStatus.APPROVED, share=False),
    ]
    [summary] = summarise(warnings, date(2026, 2, 1), 12)
    assert (summary.members, summary.details) == (2, ("story 1",))
    assert summary.reasons == ((WarningReason.NON_PAYMENT, 2),)
