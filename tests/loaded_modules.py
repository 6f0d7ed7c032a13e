"""What a fresh interpreter holds after some imports: for tests that keep start-up light."""

import subprocess
import sys


def loaded_after(imports: str, modules: tuple[str, ...]) -> str:
    """Which of `modules` a fresh interpreter holds after running `imports`, comma-separated."""
    script = f"import sys\n{imports}\nprint(','.join(m for m in {modules!r} if m in sys.modules))\n"
    return subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    ).stdout.strip()
