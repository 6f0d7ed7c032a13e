"""The pure core of Gigwise: money, platform fees, momentum and red flags.

Nothing here talks to Discord, a database, the network or the clock; callers pass in everything,
including `today`, so every function is a plain, testable computation.
"""
