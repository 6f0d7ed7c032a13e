"""The Dockerfile matches the project: no Docker engine runs here, so its text is checked instead."""

import json
import re
import tomllib
from pathlib import Path

import pytest
from dockerfile_parse import DockerfileParser

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dockerfile() -> DockerfileParser:
    return DockerfileParser(path=str(ROOT / "Dockerfile"))


@pytest.fixture(scope="module")
def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _instructions(dockerfile: DockerfileParser, name: str) -> list[str]:
    return [i["value"] for i in dockerfile.structure if i["instruction"] == name]


def _final_stage(dockerfile: DockerfileParser) -> list[dict]:
    starts = [n for n, i in enumerate(dockerfile.structure) if i["instruction"] == "FROM"]
    return dockerfile.structure[starts[-1] :]


def test_build_is_multi_stage_on_a_slim_python(dockerfile: DockerfileParser) -> None:
    bases = _instructions(dockerfile, "FROM")
    assert len(bases) >= 2
    assert all(re.match(r"python:3\.\d+-slim", base) for base in bases)


def test_python_version_satisfies_requires_python(
    dockerfile: DockerfileParser, pyproject: dict
) -> None:
    minimum = re.search(r">=\s*3\.(\d+)", pyproject["project"]["requires-python"])
    assert minimum is not None
    for base in _instructions(dockerfile, "FROM"):
        minor = re.match(r"python:3\.(\d+)", base)
        assert minor is not None
        assert int(minor[1]) >= int(minimum[1])


def test_every_package_is_copied_into_the_build(
    dockerfile: DockerfileParser, pyproject: dict
) -> None:
    copied = " ".join(_instructions(dockerfile, "COPY"))
    for pattern in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]:
        package = pattern.rstrip("*")
        assert re.search(rf"\b{package}\b", copied), f"{package}/ is not copied"
    assert "pyproject.toml" in copied


def test_installs_the_project_with_an_extra_it_defines(
    dockerfile: DockerfileParser, pyproject: dict
) -> None:
    installs = [run for run in _instructions(dockerfile, "RUN") if "pip install" in run]
    assert installs
    extras = re.findall(r"\.\[([\w,-]+)\]", " ".join(installs))
    assert extras
    for extra in ",".join(extras).split(","):
        assert extra in pyproject["project"]["optional-dependencies"]


def test_runs_as_a_non_root_user(dockerfile: DockerfileParser) -> None:
    users = [i["value"] for i in _final_stage(dockerfile) if i["instruction"] == "USER"]
    assert users
    assert users[-1] not in {"root", "0"}


def test_database_lives_on_the_data_volume(dockerfile: DockerfileParser) -> None:
    volumes = [
        json.loads(i["value"]) for i in _final_stage(dockerfile) if i["instruction"] == "VOLUME"
    ]
    assert ["/data"] in volumes
    assert dockerfile.envs.get("GIGWISE_DATA_DIR") == "/data"
    assert "GIGWISE_DATA_DIR" in (ROOT / "bot" / "settings.py").read_text()


def test_command_is_the_console_script_run(dockerfile: DockerfileParser, pyproject: dict) -> None:
    assert json.loads(_instructions(dockerfile, "CMD")[-1]) == ["gigwise", "run"]
    assert "gigwise" in pyproject["project"]["scripts"]


def test_readme_shows_the_same_image_use(dockerfile: DockerfileParser) -> None:
    readme = (ROOT / "README.md").read_text()
    assert "docker build -t gigwise ." in readme
    assert re.search(r"docker run [^\n]*-v [\w./-]+:/data[^\n]* gigwise", readme)
    assert "DISCORD_TOKEN" in readme
