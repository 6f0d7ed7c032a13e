"""Start-up stays light: the heavy modules load when first used, not when the features load."""

from tests.loaded_modules import loaded_after

HEAVY = ("matplotlib", "advisor.upwork_csv", "alembic")


def test_loading_every_feature_imports_no_heavy_module() -> None:
    imports = (
        "import importlib\n"
        "from bot.client import FEATURES\n"
        "for feature in FEATURES:\n"
        "    importlib.import_module(feature)"
    )
    assert loaded_after(imports, HEAVY) == ""


def test_running_the_bot_does_not_load_the_sandbox_discord() -> None:
    # The sandbox is a web server (aiohttp.web) for the console, tests and benchmarks only.
    assert loaded_after("import bot.runner", ("bot.sandbox", "aiohttp.web")) == ""
