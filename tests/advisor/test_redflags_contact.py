"""Finding email addresses and phone numbers, plain or spelled out, in a folded job post."""

from __future__ import annotations

import pytest

from advisor.redflags.contact import find_contact_details


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("email editorial.desk@outlook.com today", "editorial.desk@outlook.com"),
        ("write to hr@brightpath-staffing.net.", "hr@brightpath-staffing.net"),
        ("cv to mark.fields at gmail dot com and", "mark.fields at gmail dot com"),
        ("reach rosa.legal[at]yahoo[dot]com now", "rosa.legal[at]yahoo[dot]com"),
        ("mail john (at) proton (dot) me", "john (at) proton (dot) me"),
        ("mail john @ gmail . com", "john @ gmail . com"),
        ("call +1 (415) 555-0133 now", "+1 (415) 555-0133"),
        ("text 312-555-0198", "312-555-0198"),
        ("wa.me/447700900123", "447700900123"),
        ("call +44 7911 123456", "+44 7911 123456"),
    ],
)
def test_contact_detail_is_found_and_quoted(text: str, quoted: str) -> None:
    found = find_contact_details(text)
    assert [text[hit.start : hit.end] for hit in found] == [quoted]


@pytest.mark.parametrize(
    "text",
    [
        "i worked at google.com for years",
        "follow @glowskin_team on instagram",
        "meet at noon. info follows",
        "records 10000-25000 first",
        "years 2019-2024",
        "12,000 crm records",
        "budget $1234567890",
        "member since mar 14, 2016",
        "@everyone. thanks",
    ],
)
def test_text_without_contact_details_has_none(text: str) -> None:
    assert find_contact_details(text) == []
