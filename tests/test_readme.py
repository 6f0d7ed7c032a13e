"""The README's example exchange is what Gigwise really answers."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GIGWISE = str(Path(sys.executable).parent / "gigwise")


def _examples() -> list[tuple[str, list[str]]]:
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"```\n(gigwise> .*?)```", readme, re.S)
    assert block is not None
    examples = []
    for chunk in block[1].split("gigwise> ")[1:]:
        line, *answer = chunk.strip().splitlines()
        examples.append((line, answer))
    return examples


def test_the_readme_shows_a_few_examples() -> None:
    assert [line for line, _ in _examples()] == [
        "/fee 15000",
        "/fee 15000 platform:upwork-tiered",
        "/compare 30x500 1x15000 upwork-tiered",
    ]


def test_each_readme_example_is_the_real_answer(tmp_path: Path) -> None:
    for line, answer in _examples():
        result = subprocess.run(
            [GIGWISE, "ask", line],
            capture_output=True,
            text=True,
            env={"PATH": "/usr/bin:/bin", "GIGWISE_DATA_DIR": str(tmp_path), "HOME": str(tmp_path)},
            check=True,
            timeout=60,
        )
        shown = result.stdout.splitlines()
        assert shown[: len(answer)] == answer
