"""Scam phrases, from Upwork's own list of scam patterns (see domain facts, section 6).

Leaving the platform, paying or being paid off it, cheques and reimbursed purchases, fees to apply,
moving money or crypto, asking for bank details, IDs or logins, and free sample work. Some words
are only red flags in context: "Telegram" in "build a Telegram bot" is the work, not a way to leave
Upwork; "PayPal" in "worked at PayPal" is an employer. The checks for that read a bounded window
around the match.
"""

from __future__ import annotations

import re

from advisor.redflags.negation import clause_before, sentence_around
from advisor.redflags.normalise import WORD_START
from advisor.redflags.phrase_rules import GAP, Lead, PhraseRule, any_of

_TECH_AFTER = re.compile(
    r"[\s-]?(?:bots?|api|apis|business|cloud api|integrations?|channels?|groups?|communit(?:y|ies)"
    r"|mini[\s-]?apps?|sdk|clones?|automation|chatbots?|webhooks?|ads|scrapers?|marketing"
    r"|stickers?|templates?|server|servers)\b"
)
_WORK_IN_SENTENCE = re.compile(
    WORD_START
    + r"(?:build|building|develop|developing|developer|create|creating|integrate|integrating"
    r"|integration|automate|automating|automation|program|scrape|scraping|migrate|migrating"
    r"|moving from|switching from|previously used|used to use|replace|replacing|grow|growing"
    r"|moderate|moderating|moderator|experience with|familiar with|knowledge of|api|sdk)\b"
)
_CONTACT_BEFORE = re.compile(
    WORD_START + r"(?:on|via|through|at|in|to|using|my|your|add me|text me|message me|dm me|ping me"
    r"|contact (?:me|us)|reach (?:me|us))\s?$"
)
_CONTACT_BEFORE_STRICT = re.compile(
    WORD_START
    + r"(?:on|via|through|at|using|my|add me|text me|message me|dm me|ping me|contact (?:me|us)"
    r"|reach (?:me|us)|chat)\s?$"
)
_CONTACT_AFTER = re.compile(
    r"\s?(?:app\b|messenger|id\b|handle|username|number|no\b|:|@|\+?\d|me\b|us\b)"
)
# "message me on", "add us via", "me on": the reader is asked to come to the app.
_PERSONAL_CONTACT = re.compile(
    r"\b(?:(me|us)|our (?:team|manager|recruiter|hr|agent|hiring manager))\b[a-z ]{0,12}"
    r"\b(?:on|via|through|over|using|in|at) ?(?:(?:skype|telegram|whatsapp|signal|wechat|viber"
    r"|email|e-mail)(?:,| or| and|/) ?){0,3}$"
)
_EMPLOYER_OR_TECH = re.compile(
    WORD_START
    + r"(?:worked|work at|working at|ex-|former|formerly|alumni|fintech|such as|companies like"
    r"|integrat\w{0,8}|add|adding|implement\w{0,6}|set ?up|setting up|checkout|gateways?|sdk"
    r"|api|plugin|button|webhooks?|sandbox|stripe|providers?|payment methods?)\b"
)


_COMMUNICATION = re.compile(
    WORD_START
    + r"(?:contact|message|msg|text|txt|chat|talk|speak|discuss|reach|add|dm|ping|call|interview"
    r"|interviews|continue|join|write|connect|communicate|collaborate|coordinate|reply|respond"
    r"|get in touch|details|apply|send|find|held|conducted|move|switch|shift|take)\b"
)
_PREPOSITION = re.compile(r"\b(?:on|via|through|over|using|in|at|by|to)\b")
_NOTIFYING = re.compile(
    r"\b(?:alerts?|notifications?|notify|notifies|notified|reports?|updates|logs?|pings?)\b"
)
# Remote access is phishing when it is to the reader's machine, support work when it is to theirs.
_YOUR_MACHINE = re.compile(
    r"\b(?:your|ur) (?:own )?(?:computer|pc|laptop|machine|device|desktop|screen|system)\b"
    r"|\b(?:so|for) (?:i|we) can (?:access|connect|see)\b"
)
_PEOPLE = re.compile(
    r"\b(?:you|your|we|our|i|me|us|my|let'?s|interviews?|candidates?|applicants?|hiring|recruiter)\b"
)
# "If you don't have WhatsApp, don't apply": the app is required of the reader.
_DEMANDED = re.compile(
    r"\b(?:have|has|install|download|need|needs|require|requires|required|must have)\s?$"
)


def _as_contact_app(text: str, start: int, end: int) -> bool:
    """Telegram, WhatsApp, Skype...: a way to leave the platform only where the post says so.

    The app named with a handle, a number or "me" ("WhatsApp: +1...", "Telegram @hr", "WhatsApp
    me") is a way to reach someone; so is the app after "contact me on" or "interviews are held
    on". A bare mention ("a WhatsApp chatbot", "alerts by Telegram", "reply to leads on
    WhatsApp") is the work, not a move off the platform.
    """
    if _TECH_AFTER.match(text, end, min(len(text), end + 24)):
        return False
    if _CONTACT_AFTER.match(text, end, min(len(text), end + 12)):
        return True
    before = clause_before(text, start, 60)
    personal = _PERSONAL_CONTACT.search(before)
    if personal is not None:
        # "Message me on Telegram" always; "alerts to our team on Telegram" is a feature.
        return personal.group(1) is not None or not _NOTIFYING.search(
            sentence_around(text, start, end)
        )
    if _DEMANDED.search(before):
        return not _WORK_IN_SENTENCE.search(sentence_around(text, start, end))
    verb = _COMMUNICATION.search(before)
    if verb is None or not _PREPOSITION.search(before, verb.end()):
        return False
    # "Reply is sent to the user on WhatsApp" describes the product; a move names the people.
    if not _PEOPLE.search(before):
        return False
    return not _WORK_IN_SENTENCE.search(sentence_around(text, start, end))


def _as_contact_channel(text: str, start: int, end: int) -> bool:
    """Signal, Discord: ordinary words unless they are clearly where to reach someone."""
    if _TECH_AFTER.match(text, end, min(len(text), end + 24)):
        return False
    if _CONTACT_AFTER.match(text, end, min(len(text), end + 12)):
        return True
    return _CONTACT_BEFORE_STRICT.search(clause_before(text, start, 24)) is not None


_TELEGRAM = r"t[e3][l1|i][e3]" + GAP + r"gr[a4@]m"
_WHATSAPP = r"wh?[a4@]t{1,2}'?s?" + GAP + r"[a4@]pp?"
_APPS = any_of(
    _TELEGRAM,
    _WHATSAPP,
    r"sk[yi]pe",
    r"we" + GAP + r"chat",
    r"viber",
    r"google (?:chat|hangouts?)",
    r"hangouts",
    r"snapchat",
    r"kik messenger",
)
_CONTACT_LINKS = any_of(
    r"t\.me/[\w+/-]{0,64}",
    r"telegram\.(?:me|dog)/[\w+/-]{0,64}",
    r"wa\.me/[\w+/-]{0,64}",
    r"api\.whatsapp\.com/[\w?=&+/-]{0,64}",
    r"chat\.whatsapp\.com/[\w+/-]{0,64}",
    r"join\.skype\.com/[\w+/-]{0,64}",
    r"discord\.gg/[\w+/-]{0,64}",
    r"signal\.me/[\w#+/-]{0,64}",
)
_PAY_METHODS = any_of(
    r"pay" + GAP + r"p[a4@][l1|i]",
    r"stripe",
    r"venmo",
    r"z[e3]ll[e3]",
    r"c[a4@]sh" + GAP + r"[a4@]pp",
    r"wise",
    r"payoneer",
    r"skrill",
    r"revolut",
    r"western union",
    r"moneygram",
    r"(?:bank|wire) transfers?",
    r"wire",
    r"gift ?cards?",
)
_COINS = any_of(
    r"bitcoins?",
    r"btc",
    r"crypto(?:currency|currencies)?",
    r"usdt",
    r"usdc",
    r"tether",
    r"ethereum",
    r"eth",
    r"coins",
)
_ID_AND_BANK = any_of(
    r"bank (?:account|details|info(?:rmation)?|login|statements?|card)",
    r"account (?:number|details)",
    r"routing number",
    r"iban",
    r"swift code",
    r"sort code",
    r"ssn",
    r"social security(?: number)?",
    r"passport",
    r"driver'?s? licen[cs]e",
    r"national id",
    r"id card",
    r"(?:photo|copy|scan|picture) of (?:your )?(?:id|identity)",
    r"date of birth",
    r"place of birth",
    r"birth ?date",
    r"dob",
    r"home address",
    r"where you live",
    r"(?:which|what) (?:city|town|country) you live in",
    r"how old you are",
    r"direct deposit (?:and [a-z]{2,12} )?(?:details|information|info|forms?)",
    r"(?:bank|banking|payment) (?:details|information|info) for (?:direct )?deposit",
    r"(?:tax|ssn) (?:id|number)",
)
_SECRETS = any_of(
    r"password",
    r"passwords",
    r"(?:gmail|email|paypal|upwork|apple id|facebook|bank) (?:login|password|credentials)",
    r"login (?:details|credentials|and password)",
    r"credit card(?: number| details)?",
    r"debit card(?: number| details)?",
    r"card (?:number|details)",
    r"otp",
    r"one[- ]time (?:code|password)",
    r"verification code",
)
_PAYER = any_of(
    r"pay you",
    r"pay u",
    r"paid",
    r"i pay",
    r"we pay",
    r"i will pay",
    r"we will pay",
    r"i'll pay",
    r"we'll pay",
    r"your (?:payment|salary|pay|wages?|full payment)",
    r"payments? (?:is|are|will be)",
    r"salary (?:is|will be)",
)

_PAYER_LEAD = _PAYER + r"\b[^.!?\n]{0,30}\b(?:via|through|by|with|over|using|on|in|to) $"
_PAYER_BEFORE = re.compile(_PAYER_LEAD)


def _as_payment_method(text: str, start: int, end: int) -> bool:
    """PayPal as a way to be paid, not as an employer or a checkout to integrate."""
    if _PAYER_BEFORE.search(clause_before(text, start, 64)):
        return True
    return not _EMPLOYER_OR_TECH.search(sentence_around(text, start, end, 80))


_ADDRESS_AFTER = re.compile(r"[^.!?\n]{0,50}(?:@|\be-?mail\b|\bphone\b|\d{3})")


def _not_an_address(text: str, start: int, end: int) -> bool:
    """ "Contact us at jobs@studio.com" gives an address, which `contact` judges on its own; only
    a channel ("contact me on Telegram") is a move off the platform."""
    return _ADDRESS_AFTER.match(text, end, min(len(text), end + 56)) is None


# Sentences about the product's own users: "customers pay a registration fee" is a feature to build.
_PRODUCT_SENTENCE = re.compile(
    WORD_START + r"(?:users?|customers?|clients? can|students?|members?|players?|buyers?|visitors?"
    r"|attendees?|patients?|subscribers?|tenants?|guests?|drivers?|sellers?|vendors can"
    r"|(?:an?|the|our|this|mobile|web|ios|android) apps?|feature|module|dashboard|integrat\w{0,6}"
    r"|build|develop\w{0,5}|implement\w{0,6}|api|checkout|calculat\w{0,5}|automat\w{0,6}"
    r"|track\w{0,3}|script|bot|parser|pars(?:e|ing)|pdf|database|workflow)\b"
)


def _not_a_product_feature(text: str, start: int, end: int) -> bool:
    # The matched words themselves ("application fee") say nothing about the sentence's subject.
    sentence = sentence_around(text, start, end, 100).replace(text[start:end], " ", 1)
    return _PRODUCT_SENTENCE.search(sentence) is None


_MONEY_WORDS = re.compile(
    r"(?:\$|₹|£|€|\brs\.?\s?\d|\b(?:checks?|cheques?|money orders?|funds|money|wire|western union"
    r"|moneygram|deposit|keep|usd|usdt|btc|bitcoin|payment|pay)\b)"
)


def _about_money(text: str, start: int, end: int) -> bool:
    return _MONEY_WORDS.search(sentence_around(text, start, end, 120)) is not None


# A reimbursement is the scam's when the reader buys first: "buy the laptop, we reimburse you".
_PURCHASE = re.compile(
    WORD_START + r"(?:buy|buying|purchase|purchasing|order|ordering|pay for|get|pick up|your own)\b"
)
# A deposited cheque is a scam when its money goes on: sent back, spent, or partly kept as pay.
_PASSED_ON = re.compile(
    WORD_START
    + r"(?:send|sending|wire|wiring|transfer|forward|buy|purchase|keep|return|refund|pay|spend"
    r"|western union|moneygram|vendor|supplier|gift cards?|rest|remainder|balance|difference)\b"
)


def _passed_on(text: str, start: int, end: int) -> bool:
    """ "Deposit the checks we receive into our account" is bookkeeping."""
    return _PASSED_ON.search(sentence_around(text, start, end, 160)) is not None


# A bank's payments clerk works in the bank; a mule "processes payments" from home for a cut.
_MULE_SETTING = re.compile(
    r"\b(?:home|remote|remotely|online|your own|your personal|commission|percent|keep)\b|%"
)


def _from_home(text: str, start: int, end: int) -> bool:
    return _MULE_SETTING.search(text) is not None


_PAID = re.compile(r"(?<!un)(?<!non-)(?<!non )\b(?:paid|compensated|we pay|i pay|will pay|\$\d)")


def _unpaid(text: str, start: int, end: int) -> bool:
    """A test that the sentence itself says is paid is a paid test, which Upwork allows."""
    return _PAID.search(sentence_around(text, start, end, 120)) is None


_EARNING = re.compile(
    r"(?:\$|₹|\brs\.?\s?\d|\b(?:earn|earning|earnings|commission|commissions|paid|pay|payout|reward"
    r"|rewards|income|profit|bonus|cash|money|take home)\b)"
)


def _for_pay(text: str, start: int, end: int) -> bool:
    """Liking videos is a task scam when it is paid for; a social media manager's likes are not."""
    return _EARNING.search(sentence_around(text, start, end, 120)) is not None


_HIRING_STEP = re.compile(
    WORD_START
    + r"(?:coding (?:test|challenge|assessment)|technical (?:test|assessment|task)|test task"
    r"|assessment|interview|hiring process|recruitment process|candidates?|applicants?|apply"
    r"|application|before (?:we|i) (?:hire|start|sign)|before the contract|next step|schedule)\b"
)


def _in_hiring(text: str, start: int, end: int) -> bool:
    """Running a stranger's code is the job on a contract, and the trap during hiring."""
    return _HIRING_STEP.search(sentence_around(text, start, end, 160)) is not None


# The post speaks for a company or a recruiter.
COMPANY_VOICE = re.compile(
    WORD_START
    + r"(?:company|corporation|corp|inc|ltd|llc|firm|agency|hr|human resources|recruit\w{0,6}"
    r"|hiring (?:manager|team|desk|officer|department)|personnel|staffing|onboarding)\b"
)


_PRODUCES = re.compile(
    WORD_START
    + r"(?:write|writing|design|designing|draw|drawing|create|creating|translate|translating|edit"
    r"|editing|proofread|proofreading|sketch|code|coding|build|record|make|film|shoot|articles?"
    r"|logos?)\b"
)


def _produces(text: str, start: int, end: int) -> bool:
    return _PRODUCES.search(sentence_around(text, start, end, 160)) is not None


_READER = re.compile(r"\b(?:you|your|u)\b")
_CLIENT_PAYS = re.compile(r"\b(?:we|i)(?: will|'ll)? (?:pay|offer|charge)\b|\bbudget\b")


def _reader_pays(text: str, start: int, end: int) -> bool:
    """ "A small upfront fee" is the reader's cost, unless the client is the one paying it."""
    sentence = sentence_around(text, start, end, 120)
    return _READER.search(sentence) is not None and _CLIENT_PAYS.search(sentence) is None


_PARCELS = re.compile(r"\b(?:packages?|parcels?|shipments?|items|goods|mail them|ship them)\b")
_FORWARDING = re.compile(
    r"\b(?:at (?:your )?home|from home|your (?:home|house|address)|(?:and|then) (?:mail|ship|send"
    r"|forward|post|reship)\w{0,3} (?:them|it|the items)|new address|overseas|abroad)\b"
)


_RULES: tuple[PhraseRule, ...] = (
    # off-platform payment first: "pay you outside Upwork" is about money, not chat
    PhraseRule(
        "off_platform_payment",
        r"(?:pay|paid|payment|payments|payout|payouts|invoice|invoicing|salary)[a-z ]{0,30}"
        r"(?:outside|off) (?:of )?(?:upwork|the platform|this platform)\b",
    ),
    PhraseRule(
        "off_platform_payment",
        r"(?:avoid|save on|skip|bypass|get around) (?:the |paying )?(?:upwork(?:'s)? )?"
        r"(?:fees?|commission|cut)\b",
    ),
    PhraseRule(
        "off_platform_payment", r"pay" + GAP + r"p[a4@][l1|i]\b", accepts=_as_payment_method
    ),
    PhraseRule(
        "off_platform_payment",
        any_of(
            r"z[e3]ll[e3]",
            r"c[a4@]sh" + GAP + r"[a4@]pp",
            r"venmo",
            r"western union",
            r"moneygram",
            r"(?:itunes|google play|steam|vanilla) ?cards?",
        )
        + r"\b",
    ),
    PhraseRule(
        "off_platform_payment",
        r"(?:payment|payments|paid|pay|salary|wages?)[a-z ]{0,14} (?:by|in|with|via|using|through)"
        r" (?:[a-z]{2,12} )?(?:gift ?cards?|vouchers?)\b",
    ),
    PhraseRule(
        "off_platform_payment",
        r"(?:usdt|btc|bitcoin|crypto|eth|trc-?20|erc-?20|bep-?20) "
        r"(?:wallet(?: address)?|address)\b",
        accepts=_not_a_product_feature,
    ),
    PhraseRule(
        "off_platform_payment",
        _PAY_METHODS + r"\b",
        leads=(Lead("off_platform_payment", _PAYER_LEAD, 64),),
    ),
    # off-platform contact
    PhraseRule("off_platform_contact", _CONTACT_LINKS),
    PhraseRule("off_platform_contact", _APPS + r"\b", accepts=_as_contact_app),
    PhraseRule("off_platform_contact", r"(?:signal|discord)\b", accepts=_as_contact_channel),
    PhraseRule(
        "off_platform_contact",
        r"(?:text|txt|sms|whatsapp|telegram|email|e-mail|mail) (?:me|us)\b",
    ),
    PhraseRule("off_platform_contact", r"(?:call|ring) (?:me|us) (?:at|on)\b"),
    PhraseRule(
        "off_platform_contact",
        r"(?:contact|reach|message|msg|ping|find|add|write to|hit) (?:me|us)(?: up)?"
        r" (?:at|on|via|through|in|using|by)\b(?! upwork| here| the upwork| this platform)",
        accepts=_not_an_address,
    ),
    PhraseRule(
        "off_platform_contact",
        r"(?:send|give|share|provide|drop|leave) (?:me |us )?(?:your |ur )(?:phone number|number"
        r"|mobile(?: number)?|cell(?: number)?|whatsapp(?: number)?|telegram(?: id| handle| username)?"
        r"|skype(?: id)?|personal email|email address|e-mail address|online mail|contact details"
        r"|contact info)\b",
    ),
    PhraseRule(
        "off_platform_contact",
        r"(?:outside|off) (?:of )?(?:upwork|the platform|this platform|this site)\b",
    ),
    PhraseRule("off_platform_contact", r"off[- ]?platform\b"),
    PhraseRule(
        "off_platform_contact",
        r"(?:my|our) (?:phone|cell|mobile|whatsapp|telegram|skype|contact) (?:number|no|id|handle"
        r"|is)\b",
    ),
    PhraseRule(
        "off_platform_contact",
        r"your (?:phone|mobile|cell|whatsapp|telegram|skype|personal email|email|contact)"
        r" (?:number|no|id|handle|username|address|details)\b",
    ),
    # cheques, equipment and reimbursement
    PhraseRule("cheque_or_reimbursement", r"cheques?\b"),
    PhraseRule(
        "cheque_or_reimbursement",
        r"(?:send|sending|sent|mail|mailing|mailed|post|courier|give|giving|issue|issuing"
        r"|overnight|receive|receiving)(?: you| to you)? (?:a |the |your |this |an )?"
        r"(?:\$ ?[\d,.]{1,10} )?"
        r"(?:cashier'?s |certified |company |bank |business |paper )?checks?\b",
    ),
    PhraseRule(
        "cheque_or_reimbursement",
        r"(?:deposit|depositing|cash|cashing)(?: the| this| a| your| our)? (?:\$ ?[\d,.]{1,10} )?"
        r"(?:cashier'?s |certified |company |bank |business |paper )?checks?\b",
        accepts=_passed_on,
    ),
    PhraseRule("cheque_or_reimbursement", r"(?:cashier'?s|bank|business|company) checks?\b"),
    PhraseRule(
        "cheque_or_reimbursement",
        r"(?:with|enclosed|attached|including|included|plus) (?:is |are )?(?:a |the |your |our )?"
        r"(?:\$ ?[\d,.]{1,10} )?(?:checks?|cheques?)\b",
    ),
    PhraseRule(
        "cheque_or_reimbursement",
        r"(?:payment|pay|paid)[a-z ]{0,20} by (?:a )?(?:bank |certified |cashier'?s |paper )?"
        r"(?:check|cheque)\b",
    ),
    PhraseRule("cheque_or_reimbursement", r"checks? (?:for|of|worth) \$"),
    PhraseRule("cheque_or_reimbursement", r"(?:mobile|check|remote) deposit\b"),
    PhraseRule(
        "cheque_or_reimbursement",
        r"reimburs[a-z]{0,6}\b[^.!?\n]{0,60}\b(?:buy|purchase|equipment|supplies|laptop|gift cards?"
        r"|devices?)\b",
        accepts=lambda text, start, end: (
            _PURCHASE.search(sentence_around(text, start, end, 160)) is not None
        ),
    ),
    PhraseRule(
        "cheque_or_reimbursement",
        r"reimburs[a-z]{0,6}\b",
        leads=(
            Lead("cheque_or_reimbursement", r"\b(?:buy|purchase|order|pay for|get)\b", 130, True),
        ),
    ),
    PhraseRule(
        "cheque_or_reimbursement",
        r"(?:send|refund|return|forward|wire|transfer)(?: back)? (?:the |any )?(?:excess"
        r"|difference|overpayment|extra (?:money|funds|amount)|remaining (?:funds|money))\b",
    ),
    PhraseRule(
        "cheque_or_reimbursement",
        r"leave (?:a |us )?(?:5[- ]star |positive |good )?reviews?\b",
        leads=(Lead("cheque_or_reimbursement", r"\b(?:buy|purchase|order)\b", 80, True),),
    ),
    # pay to apply or to train
    PhraseRule(
        "pay_to_apply",
        r"(?:registration|application|applying|training|onboarding|membership|enrol?ment"
        r"|processing|activation|verification|joining|account setup|background check"
        r"|certification|starter kit|kit) (?:fee|fees|deposit|charge|cost)\b",
        accepts=_not_a_product_feature,
    ),
    PhraseRule(
        "pay_to_apply",
        r"(?:pay|send|deposit|transfer)(?: us| me)? (?:a |an |the )?(?:small |one[- ]time "
        r"|refundable |security |upfront |registration )?(?:fee|deposit)\b",
        accepts=_reader_pays,
    ),
    PhraseRule(
        "pay_to_apply",
        r"(?:purchase|buy|pay for) (?:our |the |a |your )?(?:own )?(?:training|course|starter kit"
        r"|kit|software licen[cs]e|licen[cs]e|membership|program|package|certification)\b",
    ),
    PhraseRule("pay_to_apply", r"refundable (?:deposit|fee)\b"),
    PhraseRule("pay_to_apply", r"pay to (?:apply|work|join|start|get started)\b"),
    # currency and crypto
    PhraseRule(
        "currency_transfer",
        _COINS + r"\b",
        leads=(
            Lead(
                "currency_transfer",
                r"\b(?:buy|purchase|sell|send|transfer|move|exchange|convert|deposit)\b",
                32,
            ),
            Lead("off_platform_payment", _PAYER_LEAD, 64),
        ),
    ),
    PhraseRule(
        "currency_transfer",
        r"(?:(?:into|to) your (?:own )?(?:personal )?(?:bank )?account|on (?:our|my) behalf"
        r"|and (?:forward|send|transfer))\b",
        leads=(
            Lead(
                "currency_transfer",
                r"\b(?:receive|accept|process|collect)\b[^.!?\n]{0,30}\b(?:payments?|funds|money"
                r"|transfers?)\b",
                80,
            ),
        ),
    ),
    PhraseRule(
        "currency_transfer",
        r"(?:payment|financial|money transfer|transfer|funds) (?:processing )?agents?\b",
    ),
    PhraseRule("currency_transfer", r"money (?:mule|transmitter)s?\b"),
    PhraseRule("currency_transfer", r"forward (?:the |our |my )?(?:funds|money|payments?)\b"),
    PhraseRule("currency_transfer", r"(?:bitcoin|crypto|btc) atm\b"),
    # bank, ID, logins, remote access
    PhraseRule(
        "personal_details_request",
        r"(?:" + _ID_AND_BANK + r"|your (?:[a-z]{2,12} )?" + _SECRETS + r")\b",
        accepts=_not_a_product_feature,
        leads=(
            Lead(
                "personal_details_request",
                r"\b(?:send|share|provide|give|submit|upload|need|require|enter|entering|forward"
                r"|email|ask|tell|confirm|include|write|type|say)\b",
                48,
            ),
        ),
    ),
    PhraseRule("personal_details_request", r"verify your (?:identity|bank|account with)\b"),
    PhraseRule(
        "personal_details_request",
        r"(?:install|download|run|use)\b[^.!?\n]{0,30}\b(?:anydesk|teamviewer|ultraviewer|rustdesk"
        r"|remote (?:access|desktop) (?:app|software|tool))\b",
        accepts=lambda text, start, end: (
            _YOUR_MACHINE.search(sentence_around(text, start, end)) is not None
        ),
    ),
    PhraseRule(
        "personal_details_request",
        r"(?:remote )?access to your (?:computer|pc|laptop|machine|device|desktop|screen)\b",
    ),
    PhraseRule(
        "personal_details_request",
        r"download (?:and install )?(?:our|the|this|my) (?:[a-z-]{2,20} )?(?:app|software|program"
        r"|application|tool|extension|file)\b[^.!?\n]{0,20}(?:from (?:our|this|my|the) (?:website"
        r"|site|link|portal)|\.exe|\.apk|\.msi|\.dmg)",
    ),
    # free work
    PhraseRule(
        "free_sample_work",
        r"(?:unpaid|free|non[- ]paid|no[- ]pay) (?:test|tests|trial task|test task|test project"
        r"|sample|samples|sample article|sample work|assignment|task|article|design|logo|work"
        r"|mockup|translation|draft)\b",
    ),
    PhraseRule(
        "free_sample_work",
        r"(?:test|sample|trial task|assignment|draft)(?: (?:article|task|project|piece|design"
        r"|translation|video|work|job))?s? (?:is|are|will be|would be) (?:unpaid|not paid|free"
        r"|without pay|at your own expense)\b",
    ),
    PhraseRule(
        "free_sample_work",
        r"(?:sample|test|draft|part|piece|portion) of (?:the |our |your )?(?:final|actual|real)"
        r" (?:deliverable|project|work|product|design|logo)\b",
    ),
    PhraseRule(
        "free_sample_work",
        r"as part of (?:your|the) (?:proposal|application|bid)[^.!?\n]{0,15}\b(?:design|write"
        r"|create|translate|build|record|edit|draw|complete|make|do|code|produce|develop)\b",
    ),
    PhraseRule(
        "free_sample_work",
        r"only (?:the )?(?:winners?|winning|best|chosen|selected)(?: [a-z]{2,12})? (?:is |are "
        r"|will be |gets? |get )?paid\b",
    ),
    PhraseRule("free_sample_work", r"winner takes all\b"),
    PhraseRule(
        "free_sample_work",
        r"(?:only|just) pay (?:the |for the )?(?:one|winner|winning|freelancer|designer"
        r"|illustrator|writer|artist|developer|entry|design|person)\b[a-z ]{0,20}\b(?:we|i)"
        r" (?:select|choose|pick|like)\b",
    ),
    PhraseRule(
        "free_sample_work",
        r"pay (?:only )?(?:if|once|after) (?:we|i) (?:like|approve|choose|select|pick) (?:the |your )?"
        r"(?:sample|test|draft|work|design)\b",
    ),
    # pay to work, in any wording: fees, deposits, kits, credits, "security", paid equipment
    PhraseRule(
        "pay_to_apply",
        # "each" is part of the rule: the paid-task rule would otherwise take "each task".
        r"(?:each |every )?(?:task|tasks|level|step|job|position|withdrawal|order"
        r"|mission)s?(?: [a-z]{2,10})?"
        r" (?:requires?|needs?"
        r"|requiring) (?:a |an |your )?(?:payment|deposit|fee|top[- ]up|recharge)\b",
    ),
    PhraseRule(
        "pay_to_apply",
        r"(?:registration|application|applying|training|onboarding|membership|enrol?ment"
        r"|activation|verification|joining|account setup|background check|certification|starter kit"
        r"|kit|recruiting|recruitment|placement|security|release|withdrawal|unlock(?:ing)?|upgrade"
        r"|clearance|processing|admin(?:istrative)?) (?:fee|fees|deposit|charge|charges|amount"
        r"|money|payment|insurance)\b",
        accepts=_not_a_product_feature,
    ),
    PhraseRule(
        "pay_to_apply",
        r"(?:you|u) (?:will |would |'ll )?(?:first |also )?(?:need to |must |have to |are required to "
        r"|should |just |only )?(?:first )?(?:pay|send|deposit|transfer|top[ -]?up|invest|recharge)"
        r"\b[^.!?\n]{0,50}(?:\bfees?\b|\bdeposit\b|\$ ?\d|₹ ?\d|\brs\.? ?\d|\busdt\b|\bcrypto|\bbtc\b"
        r"|\bsecurity\b|\bupfront\b|\bcredits?\b|\bamount\b)",
        accepts=_not_a_product_feature,
    ),
    PhraseRule(
        "pay_to_apply",
        r"(?:send|transfer|pay|deposit|make) (?:us |me )?(?:a |an |the )?(?:first |small |initial "
        r"|one[- ]time )?(?:security|upfront|up-front|advance|refundable|good[- ]faith) (?:deposit"
        r"|fee|amount|payment|money)\b",
    ),
    PhraseRule(
        "pay_to_apply", r"as (?:a )?(?:security|guarantee|good[- ]faith) (?:deposit|amount)\b"
    ),
    PhraseRule(
        "pay_to_apply",
        r"pay(?:ing)? (?:rs\.? ?|₹ ?|\$ ?|usd ?)?\d[\d,.]{0,8} (?:rs |usd |dollars )?(?:to|for|and)"
        r" (?:get|unlock|receive|start|access|join|activate|begin|earn)\b",
    ),
    PhraseRule(
        "pay_to_apply",
        r"(?:top up|top-up|recharge|fund|load|deposit (?:money |funds )?(?:in|into|to)) (?:your |the )"
        r"(?:account|wallet|balance|task account)\b",
    ),
    PhraseRule(
        "pay_to_apply",
        r"(?:buy|purchase) (?:rs\.? ?|₹ ?|\$ ?)?\d[\d,]{0,8} (?:of |worth of |in )?(?:credits?|usdt"
        r"|crypto|coins|points)\b",
    ),
    PhraseRule(
        "pay_to_apply",
        r"(?:buy|purchase|pay for|order) (?:your |their |his |her )own (?:[a-z-]{2,12} )?(?:equipment"
        r"|laptop|computer|software|training|course|materials|supplies|starter kit|kit|license"
        r"|licence|tools?)\b",
    ),
    PhraseRule(
        "cheque_or_reimbursement",
        r"(?:with|using|from) (?:your|their) own (?:money|funds|card|credit card|account)\b",
        accepts=_about_money,
    ),
    PhraseRule(
        "pay_to_apply",
        r"(?:fee|fees|payment|deposit|insurance|tax|charge) (?:to|for|before you can|so (?:we|i) can)"
        r" (?:release|withdraw|unlock|receive|process|transfer|activate)\b[^.!?\n]{0,20}"
        r"\b(?:payment|payments|earnings|funds|salary|money|commission|balance|account)\b",
    ),
    PhraseRule(
        "pay_to_apply",
        r"(?:refund(?:ed)?|returned|paid back) (?:to you )?(?:with|in|from|on|after) "
        r"(?:your |the )?(?:first|final) (?:payment|paycheck|salary|pay|invoice)\b",
    ),
    # cheques, money orders and the "keep your pay, send the rest" of overpayment scams
    PhraseRule(
        "cheque_or_reimbursement",
        r"(?:money orders?|bank drafts?|certified (?:bank )?(?:checks?|drafts?)|paper checks?"
        r"|(?:payable|paid|pay you|payment) by check)\b",
    ),
    PhraseRule(
        "cheque_or_reimbursement",
        r"(?:deposit|cash) (?:it|them|the check|the checks|this check|the money order|the funds)\b",
        accepts=_passed_on,
    ),
    PhraseRule(
        "cheque_or_reimbursement",
        r"(?:send|wire|transfer|forward|return|pay|mail) (?:back )?(?:the |any |all )?(?:rest|remainder"
        r"|balance|remaining (?:amount|balance|funds|money)|larger (?:part|portion|remaining balance)"
        r"|majority|difference|excess|extra|most of (?:the|it|this)|part of (?:the|it|this)"
        r"|(?:a |the )?bulk)\b(?! of the (?:files|work|tasks|pages|project))",
        accepts=_about_money,
    ),
    PhraseRule("cheque_or_reimbursement", r"(?:work out|settle|sort out) the difference\b"),
    PhraseRule(
        "cheque_or_reimbursement",
        r"(?:approved|recommended|designated|certified|preferred) (?:vendor|supplier|provider|seller"
        r"|installer|store)\b",
        accepts=_about_money,
    ),
    PhraseRule(
        "cheque_or_reimbursement",
        r"(?:vendor|supplier|seller|installer|specialist|recipient|person|individual|charity)s?"
        r" (?:named|listed|given|shown)"
        r" (?:below|above|in)\b",
    ),
    PhraseRule(
        "cheque_or_reimbursement",
        r"(?:send|mail|give) you (?:the )?(?:funds|money|a payment|payment) (?:to|so you can|for)"
        r" (?:buy|purchase|set up|cover|get)\b",
    ),
    PhraseRule(
        "cheque_or_reimbursement",
        r"(?:buy|purchase|pick up|get) (?:some |a few |\d{1,3} )?(?:[a-z$0-9]{1,12} )?(?:gift ?cards?"
        r"|itunes cards?|steam cards?|google play cards?)\b",
        accepts=_not_a_product_feature,
    ),
    PhraseRule(
        "cheque_or_reimbursement",
        r"(?:scratch (?:off )?(?:the )?(?:backs?|cards?|pins?)|(?:photos?|pictures?|numbers?|codes?"
        r"|pins?) (?:of|from|on) the (?:backs? of the )?cards?)\b",
    ),
    # moving money for someone: mules, "payment processing", paying the team from your account
    PhraseRule(
        "currency_transfer",
        r"(?:payment|payments) (?:processing|processor) (?:agent|assistant|clerk|specialist"
        r"|coordinator|representative|job|position|role)\b",
        accepts=_from_home,
    ),
    PhraseRule(
        "currency_transfer",
        r"open (?:a |an |new )?(?:new )?(?:bank )?accounts? in your (?:own )?name\b",
    ),
    PhraseRule(
        "currency_transfer",
        r"keep(?:ing)? (?:a |your )?(?:\d{1,2} ?%|percentage|portion|commission|cut|share) (?:of|from)"
        r" (?:each|every|the) (?:transfer|payment|amount|transaction|deposit)\b",
    ),
    PhraseRule(
        "currency_transfer",
        r"(?:pay|settle|reimburse)[a-z ]{0,30} from your (?:own )?(?:account|money|funds|pocket)\b",
    ),
    PhraseRule(
        "currency_transfer",
        r"(?:receive|accept|collect) (?:client |customer |company )?(?:payments?|funds|money"
        r"|transfers?) (?:into|to|in|on|through) your (?:own |personal )?(?:bank )?account\b",
    ),
    # parcels received at home and sent on
    PhraseRule(
        "reshipping",
        r"(?:receive|accept|get|collect) (?:and (?:inspect|check) )?(?:the |our |some )?"
        r"(?:[a-z-]{2,12} )?(?:packages?|parcels?|shipments?|deliveries|items|goods|merchandise)"
        r" (?:at|to|in) your (?:home|house"
        r"|address|place|residence)\b",
    ),
    PhraseRule(
        "reshipping",
        r"(?:re-?ship|reship|re-?pack(?:age)?|repack(?:age)?|re-?label|relabel)(?:ing|ed|s)?"
        r" (?:the |our |these |them|items|packages?|parcels?)\b",
    ),
    PhraseRule(
        "reshipping",
        r"(?:packages?|parcels?|items|shipments?) (?:will be )?(?:delivered|sent|shipped) to your"
        r" (?:home|house|address)\b",
    ),
    PhraseRule(
        "reshipping",
        r"(?:attach|print|use) (?:the )?(?:new |prepaid )(?:shipping )?labels?\b",
    ),
    # someone else's freelance account
    PhraseRule(
        "account_rental",
        r"(?:use|rent|lease|borrow|buy|purchase|share|lend|access|work through|work from|operate)"
        r" (?:your|ur) (?:upwork|fiverr|freelancer|guru|toptal|peopleperhour|freelance|developer"
        r"|seller|verified)? ?(?:account|profile|accounts|profiles)\b",
    ),
    PhraseRule(
        "account_rental",
        r"(?:rent|lease|lend|buy|sell) (?:me )?(?:an? |the |your )?(?:upwork|fiverr|freelancer)"
        r" (?:account|profile)\b",
    ),
    PhraseRule(
        "account_rental",
        r"(?:my|our) (?:own )?(?:upwork |fiverr |freelancer )?accounts? (?:was|were|got|has been"
        r"|have been) (?:permanently )?(?:closed|blocked|banned|suspended|disabled|terminated)\b",
    ),
    PhraseRule(
        "account_rental",
        r"(?:split|share) (?:the )?(?:earnings|income|profits?|payments?|money)\b",
        leads=(Lead("account_rental", r"\baccount\b", 120, True),),
    ),
    PhraseRule("account_rental", r"(?:us|usa)[- ]only jobs\b"),
    # paid likes, clicks, ratings and bookings: the task scam
    PhraseRule(
        "paid_tasks",
        r"(?:like|liking|likes|subscribe|subscribing|subscriptions?|rate|rating|ratings|boost"
        r"|boosting|click|clicking|watch|watching|grab|grabbing|optimi[sz]e|optimi[sz]ing"
        r"|optimi[sz]ation)\b[^.!?\n]{0,30}\b(?:videos?|products?|hotels?|posts?|orders?|apps?"
        r"|channels?|ads?|links?|reviews?)\b",
        accepts=_for_pay,
    ),
    PhraseRule(
        "paid_tasks",
        r"(?:per|for each|for every|on every|on each|after every|each|every|a) (?:like|video like"
        r"|subscription|click|rating|booking|task|tasks)\b",
        accepts=_for_pay,
    ),
    PhraseRule(
        "paid_tasks",
        r"(?:prepaid|merged|combo|vip|premium|paid|next|bigger|higher[- ]paying) (?:set of )?tasks?"
        r" (?:group|level|block|set)?\b",
        accepts=_for_pay,
    ),
    PhraseRule("paid_tasks", r"unlock (?:the )?(?:next |more |new )?(?:set of )?tasks\b"),
    PhraseRule(
        "paid_tasks",
        r"(?:writ\w{0,4}|post\w{0,3}|leav\w{0,4}) (?:fake |positive |5[- ]star )?reviews for"
        r" (?:[a-z-]{2,12} )?(?:hotels?|products?|shops?|stores?|apps?|restaurants?|businesses"
        r"|hotel chains)\b",
        accepts=_for_pay,
    ),
    PhraseRule(
        "paid_tasks",
        r"book(?:ing)? hotels? (?:on|through|with|using)\b",
        accepts=_for_pay,
    ),
    # run our code, install our app, sign in through our link
    PhraseRule(
        "run_their_code",
        r"(?:clone|download|install|run|execute|open)\b[^.!?\n]{0,40}\b(?:repo|repository|npm"
        r" packages?|packages|dependencies|the project|our project|the code|our code|our app|the app"
        r"|application|\.exe|\.zip|\.apk|\.dmg|crm|extension|client)\b",
        accepts=_in_hiring,
    ),
    PhraseRule(
        "run_their_code",
        r"(?:sign|log) ?(?:in|on|into)? (?:with|using) your (?:upwork|fiverr|gmail|google|hotmail"
        r"|yahoo|outlook|microsoft|apple|facebook|linkedin) (?:login|account|credentials|password"
        r"|email)\b",
    ),
    PhraseRule(
        "run_their_code",
        r"(?:opens?|open it|unlock it) with your (?:gmail|google|hotmail|yahoo|outlook|microsoft"
        r"|email) (?:login|account|password)\b",
    ),
    # the job offered or guaranteed before any hiring
    PhraseRule(
        "unsolicited_offer",
        r"(?:you(?:'ve| have)? been|you are|you're|you got) (?:officially |now )?(?:hired|selected"
        r"|shortlisted|chosen|approved|accepted)\b",
    ),
    PhraseRule(
        "unsolicited_offer",
        r"(?:we|i) (?:saw|found|came across|got|received|reviewed|went through|have reviewed)"
        r" your (?:resume|résumé|cv|application|profile on linkedin)\b",
    ),
    PhraseRule(
        "unsolicited_offer",
        r"(?:hired?|hiring|job offers?|offers?) (?:made )?(?:on the spot|the same day|immediately"
        r" without|without (?:an |any )?interview)\b",
    ),
    PhraseRule("unsolicited_offer", r"no interview (?:needed|required|necessary)\b"),
    PhraseRule(
        "unsolicited_offer",
        r"guaranteed (?:job|jobs|position|employment|placement|income|earnings|pay|salary)\b",
    ),
    PhraseRule("unsolicited_offer", r"you got the job\b"),
    PhraseRule(
        "unsolicited_offer",
        r"congratulations[^.!?\n]{0,40}\b(?:hired|position|job|selected|assignment|offer)\b",
    ),
    # a company that writes from a free mail address
    PhraseRule(
        "free_mail_company",
        r"(?:at|to|via) (?:a |our )?(?:gmail|yahoo|hotmail|outlook) (?:address|account|email)\b",
        accepts=lambda text, start, end: COMPANY_VOICE.search(text) is not None,
    ),
    # paid off the contract: bonuses instead of the contract, direct deals
    PhraseRule(
        "off_platform_payment",
        r"(?:pay|send|paid|payment)[a-z ]{0,24} (?:as|via|through|by) (?:a )?bonus(?:es)?\b",
    ),
    PhraseRule(
        "off_platform_payment",
        r"(?:contract|payment|pay|deal)s? (?:directly )?between us\b",
    ),
    PhraseRule(
        "off_platform_payment",
        r"(?:no need for|without|skip(?: the)?) milestones?\b",
        negatable=False,
    ),
    PhraseRule(
        "cheque_or_reimbursement",
        r"(?:send|sent|wire|wired|transfer|transferred|return|returned|pay|paid|refund|refunded|mail"
        r"|mailed) (?:it |them |us |me )?(?:\$ ?[\d,.]{1,10} |the money |part of it |some of it "
        r"|the rest )?back\b",
        accepts=_about_money,
    ),
    PhraseRule(
        "off_platform_contact",
        r"(?:on|via|through|over|using|to|in) (?:another|a different|an external|external|other"
        r"|some other"
        r"|a third[- ]party|third[- ]party|a separate) (?:app|apps|platform|messenger|messaging app"
        r"|chat app|application)\b",
    ),
    PhraseRule(
        "account_rental",
        r"(?:access|login|log-?in|credentials|password|passwords) (?:to|for|of|into) your"
        r" (?:upwork|fiverr|freelancer|guru|toptal|peopleperhour|freelance|seller|developer)"
        r" (?:account|profile)s?\b",
    ),
    PhraseRule(
        "run_their_code",
        r"(?:run|complete|open|execute|install|test|do)\b[^.!?\n]{0,40}\b(?:on|in) your (?:own )?"
        r"(?:local )?(?:machine|computer|pc|laptop|device|system|environment)\b",
        accepts=_in_hiring,
    ),
    # free work: tests that are the job, previews before the order, "for free"
    PhraseRule(
        "free_sample_work",
        r"(?:do|write|complete|make|send|draw|create|design|translate|edit|proofread|record|film"
        r"|shoot|code|build|prepare|submit) (?:us |me )?(?:a |an |the |one |two |three |\d{1,2} )?"
        r"(?:small |short |quick |free |little |first )?(?:test|trial|sample|preview|demo|mock-?up)"
        r" ?(?:articles?|sketch(?:es)?|designs?|logos?|translations?|tasks?|pieces?|videos?|texts?"
        r"|pages?|projects?|posts?|drawings?|edits?|chapters?|episodes?|versions?)?\b",
        accepts=_unpaid,
    ),
    PhraseRule(
        "free_sample_work",
        r"(?:as|for) a (?:small |quick |short |free |little |first )?(?:test|trial|sample)\b",
        accepts=lambda text, start, end: _unpaid(text, start, end) and _produces(text, start, end),
    ),
    PhraseRule(
        "free_sample_work",
        r"(?:write|design|proofread|edit|translate|draw|create|do|make|complete|test|build|record"
        r"|review)\b[^.!?\n]{0,60}\bfor free\b",
    ),
    PhraseRule(
        "free_sample_work",
        r"(?:pay|paid|payment)[^.!?\n]{0,30}\bif (?:you|it|the work|your work) (?:pass|passes"
        r"|meets|is accepted|is approved|wins)\b",
    ),
    PhraseRule(
        "free_sample_work",
        r"(?:we|i) (?:will|'ll) (?:decide|choose|let you know|make (?:our|my|a) (?:choice|decision))"
        r" (?:after|once|when) (?:reading|seeing|reviewing|checking|we see|we read|i see|i read"
        r"|we've|we have|i've|i have)\b",
    ),
    PhraseRule(
        "free_sample_work",
        r"(?:if|once) (?:everything|all|it|the work|the result|that|this) (?:goes|is|looks|turns out)"
        r" (?:well|good|fine|ok|okay)\b[^.!?\n]{0,20}\b(?:we|i)(?: will|'ll)? (?:move forward|proceed"
        r"|place|hire|create|send|make|award|pay|order|continue)\b",
    ),
    PhraseRule(
        "free_sample_work",
        r"before (?:i|we) (?:place|make|create|send|fund|start) (?:the |an |my |our )?(?:order|offer"
        r"|contract|milestone)\b",
        leads=(
            Lead(
                "free_sample_work",
                r"\b(?:preview|sample|test|draft|mock-?up|demo)\b",
                80,
                True,
            ),
        ),
    ),
    # more ways of paying to work
    PhraseRule(
        "pay_to_apply",
        r"(?:upfront|up-front|one[- ]time|initial|small|nominal|refundable|registration|entry) (?:fee"
        r"|deposit|investment)\b",
        accepts=lambda text, start, end: (
            _reader_pays(text, start, end) and _not_a_product_feature(text, start, end)
        ),
    ),
    PhraseRule(
        "pay_to_apply",
        r"(?:make|place|send) (?:a |an |your )?(?:initial |first |small |minimum )?deposit\b",
        accepts=_not_a_product_feature,
    ),
    PhraseRule(
        "pay_to_apply",
        r"(?:transfer|withdrawal|release|unlock) (?:insurance|tax|taxes)\b",
    ),
    PhraseRule(
        "pay_to_apply",
        r"(?:order|buy|purchase|get) (?:your |the |our |a )?(?:starter kit|registration kit"
        r"|welcome kit|training kit)\b",
    ),
    PhraseRule(
        "paid_tasks",
        r"(?:block|set|batch|round|group) of \d{1,3} (?:bookings|tasks|orders|reviews|ratings|products"
        r"|videos|likes)\b",
        accepts=_for_pay,
    ),
    # parcels, in a few more words
    PhraseRule(
        "reshipping",
        r"(?:labels?|postage) (?:that |which )?(?:we|i) (?:will )?(?:send|email|e-mail|text|provide"
        r"|give)\b",
        accepts=lambda text, start, end: (
            _PARCELS.search(sentence_around(text, start, end, 160)) is not None
        ),
    ),
    PhraseRule(
        "reshipping",
        r"receiv\w{0,3} (?:and (?:inspect|check)\w{0,3} )?(?:the |our |some )?(?:packages|parcels"
        r"|shipments|deliveries)\b",
        accepts=lambda text, start, end: (
            _FORWARDING.search(sentence_around(text, start, end, 160)) is not None
        ),
    ),
    # the lure of a recruiting scam: easy money, no experience, start now
    PhraseRule(
        "recruiting_lure",
        r"(?:urgently|immediately|now) hiring\b|hiring (?:immediately|urgently|now|today)\b"
        r"|(?:immediate|instant) (?:start|hire|hiring|employment)\b"
        r"|start earning\b",
    ),
    PhraseRule(
        "recruiting_lure",
        r"no (?:prior |previous )?(?:experience|skills?|qualifications?) (?:needed|required"
        r"|necessary)\b",
    ),
    PhraseRule(
        "recruiting_lure",
        r"(?:earn|make)(?: some| good| big| easy| extra| quick| fast)? (?:extra )?(?:money|income|cash"
        r"|profit)\b|(?:easy|quick|fast|extra|passive) (?:money|income|cash)\b|be your own boss\b"
        r"|(?:work|working|earn) from (?:home|your phone|anywhere)\b",
    ),
    PhraseRule(
        "recruiting_lure",
        r"(?:limited|few) (?:slots|positions|spots|vacancies|openings) (?:left|available|remaining)\b"
        r"|(?:paid|pay|payment) (?:daily|every day)\b|daily (?:pay|payouts?)\b",
    ),
    PhraseRule(
        "free_sample_work",
        r"(?:one|two|three|four|five|a|an|\d{1,2}) (?:free |unpaid |short |quick |small )?(?:test|trial"
        # Deliverables, not "a test task", which may well be paid and only needs asking about.
        r"|sample) (?:articles?|designs?|logos?|translations?|videos?|sketch(?:es)?|drawings?"
        r"|chapters?|posts?)\b",
        accepts=_unpaid,
    ),
    PhraseRule(
        "pay_to_apply",
        r"(?:put in|invest|deposit|pay|send|top up) (?:rs\.? ?|₹ ?|\$ ?|usd ?|usdt ?)?\d[\d,.]{0,9}"
        r"\b[^.!?\n]{0,40}\b(?:get|earn|receive|take home|make|withdraw)\b[^.!?\n]{0,24}"
        r"(?:rs\.? ?|₹ ?|\$ ?)?\d",
    ),
)


# Rules whose anchor is a bare word waiting for a lead ("wire", "bitcoin", "passport") go last: at
# a word where a fuller rule matches too, the fuller one is tried first, since the scan keeps one
# match per word and a lead that is not there would otherwise waste the word.
SCAM_RULES: tuple[PhraseRule, ...] = tuple(sorted(_RULES, key=lambda rule: bool(rule.leads)))
