"""The fitted weights of the scam score: data written by `python -m bench.fit_screening`.

Do not edit by hand: change the priors or the data and fit again. Each weight is the log-odds
that one flag adds to the scam score; the thresholds are on the 0-100 scale of
`scoring.scam_score`. Fitted on the catalogue's development split and half of the shared
legitimate posts; the held-out split was not used.
"""

INTERCEPT = -1.93

SCAM_WEIGHTS: dict[str, float] = {
    "cheque_or_reimbursement": 4.42,
    "paid_tasks": 3.96,
    "account_rental": 3.76,
    "pay_to_apply": 3.7,
    "currency_transfer": 3.69,
    "reshipping": 3.66,
    "off_platform_contact": 3.05,
    "off_platform_payment": 2.79,
    "personal_details_request": 2.54,
    "free_sample_work": 2.42,
    "run_their_code": 2.4,
    "too_good_to_be_true": 2.06,
    "unsolicited_offer": 1.73,
    "free_mail_company": 1.05,
    "contact_details": 0.83,
    "new_account": 0.4,
    "payment_unverified": 0.19,
    "zero_spend": 0.1,
}

RED_SCORE = 60
AMBER_SCORE = 20
