"""Code that must not type-check: each line names the error mypy has to report.

`python3 dev.py check` runs mypy over this package with unused ignores reported, so a misuse that
stops being a type error (an API widened by mistake) fails the check. Nothing here is run.
"""
