"""Start-up stays light: the heavy modules load when first used, not when the features load."""

import subprocess
import sys

HEAVY = ("matplotlib", "advisor.upwork_csv", "alembic")


def _loaded_after(imports: str, modules: tuple[str, ...]) -> str:
    """Which of `modules` a fresh interpreter holds after running `imports`, comma-separated."""
    script = f"import sys\n{imports}\nprint(','.join(m for m in {modules!r} if m in sys.modules))\n"
    return subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    ).stdout.strip()


def test_loading_every_feature_imports_no_heavy_module() -> None:
    imports = (
        "import importlib\n"
        "from bot.client import FEATURES\n"
        "for feature in FEATURES:\n"
        "    importlib.import_module(feature)"
    )
    assert _loaded_after(imports, HEAVY) == ""


def test_running_the_bot_does_not_load_the_sandbox_discord() -> None:
    # The sandbox is a web server (aiohttp.web) for the console, tests and benchmarks only.
    assert _loaded_after("import bot.runner", ("bot.sandbox", "aiohttp.web")) == ""
