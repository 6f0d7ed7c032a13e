"""Start-up stays light: the heavy modules load when first used, not when the features load."""

import subprocess
import sys

HEAVY = ("matplotlib", "advisor.upwork_csv", "alembic")


def test_loading_every_feature_imports_no_heavy_module() -> None:
    script = (
        "import importlib, sys\n"
        "from bot.client import FEATURES\n"
        "for feature in FEATURES:\n"
        "    importlib.import_module(feature)\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    ).stdout.strip()
    assert loaded == ""


def test_running_the_bot_does_not_load_the_sandbox_discord() -> None:
    # The sandbox is a web server (aiohttp.web) for the console, tests and benchmarks only.
    script = (
        "import sys\n"
        "import bot.runner\n"
        "print(','.join(m for m in ('bot.sandbox', 'aiohttp.web') if m in sys.modules))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    ).stdout.strip()
    assert loaded == ""
