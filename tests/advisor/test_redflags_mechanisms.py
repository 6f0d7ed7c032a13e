"""Each scam mechanism: said plainly it raises its flag; negated, quoted as a rule or met in an
ordinary job it does not.

The sentences are written for these tests, after the mechanisms documented in
tests/data/scam_cases (which only the bench reads); none is a copy of a real post.
"""

from __future__ import annotations

import pytest

from advisor.redflags import Verdict, screen

# (text, flag, raised)
MECHANISMS = [
    # pay to work, in any wording
    ("You need to send $50 for training materials before you start.", "pay_to_apply", True),
    (
        "Order the starter kit for $89; it is refunded with your first payment.",
        "pay_to_apply",
        True,
    ),
    ("Each task set requires a top-up of your account in USDT.", "pay_to_apply", True),
    ("Send a refundable security deposit of $100 to show commitment.", "pay_to_apply", True),
    ("Pay the $25 release fee so we can release your earnings.", "pay_to_apply", True),
    ("There is no registration fee, and you never pay anything to start.", "pay_to_apply", False),
    ("We will never ask you to pay a training fee.", "pay_to_apply", False),
    ("Build a checkout where students pay the course registration fee.", "pay_to_apply", False),
    ("We pay a one-time fee of $400 for the finished logo.", "pay_to_apply", False),
    # cheques, overpayments, purchases to be reimbursed, gift cards
    (
        "We will mail you a cashier's check; deposit it and pay our approved vendor.",
        "cheque_or_reimbursement",
        True,
    ),
    (
        "Keep $300 as your pay and wire the remaining balance by Western Union.",
        "cheque_or_reimbursement",
        True,
    ),
    (
        "Buy three $100 Apple gift cards and send me photos of the backs of the cards.",
        "cheque_or_reimbursement",
        True,
    ),
    ("Payment will be made by certified bank check.", "cheque_or_reimbursement", True),
    ("We never send checks: every payment goes through Upwork.", "cheque_or_reimbursement", False),
    (
        "Reconcile our bank deposits and vendor bills in Xero each month.",
        "cheque_or_reimbursement",
        False,
    ),
    (
        "Check the layout against the design and send the rest of the files.",
        "cheque_or_reimbursement",
        False,
    ),
    # money moved for someone else
    (
        "Receive client payments into your personal bank account and forward them.",
        "currency_transfer",
        True,
    ),
    ("Payment processing agent wanted: keep 10% of each transfer.", "currency_transfer", True),
    ("Open a new bank account in your name for our company transfers.", "currency_transfer", True),
    ("Please buy bitcoin with your card and send it to my wallet.", "currency_transfer", True),
    ("We never ask freelancers to buy or send crypto for us.", "currency_transfer", False),
    ("Build a dashboard that tracks crypto prices for our traders.", "currency_transfer", False),
    # parcels received and sent on
    (
        "Receive packages at your home and ship them with the prepaid labels we email.",
        "reshipping",
        True,
    ),
    ("Relabel the parcels and forward them the same day.", "reshipping", True),
    ("You will not receive any packages at your home.", "reshipping", False),
    (
        "Our warehouse team receives shipments and keeps stock counts in Shopify.",
        "reshipping",
        False,
    ),
    # someone else's freelance account
    (
        "My Upwork account was suspended, so let me work through your account.",
        "account_rental",
        True,
    ),
    ("I want to rent your Fiverr account for $200 a month.", "account_rental", True),
    ("Give me access to your Upwork account and I pay you a share.", "account_rental", True),
    ("Never share your Upwork account with anyone.", "account_rental", False),
    ("Set up user accounts and profiles for the members of our club.", "account_rental", False),
    # paid likes, ratings and bookings
    ("Like YouTube videos and earn $5 per like.", "paid_tasks", True),
    ("Rate hotels in our app and earn a commission on every task.", "paid_tasks", True),
    ("We do not pay for likes or reviews.", "paid_tasks", False),
    ("Manage our Instagram: post daily and reply to comments, $20/hr.", "paid_tasks", False),
    # run our code or sign in through our link, during hiring
    (
        "As part of the interview, clone our repository and run it on your machine.",
        "run_their_code",
        True,
    ),
    ("Sign in with your Upwork login at the link to read the brief.", "run_their_code", True),
    (
        "Clone our repository and fix the failing tests in the billing module.",
        "run_their_code",
        False,
    ),
    # the job offered unasked or guaranteed
    (
        "Congratulations, you have been selected for the remote assistant position.",
        "unsolicited_offer",
        True,
    ),
    ("We saw your resume online and want to hire you today.", "unsolicited_offer", True),
    ("Guaranteed income for everyone who joins this week.", "unsolicited_offer", True),
    ("No one is hired without an interview.", "unsolicited_offer", False),
    ("We will interview three candidates and hire one by Friday.", "unsolicited_offer", False),
    # free work
    ("Write a free test article of 800 words before we decide.", "free_sample_work", True),
    ("Send a preview before I place the order.", "free_sample_work", True),
    ("Only the winning design will be paid.", "free_sample_work", True),
    ("This is a paid test task of $40.", "free_sample_work", False),
    ("Share links to three articles you have already published.", "free_sample_work", False),
    # leaving the platform
    ("Message me on Telegram @hr_desk to continue.", "off_platform_contact", True),
    ("If you don't have WhatsApp, don't apply.", "off_platform_contact", True),
    ("Let's move the chat to Skype after you apply.", "off_platform_contact", True),
    ("Our interviews are held on Telegram or WhatsApp.", "off_platform_contact", True),
    ("Please do not contact me outside Upwork.", "off_platform_contact", False),
    ("We will never ask you to talk on Telegram.", "off_platform_contact", False),
    ("Build a WhatsApp chatbot that replies to our customers.", "off_platform_contact", False),
    ("The reply is sent to the customer on WhatsApp.", "off_platform_contact", False),
    ("Send order alerts to our team on Telegram.", "off_platform_contact", False),
    ("Email your CV to jobs@brightpath-studio.com.", "off_platform_contact", False),
    # paid off the contract
    ("I will pay you through PayPal to avoid the fees.", "off_platform_payment", True),
    (
        "I'll send your full payment as a bonus instead of the contract.",
        "off_platform_payment",
        True,
    ),
    ("We never pay outside Upwork.", "off_platform_payment", False),
    ("Add PayPal and Stripe checkout to our store.", "off_platform_payment", False),
    # identity, bank and logins
    (
        "Send a photo of your passport and your bank details for direct deposit.",
        "personal_details_request",
        True,
    ),
    ("Tell me your date of birth and home address.", "personal_details_request", True),
    ("We will never ask for your bank details.", "personal_details_request", False),
    ("Build a KYC form where users upload their passport.", "personal_details_request", False),
    (
        "Use TeamViewer to connect to our office server and fix the printer.",
        "personal_details_request",
        False,
    ),
    # a company on a free address
    (
        "Our company's hiring manager replies from recruit.team2026@gmail.com.",
        "free_mail_company",
        True,
    ),
    (
        "Our company's hiring manager replies from jobs@brightpath-studio.com.",
        "free_mail_company",
        False,
    ),
    ("I'm a solo author; email me at ann.writes@gmail.com.", "free_mail_company", False),
    # the recruiting lure: weak alone, counted beside other signs
    ("Work from home and earn extra money, no experience needed.", "recruiting_lure", True),
    ("We never promise easy money.", "recruiting_lure", False),
    ("Three years of Shopify experience required.", "recruiting_lure", False),
    # pay far above the work
    ("Earn $400 per day from home, no experience needed.", "too_good_to_be_true", True),
    ("Senior Go engineer, $90/hr, six-month contract.", "too_good_to_be_true", False),
]


@pytest.mark.parametrize(
    ("text", "code", "raised"),
    MECHANISMS,
    ids=[
        f"{code}-{'yes' if raised else 'no'}-{i}" for i, (_, code, raised) in enumerate(MECHANISMS)
    ],
)
def test_mechanism_raises_its_flag_only_when_the_post_says_it(
    text: str, code: str, raised: bool
) -> None:
    assert (code in screen(text).codes) is raised


# Ordinary employer language that a keyword screener trips on: benefits, hiring steps, duties.
EMPLOYER_POSTS = [
    "Benefits: medical and dental cover, 401(k) match, paid time off and pay by direct deposit.",
    "We offer tuition reimbursement, a company laptop and a yearly training budget.",
    "All candidates must pass a background check and a drug screen before the start date.",
    "Please email your resume and cover letter to careers@northfieldlogistics.com.",
    "Competitive salary of $65,000 per year plus a quarterly bonus.",
    "Training is provided; no experience necessary. Pay starts at $16 per hour.",
    "Payment processing specialist at our Denver branch: reconcile card settlements daily.",
    "Deposit the checks we receive into the business account and update the ledger.",
    "Earn a $100 Amazon gift card for every candidate you refer who is hired.",
    "Cashiers handle cash, checks and card payments at the front desk.",
    "Receiving clerk: unload deliveries, check packing slips and stock the shelves.",
    "Customer support agents answer questions by email and chat from our Austin office.",
    "Relocation assistance is available for this on-site role in Calgary.",
    "The recruiter will schedule a video interview with the hiring manager next week.",
]


@pytest.mark.parametrize("text", EMPLOYER_POSTS)
def test_ordinary_employer_language_is_green(text: str) -> None:
    result = screen(text)
    assert result.verdict is Verdict.GREEN, sorted(result.codes)


@pytest.mark.parametrize(
    "text",
    [
        "You need to send $50 for training materials before you start.",
        "We will mail you a check; keep your pay and send the rest to our vendor.",
        "Receive packages at your home and ship them with the labels we email.",
        "Like YouTube videos and earn $5 per like; deposit to unlock more tasks.",
    ],
)
def test_money_or_goods_moving_through_the_freelancer_is_red(text: str) -> None:
    result = screen(text)
    assert result.verdict is Verdict.RED
    assert result.summary.startswith("Likely scam: don't apply, report it")


def test_a_recruiting_lure_alone_stays_green() -> None:
    result = screen("Work from home and earn extra money, no experience needed.")
    assert result.codes >= {"recruiting_lure"}
    assert result.verdict is Verdict.GREEN


def test_a_free_test_article_alone_asks_for_questions_not_a_walk_away() -> None:
    assert screen("Write a free test article of 800 words before we decide.").verdict is (
        Verdict.AMBER
    )


def test_rules_quoted_to_warn_applicants_raise_nothing() -> None:
    post = (
        "Editor for our travel blog, 6 articles a month, $45 per article, paid through Upwork. "
        "We will never ask you to pay a fee, buy equipment, cash a check or move to Telegram. "
        "Do not share your bank details or your Upwork login with anyone."
    )
    result = screen(post)
    assert result.verdict is Verdict.GREEN
    assert result.score == 0
