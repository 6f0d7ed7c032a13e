"""The rules for an event the member logs: its kind, count, day and note."""

from datetime import date, datetime

import pytest

from advisor.momentum import (
    MAX_EVENT_COUNT,
    MAX_EVENT_NOTE_LENGTH,
    EventError,
    EventKind,
    check_event_count,
    check_event_day,
    clean_event_note,
    parse_event_kind,
)


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("invite", EventKind.INVITE),
        (" Proposal ", EventKind.PROPOSAL),
        ("profile update", EventKind.PROFILE_UPDATE),
        ("Profile-Update", EventKind.PROFILE_UPDATE),
        ("profile_update", EventKind.PROFILE_UPDATE),
        ("PORTFOLIO", EventKind.PORTFOLIO),
        ("feedback  response", EventKind.FEEDBACK_RESPONSE),
        (EventKind.INVITE, EventKind.INVITE),
    ],
)
def test_kind_is_read_however_it_is_typed(typed: str, kind: EventKind) -> None:
    assert parse_event_kind(typed) is kind


@pytest.mark.parametrize("typed", ["", "invites please", "review", "milestone"])
def test_unknown_kind_lists_the_kinds_to_type(typed: str) -> None:
    with pytest.raises(EventError, match="invite, proposal, profile update, portfolio work"):
        parse_event_kind(typed)


@pytest.mark.parametrize("count", [1, 7, MAX_EVENT_COUNT])
def test_count_from_1_to_the_maximum_is_kept(count: int) -> None:
    assert check_event_count(count) == count


@pytest.mark.parametrize("count", [0, -3, MAX_EVENT_COUNT + 1])
def test_count_out_of_range_says_what_to_type(count: int) -> None:
    with pytest.raises(EventError, match="Log at"):
        check_event_count(count)


@pytest.mark.parametrize("count", [True, 1.0, "3"])
def test_count_that_is_not_an_int_is_a_bug(count: object) -> None:
    with pytest.raises(TypeError):
        check_event_count(count)  # type: ignore[arg-type]


def test_day_must_be_a_date_not_a_datetime() -> None:
    assert check_event_day(date(2025, 1, 2)) == date(2025, 1, 2)
    with pytest.raises(TypeError):
        check_event_day(datetime(2025, 1, 2, 10, 0))


@pytest.mark.parametrize(
    ("note", "kept"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("  new   case study\u200b ", "new case study"),
    ],
)
def test_note_is_tidied_for_display(note: str | None, kept: str | None) -> None:
    assert clean_event_note(note) == kept


def test_note_over_the_limit_is_refused() -> None:
    with pytest.raises(EventError, match=str(MAX_EVENT_NOTE_LENGTH)):
        clean_event_note("x" * (MAX_EVENT_NOTE_LENGTH + 1))


def test_each_kind_reads_as_words() -> None:
    assert [kind.label for kind in EventKind] == [
        "invite",
        "proposal",
        "profile update",
        "portfolio work",
        "feedback response",
    ]
