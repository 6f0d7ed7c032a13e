"""Every red flag Gigwise can raise: its category, severity, what it means and what to do about it.

Scam flags follow Upwork's own list of scam patterns; headache flags follow the seed article's list of
clients who crush momentum; client flags read the "About the client" panel; the budget flag compares a
fixed budget with the arbitration fee.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from advisor.redflags.model import Category, Severity


@dataclass(frozen=True)
class RedFlagKind:
    """The fixed facts about one kind of red flag."""

    code: str
    title: str
    category: Category
    severity: Severity
    explanation: str
    advice: str


_SCAM, _HEADACHE, _CLIENT, _BUDGET = (
    Category.SCAM,
    Category.HEADACHE,
    Category.CLIENT,
    Category.BUDGET,
)
_LOW, _MEDIUM, _HIGH, _CRITICAL = Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL

_KINDS = (
    # scam: Upwork's documented patterns
    RedFlagKind(
        "off_platform_contact",
        "contact outside Upwork",
        _SCAM,
        _CRITICAL,
        "Asks to talk outside Upwork (Telegram, WhatsApp, Skype, a link or 'text me') before a "
        "contract, which breaks Upwork's terms and is the most common start of a scam.",
        "Keep every message in Upwork until there is a contract; report the post if it insists.",
    ),
    RedFlagKind(
        "contact_details",
        "email or phone in the post",
        _SCAM,
        _HIGH,
        "Shares an email address or phone number before any contract; Upwork does not allow "
        "that in job posts.",
        "Do not write to it; reply only through Upwork Messages.",
    ),
    RedFlagKind(
        "off_platform_payment",
        "payment outside Upwork",
        _SCAM,
        _CRITICAL,
        "Wants to pay or be paid outside Upwork (PayPal, Zelle, Cash App, gift cards, crypto), "
        "which removes your payment protection.",
        "Accept only contracts paid through Upwork; never move payment elsewhere to 'save fees'.",
    ),
    RedFlagKind(
        "cheque_or_reimbursement",
        "cheque or reimbursed purchase",
        _SCAM,
        _CRITICAL,
        "Mentions a cheque, or buying equipment or gift cards to be reimbursed: the classic "
        "overpayment scam, where the cheque bounces after you have sent money on.",
        "Never buy anything for a client or send back an 'overpayment'; report the post.",
    ),
    RedFlagKind(
        "pay_to_apply",
        "pay to work",
        _SCAM,
        _CRITICAL,
        "Asks you to pay before you work or before you are paid: a fee, a deposit, a starter kit, "
        "training, equipment, credits or a 'security amount', whatever it is called and even if it "
        "is 'refunded with your first payment'. Upwork prohibits it; real clients pay you.",
        "Do not pay anything; report the post.",
    ),
    RedFlagKind(
        "currency_transfer",
        "moving money or crypto",
        _SCAM,
        _CRITICAL,
        "Asks you to buy, move or convert money or crypto on the client's behalf, a prohibited "
        "and common scam (often with a bonus that is later reversed).",
        "Never handle a client's money or crypto; report the post.",
    ),
    RedFlagKind(
        "personal_details_request",
        "asks for bank, ID or logins",
        _SCAM,
        _CRITICAL,
        "Asks for bank details, ID documents, logins or remote access outside a contract: "
        "phishing.",
        "Share nothing of the kind; Upwork handles identity and payment itself.",
    ),
    RedFlagKind(
        "free_sample_work",
        "free test work",
        _SCAM,
        _HIGH,
        "Wants unpaid test work or a piece of the final deliverable with the proposal; Upwork "
        "prohibits requests for free work.",
        "Offer examples of past work, or a small paid fixed-price test contract.",
    ),
    RedFlagKind(
        "too_good_to_be_true",
        "pay too good to be true",
        _SCAM,
        _HIGH,
        "Pays far above the market for easy work that needs no experience, a common lure.",
        "Check the client's history closely; real clients do not overpay for simple tasks.",
    ),
    RedFlagKind(
        "reshipping",
        "receiving and reshipping parcels",
        _SCAM,
        _CRITICAL,
        "Asks you to receive parcels at home and send them on (new labels, repacking): goods bought "
        "with stolen cards, and the one who ships them is left holding the crime.",
        "Do not accept or forward any parcel; report the post.",
    ),
    RedFlagKind(
        "account_rental",
        "wants your account",
        _SCAM,
        _CRITICAL,
        "Wants to use, rent or buy your freelance account or profile, or says their own account was "
        "closed: the account's owner answers for whatever is done with it, and is banned for it.",
        "Never share, rent or sell an account or its login; report the message.",
    ),
    RedFlagKind(
        "paid_tasks",
        "paid clicks, likes or reviews",
        _SCAM,
        _CRITICAL,
        "Pays per like, click, rating or booking: the 'task' scam, which pays a little at first and "
        "then asks for deposits to unlock bigger tasks or to withdraw what you earned.",
        "Stop before any deposit; report the message.",
    ),
    RedFlagKind(
        "run_their_code",
        "asks you to run their code or sign in",
        _SCAM,
        _HIGH,
        "Asks you, before any contract, to download and run their code or app, or to sign in through "
        "their link: the route of malware that steals logins and crypto wallets.",
        "Run nothing of theirs on your own machine and sign in only on the real site; ask for the task "
        "in writing instead.",
    ),
    RedFlagKind(
        "unsolicited_offer",
        "a job offered unasked",
        _SCAM,
        _HIGH,
        "Offers or guarantees the job before any real interview ('you have been selected', 'we saw "
        "your resume', 'no interview needed'): real employers hire after a process.",
        "Ask who the employer is and check the name, site and address yourself before going on.",
    ),
    RedFlagKind(
        "free_mail_company",
        "a company writing from a free address",
        _SCAM,
        _MEDIUM,
        "Speaks for a company or a recruiter but gives a Gmail, Yahoo or Outlook address; real "
        "companies write from their own domain.",
        "Look the company up and write to the address on its own website, not to this one.",
    ),
    RedFlagKind(
        "recruiting_lure",
        "sounds like a recruiting lure",
        _SCAM,
        _MEDIUM,
        "Sells easy money rather than describing work: no experience needed, work from home, "
        "start now, paid weekly. Alone it proves nothing; beside other signs it is how recruiting "
        "scams read.",
        "Ask who the client is, what exactly the work is and how it is paid, in writing, before "
        "sharing anything.",
    ),
    # headache: the seed article's list of clients who crush momentum
    RedFlagKind(
        "missing_details",
        "details missing",
        _HEADACHE,
        _MEDIUM,
        "The post says too little: no clear deliverables, no budget and no timeline, or the "
        "details are left for a chat.",
        "Ask for the deliverables, budget and deadline in writing before you spend Connects.",
    ),
    RedFlagKind(
        "rush",
        "rush",
        _HEADACHE,
        _LOW,
        "Everything is urgent ('ASAP', 'today', 'right now'); rushed clients rarely plan well.",
        "Quote a rush rate and a realistic date, and agree on them before starting.",
    ),
    RedFlagKind(
        "open_ended_scope",
        "open-ended scope",
        _HEADACHE,
        _LOW,
        "The scope is open-ended ('and more', 'other tasks as needed', unlimited revisions), "
        "which invites scope creep.",
        "Write down exactly what is included and how many revisions, and price extras separately.",
    ),
    RedFlagKind(
        "understated_scope",
        "a big job called simple",
        _HEADACHE,
        _MEDIUM,
        "Calls a large job 'simple', 'quick' or 'easy', which usually means the client "
        "underestimates it and will push back on time and price.",
        "Break the job into milestones with a price each before you accept.",
    ),
    RedFlagKind(
        "redo_history",
        "earlier freelancers failed",
        _HEADACHE,
        _MEDIUM,
        "Earlier freelancers left or failed, or the work must be redone: ask why before you "
        "become the next one.",
        "Ask what went wrong last time and review the existing work before you quote.",
    ),
    RedFlagKind(
        "unrealistic_deadline",
        "unrealistic deadline",
        _HEADACHE,
        _HIGH,
        "A large job with a deadline of a few hours or days; it will be late or poor, and the "
        "review will say so.",
        "Propose a realistic timeline, or decline.",
    ),
    RedFlagKind(
        "tiny_budget_for_scope",
        "budget far too small",
        _HEADACHE,
        _HIGH,
        "The budget is far too small for the work described.",
        "Quote what the work costs, or decline; the smallest clients give the biggest headaches.",
    ),
    RedFlagKind(
        "hostile_tone",
        "hostile tone",
        _HEADACHE,
        _HIGH,
        "The tone is hostile ('no time wasters', threats of bad reviews, insults about earlier "
        "freelancers); money is no excuse for acting like a jerk.",
        "Skip it: a jerk client costs more momentum than the job pays.",
    ),
    RedFlagKind(
        "shouting",
        "shouting",
        _HEADACHE,
        _MEDIUM,
        "Long stretches in capital letters: the client is shouting before the job has started.",
        "Expect the same tone in messages; apply only if the rest of the post is excellent.",
    ),
    RedFlagKind(
        "unpaid_trial",
        "unpaid trial",
        _HEADACHE,
        _HIGH,
        "Expects an unpaid trial period (days, weeks or months) before paying.",
        "Work only under a paid contract from the first hour.",
    ),
    RedFlagKind(
        "deferred_pay",
        "pay deferred or in kind",
        _HEADACHE,
        _MEDIUM,
        "Pay depends on a later event (funding, launch, revenue, the end of the project) or is "
        "'exposure' or equity.",
        "Ask for funded milestones; do not work on a promise.",
    ),
    RedFlagKind(
        "wants_cheap",
        "shopping for cheap",
        _HEADACHE,
        _LOW,
        "Shops on price ('cheapest', 'lowest bid', 'low budget'); the best clients don't want "
        "cheap.",
        "Compete on quality, or pass; a price race is not worth a review at risk.",
    ),
    # client: the "About the client" panel
    RedFlagKind(
        "payment_unverified",
        "payment not verified",
        _CLIENT,
        _HIGH,
        "The client's payment method is not verified.",
        "Wait until it is verified, and never start before a milestone is funded.",
    ),
    RedFlagKind(
        "zero_spend",
        "never spent on Upwork",
        _CLIENT,
        _MEDIUM,
        "The client has never spent anything on Upwork.",
        "Insist on a funded milestone before starting.",
    ),
    RedFlagKind(
        "low_hire_rate",
        "low hire rate",
        _CLIENT,
        _MEDIUM,
        "The client hires for fewer than a quarter of the jobs they post.",
        "Your proposal will probably go unanswered; spend Connects elsewhere.",
    ),
    RedFlagKind(
        "new_account",
        "new account",
        _CLIENT,
        _MEDIUM,
        "The client's account is only weeks old.",
        "Look for a verified payment method and fund the first milestone before working.",
    ),
    RedFlagKind(
        "low_rating",
        "low client rating",
        _CLIENT,
        _HIGH,
        "Freelancers rate this client poorly.",
        "Read the reviews freelancers left before applying.",
    ),
    RedFlagKind(
        "low_hourly_paid",
        "low hourly rate paid",
        _CLIENT,
        _MEDIUM,
        "The client pays a very low average hourly rate.",
        "Expect pressure on price; quote your rate and hold it.",
    ),
    RedFlagKind(
        "no_reviews",
        "no reviews yet",
        _CLIENT,
        _LOW,
        "No freelancer has reviewed this client yet.",
        "Nothing proves the client is good or bad; keep milestones small.",
    ),
    RedFlagKind(
        "crowded_job",
        "50+ proposals",
        _CLIENT,
        _LOW,
        "50 or more proposals already: your odds are low.",
        "Apply only if you are an unusually strong fit.",
    ),
    # budget: the seed's arbitration arithmetic
    RedFlagKind(
        "budget_under_arbitration_fee",
        "budget under the arbitration fee",
        _BUDGET,
        _LOW,
        "The fixed budget is smaller than the arbitration fee, so disputing a non-payment would "
        "cost more than the job.",
        "Take it only if you could afford to lose it; otherwise ask for a bigger scope and budget.",
    ),
)

RED_FLAG_KINDS: Mapping[str, RedFlagKind] = MappingProxyType({kind.code: kind for kind in _KINDS})
"""Every flag code Gigwise can raise, in catalogue order."""
