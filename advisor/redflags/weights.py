"""The fitted weights of the scam score: data written by `python -m bench.fit_screening`.

Do not edit by hand: change the priors or the data and fit again. Each weight is the log-odds
that one flag adds to the scam score; the thresholds are on the 0-100 scale of
`scoring.scam_score`.
"""

INTERCEPT = -2.0

SCAM_WEIGHTS: dict[str, float] = {
    "pay_to_apply": 3.0,
    "cheque_or_reimbursement": 3.0,
    "currency_transfer": 3.0,
    "reshipping": 3.0,
    "account_rental": 3.0,
    "paid_tasks": 3.0,
    "personal_details_request": 2.5,
    "off_platform_payment": 2.5,
    "off_platform_contact": 2.0,
    "run_their_code": 2.0,
    "free_sample_work": 1.5,
    "too_good_to_be_true": 1.5,
    "unsolicited_offer": 1.5,
    "free_mail_company": 1.0,
    "contact_details": 1.0,
    "payment_unverified": 0.3,
    "zero_spend": 0.2,
    "new_account": 0.3,
}

RED_SCORE = 60
AMBER_SCORE = 25
