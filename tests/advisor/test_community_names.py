"""Client names that mean the same client match; near misses never do (a warning shown against
the wrong client would smear someone)."""

from __future__ import annotations

import pytest

from advisor.community import client_key, find_names, link_key, links_in

SAME_CLIENT = [
    ("Acme Corp.", "ACME corporation"),
    ("Acme Corp.", "acme"),
    ("Acme, Inc.", "Acme Incorporated"),
    ("A.C.M.E. Ltd", "Acme Limited"),
    ("The Acme Company", "Acme Co"),
    ("Acme  LLC", "acme llc"),
    ("Smith & Sons", "Smith and Sons Ltd."),
    ("Café Noir", "CAFE NOIR GmbH"),
    ("ＡＣＭＥ", "Acme"),
    ("O'Brien Media", "OBrien Media"),
    ("Blue Sky Studio", "BlueSky Studio"),
]
NEAR_MISSES = [
    ("Acme", "Acme Labs"),
    ("Acme Corp", "Acne Corp"),
    ("Acme Inc", "Acme Ink"),
    ("Acme Corp", "Acme Corps"),
    ("Acme Holdings", "Acme"),
    ("Globex", "Globex Global"),
    ("John Smith", "John Smithson"),
    ("Initech", "Initrode"),
    ("Company A", "Company B"),
    ("Acme", "Acme 2"),
    ("Acme", "Acme.io"),
]


@pytest.mark.parametrize(("one", "other"), SAME_CLIENT)
def test_names_of_one_client_match(one: str, other: str) -> None:
    assert client_key(one) == client_key(other)


@pytest.mark.parametrize(("one", "other"), NEAR_MISSES)
def test_near_misses_do_not_match(one: str, other: str) -> None:
    assert client_key(one) != client_key(other)


def test_a_name_that_is_only_a_company_form_keeps_it() -> None:
    assert client_key("Company") == "company"


KEYS = {"acme": "Acme", "acmelabs": "Acme Labs", "globex": "Globex"}
FOUND_IN_POSTS = [
    ("Acme Corporation is hiring a designer", ["Acme"]),
    ("Join Acme today!", ["Acme"]),
    ("We are Acme Labs, a small studio", ["Acme Labs"]),
    ("Big news. ACME is hiring.", ["Acme"]),
    ("Acme, Inc. needs a logo; Globex too", ["Acme", "Globex"]),
    ("Posted by acme co", ["Acme"]),
    ("acmeco is hiring", []),
    ("Acmeglobex is hiring", []),
    ("Working with Big Acme Partners on this", []),
    ("A new acne treatment brand", []),
]


@pytest.mark.parametrize(("post", "expected"), FOUND_IN_POSTS)
def test_a_post_names_a_client_only_as_whole_words(post: str, expected: list[str]) -> None:
    assert find_names(post, KEYS) == expected


def test_links_are_compared_without_scheme_www_query_or_case() -> None:
    assert (
        link_key("https://www.Upwork.com/freelancers/~01abc/?s=1")
        == "upwork.com/freelancers/~01abc"
    )
    assert link_key("upwork.com/freelancers/~01ABC") == "upwork.com/freelancers/~01abc"
    assert link_key("not a link") is None


def test_links_are_found_in_a_post() -> None:
    post = (
        "See www.fiverr.com/acme_buyer. Or https://upwork.com/jobs/~02x?ref=1, thanks; "
        "profile at upwork.com/companies/~01init"
    )
    assert links_in(post) == [
        "fiverr.com/acme_buyer",
        "upwork.com/jobs/~02x",
        "upwork.com/companies/~01init",
    ]
